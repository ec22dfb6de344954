"""Recurring duties: a task template and a rule under a resolution; each occurrence is an
ordinary task (``/api/v1/tasks/<id>``) with its own deadline, made ahead by the scheduler."""

from __future__ import annotations

import marshmallow as ma
from flask import current_app
from flask_login import current_user
from marshmallow import validate

from tracker import rules
from tracker.access import Action
from tracker.resolutions.models import Resolution
from tracker.tasks.models import Priority
from tracker.tasks.recurrence import queries, services
from tracker.tasks.recurrence.models import TaskSeries
from tracker.tasks.recurrence.periods import PRESETS, Frequency, describe
from tracker.tasks.services import TaskSpec

from .common import (
    CURRENT_SCHEMAS,
    ApiSchema,
    Id,
    Text,
    api_blueprint,
    get_visible,
    page_of,
    show_on_conflict,
)

bp = api_blueprint("api_series", __name__,
                   "Recurring duties (nhiệm vụ định kỳ): each occurrence is a task of its own.")

NOT_FOUND = "No such recurring duty, or not visible."
MANAGERS_ONLY = "Only the committee's chair, vice-chairs and secretaries."
PRESET_HELP = "A Decree 09/2019/NĐ-CP preset, instead of frequency and due_day: " + ", ".join(
    f"{p.key} ({p.rule.frequency.value}, day {p.rule.due_day})" for p in PRESETS) + "."


class SeriesCreateSchema(ApiSchema):
    title = Text(rules.TASK_TITLE, required=True)
    description = Text(rules.TASK_DESCRIPTION, allow_none=True)
    lead_agency_id = Id(required=True)
    coordinating_agency_ids = ma.fields.List(Id(), validate=validate.Length(max=100))
    assignee_ids = ma.fields.List(Id(), validate=validate.Length(max=100))
    priority = ma.fields.String(validate=validate.OneOf([p.value for p in Priority]))
    expected_output = Text(rules.TASK_EXPECTED_OUTPUT, allow_none=True)
    preset = ma.fields.String(validate=validate.OneOf([p.key for p in PRESETS]),
                              metadata={"description": PRESET_HELP})
    frequency = ma.fields.String(validate=validate.OneOf([f.value for f in Frequency]))
    due_day = ma.fields.Integer(allow_none=True, metadata={
        "description": "Calendar rules: the day of the month the report is due (1–31)."})
    due_after_period = ma.fields.Boolean(metadata={
        "description": "Due in the month after the period instead of its last month."})
    interval = ma.fields.Integer(allow_none=True, metadata={
        "description": "days / weeks: how many apart (1–366)."})
    starts_on = ma.fields.Date(required=True)
    ends_on = ma.fields.Date(allow_none=True)


class SeriesSchema(ApiSchema):
    id = ma.fields.Integer(required=True)
    committee_id = ma.fields.Integer(required=True)
    resolution_id = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    description = ma.fields.String(allow_none=True, required=True)
    lead_agency_id = ma.fields.Integer(required=True)
    coordinating_agency_ids = ma.fields.Function(
        lambda s: [a.id for a in s.coordinating_agencies], required=True)
    assignee_ids = ma.fields.Function(lambda s: [u.id for u in s.assignees], required=True)
    priority = ma.fields.String(required=True)
    expected_output = ma.fields.String(allow_none=True, required=True)
    frequency = ma.fields.String(required=True)
    due_day = ma.fields.Integer(allow_none=True, required=True)
    due_after_period = ma.fields.Boolean(required=True)
    interval = ma.fields.Integer(required=True)
    rule_text = ma.fields.Function(lambda s: str(describe(s.rule)), required=True,
                                   metadata={"description": "The rule in words."})
    starts_on = ma.fields.Date(required=True)
    ends_on = ma.fields.Date(allow_none=True, required=True)
    stopped_at = ma.fields.DateTime(allow_none=True, required=True)
    version = ma.fields.Integer(required=True)


class OccurrenceSchema(ApiSchema):
    task_id = ma.fields.Integer(required=True)
    period = ma.fields.String(required=True)
    deadline = ma.fields.Date(required=True)
    completed_on = ma.fields.Date(allow_none=True, required=True)
    outcome = ma.fields.String(required=True, metadata={
        "enum": ["on_time", "late", "missed", "in_progress", "cancelled"]})


# The list answers through `paged(items=…)`, whose envelope carries `next_after` (null here:
# the occurrences are read by page number).
OccurrencePageSchema = page_of(OccurrenceSchema, "OccurrencePage", keyset=True)
CURRENT_SCHEMAS[TaskSeries] = SeriesSchema


def _occurrence_items(rows) -> list[dict]:
    return [{"task_id": row.task_id, "period": row.period,
             "deadline": row.deadline.isoformat(),
             "completed_on": row.completed_on.isoformat() if row.completed_on else None,
             "outcome": row.outcome} for row in queries.occurrence_rows(rows)]


@bp.route("/resolutions/<id:resolution_id>/series", methods=["POST"])
@bp.arguments(SeriesCreateSchema)
@bp.response(201, SeriesSchema)
@bp.errors(forbidden=MANAGERS_ONLY, not_found="No such resolution, or not visible.")
def create_series(fields, resolution_id):
    """Start a recurring duty; the occurrences due within the lead time are made at once."""
    resolution = get_visible(Resolution, resolution_id, Action.MANAGE)
    template = TaskSpec(
        title=fields["title"], lead_agency_id=fields["lead_agency_id"],
        description=fields.get("description"),
        coordinating_agency_ids=fields.get("coordinating_agency_ids", []),
        assignee_ids=fields.get("assignee_ids", []),
        priority=fields.get("priority") or Priority.NORMAL,
        expected_output=fields.get("expected_output"))
    rule = services.RuleSpec(preset=fields.get("preset"), frequency=fields.get("frequency"),
                             due_day=fields.get("due_day"),
                             due_after_period=bool(fields.get("due_after_period")),
                             interval=fields.get("interval"))
    return services.create_series(resolution, template, rule, starts_on=fields["starts_on"],
                                  ends_on=fields.get("ends_on"), actor=current_user,
                                  lead_days=current_app.config["RECURRENCE_LEAD_DAYS"])


@bp.route("/series/<id:series_id>")
@bp.response(200, SeriesSchema)
@bp.errors(not_found=NOT_FOUND)
def get_series(series_id):
    """One recurring duty: its template, its rule (and in words), stopped or not."""
    return get_visible(TaskSeries, series_id)


@bp.paged("/series/<id:series_id>/occurrences", OccurrencePageSchema, items=_occurrence_items,
          not_found=NOT_FOUND)
def list_occurrences(args, series_id):
    """The duty's occurrences, the latest period first, each with its outcome today."""
    return queries.occurrences_query(get_visible(TaskSeries, series_id))


@bp.route("/series/<id:series_id>/stop", methods=["POST"])
@bp.response(200, SeriesSchema)
@bp.errors(forbidden=MANAGERS_ONLY, not_found=NOT_FOUND,
           conflict="Already stopped; `error.current` holds the recurring duty as stored now.")
def stop_series(series_id):
    """Make no more occurrences; the ones made are kept."""
    series = get_visible(TaskSeries, series_id, Action.MANAGE)
    show_on_conflict(series)
    return services.stop_series(series, actor=current_user)
