"""Tasks, who carries them, and the progress reported on them."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker import rules
from tracker.clock import utcnow
from tracker.db_types import CreatedAt, PersonId, TaskId, UTCDateTime
from tracker.extensions import db
from tracker.text import Searchable


class TaskState(StrEnum):
    OPEN = "open"  # being carried out
    SUBMITTED = "submitted"  # the lead agency reported it done; awaiting review
    DONE = "done"  # accepted
    CANCELLED = "cancelled"  # stopped by decision, with a reason


class Priority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"


task_coordinator = Table(
    "task_coordinator",
    db.metadata,
    Column("task_id", Integer, ForeignKey("task.id", ondelete="CASCADE"), primary_key=True),
    Column("agency_id", Integer, ForeignKey("agency.id", ondelete="CASCADE"), primary_key=True,
           index=True),
    # The coordinating agency's own part: its progress (0–100), the day it reported its part
    # done, and when it last changed.
    Column("progress", Integer, nullable=False, default=0, server_default=text("0")),
    Column("part_done_on", Date, nullable=True),
    Column("updated_at", UTCDateTime, nullable=True),
)

task_assignee = Table(
    "task_assignee",
    db.metadata,
    Column("task_id", Integer, ForeignKey("task.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", Integer, ForeignKey("user.id", ondelete="CASCADE"), primary_key=True,
           index=True),
)


# The states of a task in work (workflow.IN_WORK) as SQL, for the partial index below.
IN_WORK_SQL = "state IN ('open', 'submitted')"


def _state_is(state: TaskState) -> hybrid_property:
    """``task.state == state`` on a row (a bool) and on the class (an SQL condition)."""
    return hybrid_property(lambda task: task.state == state)


class Task(Searchable, db.Model):
    __tablename__ = "task"
    __search_fields__ = ("title", "description", "expected_output")
    __search_title_field__ = "title"
    __table_args__ = (
        # The dashboards and lists filter by committee or lead agency, then state and deadline.
        Index("ix_task_committee_state_deadline", "committee_id", "state", "deadline"),
        Index("ix_task_lead_state_deadline", "lead_agency_id", "state", "deadline"),
        Index("ix_task_state_deadline", "state", "deadline"),
        # Tasks in work by deadline, then id: the overdue list (newest deadline first) and the
        # other deadline-ordered lists read a range of it backwards and stop after a page,
        # instead of sorting every row in work (467 ms -> 1 ms for a page at 1M tasks).
        Index("ix_task_in_work_deadline", "deadline", "id",
              postgresql_where=text(IN_WORK_SQL), sqlite_where=text(IN_WORK_SQL)),
        # A committee's dashboard counts its tasks by lead agency and category: every column
        # the category rule reads is here, so the count reads the index alone (no table).
        Index("ix_task_committee_tally", "committee_id", "lead_agency_id", "state", "deadline",
              "completed_on"),
        # ... and lists each agency's most late tasks: a range read in order, stopped after
        # a few rows, whatever the backlog.
        Index("ix_task_in_work_committee_lead_deadline", "committee_id", "lead_agency_id",
              "deadline", "id",
              postgresql_where=text(IN_WORK_SQL), sqlite_where=text(IN_WORK_SQL)),
        # One agency's tasks by deadline, then id, with the state and committee at hand: "my
        # agency's tasks" reads each urgency rank's first page from it in order, and counts
        # the agency's tasks in the user's committees from it alone (index-only).
        Index("ix_task_lead_deadline", "lead_agency_id", "deadline", "id",
              postgresql_include=["state", "committee_id"]),
        # The reminder sweep's read: tasks in work on the policy's deadline dates, with every
        # column it needs, so it reads this index alone (32,600 rows at 1M tasks: 640 ms of
        # scattered table pages -> 100-170 ms).
        Index("ix_task_in_work_for_reminders", "deadline", "state", "committee_id",
              "lead_agency_id", "id",
              postgresql_where=text(IN_WORK_SQL), sqlite_where=text(IN_WORK_SQL)),
        # Newest first: the global search reads a common word's matches in this order and
        # stops after a page, instead of sorting a third of the tasks (at 1M tasks, its count
        # and page took 17.9 s of database time on a loaded machine, now 7 ms).
        Index("ix_task_created_at_id", "created_at", "id"),
        # Trigrams (PostgreSQL's pg_trgm) for the LIKE '%word%' of every search: a rare
        # word's tasks without reading the table. SQLite has no such index and reads the rows.
        *(Index(f"ix_task_{column}_trgm", column, postgresql_using="gin",
                postgresql_ops={column: "gin_trgm_ops"}).ddl_if(dialect="postgresql")
          for column in ("search_text", "search_title")),
        UniqueConstraint("series_id", "series_period", name="uq_task_series_period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    resolution_id: Mapped[int] = mapped_column(
        ForeignKey("resolution.id", ondelete="CASCADE"), nullable=False, index=True
    )
    # The meeting's agenda item it was assigned from, if any (``tracker.meetings``).
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="SET NULL"), nullable=True, index=True
    )
    # Copied from the resolution so committee-wide queries need no join.
    committee_id: Mapped[int] = mapped_column(
        ForeignKey("committee.id", ondelete="CASCADE"), nullable=False
    )
    title: Mapped[str] = mapped_column(String(rules.TASK_TITLE.max_length), nullable=False)
    description: Mapped[str | None] = mapped_column(Text, nullable=True)
    lead_agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), nullable=False)
    # Deadline in force: the last granted extension, else the original. NULL = standing duty.
    deadline: Mapped[date | None] = mapped_column(nullable=True)
    # The deadline the resolution set; never changed by extensions.
    original_deadline: Mapped[date | None] = mapped_column(nullable=True)
    priority: Mapped[str] = mapped_column(String(10), nullable=False, default=Priority.NORMAL)
    # What counts as done: a report, a plan, an event held…
    expected_output: Mapped[str | None] = mapped_column(
        String(rules.TASK_EXPECTED_OUTPUT.max_length), nullable=True)
    state: Mapped[str] = mapped_column(String(12), nullable=False, default=TaskState.OPEN)
    # Latest reported percentage, 0–100.
    progress: Mapped[int] = mapped_column(nullable=False, default=0)
    # Local calendar date on which the lead agency submitted completion.
    submitted_on: Mapped[date | None] = mapped_column(nullable=True)
    # Who reported it done (the committee's "four eyes" setting keeps them from reviewing it).
    submitted_by_id: Mapped[PersonId]
    # Completion date once accepted (= submitted_on); compared with the deadline in force.
    completed_on: Mapped[date | None] = mapped_column(nullable=True)
    cancel_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    # When the last progress report was posted (standing duties are nudged when stale).
    last_progress_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[CreatedAt]
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, nullable=False, default=utcnow, onupdate=utcnow
    )
    # Optimistic lock: bumped on every update.
    version: Mapped[int] = mapped_column(nullable=False, default=1)
    # The title alone, folded (kept by Searchable): the global search ranks title matches first.
    search_title: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # The recurring duty this task is one occurrence of (tracker.tasks.recurrence); NULL for
    # a task assigned once.
    series_id: Mapped[int | None] = mapped_column(ForeignKey("task_series.id"), nullable=True)
    # The occurrence's period in its series ("2026-03", "2026-Q1", a due date…): one task per
    # period, whoever creates it and however often.
    series_period: Mapped[str | None] = mapped_column(String(10), nullable=True)

    resolution = relationship("Resolution", back_populates="tasks")
    committee = relationship("Committee")
    lead_agency = relationship("Agency", foreign_keys=[lead_agency_id])
    submitted_by = relationship("User", foreign_keys="[Task.submitted_by_id]")
    coordinating_agencies = relationship(
        "Agency", secondary=task_coordinator, order_by="Agency.name"
    )
    assignees = relationship("User", secondary=task_assignee, order_by="User.name")
    series = relationship("TaskSeries")
    reports = relationship(
        "ProgressReport", back_populates="task", order_by="ProgressReport.created_at.desc()",
        cascade="all, delete-orphan",
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_standing(self) -> bool:
        return self.deadline is None

    # The states as conditions, for the read side (lists, counts, sweeps): on a row they are
    # booleans, on the class SQL. Which verb a state allows is the workflow's (workflow.py).
    is_open = _state_is(TaskState.OPEN)  # the lead agency is working on it
    is_awaiting_review = _state_is(TaskState.SUBMITTED)  # reported done, not yet reviewed
    is_done = _state_is(TaskState.DONE)
    is_cancelled = _state_is(TaskState.CANCELLED)

    def involves_agency(self, agency_id: int | None) -> bool:
        """True when the agency leads or coordinates this task."""
        if agency_id is None:
            return False
        return agency_id == self.lead_agency_id or any(
            a.id == agency_id for a in self.coordinating_agencies
        )


class ProgressReport(db.Model):
    __tablename__ = "progress_report"
    __table_args__ = (Index("ix_progress_report_task_created", "task_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[TaskId]
    author_id: Mapped[PersonId]
    # The agency the author reported for (lead or a coordinating one).
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    progress: Mapped[int] = mapped_column(nullable=False)
    # The lead agency's report that the task is done: its text is the result achieved, its
    # files the output document and the evidence; the reviewer reads it beside accept/return.
    completes: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False,
                                            server_default=false())
    created_at: Mapped[CreatedAt]

    task = relationship("Task", back_populates="reports")
    author = relationship("User")
    agency = relationship("Agency")
    attachments = relationship(
        "Attachment", back_populates="report", cascade="all, delete-orphan",
        order_by="Attachment.id",
    )


class Attachment(db.Model):
    """A file on a task: evidence of a progress report, or the supporting papers of a
    deadline-extension request. Bytes live in UPLOAD_DIR, never under static/; one table
    and one download route, so both kinds share the type checks and the access rule."""

    __tablename__ = "attachment"
    __table_args__ = (
        # Exactly one owner: a file belongs to a report or to an extension request.
        CheckConstraint("(report_id IS NULL) <> (extension_id IS NULL)", name="one_owner"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The progress report this file is evidence for (NULL for an extension's file).
    report_id: Mapped[int | None] = mapped_column(
        ForeignKey("progress_report.id", ondelete="CASCADE"), nullable=True, index=True
    )
    # The deadline-extension request this file supports (NULL for a report's file).
    extension_id: Mapped[int | None] = mapped_column(
        ForeignKey("task_extension.id", ondelete="CASCADE"), nullable=True, index=True
    )
    # The uploader's file name, sanitised; shown and offered on download.
    filename: Mapped[str] = mapped_column(String(255), nullable=False)
    # Random name on disk, so user input never becomes a path.
    stored_name: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    # A camera photo's thumbnail on disk (320 px JPEG, shown on the task page); NULL for
    # every other file. The photo itself is then a re-encoded JPEG without metadata.
    thumbnail_name: Mapped[str | None] = mapped_column(String(64), nullable=True, unique=True)
    content_type: Mapped[str] = mapped_column(String(100), nullable=False)
    # The task's expected output (the document a completion delivers), not only evidence.
    is_output: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False,
                                            server_default=false())
    # Bytes, a photo's thumbnail included; what the storage quotas add up
    # (tracker.tasks.uploads.check_quota).
    size: Mapped[int] = mapped_column(nullable=False)
    # Who uploaded it: their storage quota counts it. NULL once that account is deleted.
    uploaded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), nullable=True, index=True
    )
    created_at: Mapped[CreatedAt]

    report = relationship("ProgressReport", back_populates="attachments")
    extension = relationship("TaskExtension", back_populates="attachments")

    @property
    def task(self) -> Task:
        """The task whose access rules decide who may download the file."""
        return self.report.task if self.report is not None else self.extension.task


class TaskComment(db.Model):
    __tablename__ = "task_comment"
    __table_args__ = (Index("ix_task_comment_task_created", "task_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[TaskId]
    author_id: Mapped[PersonId]
    body: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[CreatedAt]

    task = relationship("Task")
    author = relationship("User")


class SavedView(db.Model):
    """A user's named set of list filters (the query string of a list page)."""

    __tablename__ = "saved_view"
    __table_args__ = (UniqueConstraint("user_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), nullable=False)
    name: Mapped[str] = mapped_column(String(rules.SAVED_VIEW_NAME.max_length), nullable=False)
    list_name: Mapped[str] = mapped_column(String(30), nullable=False, default="tasks")
    query_string: Mapped[str] = mapped_column(Text, nullable=False, default="")
    created_at: Mapped[CreatedAt]

    user = relationship("User")


# A lead agency's request for a later deadline and its decision (the deadline extensions
# of tasks/extensions); here beside the task because the workflow table and the task's
# queries read it, and the extension services build on both.
class ExtensionStatus(StrEnum):
    PENDING = "pending"
    GRANTED = "granted"
    REFUSED = "refused"


class TaskExtension(db.Model):
    """A lead agency's request for a later deadline, and the chair's decision on it."""

    __tablename__ = "task_extension"
    __table_args__ = (Index("ix_task_extension_task_status", "task_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[TaskId]
    requested_by_id: Mapped[PersonId]
    # The agency that asked (the lead agency at the time).
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), nullable=False)
    requested_deadline: Mapped[date] = mapped_column(nullable=False)
    # The deadline in force when the request was made.
    previous_deadline: Mapped[date | None] = mapped_column(nullable=True)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[str] = mapped_column(
        String(10), nullable=False, default=ExtensionStatus.PENDING
    )
    decided_by_id: Mapped[PersonId]
    decision_comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[CreatedAt]

    task = relationship("Task")
    requested_by = relationship("User", foreign_keys="[TaskExtension.requested_by_id]")
    decided_by = relationship("User", foreign_keys="[TaskExtension.decided_by_id]")
    agency = relationship("Agency")
    attachments = relationship(
        "Attachment", back_populates="extension", cascade="all, delete-orphan",
        order_by="Attachment.id",
    )

    @property
    def is_pending(self) -> bool:
        """Waiting for the chair's decision."""
        return self.status == ExtensionStatus.PENDING

    @property
    def is_granted(self) -> bool:
        return self.status == ExtensionStatus.GRANTED
