"""The reminder sweep as it was before issue 12 (a statement per kind, level and recipient
source, then an UPDATE attaching every new reminder to its digest): kept as the oracle
that tests/reminders/test_sweep_equivalence.py compares the rewritten sweep with.

Only the layout changed (sweep.py and recipients.py of that time in one module, the entry
point renamed ``legacy_sweep_reminders``); the rules are the old ones, line for line.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import and_, func, literal, or_, select, true, update
from sqlalchemy.orm import aliased

from tracker.auth.models import User
from tracker.clock import local_today, utcnow
from tracker.committees.models import Agency, Committee, CommitteeRole, RoleName, committee_agency
from tracker.db_types import UTCDateTime
from tracker.extensions import db
from tracker.notifications.models import Notification
from tracker.notifications.queries import notifications_to_mail
from tracker.reminders.dialect import dialect_name, insert_ignoring_conflicts
from tracker.reminders.models import (
    DigestStatus,
    MailDigest,
    Reminder,
    ReminderKind,
    ReminderPolicy,
)
from tracker.reminders.policy import FiringPlan, PolicyValues, firing_plan, holiday_dates
from tracker.tasks import workflow
from tracker.tasks.models import Task, task_assignee, task_coordinator
from tracker.unit_of_work import end_read, step

# Reminders look back this far at most (a deadline typed as year 0001 must not break the day).
LOOKBACK = timedelta(days=366 * 40)


@dataclass
class SweepResult:
    rows_written: int = 0  # reminders added to the outbox
    digests_created: int = 0
    items_attached: int = 0  # reminders put into a digest (today's, or a leftover's)
    notifications_attached: int = 0  # notifications chosen by e-mail, put into a digest


def legacy_sweep_reminders(now: datetime | None = None) -> SweepResult:
    """Write what is due at ``now`` to the outbox and attach it to digests; commits.

    Runs its own units of work (a read, the reminders, their digests: ``unit_of_work``),
    so call it from a job or a command, not inside a request's. Each write takes SQLite's
    write lock first, so two sweeps at once queue instead of failing. Stopping between two
    of them loses nothing: the next run attaches whatever waits.
    """
    now = now or utcnow()
    groups = _plan_groups(now)
    end_read()  # on SQLite a write must start its own transaction
    result = SweepResult()
    with step(writing=True):
        for (today, zone, _values), (plan, committee_ids) in groups.items():
            result.rows_written += _insert_plan(plan, today, zone, committee_ids, now)
    # Committed before they are attached: PostgreSQL re-checks every foreign key of a row
    # updated in the transaction that inserted it (a third of the sweep's time at 100k).
    with step(writing=True):
        result.digests_created, result.items_attached, result.notifications_attached = \
            _attach_to_digests(now)
    return result


def digest_day(now: datetime) -> date:
    """The day a digest is for: today in the app's home zone (one e-mail a day there)."""
    return local_today(current_app.config["BABEL_DEFAULT_TIMEZONE"], now)


def _plan_groups(now: datetime) -> dict:
    rows = db.session.execute(
        select(Committee.id, Committee.timezone, ReminderPolicy)
        .outerjoin(ReminderPolicy, ReminderPolicy.committee_id == Committee.id)
    ).all()
    values_of = {cid: PolicyValues.of(policy) for cid, _tz, policy in rows}
    holidays = holiday_dates() if any(v.working_days_only for v in values_of.values()) \
        else frozenset()
    earliest_deadline = dict(db.session.execute(
        select(Task.committee_id, func.min(Task.deadline))
        .where(Task.state.in_(workflow.IN_WORK), Task.deadline.is_not(None))
        .group_by(Task.committee_id)).all())
    reference = func.coalesce(Task.last_progress_at, Task.created_at)
    earliest_reference = dict(db.session.execute(
        select(Task.committee_id, func.min(reference))
        .where(Task.is_open, Task.deadline.is_(None))
        .group_by(Task.committee_id)).all())

    members: dict[tuple, list[int]] = defaultdict(list)
    for cid, zone, _policy in rows:
        members[(local_today(zone, now), zone, values_of[cid])].append(cid)
    groups = {}
    for key, ids in members.items():
        today, zone, values = key
        floor = today - LOOKBACK
        deadlines = [earliest_deadline[c] for c in ids if earliest_deadline.get(c)]
        references = [earliest_reference[c].astimezone(ZoneInfo(zone)).date()
                      for c in ids if earliest_reference.get(c)]
        plan = firing_plan(values, today, holidays,
                           max(min(deadlines), floor) if deadlines else None,
                           max(min(references), floor) if references else None)
        if not plan.is_empty():
            groups[key] = (plan, ids)
    return groups


def _in_ranges(column, ranges):
    singles = [lo for lo, hi in ranges if lo == hi]
    spans = [column.between(lo, hi) for lo, hi in ranges if lo != hi]
    clauses = ([column.in_(singles)] if singles else []) + spans
    return clauses[0] if len(clauses) == 1 else or_(*clauses)


def _local_instants(ranges, zone: str):
    """UTC instants [start, end) covering local date ranges, as a clause on the reference."""
    tz = ZoneInfo(zone)
    reference = func.coalesce(Task.last_progress_at, Task.created_at)

    def instant(day: date):
        return literal(datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC), UTCDateTime)

    return or_(*(and_(reference >= instant(lo), reference < instant(hi + timedelta(days=1)))
                 for lo, hi in ranges))


def _insert(selects) -> int:
    written = 0
    for source in selects:
        statement = insert_ignoring_conflicts(Reminder).from_select(COLUMNS, source)
        written += max(db.session.execute(statement).rowcount, 0)
    return written


def _insert_plan(plan: FiringPlan, today: date, zone: str, committee_ids: list[int],
                 now: datetime) -> int:
    in_committees = Task.committee_id.in_(committee_ids)
    open_ = and_(in_committees, Task.is_open)
    live = and_(in_committees, Task.state.in_(workflow.IN_WORK))
    written = 0
    for kind, ranges in ((ReminderKind.DUE_TODAY, plan.due_today),
                         (ReminderKind.DUE_BEFORE, plan.due_before)):
        if ranges:
            where = and_(open_, _in_ranges(Task.deadline, ranges))
            written += _insert(at_level(0, where, kind, today, now, True))
    # Level 0 first, so someone on two levels keeps the nearer one.
    for level, ranges in sorted(plan.overdue.items()):
        where = and_(live, _in_ranges(Task.deadline, ranges))
        written += _insert(at_level(level, where, ReminderKind.OVERDUE, today, now,
                                               False))
    for level, ranges in sorted(plan.escalated.items()):
        where = and_(live, _in_ranges(Task.deadline, ranges))
        written += _insert(at_level(level, where, ReminderKind.ESCALATED, today, now,
                                               False))
    if plan.standing_stale:
        where = and_(open_, Task.deadline.is_(None), _local_instants(plan.standing_stale, zone))
        written += _insert(at_level(0, where, ReminderKind.STANDING_STALE, today,
                                               now, True))
    return written


def _hold_pending_digests(day: date, filling=None) -> None:
    """PostgreSQL: lock the day's pending digests we fill (``filling``: a condition on
    the recipient; default all) until commit. A sender's claim (SKIP LOCKED) passes them
    by, so no item lands in a mail that is already being written. (On SQLite the write
    transaction holds the whole file.)"""
    if dialect_name() != "postgresql":
        return
    query = (select(MailDigest.id)
             .where(MailDigest.digest_on == day, MailDigest.status == DigestStatus.PENDING))
    if filling is not None:
        query = query.where(filling)
    db.session.execute(query.order_by(MailDigest.id).with_for_update())


def _attach_to_digests(now: datetime) -> tuple[int, int, int]:
    """Put every reminder not yet in a digest into its recipient's digest of the day, and
    every unread notification of a kind its user chose by e-mail into theirs.

    A recipient whose digest of the day is already claimed or sent keeps the items for
    the next day's digest. Digests are created only for recipients with items, so none is
    ever empty. A notification is attached once (only while it has no digest), so it is
    mailed at most once. Returns (digests created, reminders and notifications attached).
    """
    day = digest_day(now)
    waiting = Reminder.digest_id.is_(None)
    when = literal(now, UTCDateTime)
    per_recipient = (
        select(Reminder.recipient_email, func.max(Reminder.recipient_user_id), literal(day),
               func.coalesce(func.max(User.language), "vi"),
               literal(DigestStatus.PENDING.value), literal(0), when, when)
        .select_from(Reminder)
        .outerjoin(User, User.id == Reminder.recipient_user_id)
        .where(waiting)
        .group_by(Reminder.recipient_email)
    )
    created = max(db.session.execute(insert_ignoring_conflicts(MailDigest).from_select(
        ["recipient_email", "recipient_user_id", "digest_on", "language", "status",
         "attempts", "next_attempt_at", "created_at"], per_recipient)).rowcount, 0)
    # Read after the first write: on SQLite a read transaction cannot become a write one
    # while another sweep writes ("database is locked"); the write waits its turn instead.
    notes = notifications_to_mail()
    if notes:
        created += max(db.session.execute(insert_ignoring_conflicts(MailDigest).values([
            {"recipient_email": address, "recipient_user_id": user_id, "digest_on": day,
             "language": language, "status": DigestStatus.PENDING.value, "attempts": 0,
             "next_attempt_at": now, "created_at": now}
            for user_id, (address, language, _ids) in notes.items()])).rowcount, 0)
    open_digest = and_(MailDigest.recipient_email == Reminder.recipient_email,
                       MailDigest.digest_on == day,
                       MailDigest.status == DigestStatus.PENDING)
    filling = MailDigest.recipient_email.in_(select(Reminder.recipient_email).where(waiting))
    if notes:
        filling = or_(filling, MailDigest.recipient_email.in_(
            sorted({address for address, _language, _ids in notes.values()})))
    _hold_pending_digests(day, filling)
    # UPDATE … FROM (both backends): one join instead of a subquery per reminder.
    attached = db.session.execute(
        update(Reminder)
        .where(waiting, open_digest)
        .values(digest_id=MailDigest.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    return created, max(attached, 0), _attach_notifications(notes, day)


def _attach_notifications(notes: dict[int, tuple[str, str, list[int]]], day: date) -> int:
    """Each user's mailable notifications into their pending digest of ``day``, if any."""
    if not notes:
        return 0
    digest_of = dict(db.session.execute(
        select(MailDigest.recipient_email, MailDigest.id)
        .where(MailDigest.digest_on == day, MailDigest.status == DigestStatus.PENDING,
               MailDigest.recipient_email.in_(
                   sorted({address for address, _language, _ids in notes.values()})))).all())
    attached = 0
    for address, _language, ids in notes.values():
        if address in digest_of:
            attached += db.session.execute(
                update(Notification)
                .where(Notification.id.in_(ids), Notification.digest_id.is_(None),
                       Notification.read_at.is_(None))
                .values(digest_id=digest_of[address])
                .execution_options(synchronize_session=False)).rowcount
    return attached


# --- recipients.py as it was ----------------------------------------------------------------

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
