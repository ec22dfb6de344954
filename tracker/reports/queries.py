"""Read side of the chair's review: counts, overdue list, agency scorecard, pending reviews.

Every figure is counted through the one category rule of
``tracker.tasks.categories`` (on the committee's today), so the dashboard,
the reminders and the periodic summaries agree with every task list. ``now``
is injectable so a summary can be computed "as of" any instant and tests can
fix the clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction
from typing import NamedTuple

from sqlalchemy import Date, func, literal, select, union_all
from sqlalchemy.orm import selectinload

from tracker.clock import local_today
from tracker.committees.models import Agency, Committee
from tracker.extensions import db
from tracker.reports.models import TaskTally
from tracker.tasks.categories import (
    IN_TIME,
    Category,
    category_filter,
    days_between,
    reported_counts,
    tally_category_expression,
)
from tracker.tasks.models import Task

# Overdue tasks the dashboard lists per lead agency, the most late first. The agency's full
# count is beside them and links to its whole overdue list: a committee of 50,000 tasks has
# ~10,000 overdue, and listing them all made the page 3.2 MB at 1M tasks (41 kB now).
OVERDUE_LISTED_PER_AGENCY = 10


class Tally(NamedTuple):
    """A committee's tasks counted by lead agency and category, on the committee's today."""

    today: date
    agencies: dict[int, Agency]
    counts: dict[int, dict[str, int]]  # agency id → category value → tasks
    days_late: dict[int, int]  # agency id → days late summed over its overdue tasks


def committee_tally(committee_id: int, now: datetime | None = None) -> Tally:
    """The committee's tasks counted by lead agency and category, from the maintained
    counts (``reports.models.TaskTally``), rolled up on the committee's today.

    The day and the due-soon window are the committee's own; the rows are the tasks
    counted by agency, state and deadline (while in work), so the roll-up reads a few
    thousand index entries whatever the number of tasks. The agencies come in the same
    statement, and each group's days late summed (each row's days × its tasks): the order
    of the worst agencies reads the overdue group's.
    """
    zone, window = db.session.execute(
        select(Committee.timezone, Committee.due_soon_days).where(Committee.id == committee_id)
    ).one_or_none() or (None, 0)
    today = local_today(zone, now)
    day = literal(today, Date)
    category = tally_category_expression(day, window, TaskTally).label("category")
    tasks = func.sum(TaskTally.tasks)
    # Summed in every group, read in the overdue one only (where each deadline is past).
    late = func.coalesce(func.sum(TaskTally.tasks * days_between(day, TaskTally.deadline)), 0)
    tally = (
        select(TaskTally.lead_agency_id, category, tasks.label("tasks"), late.label("days"))
        .where(TaskTally.committee_id == committee_id)
        .group_by(TaskTally.lead_agency_id, category)
        .having(tasks > 0)
        .subquery()
    )
    agencies: dict[int, Agency] = {}
    counts: dict[int, dict[str, int]] = {}
    days_late: dict[int, int] = {}
    for agency, value, tasks, days in db.session.execute(
        select(Agency, tally.c.category, tally.c.tasks, tally.c.days)
        .join(tally, tally.c.lead_agency_id == Agency.id)
    ):
        agencies[agency.id] = agency
        counts.setdefault(agency.id, {})[value] = int(tasks)
        if value == Category.OVERDUE.value:
            days_late[agency.id] = int(days)
    return Tally(today, agencies, counts, days_late)


def category_counts(committee_id: int, now: datetime | None = None,
                    tally: Tally | None = None) -> dict[str, int]:
    """How many of the committee's tasks fall in each category, zeros included.

    ``in_time`` is DOMAIN.md's "in progress, on time": in progress plus due soon.
    """
    tally = tally or committee_tally(committee_id, now)
    counts: dict[str, int] = {}
    for per_category in tally.counts.values():
        for value, tasks in per_category.items():
            counts[value] = counts.get(value, 0) + tasks
    return reported_counts(counts)


class OverdueTask(NamedTuple):
    task: Task
    days_late: int


class OverdueGroup(NamedTuple):
    agency: Agency
    tasks: list[OverdueTask]  # most late first, at most OVERDUE_LISTED_PER_AGENCY
    total: int  # every overdue task the agency leads in the committee


def overdue_by_agency(committee_id: int, now: datetime | None = None,
                      tally: Tally | None = None,
                      per_agency: int = OVERDUE_LISTED_PER_AGENCY) -> list[OverdueGroup]:
    """The committee's overdue tasks grouped by lead agency, with days late.

    The worst first: agencies with the most overdue tasks, then the most days late (summed
    over their overdue tasks), then by name; inside a group the task
    late the longest comes first (then by id), and only the first ``per_agency`` are listed:
    one ``LIMIT`` per agency, read in order from ix_task_in_work_committee_lead_deadline,
    so the page costs the same whatever the backlog.
    """
    tally = tally or committee_tally(committee_id, now)
    totals = {agency_id: per_category.get(Category.OVERDUE.value, 0)
              for agency_id, per_category in tally.counts.items()}
    late = [agency_id for agency_id, total in totals.items() if total]
    if not late:
        return []
    overdue = category_filter(Category.OVERDUE, literal(tally.today, Date))
    firsts = [
        select(Task.id).where(Task.committee_id == committee_id, Task.lead_agency_id == agency_id,
                              overdue)
        .order_by(Task.deadline.asc(), Task.id.asc()).limit(per_agency).subquery()
        for agency_id in sorted(late)
    ]
    listed = union_all(*(select(first.c.id) for first in firsts))
    # No raiseload here: these Task objects are the identity map's, shared with the rest of
    # the page (a pending request's task is one of them, and its decision buttons read the
    # committee); the statement count test keeps this list from loading anything per row.
    tasks = db.session.scalars(
        select(Task).where(Task.id.in_(listed))
        .order_by(Task.deadline.asc(), Task.id.asc())
    ).all()
    groups = {agency_id: OverdueGroup(tally.agencies[agency_id], [], totals[agency_id])
              for agency_id in late}
    for task in tasks:
        groups[task.lead_agency_id].tasks.append(
            OverdueTask(task, (tally.today - task.deadline).days))
    return sorted(groups.values(), key=lambda g: worst_first(
        g.total, tally.days_late.get(g.agency.id, 0), g.agency.label))


def worst_first(overdue: int, days_late: int, label: str) -> tuple:
    """The order of overdue lists by agency, on the dashboard and in every summary: the
    most overdue tasks, then the most days late, then by name."""
    return (-overdue, -days_late, label.casefold())


@dataclass
class AgencyScore:
    """One lead agency's line in the ranking table."""

    agency: Agency
    assigned: int  # every task but the cancelled ones
    done_on_time: int
    done_late: int
    in_progress: int  # in time, due soon included
    due_soon: int  # of which due soon
    overdue: int
    standing: int
    cancelled: int
    days_late: int = 0  # summed over the overdue tasks
    rank: int | None = None  # 1 = best; ties share a rank; None: nothing assigned, not ranked

    @property
    def rated(self) -> int:
        """Tasks the on-time rate is measured on: finished, or in progress past the deadline."""
        return self.done_on_time + self.done_late + self.overdue

    @property
    def rate_fraction(self) -> Fraction | None:
        return Fraction(self.done_on_time, self.rated) if self.rated else None

    @property
    def on_time_rate(self) -> float | None:
        """done on time ÷ (done + overdue in progress); None when nothing is rated yet."""
        fraction = self.rate_fraction
        return float(fraction) if fraction is not None else None


def _name_key(agency: Agency) -> str:
    return agency.label.casefold()


def agency_scorecard(committee_id: int, now: datetime | None = None,
                     tally: Tally | None = None) -> list[AgencyScore]:
    """Every lead agency with a task in the committee, ranked by on-time rate.

    Read from the committee's tally (one GROUP BY). See ``rank_scores`` for the order.
    """
    tally = tally or committee_tally(committee_id, now)

    def count(per_category: dict[str, int], *categories: Category) -> int:
        return sum(per_category.get(c.value, 0) for c in categories)

    scores = []
    for agency_id, per_category in tally.counts.items():
        values = {
            "done_on_time": count(per_category, Category.DONE_ON_TIME),
            "done_late": count(per_category, Category.DONE_LATE),
            "in_progress": count(per_category, *IN_TIME),
            "due_soon": count(per_category, Category.DUE_SOON),
            "overdue": count(per_category, Category.OVERDUE),
            "standing": count(per_category, Category.STANDING),
            "cancelled": count(per_category, Category.CANCELLED),
        }
        assigned = sum(values[name] for name in
                       ("done_on_time", "done_late", "in_progress", "overdue", "standing"))
        scores.append(AgencyScore(agency=tally.agencies[agency_id], assigned=assigned,
                                  days_late=tally.days_late.get(agency_id, 0), **values))
    return rank_scores(scores)


def rank_scores(scores: list[AgencyScore]) -> list[AgencyScore]:
    """Order by on-time rate (best first, unrated last), ties broken by fewer overdue tasks,
    then fewer days late, and give competition ranks (1, 2, 2, 4) to what is still equal.
    Agencies with nothing assigned (only cancelled tasks) are not ranked: listed last,
    by name, with no rank."""

    def standing(score: AgencyScore):
        fraction = score.rate_fraction
        return (fraction is None, -(fraction or 0), score.overdue, score.days_late)

    ranked = sorted((s for s in scores if s.assigned),
                    key=lambda s: (standing(s), _name_key(s.agency)))
    previous = None
    for position, score in enumerate(ranked, start=1):
        if previous is None or standing(score) != standing(previous):
            score.rank = position
        else:
            score.rank = previous.rank
        previous = score
    unranked = sorted((s for s in scores if not s.assigned), key=lambda s: _name_key(s.agency))
    for score in unranked:
        score.rank = None
    return ranked + unranked


class CommitteeFigures(NamedTuple):
    """What the dashboard shows, the page and the API alike."""

    as_of: date  # the committee's today: the day the categories describe
    counts: dict[str, int]
    scores: list[AgencyScore]
    overdue: list[OverdueGroup]


def committee_figures(committee_id: int, now: datetime | None = None) -> CommitteeFigures:
    """The dashboard's counts, ranking and overdue lists from one tally: two statements
    (the GROUP BY and the listed overdue tasks) whatever the committee's size."""
    tally = committee_tally(committee_id, now)
    return CommitteeFigures(
        as_of=tally.today,
        counts=category_counts(committee_id, tally=tally),
        scores=agency_scorecard(committee_id, tally=tally),
        overdue=overdue_by_agency(committee_id, tally=tally),
    )


def pending_completions(committee_id: int) -> list[Task]:
    """Completions the lead agencies reported and nobody has reviewed yet, oldest first."""
    return list(db.session.scalars(
        select(Task)
        .where(Task.committee_id == committee_id, Task.is_awaiting_review)
        .options(selectinload(Task.lead_agency))
        .order_by(Task.submitted_on.asc(), Task.id.asc())
    ))


__all__ = [
    "OVERDUE_LISTED_PER_AGENCY",
    "AgencyScore",
    "OverdueGroup",
    "OverdueTask",
    "CommitteeFigures",
    "committee_figures",
    "agency_scorecard",
    "category_counts",
    "overdue_by_agency",
    "pending_completions",
    "rank_scores",
    "worst_first",
    "Tally",
    "committee_tally",
]
