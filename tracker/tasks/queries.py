"""Read side of tasks: the filtered, sorted, paginated lists every screen shows.

Every list selects ``(Task, category, days_left)`` through the one category rule
in ``categories.py``, restricted to the committees the user may see.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass, field, replace
from datetime import date, datetime
from functools import lru_cache

from sqlalchemy import (
    Select,
    Subquery,
    and_,
    case,
    exists,
    func,
    not_,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Load, immediateload, joinedload, selectinload
from sqlalchemy.sql.elements import BindParameter
from sqlalchemy.sql.expression import ColumnElement

from tracker.committees.models import Agency, Committee
from tracker.domain import parse_id
from tracker.paging import Counted, Page, paginate_rows  # noqa: F401 — callers import them here
from tracker.rights import only_among, visible_committee_ids
from tracker.tasks.categories import (
    Category,
    LocalDates,
    category_conditions,
    category_expression,
    category_filter,
    days_left_expression,
    local_dates,
    local_today_expression,
    today_expression,
)
from tracker.tasks.models import ProgressReport, Task, TaskExtension, TaskState, task_coordinator
from tracker.tasks.sql_functions import days_after, in_subquery
from tracker.tasks.workflow import IN_WORK

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

# Categories whose every task has a deadline: their lists leave out "standing duties last"
# from the sort, a term that is the same on every row, so that the sort is the deadline and
# the id alone and the database reads them in order from ix_task_in_work_deadline (the
# overdue list: the first page at 1M tasks in 1 ms instead of sorting 200,000 rows).
DATED = frozenset({Category.OVERDUE, Category.DUE_SOON, Category.IN_PROGRESS,
                   Category.DONE_LATE, "in_time"})


def _order_by(sort: str, category, days_left, filters: TaskFilters | None = None):
    keys, descending = _sort_keys(sort, category, filters)
    return [key.desc() if descending else key.asc() for key in keys]


def _sort_keys(sort: str, category, filters: TaskFilters | None = None):
    """The expressions a list is sorted by, the task's id last (unique: a stable order and
    a cursor), and whether they run descending."""
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    filters = filters or TaskFilters()
    # Terms that are constant under the filters sort nothing; left out, an index can serve.
    dated = filters.category in DATED or filters.due_from or filters.due_to
    one_category = filters.category in {c.value for c in Category}
    standing_last = [] if dated else [Task.deadline.is_(None)]
    urgency_rank = case(
        (category == Category.OVERDUE.value, 0),
        (category == Category.DUE_SOON.value, 1),
        (category == Category.IN_PROGRESS.value, 2),
        (category == Category.STANDING.value, 3),
        else_=4,
    )
    urgency = [*([] if one_category else [urgency_rank]), *standing_last, Task.deadline]
    columns = {
        "urgency": urgency,
        "deadline": [*standing_last, Task.deadline],
        "title": [Task.title],
        "agency": [func.coalesce(Agency.short_name, Agency.name)],
        "created": [Task.created_at],
        "progress": [Task.progress],
    }.get(key)
    if columns is None:
        columns, descending = urgency, False
    return (*columns, Task.id), descending


@lru_cache(maxsize=1)
def task_row_loads() -> tuple:
    """What a task list's row shows (the site's table, exports, the API's TaskSchema), loaded
    with the page in one statement per relationship; any other relationship raises instead
    of loading once per row. Built at the first list, not at import: naming a relationship
    configures every mapper, which a boot need not wait for (0.05 s)."""
    return (
        selectinload(Task.lead_agency), selectinload(Task.coordinating_agencies),
        selectinload(Task.assignees), selectinload(Task.resolution),
        selectinload(Task.committee), Load(Task).raiseload("*", sql_only=True),
    )


def task_list_query(user, filters: TaskFilters, sort: str = "urgency",
                    now: datetime | None = None) -> Select:
    """``SELECT Task, category, days_left`` for the user's visible tasks matching the filters."""
    return _rows(_visible(user), filters, sort, local_today_expression(now))


def counted_task_list(user, filters: TaskFilters, sort: str = "urgency",
                      now: datetime | None = None, window: int | None = None) -> Counted:
    """The list of ``task_list_query`` with its count, which reads the task table alone
    unless a filter needs the committee (its "due soon" days, its time zone).

    ``window`` is how many rows the caller will read at most (page × per page): a list of
    one agency's tasks by urgency then reads only that many per urgency rank, in order,
    from the agency's index (``_agency_urgency_candidates``) instead of sorting them all.

    The statements are built once per shape (the committees the user sees, the filters,
    the sort, the dates of today and the window) and kept (``_prebuilt``): building them
    took longer than the database took to answer them.
    """
    window = window if window and sort == "urgency" and _agency_of(filters) else None
    values = tuple(tuple(value) if isinstance(value, list) else value  # states: hashable
                   for value in astuple(filters))
    return _prebuilt(_visible(user), values, sort, local_dates(now), window)


def _visible(user) -> tuple[int, ...] | None:
    visible = visible_committee_ids(user)
    return None if visible is None else tuple(sorted(visible))


# A statement is a plain value of its arguments (no session, no user object), so one built
# for a shape serves every later request of that shape; SQLAlchemy also keeps its cache key
# on the statement instead of walking the statement again on each execution. Memory: a few
# hundred kB per shape; the shapes are few (a day's dates × the sorts and filters in use ×
# the sets of committees users see), and the day's change makes old ones unused.
@lru_cache(maxsize=256)
def _prebuilt(visible: tuple[int, ...] | None, filter_values: tuple, sort: str,
              dates: LocalDates, window: int | None) -> Counted:
    filters = TaskFilters(*filter_values)
    today = today_expression(dates)
    if window:
        rows = _rows(visible, filters, sort, today,
                     candidates=_agency_urgency_candidates(visible, filters, today, window))
    else:
        rows = _rows(visible, filters, sort, today)
    keys, descending = _sort_keys(sort, rows.selected_columns.category, filters)
    return Counted(rows, _counted_rows(visible, filters, today), keys, descending, kept=True)


def _counted_rows(visible, filters: TaskFilters, today):
    """The rows to count (their ids alone: the filters' index answers an index-only scan)."""
    if filters.involving_agency_id:
        # Led + coordinated-not-led, two disjoint parts: the first reads ix_task_lead_deadline
        # alone (index-only), which an OR of the two could not.
        others, led, coordinated = _involving_parts(filters)
        return union_all(_ids(visible, others, today).where(led),
                         _ids(visible, others, today).where(*coordinated))
    return _ids(visible, filters, today)


def _ids(visible, filters: TaskFilters, today) -> Select:
    ids = select(Task.id)
    if _needs_committee(filters, today):
        ids = ids.join(Committee, Committee.id == Task.committee_id)
    return _narrowed(ids, visible, filters, today)


def _needs_committee(filters: TaskFilters, today) -> bool:
    """Whether the filters read the committee: "due soon" is counted in its days, and
    "today" is its zone's when the committees are in more than one."""
    by_due_soon_days = filters.category in {Category.DUE_SOON, Category.IN_PROGRESS, "in_time"}
    one_zone = isinstance(today, BindParameter)  # else a CASE on Committee.timezone
    return by_due_soon_days or not one_zone


def _rows(visible, filters: TaskFilters, sort: str, today,
          candidates: Subquery | None = None) -> Select:
    """The list's rows in its order; ``candidates`` (ids already narrowed by the filters)
    stands for the filters when given."""
    category = category_expression(today).label("category")
    days_left = days_left_expression(today).label("days_left")
    query = (
        select(Task, category, days_left)
        .join(Committee, Committee.id == Task.committee_id)
        .join(Agency, Agency.id == Task.lead_agency_id)
        .options(*task_row_loads())
    )
    if candidates is None:
        query = _narrowed(query, visible, filters, today)
    else:
        query = query.join(candidates, candidates.c.id == Task.id)
    return query.order_by(*_order_by(sort, category, days_left, filters))


# --- One agency's tasks by urgency ------------------------------------------------------
#
# "My agency's tasks" (and any list narrowed to a lead or involved agency) is sorted by
# urgency: overdue, due soon, in progress, standing, then finished, each by deadline and id.
# Sorted as one, every task of the user's committees was read and ranked on each request
# (the page query for a member of four committees, 1M tasks: 1.8 s on a loaded machine).
# Split by rank, each part is a range of ix_task_lead_deadline in the list's own order, so
# each part's first ``window`` rows are read and no more (2 ms); the list's usual ORDER BY
# then ranks those few. The first ``window`` rows of the whole list are among them: within
# a part the list's order is the part's. (Assumes a task's state is one of TaskState, as
# the workflow writes it: done and cancelled tasks are the last rank.)


def _coordinated_by(agency_id: int):
    return in_subquery(Task.id, select(task_coordinator.c.task_id)
                       .where(task_coordinator.c.agency_id == agency_id).scalar_subquery())


def _agency_of(filters: TaskFilters) -> int | None:
    return filters.involving_agency_id or filters.agency_id


def _involving_parts(filters: TaskFilters) -> tuple[TaskFilters, ColumnElement, tuple]:
    """An "involving" list as two disjoint ones: its other filters, then the conditions of
    the agency's own tasks and of those it coordinates under another lead (a lead also
    listed as coordinator counts once)."""
    agency_id = filters.involving_agency_id
    others = replace(filters, involving_agency_id=None)
    return (others, Task.lead_agency_id == agency_id,
            (_coordinated_by(agency_id), Task.lead_agency_id != agency_id))


def _agency_urgency_candidates(visible, filters: TaskFilters, today, window: int) -> Subquery:
    """Ids among which the list's first ``window`` rows are: each urgency rank's first
    ``window`` tasks of the agency's, in the rank's own order (deadline, id)."""
    conditions = category_conditions(today)
    in_work_dated_from_today = and_(Task.state.in_(IN_WORK), Task.deadline >= today)
    # "Due soon" depends on each committee's window: the tasks due before the widest window
    # closes are read whole (a few days' worth) and ranked by the list's key; the ones
    # after are all "in progress", in deadline order, and read a page's worth.
    widest_window_ends = days_after(today, select(func.max(Committee.due_soon_days))
                                    .scalar_subquery())
    by_deadline = (Task.deadline.asc().nulls_last(), Task.id.asc())
    # Among tasks in work due from today on, the list's key is "due soon" first, then the
    # deadline and id (the same order, written without the whole category expression).
    due_soon_first = (conditions[Category.IN_PROGRESS].asc(), *by_deadline)
    parts = (  # (condition, needs the committee, order)
        (conditions[Category.OVERDUE], False, by_deadline),
        (in_work_dated_from_today & (Task.deadline <= widest_window_ends), True,
         due_soon_first),
        (in_work_dated_from_today & (Task.deadline > widest_window_ends), False, by_deadline),
        (conditions[Category.STANDING], False, by_deadline),
        (not_(Task.state.in_(IN_WORK)), False, by_deadline),  # done or cancelled
    )
    others, led = filters, ()
    candidates = []
    if filters.involving_agency_id:
        others, led_by_agency, coordinated = _involving_parts(filters)
        led = (led_by_agency,)
        # Usually few: read whole and ranked by the list's key.
        urgency = _order_by("urgency", category_expression(today), None, filters)
        candidates.append(_candidate_part(visible, others, today, True).where(*coordinated)
                          .order_by(*urgency).limit(window))
    for condition, needs_committee, order in parts:
        candidates.append(_candidate_part(visible, others, today, needs_committee)
                          .where(*led, condition).order_by(*order).limit(window))
    # Each part in a subquery of its own: SQLite takes no LIMIT inside a UNION's member.
    return union_all(*(select(part.subquery()) for part in candidates)).subquery("candidates")


def _candidate_part(visible, filters: TaskFilters, today, needs_committee: bool) -> Select:
    query = select(Task.id)
    if needs_committee or _needs_committee(filters, today):
        query = query.join(Committee, Committee.id == Task.committee_id)
    return _narrowed(query, visible, filters, today)


def _narrowed(query: Select, visible, filters: TaskFilters, today) -> Select:
    """``query`` kept to the visible committees' tasks (``visible_committee_ids``) that match
    the filters."""
    query = only_among(query, Task.committee_id, visible)
    if filters.committee_id:
        query = query.where(Task.committee_id == filters.committee_id)
    if filters.resolution_id:
        query = query.where(Task.resolution_id == filters.resolution_id)
    if filters.agency_id:
        query = query.where(Task.lead_agency_id == filters.agency_id)
    if filters.involving_agency_id:
        query = query.where(or_(Task.lead_agency_id == filters.involving_agency_id,
                                _coordinated_by(filters.involving_agency_id)))
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
    return query


def task_page_query(task_id: int) -> Select:
    """One task with what its page shows of it, in the same statement: its committee (its
    day, the breadcrumb), its resolution and its lead agency."""
    return select(Task).where(Task.id == task_id).options(
        joinedload(Task.committee), joinedload(Task.resolution), joinedload(Task.lead_agency))


def reports_query(task_id: int) -> Select:
    """A task's progress reports, newest first."""
    # Their task through the identity map (every caller has loaded it): no statement.
    return (select(ProgressReport).where(ProgressReport.task_id == task_id)
            .options(immediateload(ProgressReport.task), selectinload(ProgressReport.author),
                     selectinload(ProgressReport.agency),
                     selectinload(ProgressReport.attachments),
                     Load(ProgressReport).raiseload("*", sql_only=True))
            .order_by(ProgressReport.created_at.desc(), ProgressReport.id.desc()))


def extensions_query(task_id: int) -> Select:
    """A task's requests for a later deadline, newest first, with their papers: the task's
    page and the API list them so."""
    return (select(TaskExtension).where(TaskExtension.task_id == task_id)
            .options(selectinload(TaskExtension.attachments),
                     selectinload(TaskExtension.requested_by),
                     selectinload(TaskExtension.decided_by), selectinload(TaskExtension.agency),
                     Load(TaskExtension).raiseload("*", sql_only=True))
            .order_by(TaskExtension.created_at.desc(), TaskExtension.id.desc()))
