"""Reading a user's notifications: the bell's count, the list page and the digest's share.

Every reader goes through ``still_visible``: a notification about a task of a committee its
user no longer holds a role in (issue #10) is neither counted, listed nor mailed, so a person
taken off a committee stops reading its titles, comments and excerpts.
"""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.orm import aliased, selectinload

from tracker.auth.models import User
from tracker.committees.models import CommitteeRole
from tracker.extensions import db
from tracker.notifications.models import DEFAULT_EMAIL_KINDS, KINDS, Notification
from tracker.tasks.models import Task


def email_kinds_of(user) -> list[str]:
    """The kinds the user also wants by e-mail (the default when never chosen)."""
    chosen = user.notification_email_kinds
    return list(DEFAULT_EMAIL_KINDS) if chosen is None else [k for k in chosen if k in KINDS]


def still_visible():
    """Condition on a query joined to ``Task`` (outer, on ``Notification.task_id``): the
    notification is about no task, or about one its user may still see (a role in the
    task's committee, or an admin)."""
    role = (select(CommitteeRole.id)
            .where(CommitteeRole.user_id == Notification.user_id,
                   CommitteeRole.committee_id == Task.committee_id)
            .exists())
    owner = aliased(User)  # the outer query may join User itself
    admin = (select(owner.id)
             .where(owner.id == Notification.user_id, owner.is_admin.is_(True))
             .exists())
    return or_(Notification.task_id.is_(None), role, admin)


def _with_task(query):
    return query.outerjoin(Task, Task.id == Notification.task_id).where(still_visible())


def unread_count(user) -> int:
    """How many of the user's notifications are unread (one indexed COUNT, built once: the
    bell shows it on every page)."""
    return db.session.scalar(unread_count_statement(), {"user_id": user.id}) or 0


@lru_cache(maxsize=1)
def unread_count_statement():
    """The count with the user's id as the parameter ``user_id`` (also read by the header,
    ``tracker.header_counts``)."""
    return _with_task(select(func.count(Notification.id))
                      .where(Notification.user_id == bindparam("user_id"),
                             Notification.read_at.is_(None)))


def notifications_of(user, *, unread_only: bool = False):
    """The user's notifications, newest first, with their task and actor loaded."""
    query = (_with_task(select(Notification))
             .where(Notification.user_id == user.id)
             .options(selectinload(Notification.task), selectinload(Notification.actor))
             .order_by(Notification.id.desc()))
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    return query


def notifications_to_mail() -> dict[int, tuple[str, str, list[int]]]:
    """Unread notifications not yet in an e-mail, of the kinds their user chose by e-mail.

    ``{user id: (lower-cased address, language, [notification ids])}``, active accounts
    only, about tasks they may still see. The choice is a JSON list per user, filtered here
    rather than in SQL (JSON membership differs between SQLite and PostgreSQL); the rows
    are few: unread and not yet attached to a digest.
    """
    rows = db.session.execute(
        _with_task(select(Notification.id, Notification.kind, User)
                   .select_from(Notification)
                   .join(User, User.id == Notification.user_id))
        .where(Notification.read_at.is_(None), Notification.digest_id.is_(None),
               User.is_active_account.is_(True))
        .order_by(Notification.id)
    ).all()
    chosen: dict[int, set[str]] = {}
    found: dict[int, tuple[str, str, list[int]]] = {}
    for notification_id, kind, user in rows:
        if user.id not in chosen:
            chosen[user.id] = set(email_kinds_of(user))
        if kind in chosen[user.id] and user.email:
            entry = found.setdefault(user.id, (user.email.lower(), user.language or "vi", []))
            entry[2].append(notification_id)
    return found
