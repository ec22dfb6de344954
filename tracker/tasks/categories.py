"""The reporting categories of DOMAIN.md — the one implementation.

A task's category is derived, never stored: it depends on the day, and the day
depends on the committee's time zone. It is written once, as a SQL expression,
so every list, dashboard, ranking, reminder and summary counts alike and can
filter, sort and group in the database. ``category_of`` asks the same
expression about one task.

Order of the rules (first match wins):
  cancelled → done (on time if completed on or before the deadline in force, or
  it had none) → standing duty (no deadline) → overdue (deadline before today)
  → due soon (deadline within the committee's ``due_soon_days``) → in progress.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Date, Integer, and_, case, literal, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, FunctionElement

from tracker.clock import local_today, utcnow
from tracker.committees.models import Committee
from tracker.extensions import db
from tracker.tasks.models import Task, TaskState


class Category(StrEnum):
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    IN_PROGRESS = "in_progress"  # open/submitted, in time, not yet due soon
    DUE_SOON = "due_soon"  # open/submitted, in time, due within due_soon_days
    OVERDUE = "overdue"
    STANDING = "standing"
    CANCELLED = "cancelled"


# The order categories are shown in, everywhere.
CATEGORY_ORDER = (
    Category.OVERDUE,
    Category.DUE_SOON,
    Category.IN_PROGRESS,
    Category.DONE_ON_TIME,
    Category.DONE_LATE,
    Category.STANDING,
    Category.CANCELLED,
)

# "In progress, on time" in DOMAIN.md counts due-soon tasks too.
IN_TIME = (Category.IN_PROGRESS, Category.DUE_SOON)


class days_between(FunctionElement):  # noqa: N801 — reads like the SQL function it stands for
    """Whole days from ``earlier`` to ``later`` (negative when later is earlier)."""

    type = Integer()
    inherit_cache = True
    name = "days_between"


@compiles(days_between)
def _days_between_default(element, compiler, **kw):
    later, earlier = list(element.clauses)
    return f"({compiler.process(later, **kw)} - {compiler.process(earlier, **kw)})"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element, compiler, **kw):
    later, earlier = list(element.clauses)
    return (
        f"CAST(julianday({compiler.process(later, **kw)}) - "
        f"julianday({compiler.process(earlier, **kw)}) AS INTEGER)"
    )


def local_today_expression(now: datetime | None = None) -> ColumnElement:
    """Today's date in each task's committee zone, as SQL (needs ``Committee`` joined).

    A province has a handful of zones at most (usually one), so the distinct
    zones are read once and mapped to their dates in a CASE.
    """
    now = now or utcnow()
    zones = db.session.scalars(select(Committee.timezone).distinct()).all()
    if len(zones) <= 1:
        return literal(local_today(zones[0] if zones else None, now), Date)
    return case(
        {zone: literal(local_today(zone, now), Date) for zone in zones},
        value=Committee.timezone,
        else_=literal(local_today(None, now), Date),
    )


def category_expression(today: ColumnElement) -> ColumnElement:
    """The category of ``Task`` on ``today`` (needs ``Committee`` joined)."""
    return case(
        (Task.state == TaskState.CANCELLED, literal(Category.CANCELLED.value)),
        (
            Task.state == TaskState.DONE,
            case(
                (
                    or_(Task.deadline.is_(None), Task.completed_on <= Task.deadline),
                    literal(Category.DONE_ON_TIME.value),
                ),
                else_=literal(Category.DONE_LATE.value),
            ),
        ),
        (Task.deadline.is_(None), literal(Category.STANDING.value)),
        (Task.deadline < today, literal(Category.OVERDUE.value)),
        (
            days_between(Task.deadline, today) <= Committee.due_soon_days,
            literal(Category.DUE_SOON.value),
        ),
        else_=literal(Category.IN_PROGRESS.value),
    )


def days_left_expression(today: ColumnElement) -> ColumnElement:
    """Days from today to the deadline in force: negative = days late; NULL for standing."""
    return days_between(Task.deadline, today)


def category_filter(category: str | Category, today: ColumnElement) -> ColumnElement:
    """A WHERE clause selecting tasks of one category (or the "in time" pair)."""
    expr = category_expression(today)
    if category == "in_time":
        return expr.in_([c.value for c in IN_TIME])
    return expr == Category(category).value


def is_open_overdue(today: ColumnElement) -> ColumnElement:
    """Open or submitted, with a deadline before today: the same rule as OVERDUE, indexable."""
    return and_(
        Task.state.in_([TaskState.OPEN, TaskState.SUBMITTED]),
        Task.deadline.is_not(None),
        Task.deadline < today,
    )


def category_of(task: Task, now: datetime | None = None) -> Category:
    """The category of one saved task at ``now``, by the same SQL rule as every list."""
    today = local_today_expression(now)
    value = db.session.execute(
        select(category_expression(today))
        .select_from(Task)
        .join(Committee, Committee.id == Task.committee_id)
        .where(Task.id == task.id)
    ).scalar_one()
    return Category(value)


def days_left_of(task: Task, now: datetime | None = None) -> int | None:
    """Days from the committee's today to the task's deadline (negative when late)."""
    if task.deadline is None:
        return None
    tz = task.committee.timezone if task.committee else None
    return (task.deadline - local_today(tz, now)).days


__all__ = [
    "Category",
    "CATEGORY_ORDER",
    "IN_TIME",
    "category_expression",
    "category_filter",
    "category_of",
    "days_left_expression",
    "days_left_of",
    "is_open_overdue",
    "local_today_expression",
]
