"""A task list's items as plain rows: the columns of the list's own query (its joins,
filters and order) and, for a page of them, their coordinating agencies and assignees in one
statement each. The API's items and the site's table rows are built from these, with no ORM
object per task."""

from __future__ import annotations

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


def as_item_rows(listed: Counted) -> Counted:
    """``listed`` (a task list and its count) selecting ``ITEM_COLUMNS``, the category and
    the days left instead of the Task objects."""
    rows = listed.rows
    columns = rows.with_only_columns(*ITEM_COLUMNS, rows.selected_columns.category,
                                     rows.selected_columns.days_left)
    return Counted(columns, listed.count, listed.keys, listed.descending)


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
