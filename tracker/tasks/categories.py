"""The reporting categories of DOMAIN.md — the one implementation.

A task's category is derived, never stored: it depends on the day, and the day
depends on the committee's time zone. It is written once, as a SQL expression,
so every list, dashboard, ranking, reminder and summary counts alike and can
filter, sort and group in the database. ``category_of`` asks the same
expression about one task.

The rules: cancelled; done, on time if completed on or before the deadline in
force (or it had none), else late; open or submitted with no deadline: standing
duty; with a deadline before today: overdue; within the committee's
``due_soon_days``: due soon; otherwise in progress. ``category_conditions`` writes
each as its own condition, so a list can filter by one with an index.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import NamedTuple

from sqlalchemy import Date, Integer, and_, case, literal, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, FunctionElement

from tracker.clock import local_today, utcnow
from tracker.committees.choices import choices_token
from tracker.committees.models import Committee
from tracker.extensions import db
from tracker.labels import REPORTED_LABELS
from tracker.tasks import workflow
from tracker.tasks.models import Task


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

# The figures a reader is shown, in order: DOMAIN.md's table, where "in progress, on time"
# ("in_time") counts the due-soon tasks too and "due soon" is the "of which" line under it.
# The dashboard, its API and every summary document show these, so a reader never sees
# one number called "in progress, on time" on the screen and another in the PDF.
REPORTED_FIGURES = ("overdue", "in_time", "due_soon", "done_on_time", "done_late",
                    "standing", "cancelled")


def reported_counts(per_category: dict[str, int]) -> dict[str, int]:
    """Every category's count (missing ones are 0) and ``in_time``, DOMAIN.md's "in
    progress, on time" (in progress plus due soon), from tasks counted per category.

    The one place "in progress, on time" is summed: the dashboard, the API dashboard and
    the summaries all count through it, and show ``REPORTED_FIGURES``."""
    counts = {c.value: per_category.get(c.value, 0) for c in Category}
    counts["in_time"] = sum(counts[c.value] for c in IN_TIME)
    return counts


def reported_figures(per_category: dict[str, int]) -> list[tuple[str, object, int]]:
    """(figure, its label, count) for each of ``REPORTED_FIGURES``, in order: the lines of
    the dashboard's tiles and of every summary's table."""
    counts = reported_counts(per_category)
    return [(name, REPORTED_LABELS[name], counts[name]) for name in REPORTED_FIGURES]


def tasks_total(counts: dict[str, int]) -> int:
    """Every task once: the sum of the categories (``in_time`` overlaps two of them)."""
    return sum(counts.get(c.value, 0) for c in Category)


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


# The committees' distinct zones, kept under the token they were read with (committees.choices:
# a committee's write renews it): (token, zones), or None.
_zones_kept: tuple[str, tuple[str | None, ...]] | None = None


def committee_zones() -> tuple[str | None, ...]:
    """The distinct zones of the committees. Read once per change of the committees in each
    process (a list page used to spend a statement on them); not kept while the token is ""
    (no committee written through the services yet, so a change could not be told)."""
    global _zones_kept
    token, kept = choices_token(), _zones_kept
    if token and kept is not None and kept[0] == token:
        return kept[1]
    zones = tuple(db.session.scalars(select(Committee.timezone).distinct()))
    _zones_kept = (token, zones) if token else None
    return zones


def forget_zones() -> None:
    """Forget the zones kept by this process (the statement-count tests measure a cold
    request)."""
    global _zones_kept
    _zones_kept = None


def local_dates(now: datetime | None = None) -> LocalDates:
    """Today's date in each committee's zone at ``now`` (``committee_zones``).

    A province has a handful of zones at most (usually one). The answer is a plain value, so
    a list's statement built on it can be kept and reused for the same dates
    (``tasks.queries``)."""
    now = now or utcnow()
    zones = committee_zones()
    if len(zones) <= 1:
        return LocalDates(local_today(zones[0] if zones else None, now))
    return LocalDates(local_today(None, now), tuple(
        (zone, local_today(zone, now)) for zone in sorted(zones, key=lambda zone: zone or "")))


class LocalDates(NamedTuple):
    """``today`` when every committee is in one zone; else the date of each zone
    (``by_zone``) with ``today`` the default zone's, for a zone not listed."""

    today: date
    by_zone: tuple[tuple[str | None, date], ...] = ()


def today_expression(dates: LocalDates) -> ColumnElement:
    """Today's date in each task's committee zone, as SQL (needs ``Committee`` joined when
    the committees are in more than one zone: a CASE on its zone)."""
    if not dates.by_zone:
        return literal(dates.today, Date)
    return case(
        {zone: literal(day, Date) for zone, day in dates.by_zone},
        value=Committee.timezone,
        else_=literal(dates.today, Date),
    )


def local_today_expression(now: datetime | None = None) -> ColumnElement:
    """Today's date in each task's committee zone, as SQL (``local_dates`` then
    ``today_expression``)."""
    return today_expression(local_dates(now))




def category_conditions(today: ColumnElement, deadline: ColumnElement | None = None,
                        due_soon_days: int | None = None) -> dict[Category, ColumnElement]:
    """Each category's own condition on ``Task`` (needs ``Committee`` joined, unless
    ``due_soon_days`` is given).

    ``deadline`` is the deadline in force unless a summary counts against another
    (``Task.original_deadline``: the same rule, as if no extension had been granted).
    ``due_soon_days`` is one committee's window, for a question about that committee alone
    (its dashboard): the conditions then read the task table and nothing else, so an index
    on it can answer them.

    The conditions exclude one another and cover every task, so each can filter a list on
    its own (and use the state/deadline indexes) while ``category_expression`` names the
    one that holds. This is the rule of DOMAIN.md, written once.
    """
    deadline = Task.deadline if deadline is None else deadline
    window = Committee.due_soon_days if due_soon_days is None else literal(due_soon_days)
    return _rule(
        today, deadline, window,
        in_work=Task.state.in_(workflow.IN_WORK), cancelled=Task.is_cancelled,
        done_on_time=and_(Task.is_done,
                          or_(deadline.is_(None), Task.completed_on <= deadline)),
        done_late=and_(Task.is_done, deadline.is_not(None),
                       or_(Task.completed_on.is_(None), Task.completed_on > deadline)))


def _rule(today: ColumnElement, deadline: ColumnElement, window: ColumnElement, *,
          in_work: ColumnElement, cancelled: ColumnElement, done_on_time: ColumnElement,
          done_late: ColumnElement) -> dict[Category, ColumnElement]:
    """The rule itself, on any source that says which tasks are in work, cancelled, done
    on time or late, and their deadline: the task table, or the maintained counts."""
    in_time = and_(in_work, deadline.is_not(None), deadline >= today)
    return {
        Category.CANCELLED: cancelled,
        Category.DONE_ON_TIME: done_on_time,
        Category.DONE_LATE: done_late,
        Category.STANDING: and_(in_work, deadline.is_(None)),
        Category.OVERDUE: and_(in_work, deadline.is_not(None), deadline < today),
        Category.DUE_SOON: and_(
            in_time, days_between(deadline, today) <= window),
        Category.IN_PROGRESS: and_(
            in_time, days_between(deadline, today) > window),
    }


def tally_key_columns() -> tuple[ColumnElement, ColumnElement]:
    """What a task is counted under in the maintained counts (``reports.models.TaskTally``),
    besides its committee, lead agency and state: its deadline while in work (the only
    tasks whose category moves with the day), and whether it was done late (the rest of
    the rule, fixed once done). Read from the task table, by the rule above."""
    deadline = case((Task.state.in_(workflow.IN_WORK), Task.deadline), else_=None)
    late = category_conditions(literal(None, Date), due_soon_days=0)[Category.DONE_LATE]
    return deadline.label("deadline"), case((late, True), else_=False).label("done_late")


def tally_category_expression(today: ColumnElement, due_soon_days: int, tally) -> ColumnElement:
    """The category of each row of the maintained counts (``tally``: the TaskTally model)
    on ``today``, by the same rule as ``category_expression``: one committee's window."""
    conditions = _rule(
        today, tally.deadline, literal(due_soon_days),
        in_work=tally.state.in_(workflow.IN_WORK), cancelled=tally.is_cancelled,
        done_on_time=and_(tally.is_done, tally.done_late.is_(False)),
        done_late=and_(tally.is_done, tally.done_late.is_(True)))
    return case(
        *((condition, literal(category.value)) for category, condition in conditions.items()),
        else_=literal(Category.IN_PROGRESS.value),
    )


def category_expression(today: ColumnElement, deadline: ColumnElement | None = None,
                        due_soon_days: int | None = None) -> ColumnElement:
    """The category of ``Task`` on ``today`` (needs ``Committee`` joined unless
    ``due_soon_days`` is given); ``deadline`` and ``due_soon_days`` as in
    ``category_conditions``."""
    conditions = category_conditions(today, deadline, due_soon_days)
    return case(
        *((condition, literal(category.value)) for category, condition in conditions.items()),
        else_=literal(Category.IN_PROGRESS.value),
    )


def days_left_expression(today: ColumnElement) -> ColumnElement:
    """Days from today to the deadline in force: negative = days late; NULL for standing."""
    return days_between(Task.deadline, today)


def category_filter(category: str | Category, today: ColumnElement) -> ColumnElement:
    """A WHERE clause selecting tasks of one category (or the "in time" pair)."""
    conditions = category_conditions(today)
    if category == "in_time":
        return or_(*(conditions[c] for c in IN_TIME))
    return conditions[Category(category)]


def is_open_overdue(today: ColumnElement) -> ColumnElement:
    """Open or submitted, with a deadline before today (the OVERDUE condition)."""
    return category_conditions(today)[Category.OVERDUE]


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
    "REPORTED_FIGURES",
    "category_expression",
    "category_filter",
    "category_of",
    "days_left_expression",
    "days_left_of",
    "is_open_overdue",
    "tally_category_expression",
    "tally_key_columns",
    "LocalDates",
    "local_dates",
    "local_today_expression",
    "today_expression",
    "reported_counts",
    "reported_figures",
    "tasks_total",
]
