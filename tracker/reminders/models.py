"""Reminder policy per committee, the holiday calendar, and the mail outbox.

The outbox has two tables. ``Reminder`` is one item (task, recipient, kind,
day): its unique key makes a re-run of the sweep write nothing. ``MailDigest``
is the e-mail that carries a recipient's items of one day; it is claimed with
a lease, sent, and marked sent only after the SMTP server accepted it.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, Boolean, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker import rules
from tracker.clock import utcnow
from tracker.db_types import CreatedAt, PersonId, TaskId, UTCDateTime
from tracker.extensions import db


class ReminderKind(StrEnum):
    DUE_BEFORE = "due_before"  # N days before the deadline in force
    DUE_TODAY = "due_today"  # on the deadline
    OVERDUE = "overdue"  # every overdue_every_days while late
    ESCALATED = "escalated"  # the day a step of the escalation ladder is reached
    STANDING_STALE = "standing_stale"  # a standing duty with no progress report for too long
    # A decision left waiting for the policy's number of working days: to those who may take
    # it (the workflow table's roles for accepting a completion, deciding an extension).
    REVIEW_WAITING = "review_waiting"  # a reported completion not yet accepted or returned
    EXTENSION_WAITING = "extension_waiting"  # an extension request not yet granted or refused


# Mail a user cannot switch off with ``User.mail_optional = False``.
ESSENTIAL_KINDS = frozenset({ReminderKind.OVERDUE, ReminderKind.ESCALATED})


class DigestStatus(StrEnum):
    PENDING = "pending"  # waiting for a sender (at next_attempt_at)
    SENDING = "sending"  # claimed by lease_owner until lease_until
    SENT = "sent"  # the SMTP server accepted it
    FAILED = "failed"  # refused for good (5xx); an admin may retry it


class HolidayKind(StrEnum):
    FIXED = "fixed"  # same Gregorian date every year
    LUNAR = "lunar"  # Tết, Hùng Kings: moves with the lunar calendar
    OTHER = "other"  # a bridge day or a one-off decided by the government


def default_days_before() -> list[int]:
    return [7, 1]


class ReminderPolicy(db.Model):
    """When a committee's tasks are reminded; one per committee, created with defaults."""

    __tablename__ = "reminder_policy"

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(
        ForeignKey("committee.id", ondelete="CASCADE"), nullable=False, unique=True
    )
    # Remind this many days before the deadline in force, e.g. [7, 1].
    days_before: Mapped[list] = mapped_column(JSON, nullable=False, default=default_days_before)
    # Remind on the deadline itself.
    on_the_day: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    # While overdue, remind on day 1 late and every this many days after.
    overdue_every_days: Mapped[int] = mapped_column(nullable=False, default=7)
    # Escalation ladder step k (1..3) is reached after k × this many overdue days.
    escalate_after_days: Mapped[int] = mapped_column(nullable=False, default=7)
    # A standing duty without a progress report for this many days nudges its agency.
    standing_stale_days: Mapped[int] = mapped_column(nullable=False, default=90)
    # A completion or extension request waiting this many working days reminds the deciders.
    decision_waiting_days: Mapped[int] = mapped_column(nullable=False, default=3,
                                                       server_default="3")
    # Count days before / late in working days (no weekends, no holidays).
    working_days_only: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # The chair and standing agency get the weekly progress summary.
    weekly_summary: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow
    )

    committee = relationship("Committee")


class Holiday(db.Model):
    """A Vietnamese public holiday (a day off), skipped when counting working days."""

    __tablename__ = "holiday"

    id: Mapped[int] = mapped_column(primary_key=True)
    on: Mapped[date] = mapped_column(nullable=False, unique=True)
    name: Mapped[str] = mapped_column(String(rules.HOLIDAY_NAME.max_length), nullable=False)
    kind: Mapped[str] = mapped_column(String(10), nullable=False, default=HolidayKind.FIXED)


class OutboxMail:
    """The columns of an e-mail waiting in an outbox to be claimed with a lease, sent, and
    marked sent only after the server accepted it (``reminders.sending``): the reminder
    digests' and the meeting invitations' (``meetings.models.MeetingInvitation``)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    # Lower-cased address.
    recipient_email: Mapped[str] = mapped_column(String(254), nullable=False)
    # The account behind the address, if any (agency mailboxes have none).
    recipient_user_id: Mapped[PersonId]
    # "vi" or "en": the user's language; Vietnamese for addresses that are not users.
    language: Mapped[str] = mapped_column(String(5), nullable=False, default="vi")
    status: Mapped[str] = mapped_column(String(10), nullable=False, default=DigestStatus.PENDING)
    # Delivery attempts that ended in a temporary failure.
    attempts: Mapped[int] = mapped_column(nullable=False, default=0)
    # The worker holding the claim, and until when; an expired lease can be reclaimed.
    lease_owner: Mapped[str | None] = mapped_column(String(100), nullable=True)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Not to be tried before this instant (backoff after a temporary failure).
    next_attempt_at: Mapped[CreatedAt]
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    # Derived from the row's key, so a resend carries the same Message-ID.
    message_id: Mapped[str | None] = mapped_column(String(255), nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[CreatedAt]


class MailDigest(OutboxMail, db.Model):
    """The one e-mail a recipient gets on one day, listing all of their reminders."""

    __tablename__ = "mail_digest"
    __table_args__ = (
        UniqueConstraint("recipient_email", "digest_on", name="uq_mail_digest_key"),
        # The sender's claim: pending rows due now, or leases that ran out.
        Index("ix_mail_digest_status_next", "status", "next_attempt_at"),
    )

    # The day (of the recipient's committees' zone) this digest is for.
    digest_on: Mapped[date] = mapped_column(nullable=False)

    recipient_user = relationship("User")
    reminders = relationship("Reminder", back_populates="digest", order_by="Reminder.id",
                             primaryjoin="MailDigest.id == foreign(Reminder.digest_id)")


class Reminder(db.Model):
    """One outbox item: remind ``recipient_email`` of ``task_id`` for ``kind`` on ``due_on``."""

    __tablename__ = "reminder"
    __table_args__ = (
        UniqueConstraint("task_id", "recipient_email", "kind", "due_on", name="uq_reminder_key"),
        # Items not yet in a digest, per recipient.
        Index("ix_reminder_digest_recipient", "digest_id", "recipient_email"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[TaskId]
    # The task's committee, copied by the sweep, for the digests' grouping by committee. No
    # foreign key or index of its own: the reminder goes with its task and the task with its
    # committee, and the two cost a quarter of writing a day's reminders at 1M tasks.
    committee_id: Mapped[int] = mapped_column(nullable=False)
    # Lower-cased address.
    recipient_email: Mapped[str] = mapped_column(String(254), nullable=False)
    # The recipient's account, if the address is a user's. No foreign key, nor to the digest
    # below: accounts and digests are never deleted (an account is deactivated, a digest
    # kept as sent), both are copied from rows the sweep reads in the same transaction, and
    # the two keys' checks cost 0.7 s of writing a day's 111,734 reminders at 1M tasks.
    recipient_user_id: Mapped[int | None] = mapped_column(nullable=True)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    # The committee-local date the reminder is for (the day the sweep found it due).
    due_on: Mapped[date] = mapped_column(nullable=False)
    # Escalation level of the recipient: 0 assignees/focal point, 1 head, 2 secretaries, 3 chair.
    level: Mapped[int] = mapped_column(nullable=False, default=0)
    # The e-mail carrying it; NULL until the sweep attaches it to a digest.
    digest_id: Mapped[int | None] = mapped_column(nullable=True)
    created_at: Mapped[CreatedAt]

    task = relationship("Task")
    digest = relationship("MailDigest", back_populates="reminders",
                          primaryjoin="foreign(Reminder.digest_id) == MailDigest.id")
