"""Read side of the chair's review: counts, overdue list, agency scorecard, pending reviews.

Every figure is counted through the one category rule of
``tracker.tasks.categories`` (in each committee's time zone), so the dashboard,
the reminders and the periodic summaries agree with every task list. ``now``
is injectable so a summary can be computed "as of" any instant and tests can
fix the clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from typing import NamedTuple

from sqlalchemy import case, func, select
from sqlalchemy.orm import selectinload

from tracker.committees.models import Agency, Committee
from tracker.extensions import db
from tracker.tasks.categories import (
    IN_TIME,
    Category,
    category_expression,
    category_filter,
    days_left_expression,
    local_today_expression,
)
from tracker.tasks.models import Task


def _joined(query):
    """The category expressions need the task's committee (its zone, its due-soon window)."""
    return query.join(Committee, Committee.id == Task.committee_id)


def category_counts(committee_id: int, now: datetime | None = None) -> dict[str, int]:
    """How many of the committee's tasks fall in each category, zeros included.

    ``in_time`` is DOMAIN.md's "in progress, on time": in progress plus due soon.
    """
    category = category_expression(local_today_expression(now)).label("category")
    rows = db.session.execute(
        _joined(select(category, func.count(Task.id)))
        .where(Task.committee_id == committee_id)
        .group_by(category)
    ).all()
    counts = {c.value: 0 for c in Category}
    counts.update({value: total for value, total in rows})
    counts["in_time"] = sum(counts[c.value] for c in IN_TIME)
    return counts


class OverdueTask(NamedTuple):
    task: Task
    days_late: int


class OverdueGroup(NamedTuple):
    agency: Agency
    tasks: list[OverdueTask]  # most late first


def overdue_by_agency(committee_id: int, now: datetime | None = None) -> list[OverdueGroup]:
    """The committee's overdue tasks grouped by lead agency, with days late.

    Agencies with the most overdue tasks come first (then by name); inside a
    group the task late the longest comes first.
    """
    today = local_today_expression(now)
    days_left = days_left_expression(today).label("days_left")
    rows = db.session.execute(
        _joined(select(Task, days_left))
        .where(Task.committee_id == committee_id, category_filter(Category.OVERDUE, today))
        .options(selectinload(Task.lead_agency))
        .order_by(days_left.asc(), Task.id.asc())
    ).all()
    groups: dict[int, OverdueGroup] = {}
    for task, left in rows:
        group = groups.setdefault(task.lead_agency_id, OverdueGroup(task.lead_agency, []))
        group.tasks.append(OverdueTask(task, -left))
    return sorted(groups.values(), key=lambda g: (-len(g.tasks), _name_key(g.agency)))


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
    rank: int = 0  # 1 = best; ties share a rank

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


def agency_scorecard(committee_id: int, now: datetime | None = None) -> list[AgencyScore]:
    """Every lead agency with a task in the committee, ranked by on-time rate.

    One GROUP BY over the category expression. Ranking is standard competition
    ranking (1, 2, 2, 4); agencies with nothing rated yet share the last rank.
    Equal ranks are listed by agency name.
    """
    categorised = (
        _joined(select(
            Task.lead_agency_id,
            category_expression(local_today_expression(now)).label("category"),
        ))
        .where(Task.committee_id == committee_id)
        .subquery()
    )

    def count(*categories: Category):
        return func.sum(case((categorised.c.category.in_([c.value for c in categories]), 1),
                             else_=0))

    columns = {
        "done_on_time": count(Category.DONE_ON_TIME),
        "done_late": count(Category.DONE_LATE),
        "in_progress": count(*IN_TIME),
        "due_soon": count(Category.DUE_SOON),
        "overdue": count(Category.OVERDUE),
        "standing": count(Category.STANDING),
        "cancelled": count(Category.CANCELLED),
    }
    query = (
        select(Agency, *(c.label(name) for name, c in columns.items()))
        .join(categorised, categorised.c.lead_agency_id == Agency.id)
        .group_by(Agency.id)
    )
    scores = []
    for agency, *figures in db.session.execute(query).all():
        values = {name: int(value or 0) for name, value in zip(columns, figures, strict=True)}
        assigned = sum(values[name] for name in
                       ("done_on_time", "done_late", "in_progress", "overdue", "standing"))
        scores.append(AgencyScore(agency=agency, assigned=assigned, **values))
    return rank_scores(scores)


def rank_scores(scores: list[AgencyScore]) -> list[AgencyScore]:
    """Order by on-time rate (best first, unrated last) and give competition ranks."""

    def sort_key(score: AgencyScore):
        fraction = score.rate_fraction
        return (fraction is None, -(fraction or 0), _name_key(score.agency))

    ordered = sorted(scores, key=sort_key)
    previous = object()
    for position, score in enumerate(ordered, start=1):
        if score.rate_fraction != previous:
            score.rank, previous = position, score.rate_fraction
        else:
            score.rank = ordered[position - 2].rank
    return ordered


def pending_completions(committee_id: int) -> list[Task]:
    """Completions the lead agencies reported and nobody has reviewed yet, oldest first."""
    return list(db.session.scalars(
        select(Task)
        .where(Task.committee_id == committee_id, Task.is_awaiting_review)
        .options(selectinload(Task.lead_agency))
        .order_by(Task.submitted_on.asc(), Task.id.asc())
    ))


__all__ = [
    "AgencyScore",
    "OverdueGroup",
    "OverdueTask",
    "agency_scorecard",
    "category_counts",
    "overdue_by_agency",
    "pending_completions",
    "rank_scores",
]
