"""Saving what the secretary confirmed on the review screen: the document and its tasks."""

from __future__ import annotations

from datetime import date, datetime

from tracker.clock import local_today
from tracker.committees.models import Committee
from tracker.resolutions.models import Resolution
from tracker.tasks.recurrence.periods import Frequency
from tracker.tasks.recurrence.services import RuleSpec, SeriesError, create_series
from tracker.tasks.services import (
    TaskError,
    TaskSpec,
    assign_task,
    record_resolution_with_tasks,
)

# The recurrence values the extraction reads ("monthly:15", "quarterly" …), and where a
# period's report falls when the text gives no day: the period's last day (31 is clamped
# to the month's last day).
PERIOD_END = 31


def recurrence_rule(recurrence: str) -> RuleSpec:
    """The recurring duty's rule for a draft's rhythm: "monthly:15" is due the 15th of each
    month, "quarterly" the last day of each quarter, "weekly" every week from the start."""
    kind, _, day = recurrence.partition(":")
    if kind == "weekly":
        return RuleSpec(frequency=Frequency.WEEKS, interval=1)
    return RuleSpec(frequency=kind, due_day=int(day) if day.isdigit() else PERIOD_END)


def save_draft(committee: Committee, *, actor, resolution_fields: dict,
               task_specs: list[TaskSpec], recurrences: list[str | None] | None = None,
               lead_days: int = 0, now: datetime | None = None) -> Resolution:
    """Record the reviewed draft as the several-tasks screen records a document: the
    resolution and every task in the caller's transaction, all or nothing (a broken rule in
    row ``i`` is a ``TaskError`` on ``tasks-i-<field>``, a taken number one on ``number``).

    A row whose text set a rhythm (``recurrences[i]``, "trước ngày 15 hằng tháng") becomes
    a recurring duty of the document instead of one task (``tracker.tasks.recurrence``):
    from the document's date, or today when the document is older (an old document's
    periods are not invented as missed), with the occurrences due within ``lead_days``
    made at once and the later ones by the scheduler.

    Drafts are never stored: until this call they live in the review form only."""
    resolution = record_resolution_with_tasks(committee, actor=actor,
                                              resolution_fields=resolution_fields,
                                              task_specs=[])
    recurrences = recurrences or [None] * len(task_specs)
    starts_on: date = max(resolution.issued_on, local_today(committee.timezone, now))
    for index, (spec, recurrence) in enumerate(zip(task_specs, recurrences, strict=True)):
        prefix = f"tasks-{index}-"
        if not recurrence:
            assign_task(resolution, spec, actor=actor, prefix=prefix)
            continue
        try:
            create_series(resolution, spec, recurrence_rule(recurrence), starts_on=starts_on,
                          actor=actor, lead_days=lead_days, now=now)
        except SeriesError as error:
            raise TaskError(prefix + error.field, error.message) from None
    return resolution
