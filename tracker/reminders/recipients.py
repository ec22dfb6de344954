"""Who receives a task's reminders, as one SELECT over the tasks that fire (no Python loop).

``recipients_of(firing)`` turns the firing tasks (a FROM clause with the columns task_id,
committee_id, lead_agency_id, kind, low, high and due_on: one row per task and kind,
reaching the ladder levels low to high) into their recipients:
  level 0: the task's active assignees and the lead agency's focal-point mailbox
           (agencies without accounts count); for reminders before, on and after the
           deadline also each coordinating agency's mailbox, until it reports its part done;
  level 1: the head of the lead agency (``agency.head_email``);
  level 2: the standing agency's secretaries (role ``secretary`` in the committee);
  level 3: the chair and vice-chairs.
Addresses are lower-cased; an agency mailbox that is also a user's login is linked to that
user, so their language and their choice about optional mail apply.

Someone reached twice for the same task and kind (an assignee who is also the secretary,
an agency mailbox that is also an assignee's login) gets one reminder: the one of the
nearest level, and at level 0 the assignee's before the lead agency's before a
coordinator's. ``precedence`` orders the rows that way; the sweep keeps the first.

Mail never tells more than the site shows (issue #10): a person receives a task's reminders
only while they hold a role in its committee (an assignee whose role was taken away gets
nothing more), and an agency's mailboxes only while the agency still sits on the committee.
"""

from __future__ import annotations

from sqlalchemy import and_, case, func, literal_column, or_, select, union_all
from sqlalchemy.orm import aliased

from tracker.auth.models import User
from tracker.committees.models import Agency, CommitteeRole, RoleName, committee_agency
from tracker.reminders.models import ESSENTIAL_KINDS
from tracker.tasks.models import task_assignee, task_coordinator

# Reminder kinds that also reach the coordinating agencies, for their own part.
COORDINATOR_KINDS = frozenset({"due_before", "due_today", "overdue"})

LEVEL_ROLES = {2: (RoleName.SECRETARY,), 3: (RoleName.CHAIR, RoleName.VICE_CHAIR)}
ROLES_ON_THE_LADDER = sorted(role.value for roles in LEVEL_ROLES.values() for role in roles)

# Among the level-0 recipients of a task, whose reminder is kept when one address is
# reached twice (the order in which the old sweep inserted them).
ASSIGNEE, LEAD_AGENCY, COORDINATOR = 0, 1, 2


def constant(value):
    """An integer written into the SQL, not bound (an expression is left as it is): the
    planner then sees it, e.g. which branch of a union a condition on it excludes."""
    return literal_column(str(value)) if isinstance(value, int) else value


def _wants(user, firing):
    """Users who switched optional mail off get only the essential kinds."""
    return or_(user.mail_optional.is_(True),
               firing.c.kind.in_(sorted(str(kind) for kind in ESSENTIAL_KINDS)))


def _seated(firing, agency_id_column):
    """Join condition: the agency still sits on the task's committee."""
    return and_(committee_agency.c.committee_id == firing.c.committee_id,
                committee_agency.c.agency_id == agency_id_column)


def _reaches(firing, level):
    return and_(firing.c.low <= level, firing.c.high >= level)


def _row(firing, email, user_id, level, source: int):
    return (firing.c.task_id, firing.c.committee_id, email.label("recipient_email"),
            user_id.label("recipient_user_id"), firing.c.kind, firing.c.due_on,
            constant(level).label("level"), constant(source).label("source"))


def assignees(firing):
    """Level 0: the task's active assignees who still hold a role in its committee."""
    return (
        select(*_row(firing, func.lower(User.email), User.id, 0, ASSIGNEE))
        .select_from(firing)
        .join(task_assignee, task_assignee.c.task_id == firing.c.task_id)
        .join(User, User.id == task_assignee.c.user_id)
        .join(CommitteeRole, and_(CommitteeRole.committee_id == firing.c.committee_id,
                                  CommitteeRole.user_id == User.id))
        .where(firing.c.low == 0, User.is_active_account.is_(True), _wants(User, firing))
    )


def lead_agency_mailbox(firing, column: str = "email", level: int = 0):
    """The lead agency's focal-point mailbox (level 0) or its head's (level 1)."""
    address = getattr(Agency, column)
    owner = aliased(User)
    return (
        select(*_row(firing, func.lower(address), owner.id, level, LEAD_AGENCY))
        .select_from(firing)
        .join(Agency, Agency.id == firing.c.lead_agency_id)
        .join(committee_agency, _seated(firing, Agency.id))
        .outerjoin(owner, owner.email == func.lower(address))
        .where(_reaches(firing, level), address.is_not(None), address != "",
               or_(owner.id.is_(None), _wants(owner, firing)))
    )


def coordinator_mailboxes(firing):
    """Level 0: each coordinating agency's mailbox, unless its part is reported done."""
    owner = aliased(User)
    return (
        select(*_row(firing, func.lower(Agency.email), owner.id, 0, COORDINATOR))
        .select_from(firing)
        .join(task_coordinator, task_coordinator.c.task_id == firing.c.task_id)
        .join(Agency, Agency.id == task_coordinator.c.agency_id)
        .join(committee_agency, _seated(firing, Agency.id))
        .outerjoin(owner, owner.email == func.lower(Agency.email))
        .where(firing.c.low == 0, firing.c.kind.in_(sorted(COORDINATOR_KINDS)),
               task_coordinator.c.part_done_on.is_(None),
               task_coordinator.c.agency_id != firing.c.lead_agency_id,
               Agency.email.is_not(None), Agency.email != "",
               or_(owner.id.is_(None), _wants(owner, firing)))
    )


def role_holders(firing):
    """Levels 2 and 3: the committee's secretaries, or its chair and vice-chairs."""
    level = case(*((CommitteeRole.role.in_([role.value for role in roles]), constant(level))
                   for level, roles in LEVEL_ROLES.items()))
    return (
        select(*_row(firing, func.lower(User.email), User.id, level, ASSIGNEE))
        .select_from(firing)
        .join(CommitteeRole, and_(CommitteeRole.committee_id == firing.c.committee_id,
                                  CommitteeRole.role.in_(ROLES_ON_THE_LADDER),
                                  _reaches(firing, level)))
        .join(User, User.id == CommitteeRole.user_id)
        .where(User.is_active_account.is_(True), _wants(User, firing))
    )


def recipients_of(firing):
    """Every recipient row of the firing tasks: task_id, committee_id, recipient_email,
    recipient_user_id, kind, due_on, level, source (see ``precedence``)."""
    return union_all(assignees(firing), lead_agency_mailbox(firing),
                     lead_agency_mailbox(firing, "head_email", 1),
                     coordinator_mailboxes(firing), role_holders(firing))


def precedence(rows):
    """The order that keeps one reminder per (task, address, kind): nearest level first,
    then by source; the user id only makes a tie between two logins differing in case
    (the same lower-cased address) come out the same on every run."""
    return (rows.c.level, rows.c.source, rows.c.recipient_user_id)
