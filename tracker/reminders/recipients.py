"""Who receives a task's reminders, as SELECTs the sweep inserts from (no Python loop).

Each function returns a select of outbox columns for the tasks matching ``where``:
  level 0: the task's active assignees and the lead agency's focal-point mailbox
           (agencies without accounts count); for reminders before, on and after the
           deadline also each coordinating agency's mailbox, until it reports its part done;
  level 1: the head of the lead agency (``agency.head_email``);
  level 2: the standing agency's secretaries (role ``secretary`` in the committee);
  level 3: the chair and vice-chairs.
Addresses are lower-cased; an agency mailbox that is also a user's login is linked to that
user, so their language and their choice about optional mail apply.

Mail never tells more than the site shows (issue #10): a person receives a task's reminders
only while they hold a role in its committee (an assignee whose role was taken away gets
nothing more), and an agency's mailboxes only while the agency still sits on the committee.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import and_, func, literal, or_, select, true
from sqlalchemy.orm import aliased

from tracker.auth.models import User
from tracker.committees.models import Agency, CommitteeRole, RoleName, committee_agency
from tracker.db_types import UTCDateTime
from tracker.tasks.models import Task, task_assignee, task_coordinator

# The outbox columns every select yields, in this order.
COLUMNS = ("task_id", "committee_id", "recipient_email", "recipient_user_id", "kind",
           "due_on", "level", "created_at")

# Reminder kinds that also reach the coordinating agencies, for their own part.
COORDINATOR_KINDS = frozenset({"due_before", "due_today", "overdue"})

LEVEL_ROLES = {2: (RoleName.SECRETARY,), 3: (RoleName.CHAIR, RoleName.VICE_CHAIR)}


def _columns(email, user_id, kind: str, level: int, today: date, now: datetime):
    return (Task.id, Task.committee_id, email, user_id, literal(kind), literal(today),
            literal(level), literal(now, UTCDateTime))


def _wants(user, optional_kind: bool):
    """Users who switched optional mail off get only the essential kinds."""
    return user.mail_optional.is_(True) if optional_kind else true()


def _seated(agency_id_column):
    """Join condition: the agency still sits on the task's committee."""
    return and_(committee_agency.c.committee_id == Task.committee_id,
                committee_agency.c.agency_id == agency_id_column)


def assignees(where, kind, today, now, optional_kind):
    """The task's active assignees who still hold a role (any) in its committee."""
    return (
        select(*_columns(func.lower(User.email), User.id, kind, 0, today, now))
        .select_from(Task)
        .join(task_assignee, task_assignee.c.task_id == Task.id)
        .join(User, User.id == task_assignee.c.user_id)
        .join(CommitteeRole, and_(CommitteeRole.committee_id == Task.committee_id,
                                  CommitteeRole.user_id == User.id))
        .where(where, User.is_active_account.is_(True), _wants(User, optional_kind))
    )


def agency_mailbox(where, kind, today, now, optional_kind, column="email", level=0):
    """The lead agency's focal-point mailbox (level 0) or its head's (level 1)."""
    address = getattr(Agency, column)
    owner = aliased(User)
    return (
        select(*_columns(func.lower(address), owner.id, kind, level, today, now))
        .select_from(Task)
        .join(Agency, Agency.id == Task.lead_agency_id)
        .join(committee_agency, _seated(Agency.id))
        .outerjoin(owner, owner.email == func.lower(address))
        .where(where, address.is_not(None), address != "",
               or_(owner.id.is_(None), _wants(owner, optional_kind)))
    )


def coordinator_mailboxes(where, kind, today, now, optional_kind):
    """Each coordinating agency's focal-point mailbox, unless its part is reported done."""
    owner = aliased(User)
    return (
        select(*_columns(func.lower(Agency.email), owner.id, kind, 0, today, now))
        .select_from(Task)
        .join(task_coordinator, task_coordinator.c.task_id == Task.id)
        .join(Agency, Agency.id == task_coordinator.c.agency_id)
        .join(committee_agency, _seated(Agency.id))
        .outerjoin(owner, owner.email == func.lower(Agency.email))
        .where(where, task_coordinator.c.part_done_on.is_(None),
               task_coordinator.c.agency_id != Task.lead_agency_id,
               Agency.email.is_not(None), Agency.email != "",
               or_(owner.id.is_(None), _wants(owner, optional_kind)))
    )


def role_holders(where, kind, today, now, optional_kind, level):
    roles = [role.value for role in LEVEL_ROLES[level]]
    return (
        select(*_columns(func.lower(User.email), User.id, kind, level, today, now))
        .select_from(Task)
        .join(CommitteeRole, and_(CommitteeRole.committee_id == Task.committee_id,
                                  CommitteeRole.role.in_(roles)))
        .join(User, User.id == CommitteeRole.user_id)
        .where(where, User.is_active_account.is_(True), _wants(User, optional_kind))
    )


def at_level(level: int, where, kind: str, today: date, now: datetime, optional_kind: bool):
    """The selects of one ladder level's recipients."""
    if level == 0:
        selects = [assignees(where, kind, today, now, optional_kind),
                   agency_mailbox(where, kind, today, now, optional_kind)]
        if str(kind) in COORDINATOR_KINDS:
            selects.append(coordinator_mailboxes(where, kind, today, now, optional_kind))
        return selects
    if level == 1:
        return [agency_mailbox(where, kind, today, now, optional_kind, "head_email", 1)]
    return [role_holders(where, kind, today, now, optional_kind, level)]
