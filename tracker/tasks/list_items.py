"""A task list's items as plain rows: the columns of the list's own query (its joins,
filters and order) and, for a page of them, their coordinating agencies and assignees in one
statement each. The API's items and the site's table rows are built from these, with no ORM
object per task."""

from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import select

from tracker.auth.models import User
from tracker.committees.models import Agency, Committee
from tracker.database import among_ids
from tracker.extensions import db
from tracker.paging import Counted
from tracker.resolutions.models import Resolution
from tracker.tasks.models import Task, task_assignee, task_coordinator

# What a list's item shows, as plain columns of the list's own query (its joins, filters and
# order): the API's items and the site's table rows are built from these rows, with no ORM
# object per task (building and dumping 100 Task objects with their relationships was ~60 %
# of the JSON list's time).
ITEM_COLUMNS = (
    Task.id, Task.committee_id, Task.resolution_id, Task.title, Task.description,
    Task.expected_output, Task.priority, Task.state, Task.progress, Task.deadline,
    Task.original_deadline, Task.submitted_on, Task.completed_on, Task.cancel_reason,
    Task.created_at, Task.updated_at, Task.version,
    Agency.id.label("lead_agency_id"), Agency.name.label("lead_agency_name"),
    Agency.short_name.label("lead_agency_short_name"), Committee.name.label("committee_name"),
    select(Resolution.number).where(Resolution.id == Task.resolution_id)
    .scalar_subquery().label("resolution_number"),
)


class ItemRow(NamedTuple):
    """A list's item row as a tuple with names (``item_tuples``)."""

    id: int
    committee_id: int
    resolution_id: int
    title: str
    description: str | None
    expected_output: str | None
    priority: str
    state: str
    progress: int
    deadline: date | None
    original_deadline: date | None
    submitted_on: date | None
    completed_on: date | None
    cancel_reason: str | None
    created_at: datetime
    updated_at: datetime
    version: int
    lead_agency_id: int
    lead_agency_name: str
    lead_agency_short_name: str | None
    committee_name: str
    resolution_number: str | None
    category: str
    days_left: int | None


ITEM_WIDTH = len(ItemRow._fields)


def item_tuples(rows) -> list[ItemRow]:
    """A page of item rows (``as_item_rows``; a list's sort keys may follow the item's
    columns) as ItemRow tuples. Reading a field of a result row by name costs about 15 times
    reading it from a tuple, and an item reads some 30 of them (the JSON list of 100 tasks:
    3.1 → 0.5 ms to build its items)."""
    make = ItemRow._make
    return [make(row[:ITEM_WIDTH]) for row in rows]


def as_item_rows(listed: Counted) -> Counted:
    """``listed`` (a task list and its count) selecting ``ITEM_COLUMNS``, the category and
    the days left instead of the Task objects."""
    return listed.derive("item_rows", lambda: Counted(
        listed.rows.with_only_columns(*ITEM_COLUMNS, listed.rows.selected_columns.category,
                                      listed.rows.selected_columns.days_left),
        listed.count, listed.keys, listed.descending))


def coordinators_of(task_ids: list[int]) -> dict[int, list[tuple[int, str, str | None]]]:
    """Each task's coordinating agencies ``(id, name, short_name)`` by name, as
    ``Task.coordinating_agencies`` orders them: one statement for a page of tasks."""
    found: dict[int, list] = {}
    if task_ids:
        for task_id, *agency in db.session.execute(
                select(task_coordinator.c.task_id, Agency.id, Agency.name, Agency.short_name)
                .join(Agency, Agency.id == task_coordinator.c.agency_id)
                .where(_among(task_coordinator.c.task_id, task_ids))
                .order_by(task_coordinator.c.task_id, Agency.name, Agency.id)):
            found.setdefault(task_id, []).append(tuple(agency))
    return found


def assignees_of(task_ids: list[int]) -> dict[int, list[tuple[int, str]]]:
    """Each task's assignees ``(id, name)`` by name, as ``Task.assignees`` orders them."""
    found: dict[int, list] = {}
    if task_ids:
        for task_id, user_id, name in db.session.execute(
                select(task_assignee.c.task_id, User.id, User.name)
                .join(User, User.id == task_assignee.c.user_id)
                .where(_among(task_assignee.c.task_id, task_ids))
                .order_by(task_assignee.c.task_id, User.name, User.id)):
            found.setdefault(task_id, []).append((user_id, name))
    return found


def _among(column, task_ids: list[int]):
    return among_ids(column, task_ids, db.session.get_bind().dialect.name)
