"""A task's life after it is assigned: progress reports, completion (submit, accept,
return, a coordinating agency's part), deadline extensions, cancelling, and its history.

State rule, the same for every verb here: once you may see the task, a verb its current
state does not allow (submitting a task already submitted, accepting one still open,
deciding an extension already decided…) is answered **409** with `error.fields.state` and
the task as it is now in `error.current`, before your permission is looked at; **403**
means the state allows the verb but your role or agency may not do it, or the committee's
"four eyes" setting (`four_eyes`) keeps whoever submitted a completion or asked for an
extension from deciding on it themselves. A rule about the
values you sent (an empty reason, a deadline not after the one in force) is a **422**
naming the field.
"""

from __future__ import annotations

import marshmallow as ma
from flask import abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from marshmallow import validate
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.access import Action, require
from tracker.database import begin_writing
from tracker.domain import DomainError
from tracker.errors import json_error
from tracker.extensions import db
from tracker.history.models import HistoryEntry
from tracker.tasks import coordination
from tracker.tasks import extensions as extension_services
from tracker.tasks import services as task_services
from tracker.tasks.models import ExtensionStatus, ProgressReport, Task, TaskExtension, TaskState

from .attachments import AttachmentSchema, attachment_body
from .common import (
    ApiSchema,
    ErrorSchema,
    PageArgsSchema,
    Text,
    api_blueprint,
    get_visible,
    page_body,
    page_of,
)
from .schemas import AgencyRefSchema, TaskSchema, UserRefSchema, agency_ref, one_task_body

bp = api_blueprint("api_task_workflow", __name__, __doc__)

STATE_CONFLICT = ("409 when the task's state does not allow this (see the tag's description); "
                  "`error.current` holds the task as it is now.")

# --- Bodies --------------------------------------------------------------------------------


class ProgressReportSchema(ApiSchema):
    id = ma.fields.Integer(required=True)
    task_id = ma.fields.Integer(required=True)
    agency = ma.fields.Nested(AgencyRefSchema, required=True, metadata={
        "description": "The agency reported for."})
    part = ma.fields.String(required=True, metadata={
        "enum": ["lead", "coordinating"],
        "description": "lead: the report moved the task's own percentage; coordinating: it "
                       "moved that agency's part only."})
    author = ma.fields.Nested(UserRefSchema, allow_none=True, required=True)
    text = ma.fields.String(required=True)
    progress = ma.fields.Integer(required=True, metadata={"description": "Percent, 0–100."})
    created_at = ma.fields.DateTime(required=True)
    attachments = ma.fields.List(ma.fields.Nested(AttachmentSchema), required=True)


class ExtensionSchema(ApiSchema):
    id = ma.fields.Integer(required=True)
    task_id = ma.fields.Integer(required=True)
    status = ma.fields.String(required=True, metadata={
        "enum": [s.value for s in ExtensionStatus]})
    requested_deadline = ma.fields.Date(required=True)
    previous_deadline = ma.fields.Date(allow_none=True, required=True, metadata={
        "description": "The deadline in force when it was asked for."})
    reason = ma.fields.String(required=True)
    agency = ma.fields.Nested(AgencyRefSchema, required=True)
    requested_by = ma.fields.Nested(UserRefSchema, allow_none=True, required=True)
    decided_by = ma.fields.Nested(UserRefSchema, allow_none=True, required=True)
    decision_comment = ma.fields.String(allow_none=True, required=True)
    decided_at = ma.fields.DateTime(allow_none=True, required=True)
    created_at = ma.fields.DateTime(required=True)
    attachments = ma.fields.List(ma.fields.Nested(AttachmentSchema), required=True, metadata={
        "description": "The supporting papers sent with the request."})


class ExtensionDecisionSchema(ExtensionSchema):
    task = ma.fields.Nested(TaskSchema, required=True, metadata={
        "description": "The task after the decision (a grant moves its deadline)."})


class HistoryEntrySchema(ApiSchema):
    id = ma.fields.Integer(required=True)
    at = ma.fields.DateTime(required=True, metadata={"description": "When (UTC)."})
    actor = ma.fields.Nested(UserRefSchema, allow_none=True, required=True, metadata={
        "description": "Who; null for the system (scheduled jobs, imports)."})
    action = ma.fields.String(required=True, metadata={
        "description": "created, updated, progress_reported, part_done, submitted, accepted, "
                       "returned, cancelled, extension_requested, extension_granted, "
                       "extension_refused, commented…"})
    changes = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.List(ma.fields.Raw(allow_none=True), validate=validate.Length(equal=2)),
        required=True, metadata={"description": "field → [old, new], JSON values (dates as "
                                                "YYYY-MM-DD)."})
    comment = ma.fields.String(allow_none=True, required=True, metadata={
        "description": "The reason or comment that came with the change."})


ProgressReportPageSchema = page_of(ProgressReportSchema, "ProgressReportPage")
ExtensionPageSchema = page_of(ExtensionSchema, "ExtensionPage")
HistoryPageSchema = page_of(HistoryEntrySchema, "HistoryPage")


def _user_ref(user) -> dict | None:
    return {"id": user.id, "name": user.name} if user is not None else None


def report_body(report: ProgressReport) -> dict:
    return {
        "id": report.id, "task_id": report.task_id, "agency": agency_ref(report.agency),
        "part": "lead" if report.agency_id == report.task.lead_agency_id else "coordinating",
        "author": _user_ref(report.author), "text": report.text, "progress": report.progress,
        "created_at": report.created_at,
        "attachments": [attachment_body(a, report.task_id) for a in report.attachments],
    }


def extension_body(extension: TaskExtension) -> dict:
    return {
        "id": extension.id, "task_id": extension.task_id, "status": extension.status,
        "requested_deadline": extension.requested_deadline,
        "previous_deadline": extension.previous_deadline, "reason": extension.reason,
        "agency": agency_ref(extension.agency), "requested_by": _user_ref(extension.requested_by),
        "decided_by": _user_ref(extension.decided_by),
        "decision_comment": extension.decision_comment, "decided_at": extension.decided_at,
        "created_at": extension.created_at,
        "attachments": [attachment_body(a, extension.task_id) for a in extension.attachments],
    }


def history_body(entry: HistoryEntry) -> dict:
    return {"id": entry.id, "at": entry.created_at, "actor": _user_ref(entry.actor),
            "action": entry.action, "changes": entry.changes or {}, "comment": entry.comment}


# --- Requests ------------------------------------------------------------------------------


class ReportCreateSchema(ApiSchema):
    text = Text(20000, required=True, metadata={"description": "What was done."})
    progress = ma.fields.Integer(strict=True, required=True, validate=validate.Range(0, 100),
                                 metadata={"description": "Percent done, 0–100: the task's own "
                                           "for the lead agency, its part for a coordinating "
                                           "one."})


class NoBodySchema(ApiSchema):
    """Nothing to send (an empty object, or no body)."""


class OptionalCommentSchema(ApiSchema):
    comment = Text(5000, allow_none=True)


class CommentSchema(ApiSchema):
    comment = Text(5000, required=True)


class ReasonSchema(ApiSchema):
    reason = Text(5000, required=True)


class ExtensionRequestSchema(ApiSchema):
    requested_deadline = ma.fields.Date(required=True, metadata={
        "description": "Must be after the deadline in force."})
    reason = Text(extension_services.MAX_TEXT, required=True)


# --- The state rule ------------------------------------------------------------------------


def _conflict(task: Task, message):
    db.session.rollback()
    task = db.session.get(Task, task.id)
    return json_error(409, message, {"state": message},
                      current=TaskSchema().dump(one_task_body(task)))


def _require_state(task: Task, states, message) -> None:
    """409 unless the task is in one of ``states`` (checked before the caller's rights)."""
    if task.state not in states:
        abort(_conflict(task, message))


def _act(task: Task, verb):
    """Run one service verb; a state it finds changed meanwhile is the same 409."""
    try:
        return verb()
    except DomainError as error:
        if error.field == "state":
            abort(_conflict(task, error.message))
        raise


def _task_for(task_id: int, action: Action, states, message) -> Task:
    task = get_visible(Task, task_id)
    _require_state(task, states, message)
    require(current_user, action, task)
    return task


OPEN = (TaskState.OPEN,)
SUBMITTED = (TaskState.SUBMITTED,)
IN_PROGRESS = (TaskState.OPEN, TaskState.SUBMITTED)

# --- Progress reports ----------------------------------------------------------------------


@bp.route("/tasks/<id:task_id>/updates")
@bp.arguments(PageArgsSchema, location="query")
@bp.response(200, ProgressReportPageSchema)
@bp.alt_response(404, schema=ErrorSchema, description="No such task, or not visible to you.")
def list_updates(args, task_id):
    """A task's progress reports, newest first, from the lead and coordinating agencies."""
    task = get_visible(Task, task_id)
    query = (select(ProgressReport).where(ProgressReport.task_id == task.id)
             .order_by(ProgressReport.created_at.desc(), ProgressReport.id.desc()))
    return page_body(query, args, report_body)


@bp.route("/tasks/<id:task_id>/updates", methods=["POST"])
@bp.arguments(ReportCreateSchema)
@bp.response(201, ProgressReportSchema)
@bp.alt_response(403, schema=ErrorSchema, description="Only staff of the lead or a "
                 "coordinating agency (not viewers) report.")
@bp.alt_response(404, schema=ErrorSchema, description="No such task, or not visible to you.")
@bp.alt_response(409, schema=ErrorSchema, description=STATE_CONFLICT + " Reports are taken "
                 "on open tasks only.")
def create_update(fields, task_id):
    """Report progress for your agency: the lead agency's report sets the task's percentage,
    a coordinating agency's report moves its own part."""
    task = _task_for(task_id, Action.REPORT_PROGRESS, OPEN,
                     _l("Progress can only be reported on a task in progress."))
    begin_writing()  # reports on one task queue for it (see services.report_progress)
    report = _act(task, lambda: task_services.report_progress(
        task, actor=current_user, text=fields["text"], progress=fields["progress"]))
    db.session.commit()
    return report_body(report)


# --- Completion ----------------------------------------------------------------------------


@bp.route("/tasks/<id:task_id>/completion", methods=["POST"])
@bp.arguments(NoBodySchema, required=False)
@bp.response(200, TaskSchema)
@bp.alt_response(403, schema=ErrorSchema, description="Only staff of the lead agency.")
@bp.alt_response(404, schema=ErrorSchema, description="No such task, or not visible to you.")
@bp.alt_response(409, schema=ErrorSchema, description=STATE_CONFLICT + " Only open tasks.")
def submit_completion(_fields, task_id):
    """The lead agency reports the task done (submitted today, for review)."""
    task = _task_for(task_id, Action.SUBMIT_COMPLETION, OPEN,
                     _l("Only a task in progress can be reported done."))
    _act(task, lambda: task_services.submit_completion(task, actor=current_user))
    db.session.commit()
    return one_task_body(task)


@bp.route("/tasks/<id:task_id>/completion/accept", methods=["POST"])
@bp.arguments(OptionalCommentSchema, required=False)
@bp.response(200, TaskSchema)
@bp.alt_response(403, schema=ErrorSchema, description="Only the committee's chair, "
                 "vice-chairs and secretaries review; under the committee's `four_eyes` "
                 "setting, not the person who submitted it (the message says so).")
@bp.alt_response(404, schema=ErrorSchema, description="No such task, or not visible to you.")
@bp.alt_response(409, schema=ErrorSchema, description=STATE_CONFLICT + " Only submitted "
                 "tasks.")
def accept_completion(fields, task_id):
    """Accept a submitted completion: the task is done, completed on the submission date."""
    task = _task_for(task_id, Action.REVIEW, SUBMITTED,
                     _l("Only a submitted completion can be accepted."))
    _act(task, lambda: task_services.accept_completion(task, actor=current_user,
                                                       comment=fields.get("comment")))
    db.session.commit()
    return one_task_body(task)


@bp.route("/tasks/<id:task_id>/completion/return", methods=["POST"])
@bp.arguments(CommentSchema)
@bp.response(200, TaskSchema)
@bp.alt_response(403, schema=ErrorSchema, description="Only the committee's chair, "
                 "vice-chairs and secretaries review; under the committee's `four_eyes` "
                 "setting, not the person who submitted it (the message says so).")
@bp.alt_response(404, schema=ErrorSchema, description="No such task, or not visible to you.")
@bp.alt_response(409, schema=ErrorSchema, description=STATE_CONFLICT + " Only submitted "
                 "tasks.")
def return_completion(fields, task_id):
    """Send a submitted completion back to the lead agency, saying what is missing."""
    task = _task_for(task_id, Action.REVIEW, SUBMITTED,
                     _l("Only a submitted completion can be returned."))
    _act(task, lambda: task_services.return_completion(task, fields["comment"],
                                                       actor=current_user))
    db.session.commit()
    return one_task_body(task)


@bp.route("/tasks/<id:task_id>/completion/part", methods=["POST"])
@bp.arguments(NoBodySchema, required=False)
@bp.response(200, TaskSchema)
@bp.alt_response(403, schema=ErrorSchema, description="Only staff of a coordinating agency.")
@bp.alt_response(404, schema=ErrorSchema, description="No such task, or not visible to you.")
@bp.alt_response(409, schema=ErrorSchema, description=STATE_CONFLICT + " Only open tasks, "
                 "and a part not reported done yet.")
def complete_part(_fields, task_id):
    """A coordinating agency reports its own part done (today; its part at 100 %)."""
    task = _task_for(task_id, Action.COMPLETE_PART, OPEN,
                     _l("A part can only be reported done on a task in progress."))
    _act(task, lambda: coordination.mark_part_done(task, actor=current_user))
    db.session.commit()
    return one_task_body(task)


# --- Cancelling ----------------------------------------------------------------------------


@bp.route("/tasks/<id:task_id>/cancel", methods=["POST"])
@bp.arguments(ReasonSchema)
@bp.response(200, TaskSchema)
@bp.alt_response(403, schema=ErrorSchema, description="Only the committee's managers.")
@bp.alt_response(404, schema=ErrorSchema, description="No such task, or not visible to you.")
@bp.alt_response(409, schema=ErrorSchema, description=STATE_CONFLICT + " Only open or "
                 "submitted tasks.")
def cancel_task(fields, task_id):
    """Stop a task by decision; the reason is kept."""
    task = _task_for(task_id, Action.MANAGE, IN_PROGRESS,
                     _l("Only a task in progress can be cancelled."))
    _act(task, lambda: task_services.cancel_task(task, fields["reason"], actor=current_user))
    db.session.commit()
    return one_task_body(task)


# --- Extensions ----------------------------------------------------------------------------


@bp.route("/tasks/<id:task_id>/extensions")
@bp.arguments(PageArgsSchema, location="query")
@bp.response(200, ExtensionPageSchema)
@bp.alt_response(404, schema=ErrorSchema, description="No such task, or not visible to you.")
def list_extensions(args, task_id):
    """A task's requests for a later deadline and their decisions, newest first."""
    task = get_visible(Task, task_id)
    query = (select(TaskExtension).where(TaskExtension.task_id == task.id)
             .options(selectinload(TaskExtension.attachments))
             .order_by(TaskExtension.created_at.desc(), TaskExtension.id.desc()))
    return page_body(query, args, extension_body)


@bp.route("/tasks/<id:task_id>/extensions", methods=["POST"])
@bp.arguments(ExtensionRequestSchema)
@bp.response(201, ExtensionSchema)
@bp.alt_response(403, schema=ErrorSchema, description="Only staff of the lead agency.")
@bp.alt_response(404, schema=ErrorSchema, description="No such task, or not visible to you.")
@bp.alt_response(409, schema=ErrorSchema, description=STATE_CONFLICT + " Only open tasks. "
                 "(A request already waiting, a standing duty or the committee's cap on "
                 "extensions is a 422 on requested_deadline.)")
def request_extension(fields, task_id):
    """The lead agency asks for a later deadline; the chair or a vice-chair decides."""
    task = _task_for(task_id, Action.REQUEST_EXTENSION, OPEN,
                     _l("Only a task in progress can get a new deadline."))
    extension = extension_services.request_extension(
        task, actor=current_user, requested_deadline=fields["requested_deadline"],
        reason=fields["reason"])
    db.session.commit()
    return extension_body(extension)


@bp.route("/extensions/<id:extension_id>")
@bp.response(200, ExtensionSchema)
@bp.alt_response(404, schema=ErrorSchema, description="No such request, or its task is not "
                 "visible to you.")
def get_extension(extension_id):
    """One request for a later deadline and its decision."""
    extension = _visible_extension(extension_id)
    return extension_body(extension)


def _visible_extension(extension_id: int) -> TaskExtension:
    extension = db.session.get(TaskExtension, extension_id)
    if extension is None:
        abort(404)
    require(current_user, Action.VIEW, extension.task)
    return extension


def _decision(extension_id: int, verb, comment):
    extension = _visible_extension(extension_id)
    task = extension.task
    if extension.status != ExtensionStatus.PENDING:
        abort(_conflict(task, _l("This request has already been decided.")))
    _require_state(task, IN_PROGRESS, _l("The task is finished or cancelled; its deadline "
                                         "can no longer change."))
    require(current_user, Action.DECIDE_EXTENSION, extension)  # 403 says why under four eyes
    verb(extension, actor=current_user, comment=comment)
    db.session.commit()
    return {**extension_body(extension), "task": one_task_body(task)}


@bp.route("/extensions/<id:extension_id>/grant", methods=["POST"])
@bp.arguments(OptionalCommentSchema, required=False)
@bp.response(200, ExtensionDecisionSchema)
@bp.alt_response(403, schema=ErrorSchema, description="Only the chair or a vice-chair; "
                 "under the committee's `four_eyes` setting, not the person who asked (the "
                 "message says so).")
@bp.alt_response(404, schema=ErrorSchema, description="No such request, or not visible.")
@bp.alt_response(409, schema=ErrorSchema, description="Already decided, or the task is "
                 "finished or cancelled; `error.current` holds the task.")
def grant_extension(fields, extension_id):
    """Grant: the requested date becomes the deadline in force (the original stays).

    The requested date is granted as asked; to give another date, refuse with a comment and
    let the lead agency ask again. The committee's cap on extensions is a 422."""
    return _decision(extension_id, extension_services.grant_extension, fields.get("comment"))


@bp.route("/extensions/<id:extension_id>/refuse", methods=["POST"])
@bp.arguments(CommentSchema)
@bp.response(200, ExtensionDecisionSchema)
@bp.alt_response(403, schema=ErrorSchema, description="Only the chair or a vice-chair; "
                 "under the committee's `four_eyes` setting, not the person who asked (the "
                 "message says so).")
@bp.alt_response(404, schema=ErrorSchema, description="No such request, or not visible.")
@bp.alt_response(409, schema=ErrorSchema, description="Already decided, or the task is "
                 "finished or cancelled; `error.current` holds the task.")
def refuse_extension(fields, extension_id):
    """Refuse, with the reason the lead agency will read; the deadline stays."""
    return _decision(extension_id, extension_services.refuse_extension, fields["comment"])


# --- History -------------------------------------------------------------------------------


@bp.route("/tasks/<id:task_id>/history")
@bp.arguments(PageArgsSchema, location="query")
@bp.response(200, HistoryPageSchema)
@bp.alt_response(404, schema=ErrorSchema, description="No such task, or not visible to you.")
def task_history(args, task_id):
    """Every change of the task, oldest first: when, who, what, from what to what."""
    task = get_visible(Task, task_id)
    query = (select(HistoryEntry)
             .where(HistoryEntry.subject_type == "task", HistoryEntry.subject_id == task.id)
             .order_by(HistoryEntry.created_at, HistoryEntry.id))
    return page_body(query, args, history_body)
