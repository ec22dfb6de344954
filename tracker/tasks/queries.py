"""Read side of tasks: the filtered, sorted, paginated lists every screen shows.

Every list selects ``(Task, category, days_left)`` through the one category rule
in ``categories.py``, restricted to the committees the user may see.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Select, case, exists, func, or_, select
from sqlalchemy.orm import selectinload

from tracker.committees.models import Agency, Committee
from tracker.domain import parse_id
from tracker.paging import Page, paginate_rows  # noqa: F401 — callers still import them here
from tracker.rights import only_visible
from tracker.tasks.categories import (
    Category,
    category_expression,
    category_filter,
    days_left_expression,
    local_today_expression,
)
from tracker.tasks.models import ProgressReport, Task, TaskExtension, TaskState, task_coordinator

VALID_CATEGORIES = {c.value for c in Category} | {"in_time"}


@dataclass
class TaskFilters:
    """What a task list is narrowed to; every field optional."""

    committee_id: int | None = None
    resolution_id: int | None = None
    agency_id: int | None = None  # lead agency
    involving_agency_id: int | None = None  # lead or coordinating
    coordinating_agency_id: int | None = None  # coordinating (not leading)
    category: str | None = None  # a Category value, or "in_time"
    due_from: date | None = None
    due_to: date | None = None
    q: str | None = None
    states: list[str] = field(default_factory=list)

    @classmethod
    def from_args(cls, args) -> TaskFilters:
        """Read filters from a query string, ignoring anything malformed."""

        def _date(name):
            try:
                return date.fromisoformat(args.get(name, ""))
            except (TypeError, ValueError):
                return None

        category = args.get("category") or None
        states = [s for s in args.getlist("state") if s in set(TaskState)] \
            if hasattr(args, "getlist") else []
        return cls(
            committee_id=parse_id(args.get("committee")),
            resolution_id=parse_id(args.get("resolution")),
            agency_id=parse_id(args.get("agency")),
            involving_agency_id=parse_id(args.get("involving")),
            coordinating_agency_id=parse_id(args.get("coordinating")),
            category=category if category in VALID_CATEGORIES else None,
            due_from=_date("due_from"),
            due_to=_date("due_to"),
            q=(args.get("q") or "").strip()[:200] or None,
            states=states,
        )

    def as_args(self) -> dict:
        """The query-string form, for links that keep the current filters."""
        args = {
            "committee": self.committee_id, "resolution": self.resolution_id,
            "agency": self.agency_id, "involving": self.involving_agency_id,
            "coordinating": self.coordinating_agency_id,
            "category": self.category,
            "due_from": self.due_from.isoformat() if self.due_from else None,
            "due_to": self.due_to.isoformat() if self.due_to else None,
            "q": self.q,
        }
        return {k: v for k, v in args.items() if v is not None}


# Sort keys offered to users; anything else falls back to "urgency".
SORT_KEYS = ("urgency", "deadline", "title", "agency", "created", "progress")


def _order_by(sort: str, category, days_left):
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    urgency_rank = case(
        (category == Category.OVERDUE.value, 0),
        (category == Category.DUE_SOON.value, 1),
        (category == Category.IN_PROGRESS.value, 2),
        (category == Category.STANDING.value, 3),
        else_=4,
    )
    columns = {
        "urgency": [urgency_rank, Task.deadline.is_(None), Task.deadline],
        "deadline": [Task.deadline.is_(None), Task.deadline],
        "title": [Task.title],
        "agency": [func.coalesce(Agency.short_name, Agency.name)],
        "created": [Task.created_at],
        "progress": [Task.progress],
    }.get(key)
    if columns is None:
        columns, descending = [urgency_rank, Task.deadline.is_(None), Task.deadline], False
    ordered = [c.desc() if descending else c.asc() for c in columns]
    return [*ordered, Task.id.desc() if descending else Task.id.asc()]


def task_list_query(user, filters: TaskFilters, sort: str = "urgency",
                    now: datetime | None = None) -> Select:
    """``SELECT Task, category, days_left`` for the user's visible tasks matching the filters."""
    today = local_today_expression(now)
    category = category_expression(today).label("category")
    days_left = days_left_expression(today).label("days_left")
    query = (
        select(Task, category, days_left)
        .join(Committee, Committee.id == Task.committee_id)
        .join(Agency, Agency.id == Task.lead_agency_id)
        .options(selectinload(Task.lead_agency), selectinload(Task.coordinating_agencies),
                 selectinload(Task.resolution), selectinload(Task.committee))
    )
    query = only_visible(query, Task.committee_id, user)
    if filters.committee_id:
        query = query.where(Task.committee_id == filters.committee_id)
    if filters.resolution_id:
        query = query.where(Task.resolution_id == filters.resolution_id)
    if filters.agency_id:
        query = query.where(Task.lead_agency_id == filters.agency_id)
    if filters.involving_agency_id:
        coordinates = exists().where(task_coordinator.c.task_id == Task.id,
                                     task_coordinator.c.agency_id == filters.involving_agency_id)
        query = query.where(or_(Task.lead_agency_id == filters.involving_agency_id, coordinates))
    if filters.coordinating_agency_id:
        query = query.where(exists().where(
            task_coordinator.c.task_id == Task.id,
            task_coordinator.c.agency_id == filters.coordinating_agency_id))
    if filters.category:
        query = query.where(category_filter(filters.category, today))
    if filters.due_from:
        query = query.where(Task.deadline >= filters.due_from)
    if filters.due_to:
        query = query.where(Task.deadline <= filters.due_to)
    if filters.states:
        query = query.where(Task.state.in_(filters.states))
    if filters.q:
        query = query.where(Task.search_matches(filters.q))
    return query.order_by(*_order_by(sort, category, days_left))


def reports_query(task_id: int) -> Select:
    """A task's progress reports, newest first."""
    return (select(ProgressReport).where(ProgressReport.task_id == task_id)
            .order_by(ProgressReport.created_at.desc(), ProgressReport.id.desc()))


def extensions_query(task_id: int) -> Select:
    """A task's requests for a later deadline, newest first, with their papers: the task's
    page and the API list them so."""
    return (select(TaskExtension).where(TaskExtension.task_id == task_id)
            .options(selectinload(TaskExtension.attachments))
            .order_by(TaskExtension.created_at.desc(), TaskExtension.id.desc()))
