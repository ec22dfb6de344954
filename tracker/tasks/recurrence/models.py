"""A recurring duty: the task template, the rule, and the life of the series."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Table, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker import rules
from tracker.clock import utcnow
from tracker.db_types import CreatedAt, PersonId, UTCDateTime
from tracker.extensions import db
from tracker.tasks.models import Priority
from tracker.tasks.recurrence.periods import Frequency, Rule

series_coordinator = Table(
    "task_series_coordinator",
    db.metadata,
    Column("series_id", Integer, ForeignKey("task_series.id", ondelete="CASCADE"),
           primary_key=True),
    Column("agency_id", Integer, ForeignKey("agency.id", ondelete="CASCADE"), primary_key=True),
)

series_assignee = Table(
    "task_series_assignee",
    db.metadata,
    Column("series_id", Integer, ForeignKey("task_series.id", ondelete="CASCADE"),
           primary_key=True),
    Column("user_id", Integer, ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
)


class TaskSeries(db.Model):
    """A duty that recurs: each period's occurrence is an ordinary task (``Task.series_id``)
    made from this template, ahead of its due date, by the scheduler."""

    __tablename__ = "task_series"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The document that assigns the duty; its occurrences are tasks of it.
    resolution_id: Mapped[int] = mapped_column(
        ForeignKey("resolution.id", ondelete="CASCADE"), nullable=False, index=True)
    # Copied from the resolution, as on tasks, so access and the scheduler need no join.
    committee_id: Mapped[int] = mapped_column(
        ForeignKey("committee.id", ondelete="CASCADE"), nullable=False, index=True)
    # The template every future occurrence copies.
    title: Mapped[str] = mapped_column(String(rules.TASK_TITLE.max_length), nullable=False)
    description: Mapped[str | None] = mapped_column(Text, nullable=True)
    lead_agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), nullable=False)
    priority: Mapped[str] = mapped_column(String(10), nullable=False, default=Priority.NORMAL)
    expected_output: Mapped[str | None] = mapped_column(
        String(rules.TASK_EXPECTED_OUTPUT.max_length), nullable=True)
    # The rule (``periods.Rule``): how often, and which day the report is due.
    frequency: Mapped[str] = mapped_column(String(12), nullable=False)
    # Day of the month the report is due (calendar rules); NULL for every N days / weeks.
    due_day: Mapped[int | None] = mapped_column(nullable=True)
    # Due in the month after the period instead of in its last month.
    due_after_period: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False,
                                                   server_default=false())
    # N of "every N days / weeks" (1 for the calendar rules).
    interval: Mapped[int] = mapped_column(nullable=False, default=1)
    # The first occurrence is the first one due on or after this date (local calendar date).
    starts_on: Mapped[date] = mapped_column(nullable=False)
    # No occurrence is due after this date; NULL: until stopped.
    ends_on: Mapped[date | None] = mapped_column(nullable=True)
    # When the series was stopped: no occurrence is made after it; made ones are kept.
    stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    stopped_by_id: Mapped[PersonId]
    created_by_id: Mapped[PersonId]
    created_at: Mapped[CreatedAt]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow,
                                                 onupdate=utcnow)
    # Optimistic lock: bumped on every update.
    version: Mapped[int] = mapped_column(nullable=False, default=1)

    resolution = relationship("Resolution")
    committee = relationship("Committee")
    lead_agency = relationship("Agency", foreign_keys=[lead_agency_id])
    coordinating_agencies = relationship("Agency", secondary=series_coordinator,
                                         order_by="Agency.name")
    assignees = relationship("User", secondary=series_assignee, order_by="User.name")
    created_by = relationship("User", foreign_keys="[TaskSeries.created_by_id]")

    __mapper_args__ = {"version_id_col": version}

    @property
    def rule(self) -> Rule:
        return Rule(Frequency(self.frequency), due_day=self.due_day,
                    due_after_period=bool(self.due_after_period), interval=self.interval or 1)

    @property
    def is_stopped(self) -> bool:
        return self.stopped_at is not None
