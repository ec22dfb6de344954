"""Read side of meetings and resolutions: the lists, their filters, the choices a form offers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Load, selectinload

from tracker.access import Action, can
from tracker.auth.models import User
from tracker.committees.models import Agency, Committee, committee_agency
from tracker.domain import parse_id
from tracker.extensions import db
from tracker.resolutions.models import Meeting, Resolution
from tracker.rights import only_visible
from tracker.tasks.models import Task
from tracker.tasks.queries import TaskFilters, task_list_query
from tracker.text import fold


def parse_date(value) -> date | None:
    try:
        return date.fromisoformat(value or "")
    except (TypeError, ValueError):
        return None


def member_agencies(committee: Committee) -> list[Agency]:
    return sorted(committee.member_agencies, key=lambda a: fold(a.label))


def assignable_users(committee: Committee) -> list[User]:
    """Active staff of the committee's member agencies, by agency then name."""
    return list(db.session.scalars(
        select(User)
        .join(Agency, Agency.id == User.agency_id)
        .join(committee_agency, committee_agency.c.agency_id == Agency.id)
        .where(committee_agency.c.committee_id == committee.id, User.is_active_account)
        .order_by(func.coalesce(Agency.short_name, Agency.name), User.name, User.id)
    ))


def committee_meetings(committee_id: int) -> list[Meeting]:
    """The committee's meetings, newest first (the resolution form's choices)."""
    return list(db.session.scalars(
        select(Meeting).where(Meeting.committee_id == committee_id)
        .order_by(Meeting.held_on.desc(), Meeting.id.desc())
    ))


def meetings_query(committee_id: int) -> Select:
    """The committee's meetings, newest first, with what a list row shows of each."""
    return (select(Meeting).where(Meeting.committee_id == committee_id)
            .options(selectinload(Meeting.resolutions), selectinload(Meeting.attending_agencies),
                     Load(Meeting).raiseload("*", sql_only=True))
            .order_by(Meeting.held_on.desc(), Meeting.id.desc()))


def task_count():
    """A resolution's number of tasks, as a column of a statement reading ``Resolution``:
    the one rule behind its "tasks" figure in the list, in its meeting's documents and in
    the API's document."""
    return (select(func.count(Task.id)).where(Task.resolution_id == Resolution.id)
            .correlate(Resolution).scalar_subquery())


def task_count_of(resolution_id: int) -> int:
    return db.session.scalar(
        select(task_count()).where(Resolution.id == resolution_id)) or 0


def meeting_documents(meeting: Meeting) -> list[tuple[Resolution, int]]:
    """The documents a meeting issued, oldest first, each with its number of tasks (counted in
    the same statement, not by loading every document's tasks)."""
    return [tuple(row) for row in db.session.execute(
        select(Resolution, task_count()).where(Resolution.meeting_id == meeting.id)
        .order_by(Resolution.issued_on, Resolution.id))]


def managed_committees(user) -> list[Committee]:
    """Committees whose documents the user may record (for the "new resolution" buttons)."""
    query = only_visible(select(Committee).order_by(Committee.name), Committee.id, user)
    return [c for c in db.session.scalars(query) if can(user, Action.MANAGE, c)]


def visible_committees(user) -> list[Committee]:
    query = only_visible(select(Committee).order_by(Committee.name), Committee.id, user)
    return list(db.session.scalars(query))


def resolution_tasks(user, resolution_id: int, now: datetime | None = None) -> list:
    """``(Task, category, days_left)`` rows of one resolution, in the order they were set."""
    query = task_list_query(user, TaskFilters(resolution_id=resolution_id), "created", now)
    return list(db.session.execute(query).all())


@dataclass
class ResolutionFilters:
    committee_id: int | None = None
    kind: str | None = None
    issued_from: date | None = None
    issued_to: date | None = None
    q: str | None = None

    @classmethod
    def from_args(cls, args, kinds) -> ResolutionFilters:
        """Read filters from a query string, ignoring anything malformed."""
        kind = args.get("kind") or None
        q = (args.get("q") or "").replace("\x00", "").strip()[:200]
        return cls(
            committee_id=parse_id(args.get("committee")),
            kind=kind if kind in kinds else None,
            issued_from=parse_date(args.get("issued_from")),
            issued_to=parse_date(args.get("issued_to")),
            q=q or None,
        )

    @property
    def active(self) -> bool:
        return any((self.committee_id, self.kind, self.issued_from, self.issued_to, self.q))


RESOLUTION_SORTS = {
    "issued": Resolution.issued_on,
    "number": Resolution.number,
    "title": Resolution.title,
    "committee": Committee.name,
    "tasks": "task_count",
}
DEFAULT_SORT = "-issued"


def sort_key(value: str | None) -> str:
    """The sort actually applied; unknown keys fall back to the newest first."""
    return value if value and value.lstrip("-") in RESOLUTION_SORTS else DEFAULT_SORT


def resolutions_query(user, filters: ResolutionFilters, sort: str = DEFAULT_SORT) -> Select:
    """``SELECT Resolution, task_count`` over the resolutions the user may see."""
    tasks = task_count().label("task_count")
    query = select(Resolution, tasks).join(Committee, Committee.id == Resolution.committee_id)
    query = only_visible(query, Resolution.committee_id, user)
    if filters.committee_id:
        query = query.where(Resolution.committee_id == filters.committee_id)
    if filters.kind:
        query = query.where(Resolution.kind == filters.kind)
    if filters.issued_from:
        query = query.where(Resolution.issued_on >= filters.issued_from)
    if filters.issued_to:
        query = query.where(Resolution.issued_on <= filters.issued_to)
    if filters.q:
        query = query.where(Resolution.search_matches(filters.q))
    sort = sort_key(sort)
    column = RESOLUTION_SORTS[sort.lstrip("-")]
    if column == "task_count":
        column = tasks
    descending = sort.startswith("-")
    query = query.options(selectinload(Resolution.committee))
    return query.order_by(column.desc() if descending else column.asc(),
                          Resolution.id.desc() if descending else Resolution.id.asc())
