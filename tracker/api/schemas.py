"""Response schemas shared by several resources (a task appears in many answers)."""

from __future__ import annotations

import marshmallow as ma

from tracker.tasks.categories import Category

from .common import ApiSchema


class AgencyRefSchema(ApiSchema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    short_name = ma.fields.String(allow_none=True, required=True)


class UserRefSchema(ApiSchema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)


class TaskSchema(ApiSchema):
    id = ma.fields.Integer(required=True)
    committee_id = ma.fields.Integer(required=True)
    resolution_id = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    description = ma.fields.String(allow_none=True, required=True)
    expected_output = ma.fields.String(allow_none=True, required=True)
    priority = ma.fields.String(required=True, metadata={"enum": ["low", "normal", "high"]})
    state = ma.fields.String(required=True, metadata={
        "enum": ["open", "submitted", "done", "cancelled"]})
    category = ma.fields.String(required=True, metadata={"enum": [c.value for c in Category]})
    progress = ma.fields.Integer(required=True, metadata={"description": "Percent, 0–100."})
    deadline = ma.fields.Date(allow_none=True, required=True, metadata={
        "description": "The deadline in force (after granted extensions); null for a "
                       "standing duty."})
    original_deadline = ma.fields.Date(allow_none=True, required=True, metadata={
        "description": "The deadline the resolution set."})
    days_left = ma.fields.Integer(allow_none=True, required=True, metadata={
        "description": "Days until the deadline in force (open tasks in time)."})
    days_late = ma.fields.Integer(allow_none=True, required=True, metadata={
        "description": "Days past the deadline in force (overdue tasks)."})
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
    url = ma.fields.String(required=True, metadata={"description": "The task's page on the site."})


def agency_ref(agency) -> dict:
    return {"id": agency.id, "name": agency.name, "short_name": agency.short_name}


def task_body(task, category: str, days_left: int | None) -> dict:
    """A task as the API shows it, given its category and days left (from the one rule)."""
    from flask import url_for

    open_task = task.state in ("open", "submitted") and task.deadline is not None
    return {
        "id": task.id, "committee_id": task.committee_id, "resolution_id": task.resolution_id,
        "title": task.title, "description": task.description,
        "expected_output": task.expected_output, "priority": task.priority,
        "state": task.state, "category": str(category), "progress": task.progress,
        "deadline": task.deadline, "original_deadline": task.original_deadline,
        "days_left": days_left if open_task and days_left is not None and days_left >= 0
        else None,
        "days_late": -days_left if open_task and days_left is not None and days_left < 0
        else None,
        "lead_agency": agency_ref(task.lead_agency),
        "coordinating_agencies": [agency_ref(a) for a in task.coordinating_agencies],
        "assignees": [{"id": u.id, "name": u.name} for u in task.assignees],
        "submitted_on": task.submitted_on, "completed_on": task.completed_on,
        "cancel_reason": task.cancel_reason,
        "created_at": task.created_at, "updated_at": task.updated_at, "version": task.version,
        "url": url_for("tasks.detail", task_id=task.id, _external=True),
    }


def one_task_body(task) -> dict:
    """One task's body, its category computed by the same SQL rule as every list."""
    from tracker.tasks.categories import category_of, days_left_of

    return task_body(task, category_of(task), days_left_of(task))
