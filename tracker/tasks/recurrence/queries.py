"""The read side of recurring duties: a series' occurrences with their outcomes, the
series of a resolution, and the counts the agency scorecard shows beside its ranking."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, func, literal, select
from sqlalchemy.orm import selectinload

from tracker.clock import local_today
from tracker.extensions import db
from tracker.paging import Page, paginate_rows
from tracker.tasks.categories import Category, category_expression
from tracker.tasks.models import Task
from tracker.tasks.recurrence import periods
from tracker.tasks.recurrence.models import TaskSeries

# An occurrence's outcome, from its task's category (the one rule every list counts by).
OUTCOMES = {
    Category.DONE_ON_TIME: "on_time", Category.DONE_LATE: "late", Category.OVERDUE: "missed",
    Category.IN_PROGRESS: "in_progress", Category.DUE_SOON: "in_progress",
    Category.STANDING: "in_progress", Category.CANCELLED: "cancelled",
}
OUTCOME_LABELS = {
    "on_time": _l("Done on time"), "late": _l("Done late"),
    "missed": _l("Missed (overdue, not done)"), "in_progress": _l("In progress"),
    "upcoming": _l("Upcoming"), "cancelled": _l("Cancelled"),
}
# The badge colour of each outcome: the category badge it stands for.
OUTCOME_BADGES = {"on_time": "done_on_time", "late": "done_late", "missed": "overdue",
                  "in_progress": "in_progress", "upcoming": "standing",
                  "cancelled": "cancelled"}


@dataclass(frozen=True)
class OccurrenceRow:
    task_id: int | None  # None: upcoming, not made yet
    period: str
    deadline: date
    completed_on: date | None
    outcome: str


def series_today(series: TaskSeries, now: datetime | None = None) -> date:
    return local_today(series.committee.timezone if series.committee else None, now)


def occurrences_query(series: TaskSeries, now: datetime | None = None):
    """The series' occurrences (id, period, deadline, completed_on, category), the latest
    period first: the site's page and the API's list read it."""
    today = literal(series_today(series, now), Date)
    return (select(Task.id, Task.series_period, Task.deadline, Task.completed_on,
                   category_expression(today, due_soon_days=series.committee.due_soon_days)
                   .label("category"))
            .where(Task.series_id == series.id)
            .order_by(Task.deadline.desc(), Task.id.desc()))


def occurrence_rows(rows) -> list[OccurrenceRow]:
    return [OccurrenceRow(row.id, row.series_period, row.deadline, row.completed_on,
                          OUTCOMES[Category(row.category)]) for row in rows]


def occurrences_page(series: TaskSeries, page: int, per_page: int,
                     now: datetime | None = None) -> Page:
    """One page of the series' occurrences, each with its outcome today."""
    result = paginate_rows(occurrences_query(series, now), page, per_page)
    result.items = occurrence_rows(result.items)
    return result


def upcoming(series: TaskSeries) -> OccurrenceRow | None:
    """The next occurrence the scheduler will make, or None (stopped, or past its end)."""
    if series.is_stopped:
        return None
    last = db.session.scalar(select(func.max(Task.deadline))
                             .where(Task.series_id == series.id))
    after = last if last is not None else series.starts_on - timedelta(days=1)
    found = periods.next_occurrence(series.rule, series.starts_on, after, ends_on=series.ends_on)
    if found is None:
        return None
    return OccurrenceRow(None, found[0], found[1], None, "upcoming")


def resolution_series(resolution_id: int) -> list[TaskSeries]:
    """The recurring duties a resolution assigns, with their lead agencies, oldest first."""
    return list(db.session.scalars(
        select(TaskSeries).where(TaskSeries.resolution_id == resolution_id)
        .options(selectinload(TaskSeries.lead_agency)).order_by(TaskSeries.id)))


def recurring_outcomes(committee_id: int, today: date) -> dict[int, dict[str, int]]:
    """Per lead agency, its recurring occurrences done on time, done late and missed on the
    committee's ``today`` (the scorecard's "of which recurring" line): one GROUP BY."""
    category = category_expression(literal(today, Date), due_soon_days=0)
    rows = db.session.execute(
        select(Task.lead_agency_id, category.label("category"), func.count())
        .where(Task.committee_id == committee_id, Task.series_id.is_not(None))
        .group_by(Task.lead_agency_id, category))
    counts: dict[int, dict[str, int]] = {}
    for agency_id, value, n in rows:
        outcome = OUTCOMES[Category(value)]
        per_agency = counts.setdefault(agency_id, {"on_time": 0, "late": 0, "missed": 0})
        if outcome in per_agency:
            per_agency[outcome] += n
    return counts
