"""Tasks: the filtered list, one task, its creation under a resolution and its edits."""

from __future__ import annotations

import marshmallow as ma
from flask_login import current_user
from marshmallow import validate

from tracker import rules
from tracker.access import Action
from tracker.resolutions.models import Resolution
from tracker.tasks import services as task_services
from tracker.tasks import workflow
from tracker.tasks.categories import Category
from tracker.tasks.list_items import as_item_rows
from tracker.tasks.models import Priority, Task, TaskState
from tracker.tasks.queries import SORT_KEYS, TaskFilters, counted_task_list

from .common import (
    ApiSchema,
    Id,
    PageArgsSchema,
    Sort,
    Text,
    api_blueprint,
    expected_version,
    get_visible,
    page_of,
    task_for,
)
from .schemas import TaskSchema, task_items

bp = api_blueprint("api_tasks", __name__, "Tasks assigned by resolutions to member agencies.")

NOT_FOUND = "No such task, or not visible to you."
MANAGERS_ONLY = "Only the committee's managers."


class TaskListArgsSchema(PageArgsSchema):
    committee = Id(strict=False, metadata={"description": "Only this committee's tasks."})
    resolution = Id(strict=False)
    agency = Id(strict=False, metadata={"description": "Lead agency."})
    coordinating = Id(strict=False,
                      metadata={"description": "Tasks this agency coordinates (not leads)."})
    category = ma.fields.String(validate=validate.OneOf([c.value for c in Category]))
    state = ma.fields.String(validate=validate.OneOf([s.value for s in TaskState]))
    due_before = ma.fields.Date(metadata={"description": "Deadline in force on or before."})
    due_after = ma.fields.Date(metadata={"description": "Deadline in force on or after."})
    q = Text(200, metadata={"description": "Words in the title, description or expected "
                                           "output; diacritics and case ignored."})
    sort = Sort(SORT_KEYS, "urgency")
    after = Text(1000, metadata={
        "description": "The `next_after` of the page before: the rows after it (instead of "
                       "`page`), in the same sort."})


TaskPageSchema = page_of(TaskSchema, "TaskPage", keyset=True)


class TaskFieldsSchema(ApiSchema):
    """The fields a secretary writes for a task."""

    title = Text(rules.TASK_TITLE, required=True)
    description = Text(rules.TASK_DESCRIPTION, allow_none=True)
    lead_agency_id = Id(required=True)
    coordinating_agency_ids = ma.fields.List(Id(), validate=validate.Length(max=100))
    assignee_ids = ma.fields.List(Id(), validate=validate.Length(max=100))
    deadline = ma.fields.Date(allow_none=True, metadata={
        "description": "null for a standing duty; past dates are allowed (older resolutions)."})
    priority = ma.fields.String(validate=validate.OneOf([p.value for p in Priority]))
    expected_output = Text(rules.TASK_EXPECTED_OUTPUT, allow_none=True)


class TaskCreateSchema(TaskFieldsSchema):
    deadline = ma.fields.Date(required=True, allow_none=True, metadata={
        "description": "null for a standing duty; past dates are allowed (older resolutions)."})


class TaskPatchSchema(TaskFieldsSchema):
    title = Text(rules.TASK_TITLE)
    lead_agency_id = Id()
    version = ma.fields.Integer(metadata={
        "description": "The version you read; refused with 409 when the task has changed "
                       "since. `If-Match: \"<version>\"` works too."})


def _filters(args) -> TaskFilters:
    return TaskFilters(
        committee_id=args.get("committee"), resolution_id=args.get("resolution"),
        agency_id=args.get("agency"), coordinating_agency_id=args.get("coordinating"),
        category=args.get("category"), due_from=args.get("due_after"),
        due_to=args.get("due_before"), q=(args.get("q") or "").strip() or None,
        states=[args["state"]] if args.get("state") else [],
    )


@bp.paged("/tasks", TaskPageSchema, TaskListArgsSchema, items=task_items)
def list_tasks(args):
    """Tasks the caller may see, filtered, sorted and paginated."""
    # After a cursor, the rows wanted are not the first page × per_page of the list.
    window = None if args.get("after") else args["page"] * args["per_page"]
    return as_item_rows(counted_task_list(current_user, _filters(args), args["sort"],
                                          window=window))


@bp.route("/tasks/<id:task_id>")
@bp.response(200, TaskSchema)
@bp.errors(not_found=NOT_FOUND)
def get_task(task_id):
    """One task, with its category, deadlines and version."""
    return get_visible(Task, task_id)


def _spec(fields: dict, task: Task | None = None) -> task_services.TaskSpec:
    """A TaskSpec from the request's fields over the task's current values (PATCH)."""
    def current(name, default=None):
        return getattr(task, name) if task is not None else default

    return task_services.TaskSpec(
        title=fields.get("title", current("title", "")),
        lead_agency_id=fields.get("lead_agency_id", current("lead_agency_id")),
        deadline=fields["deadline"] if "deadline" in fields else current("deadline"),
        description=fields["description"] if "description" in fields
        else current("description"),
        coordinating_agency_ids=fields.get("coordinating_agency_ids", [
            a.id for a in task.coordinating_agencies] if task is not None else []),
        assignee_ids=fields.get("assignee_ids", [
            u.id for u in task.assignees] if task is not None else []),
        priority=fields.get("priority") or current("priority", Priority.NORMAL),
        expected_output=fields["expected_output"] if "expected_output" in fields
        else current("expected_output"),
    )


@bp.route("/resolutions/<id:resolution_id>/tasks", methods=["POST"])
@bp.arguments(TaskCreateSchema)
@bp.response(201, TaskSchema)
@bp.errors(forbidden=MANAGERS_ONLY, not_found="No such resolution, or not visible.")
def create_task(fields, resolution_id):
    """Assign a new task to a member agency under a resolution."""
    resolution = get_visible(Resolution, resolution_id, Action.MANAGE)
    return task_services.assign_task(resolution, _spec(fields), actor=current_user)


@bp.route("/tasks/<id:task_id>", methods=["PATCH"])
@bp.arguments(TaskPatchSchema)
@bp.response(200, TaskSchema)
@bp.errors(forbidden=MANAGERS_ONLY, not_found=NOT_FOUND,
           conflict="Changed since the version you read, or finished or cancelled (no longer "
                    "editable); `error.current` holds the task as stored now.")
def update_task(fields, task_id):
    """Change a task's fields; only the fields sent change."""
    task = task_for(task_id, workflow.EDIT)
    task_services.update_task(task, _spec(fields, task), actor=current_user,
                              expected_version=expected_version(fields))
    return task
