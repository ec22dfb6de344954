"""Writing the sweep's reminders: staged first, then digests, then reminders in digests.

The reminders a sweep finds missing are staged in a temporary table; the day's digests
are created for their recipients, and each reminder is inserted with its digest already
set. The old sweep inserted the reminders, then attached them with an UPDATE: every row
written twice, every foreign key checked twice (7.8 of 32 s at 1M tasks). Reminders left
waiting by an earlier run (their recipient's digest of that day was already sent) are
still attached by an UPDATE, which touches only those few.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import (
    Column,
    Date,
    Integer,
    MetaData,
    String,
    Table,
    and_,
    exists,
    func,
    literal,
    null,
    or_,
    select,
    text,
    union_all,
    update,
)

from tracker.auth.models import User
from tracker.db_types import UTCDateTime
from tracker.extensions import db
from tracker.notifications.models import Notification
from tracker.notifications.queries import notifications_to_mail
from tracker.reminders import recipients
from tracker.reminders.dialect import dialect_name, insert_ignoring_conflicts
from tracker.reminders.models import DigestStatus, MailDigest, Reminder

# The tasks that fire today (``sweep._firing_tasks``), one row per task and kind, reaching
# the ladder levels low..high; in the current transaction only. A table rather than a
# common table expression: PostgreSQL then knows how many rows it holds (ANALYZE) and
# joins each to its assignees by index; guessing 16 rows for 3,126 at 100k, it joined
# every committee role first and probed the assignees 25,008 times (8.4 s at 1M).
FIRING = Table(
    "reminder_firing", MetaData(),
    Column("task_id", Integer, nullable=False),
    Column("committee_id", Integer, nullable=False),
    Column("lead_agency_id", Integer, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("low", Integer, nullable=False),
    Column("high", Integer, nullable=False),
    Column("due_on", Date, nullable=False),
    prefixes=["TEMPORARY"],
)
# The reminders a sweep is about to write, in the current transaction only.
STAGED = Table(
    "reminder_staged", MetaData(),
    Column("task_id", Integer, nullable=False),
    Column("committee_id", Integer, nullable=False),
    Column("recipient_email", String(254), nullable=False),
    Column("recipient_user_id", Integer),
    Column("kind", String(20), nullable=False),
    Column("due_on", Date, nullable=False),
    Column("level", Integer, nullable=False),
    prefixes=["TEMPORARY"],
)
STAGED_COLUMNS = [column.name for column in STAGED.columns]


@dataclass
class Written:
    reminders: int = 0  # reminders added to the outbox
    digests: int = 0  # digests created
    reminders_attached: int = 0  # reminders put into a digest (today's, or a leftover's)
    notifications_attached: int = 0


@contextmanager
def staging() -> Iterator[None]:
    """The staging tables, for the current transaction (dropped before it commits, undone
    with it if it rolls back)."""
    connection = db.session.connection()
    for table in (FIRING, STAGED):
        table.create(connection)
    yield
    for table in (FIRING, STAGED):
        table.drop(connection)


def fire(tasks) -> None:
    """Add firing tasks: a select of FIRING's columns."""
    db.session.execute(FIRING.insert().from_select([c.name for c in FIRING.columns], tasks))


def stage() -> None:
    """Stage the reminders of the firing tasks that the outbox does not hold yet: one per
    (task, recipient, kind), the nearest level's (``recipients.precedence``)."""
    if dialect_name() == "postgresql":
        db.session.execute(text(f"ANALYZE {FIRING.name}"))
    firing = FIRING.alias("firing")
    rows = recipients.recipients_of(firing).subquery("recipient_rows")
    ranked = select(
        rows, func.row_number().over(
            partition_by=(rows.c.task_id, rows.c.recipient_email, rows.c.kind),
            order_by=recipients.precedence(rows)).label("rank"),
    ).subquery("ranked")
    already_there = exists().where(Reminder.task_id == ranked.c.task_id,
                                   Reminder.recipient_email == ranked.c.recipient_email,
                                   Reminder.kind == ranked.c.kind,
                                   Reminder.due_on == ranked.c.due_on)
    db.session.execute(STAGED.insert().from_select(STAGED_COLUMNS, select(
        ranked.c.task_id, ranked.c.committee_id, ranked.c.recipient_email,
        ranked.c.recipient_user_id, ranked.c.kind, ranked.c.due_on, ranked.c.level,
    ).where(ranked.c.rank == 1, ~already_there)))


def write(day: date, now: datetime) -> Written:
    """Create the digests of ``day`` for the staged reminders' recipients and for those
    waiting, then write the staged reminders into them and attach what waits.

    A recipient whose digest of the day is already claimed or sent keeps the items for the
    next day's digest. Digests are created only for recipients with items, so none is
    ever empty. A notification is attached once (only while it has no digest), so it is
    mailed at most once.
    """
    written = Written()
    waiting = Reminder.digest_id.is_(None)
    when = literal(now, UTCDateTime)
    items = union_all(
        select(STAGED.c.recipient_email, STAGED.c.recipient_user_id),
        select(Reminder.recipient_email, Reminder.recipient_user_id).where(waiting),
    ).subquery("items")
    per_recipient = (
        select(items.c.recipient_email, func.max(items.c.recipient_user_id), literal(day),
               func.coalesce(func.max(User.language), "vi"),
               literal(DigestStatus.PENDING.value), literal(0), when, when)
        .select_from(items)
        .outerjoin(User, User.id == items.c.recipient_user_id)
        .group_by(items.c.recipient_email)
    )
    digest_columns = ["recipient_email", "recipient_user_id", "digest_on", "language",
                      "status", "attempts", "next_attempt_at", "created_at"]
    written.digests = _rowcount(insert_ignoring_conflicts(MailDigest).from_select(
        digest_columns, per_recipient))
    notes = notifications_to_mail()
    if notes:
        written.digests += _rowcount(insert_ignoring_conflicts(MailDigest).values([
            {"recipient_email": address, "recipient_user_id": user_id, "digest_on": day,
             "language": language, "status": DigestStatus.PENDING.value, "attempts": 0,
             "next_attempt_at": now, "created_at": now}
            for user_id, (address, language, _ids) in notes.items()]))

    filling = or_(MailDigest.recipient_email.in_(select(STAGED.c.recipient_email)),
                  MailDigest.recipient_email.in_(select(Reminder.recipient_email)
                                                 .where(waiting)))
    if notes:
        filling = or_(filling, MailDigest.recipient_email.in_(
            sorted({address for address, _language, _ids in notes.values()})))
    _hold_pending_digests(day, filling)

    open_digest = and_(MailDigest.recipient_email == STAGED.c.recipient_email,
                       MailDigest.digest_on == day, MailDigest.status == DigestStatus.PENDING)
    columns = [*STAGED_COLUMNS, "created_at", "digest_id"]
    # In task order: the unique key (task first) then grows in one place, not all over.
    in_digests = _rowcount(insert_ignoring_conflicts(Reminder).from_select(columns, (
        select(*STAGED.columns, when, MailDigest.id).join(MailDigest, open_digest)
        .order_by(STAGED.c.task_id))))
    left_waiting = _rowcount(insert_ignoring_conflicts(Reminder).from_select(columns, (
        select(*STAGED.columns, when, null()).where(~exists().where(open_digest))
        .order_by(STAGED.c.task_id))))
    written.reminders = in_digests + left_waiting
    # Reminders an earlier run left waiting: UPDATE … FROM, one join for all of them.
    leftovers = _rowcount(
        update(Reminder)
        .where(waiting, MailDigest.recipient_email == Reminder.recipient_email,
               MailDigest.digest_on == day, MailDigest.status == DigestStatus.PENDING)
        .values(digest_id=MailDigest.id)
        .execution_options(synchronize_session=False))
    written.reminders_attached = in_digests + leftovers
    written.notifications_attached = _attach_notifications(notes, day)
    return written


def _rowcount(statement) -> int:
    return max(db.session.execute(statement).rowcount, 0)


def _hold_pending_digests(day: date, filling) -> None:
    """PostgreSQL: lock the day's pending digests we fill (``filling``: a condition on the
    recipient) until commit. A sender's claim (SKIP LOCKED) passes them by, so no item
    lands in a mail that is already being written. (On SQLite the write transaction holds
    the whole file.)"""
    if dialect_name() != "postgresql":
        return
    db.session.execute(
        select(MailDigest.id)
        .where(MailDigest.digest_on == day, MailDigest.status == DigestStatus.PENDING, filling)
        .order_by(MailDigest.id).with_for_update())


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
