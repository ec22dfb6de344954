"""A task list's items as plain rows: the columns of the list's own query (its joins,
filters and order) and, for a page of them, their coordinating agencies and assignees in one
statement each. The API's items and the site's table rows are built from these, with no ORM
object per task."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from typing import NamedTuple

from sqlalchemy import literal, null, select, union_all

from tracker.auth.models import User
from tracker.committees.models import Agency, Committee
from tracker.database import among_bound_ids, ids_parameter
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
        listed.count, listed.keys, listed.descending, kept=listed.kept))


def people_of(task_ids: list[int]) -> tuple[dict[int, list[tuple[int, str, str | None]]],
                                            dict[int, list[tuple[int, str]]]]:
    """Each task's coordinating agencies ``(id, name, short_name)`` and assignees ``(id,
    name)``, each by name as ``Task.coordinating_agencies`` and ``Task.assignees`` order
    them: one statement, built once, for a page of tasks."""
    coordinators: dict[int, list] = {}
    assignees: dict[int, list] = {}
    if task_ids:
        dialect = db.session.get_bind().dialect.name
        for task_id, kind, person_id, name, short_name in db.session.execute(
                _people_statement(dialect), {"ids": ids_parameter(task_ids, dialect)}):
            if kind == _COORDINATOR:
                coordinators.setdefault(task_id, []).append((person_id, name, short_name))
            else:
                assignees.setdefault(task_id, []).append((person_id, name))
    return coordinators, assignees


_COORDINATOR, _ASSIGNEE = 0, 1


@lru_cache(maxsize=4)
def _people_statement(dialect: str):
    agencies = (
        select(task_coordinator.c.task_id.label("task_id"), literal(_COORDINATOR).label("kind"),
               Agency.id.label("id"), Agency.name.label("name"),
               Agency.short_name.label("short_name"))
        .join(Agency, Agency.id == task_coordinator.c.agency_id)
        .where(among_bound_ids(task_coordinator.c.task_id, dialect)))
    users = (
        select(task_assignee.c.task_id, literal(_ASSIGNEE), User.id, User.name,
               null().label("short_name"))
        .join(User, User.id == task_assignee.c.user_id)
        .where(among_bound_ids(task_assignee.c.task_id, dialect)))
    people = union_all(agencies, users)
    columns = people.selected_columns
    return people.order_by(columns.task_id, columns.kind, columns.name, columns.id)
