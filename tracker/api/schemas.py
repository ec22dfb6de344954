"""Response schemas shared by several resources (a task appears in many answers)."""

from __future__ import annotations

import marshmallow as ma
from flask import url_for

from tracker.routing import url_for_ids
from tracker.tasks import workflow
from tracker.tasks.categories import Category, category_of, days_left_of
from tracker.tasks.list_items import item_tuples, people_of
from tracker.tasks.models import Task, TaskState

from .common import CURRENT_SCHEMAS, ApiSchema, Listed


class AgencyRefSchema(ApiSchema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    short_name = ma.fields.String(allow_none=True, required=True)


class UserRefSchema(ApiSchema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)


class TaskSchema(ApiSchema):
    """A task as the API shows it; a 409 on a task shows it so as ``error.current``."""

    id = ma.fields.Integer(required=True)
    committee_id = ma.fields.Integer(required=True)
    resolution_id = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    description = ma.fields.String(allow_none=True, required=True)
    expected_output = ma.fields.String(allow_none=True, required=True)
    priority = ma.fields.String(required=True, metadata={"enum": ["low", "normal", "high"]})
    state = ma.fields.String(required=True, metadata={
        "enum": [state.value for state in TaskState]})
    category = ma.fields.Function(lambda task: str(task.category), required=True,
                                  metadata={"type": "string",
                                            "enum": [c.value for c in Category]})
    progress = ma.fields.Integer(required=True, metadata={"description": "Percent, 0–100."})
    deadline = ma.fields.Date(allow_none=True, required=True, metadata={
        "description": "The deadline in force (after granted extensions); null for a "
                       "standing duty."})
    original_deadline = ma.fields.Date(allow_none=True, required=True, metadata={
        "description": "The deadline the resolution set."})
    days_left = ma.fields.Function(
        lambda task: task.days_left if _counts_days(task) and task.days_left >= 0 else None,
        allow_none=True, required=True, metadata={
            "type": "integer", "description": "Days until the deadline in force (open tasks "
                                              "in time)."})
    days_late = ma.fields.Function(
        lambda task: -task.days_left if _counts_days(task) and task.days_left < 0 else None,
        allow_none=True, required=True, metadata={
            "type": "integer", "description": "Days past the deadline in force (overdue "
                                              "tasks)."})
    lead_agency = ma.fields.Nested(AgencyRefSchema, required=True)
    coordinating_agencies = ma.fields.List(ma.fields.Nested(AgencyRefSchema), required=True)
    assignees = ma.fields.List(ma.fields.Nested(UserRefSchema), required=True)
    submitted_on = ma.fields.Date(allow_none=True, required=True)
    completed_on = ma.fields.Date(allow_none=True, required=True)
    cancel_reason = ma.fields.String(allow_none=True, required=True)
    created_at = ma.fields.DateTime(required=True)
    updated_at = ma.fields.DateTime(required=True)
    version = ma.fields.Integer(required=True, metadata={
        "description": "Send it back (or as If-Match) when changing the task."})
    url = ma.fields.Function(
        lambda task: url_for("tasks.detail", task_id=task.id, _external=True), required=True,
        metadata={"type": "string", "description": "The task's page on the site."})

    @ma.pre_dump
    def _categorised(self, task, **kwargs):
        """A list's row carries the category and days left its query computed; one task gets
        them by the same rule (``tasks.categories``)."""
        if isinstance(task, Listed):
            return task
        return Listed(task, category=category_of(task), days_left=days_left_of(task))


def task_items(rows) -> list[dict]:
    """``TaskSchema``'s dump of a list's page, built once from its plain rows
    (``tasks.queries.as_item_rows``): the same fields and values, without an ORM object or a
    marshmallow pass per task (tests/api/test_task_items.py compares the two on every kind
    of task). The schema still documents the items."""
    rows = item_tuples(rows)
    task_ids = [row.id for row in rows]
    coordinators, assignees = people_of(task_ids)
    url = url_for_ids("tasks.detail", "task_id", _external=True)
    in_work = workflow.IN_WORK
    items = []
    for row in rows:
        counts_days = (row.state in in_work and row.deadline is not None
                       and row.days_left is not None)
        items.append({
            "id": row.id, "committee_id": row.committee_id,
            "resolution_id": row.resolution_id, "title": row.title,
            "description": row.description, "expected_output": row.expected_output,
            "priority": str(row.priority), "state": str(row.state),
            "category": str(row.category), "progress": row.progress,
            "deadline": _iso(row.deadline), "original_deadline": _iso(row.original_deadline),
            "days_left": row.days_left if counts_days and row.days_left >= 0 else None,
            "days_late": -row.days_left if counts_days and row.days_left < 0 else None,
            "lead_agency": {"id": row.lead_agency_id, "name": row.lead_agency_name,
                            "short_name": row.lead_agency_short_name},
            "coordinating_agencies": [
                {"id": agency_id, "name": name, "short_name": short_name}
                for agency_id, name, short_name in coordinators.get(row.id, ())],
            "assignees": [{"id": user_id, "name": name}
                          for user_id, name in assignees.get(row.id, ())],
            "submitted_on": _iso(row.submitted_on), "completed_on": _iso(row.completed_on),
            "cancel_reason": row.cancel_reason,
            "created_at": _iso(row.created_at), "updated_at": _iso(row.updated_at),
            "version": row.version,
            "url": url(row.id),
        })
    return items


def _iso(value):
    """A date or datetime as marshmallow's Date and DateTime fields write it."""
    return None if value is None else value.isoformat()


def _counts_days(task) -> bool:
    """Days left or late are told for a task still in progress with a deadline."""
    return (workflow.in_work(task) and task.deadline is not None
            and task.days_left is not None)


CURRENT_SCHEMAS[Task] = TaskSchema
