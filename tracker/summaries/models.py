"""A compiled progress summary: one committee, one period, its figures and its files."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.db_types import CreatedAt, PersonId, UTCDateTime
from tracker.extensions import db


class SummaryStatus(StrEnum):
    PENDING = "pending"  # requested, waiting for a worker
    RUNNING = "running"  # a worker is compiling it
    READY = "ready"  # figures and files are there
    FAILED = "failed"  # the last compile raised; `error` says what


class Summary(db.Model):
    __tablename__ = "summary"
    __table_args__ = (
        # The committee's list of summaries, newest first; the previous-period lookup.
        Index("ix_summary_committee_ends", "committee_id", "ends_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(
        ForeignKey("committee.id", ondelete="CASCADE"), nullable=False
    )
    # A tracker.summaries.periods.PeriodKind value (week, month, cutoff_quarter, custom…).
    period_kind: Mapped[str] = mapped_column(String(20), nullable=False)
    # First and last calendar day of the period, in the committee's zone (inclusive).
    starts_on: Mapped[date] = mapped_column(nullable=False)
    ends_on: Mapped[date] = mapped_column(nullable=False)
    # The language the documents are written in: the requester's ("vi" for scheduled ones).
    language: Mapped[str] = mapped_column(String(5), nullable=False, default="vi")
    status: Mapped[str] = mapped_column(String(10), nullable=False, default=SummaryStatus.PENDING)
    # 0–100, shown on the progress page while the job runs.
    progress: Mapped[int] = mapped_column(nullable=False, default=0)
    # Everything the page and the documents show (see services.compile_summary); NULL until ready.
    figures: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    # The instant the figures describe (the compile's `now`).
    as_of_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Why the last compile failed (shown to managers), else NULL.
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    requested_by_id: Mapped[PersonId]
    created_at: Mapped[CreatedAt]
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    committee = relationship("Committee")
    requested_by = relationship("User")

    @property
    def is_ready(self) -> bool:
        return self.status == SummaryStatus.READY

    @property
    def is_finished(self) -> bool:
        return self.status in (SummaryStatus.READY, SummaryStatus.FAILED)

    def __repr__(self) -> str:
        return f"<Summary {self.id} {self.period_kind} {self.starts_on}–{self.ends_on}>"


class WeeklyMailStatus(StrEnum):
    PENDING = "pending"  # to send (again, after a temporary failure)
    SENDING = "sending"  # claimed by lease_owner until lease_until
    SENT = "sent"  # the mail server accepted it
    FAILED = "failed"  # refused for good (5xx); last_error says why
    SKIPPED = "skipped"  # nobody to send it to (no chair, secretary or agency mailbox)


class WeeklySummaryMail(db.Model):
    """The weekly summary e-mail of one committee for one week: its unique key makes the
    Monday beat, a second beat or a retried job send it once."""

    __tablename__ = "weekly_summary_mail"
    __table_args__ = (
        UniqueConstraint("committee_id", "week_starts_on", name="uq_weekly_summary_mail_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(
        ForeignKey("committee.id", ondelete="CASCADE"), nullable=False
    )
    # The Monday the summarised week starts on (committee-local).
    week_starts_on: Mapped[date] = mapped_column(nullable=False)
    summary_id: Mapped[int | None] = mapped_column(
        ForeignKey("summary.id", ondelete="SET NULL"), nullable=True
    )
    status: Mapped[str] = mapped_column(String(10), nullable=False,
                                        default=WeeklyMailStatus.PENDING)
    attempts: Mapped[int] = mapped_column(nullable=False, default=0)
    lease_owner: Mapped[str | None] = mapped_column(String(64), nullable=True)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The addresses it went (or goes) to, lower-cased.
    recipients: Mapped[list | None] = mapped_column(JSON, nullable=True)
    message_id: Mapped[str | None] = mapped_column(String(255), nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[CreatedAt]

    committee = relationship("Committee")
    summary = relationship("Summary")
