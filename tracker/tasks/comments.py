"""Comments on a task, with @mentions of the people who can see it.

``@`` followed by the local part of a user's e-mail (``@hoang.anh``) or a quoted name
(``@"Hoàng Văn Anh"``) mentions that user, if they can see the task: they are
notified. Anyone else is ignored, so a mention never reveals a task to an outsider.
"""

from __future__ import annotations

import re

from sqlalchemy import or_, select

from tracker import rules
from tracker.auth.models import User
from tracker.clock import utcnow
from tracker.committees.models import CommitteeRole
from tracker.domain import DomainError
from tracker.extensions import db
from tracker.history.services import record
from tracker.notifications.models import NotificationKind
from tracker.notifications.services import notify_all
from tracker.rights import may_see
from tracker.tasks import workflow
from tracker.tasks.models import Task, TaskComment

# @"A quoted name" or @local.part (letters, digits and . _ % + -; a trailing dot is prose),
# not inside an e-mail address (a@b.vn mentions nobody).
_MENTION = re.compile(r'(?<![\w.+-])@(?:"([^"\n]{1,200})"|([A-Za-z0-9._%+-]{1,64}))')


class CommentError(DomainError):
    pass


def mention_tokens(body: str) -> tuple[set[str], set[str]]:
    """(e-mail local parts, names) written after ``@``, case-folded."""
    locals_, names = set(), set()
    for match in _MENTION.finditer(body):
        if match.group(1):
            names.add(" ".join(match.group(1).split()).casefold())
        else:
            local = match.group(2).rstrip(".")
            if local:
                locals_.add(local.casefold())
    return locals_, names


def mentioned_users(task: Task, body: str) -> list[User]:
    """The users a comment mentions who can see the task (active accounts only)."""
    locals_, names = mention_tokens(body)
    if not locals_ and not names:
        return []
    # Who could be mentioned: the committee's people and the administrators.
    candidates = db.session.scalars(
        select(User)
        .outerjoin(CommitteeRole, (CommitteeRole.user_id == User.id)
                   & (CommitteeRole.committee_id == task.committee_id))
        .where(User.is_active_account.is_(True),
               or_(CommitteeRole.id.is_not(None), User.is_admin.is_(True)))
        .distinct().order_by(User.id))
    found = []
    for user in candidates:
        local = user.email.split("@", 1)[0].casefold()
        name = " ".join(user.name.split()).casefold()
        if (local in locals_ or name in names) and may_see(user, task):
            found.append(user)
    return found


def add_comment(task: Task, body: str, *, actor) -> TaskComment:
    """Post a comment; the users it mentions who can see the task are notified."""
    workflow.ensure_state(workflow.COMMENT, task)
    body = rules.TASK_COMMENT.check("body", body, error=CommentError)
    comment = TaskComment(task_id=task.id, author_id=actor.id, body=body, created_at=utcnow())
    db.session.add(comment)
    db.session.flush()
    record("task", task.id, "commented", actor=actor, comment=body)
    mentioned = mentioned_users(task, body)
    notify_all(mentioned, NotificationKind.MENTIONED, task=task, actor=actor,
               payload={"comment_id": comment.id, "excerpt": body[:300]})
    return comment


def comments_of(task: Task) -> list[TaskComment]:
    """The task's comments, oldest first (a conversation reads downwards)."""
    return list(db.session.scalars(
        select(TaskComment).where(TaskComment.task_id == task.id)
        .order_by(TaskComment.created_at, TaskComment.id)))
