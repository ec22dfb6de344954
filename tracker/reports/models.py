"""The dashboard's maintained counts: a committee's tasks counted by lead agency, state and
deadline, kept up to date by every write of a task (``reports.services``).

A task's category depends on the day, so it is not what is counted: what is counted is
what the category rule reads (``tasks.categories.tally_key_columns``): the state, the
deadline while the task is in work, and whether a done task was done late. The dashboard
rolls the rows up into categories on the committee's today
(``categories.tally_category_expression``): a few thousand rows per committee, bounded by
agencies × deadline days, whatever the number of tasks (a 50,000-task committee of the 1M
data set reads ~11,000 rows instead of 50,000 index entries).

Rows are not unique per key: a key's count is the sum of its rows (two transactions may
each insert the first row of a new key at once), and a row may fall to zero. The periodic
check (``reports.services.check_tallies``) merges them and repairs any drift.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, false
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db
from tracker.tasks.models import TaskState


class TaskTally(db.Model):
    __tablename__ = "task_tally"
    __table_args__ = (
        # Every column the roll-up reads, the count last: the dashboard reads the index alone.
        Index("ix_task_tally_key", "committee_id", "lead_agency_id", "state", "deadline",
              "done_late", "tasks"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(
        ForeignKey("committee.id", ondelete="CASCADE"), nullable=False)
    lead_agency_id: Mapped[int] = mapped_column(
        ForeignKey("agency.id", ondelete="CASCADE"), nullable=False, index=True)
    state: Mapped[str] = mapped_column(String(20), nullable=False)
    # The deadline in force while the task is in work; NULL otherwise (and for standing duties).
    deadline: Mapped[date | None] = mapped_column(Date, nullable=True)
    done_late: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False,
                                            server_default=false())
    tasks: Mapped[int] = mapped_column(Integer, nullable=False)

    # The states as SQL conditions, as on Task (which verb a state allows is the workflow's).
    is_done = hybrid_property(lambda row: row.state == TaskState.DONE)
    is_cancelled = hybrid_property(lambda row: row.state == TaskState.CANCELLED)
