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

from flask import abort
from flask_login import current_user

from tracker.access import Action, require
from tracker.extensions import db
from tracker.history.services import entries_query
from tracker.tasks import coordination, workflow
from tracker.tasks import services as task_services
from tracker.tasks.extensions import services as extension_services
from tracker.tasks.models import Task, TaskExtension
from tracker.tasks.queries import extensions_query, reports_query

from .common import (
    ErrorSchema,
    PageArgsSchema,
    api_blueprint,
    get_visible,
    page,
    show_on_conflict,
)
from .schemas import TaskSchema
from .workflow_bodies import (
    CommentSchema,
    ExtensionDecisionSchema,
    ExtensionPageSchema,
    ExtensionRequestSchema,
    ExtensionSchema,
    HistoryPageSchema,
    NoBodySchema,
    OptionalCommentSchema,
    ProgressReportPageSchema,
    ProgressReportSchema,
    ReasonSchema,
    ReportCreateSchema,
)

bp = api_blueprint("api_task_workflow", __name__, __doc__)

STATE_CONFLICT = ("409 when the task's state does not allow this (see the tag's description); "
                  "`error.current` holds the task as it is now.")

# --- The state rule ------------------------------------------------------------------------


def _task_for(task_id: int, verb: workflow.Verb) -> Task:
    """The task, once ``verb`` may be used on it (``tasks.workflow.check``: 404, then the
    409 on ``state`` — its answer shows the task as it is now, ``get_visible`` — then 403);
    a state the service finds changed meanwhile is the same 409 (a ``StateError``)."""
    task = get_visible(Task, task_id)
    workflow.check(current_user, verb, task)
    return task


# --- Progress reports ----------------------------------------------------------------------


@bp.route("/tasks/<id:task_id>/updates")
@bp.arguments(PageArgsSchema, location="query")
@bp.response(200, ProgressReportPageSchema)
@bp.alt_response(404, schema=ErrorSchema, description="No such task, or not visible to you.")
def list_updates(args, task_id):
    """A task's progress reports, newest first, from the lead and coordinating agencies."""
    task = get_visible(Task, task_id)
    return page(reports_query(task.id), args)


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
    task = _task_for(task_id, workflow.REPORT_PROGRESS)
    return task_services.report_progress(
        task, actor=current_user, text=fields["text"], progress=fields["progress"])


# --- Completion ----------------------------------------------------------------------------


@bp.route("/tasks/<id:task_id>/completion", methods=["POST"])
@bp.arguments(NoBodySchema, required=False)
@bp.response(200, TaskSchema)
@bp.alt_response(403, schema=ErrorSchema, description="Only staff of the lead agency.")
@bp.alt_response(404, schema=ErrorSchema, description="No such task, or not visible to you.")
@bp.alt_response(409, schema=ErrorSchema, description=STATE_CONFLICT + " Only open tasks.")
def submit_completion(_fields, task_id):
    """The lead agency reports the task done (submitted today, for review)."""
    task = _task_for(task_id, workflow.SUBMIT_COMPLETION)
    task_services.submit_completion(task, actor=current_user)
    return task


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
    task = _task_for(task_id, workflow.ACCEPT_COMPLETION)
    task_services.accept_completion(task, actor=current_user, comment=fields.get("comment"))
    return task


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
    task = _task_for(task_id, workflow.RETURN_COMPLETION)
    task_services.return_completion(task, fields["comment"], actor=current_user)
    return task


@bp.route("/tasks/<id:task_id>/completion/part", methods=["POST"])
@bp.arguments(NoBodySchema, required=False)
@bp.response(200, TaskSchema)
@bp.alt_response(403, schema=ErrorSchema, description="Only staff of a coordinating agency.")
@bp.alt_response(404, schema=ErrorSchema, description="No such task, or not visible to you.")
@bp.alt_response(409, schema=ErrorSchema, description=STATE_CONFLICT + " Only open tasks, "
                 "and a part not reported done yet.")
def complete_part(_fields, task_id):
    """A coordinating agency reports its own part done (today; its part at 100 %)."""
    task = _task_for(task_id, workflow.COMPLETE_PART)
    coordination.mark_part_done(task, actor=current_user)
    return task


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
    task = _task_for(task_id, workflow.CANCEL)
    task_services.cancel_task(task, fields["reason"], actor=current_user)
    return task


# --- Extensions ----------------------------------------------------------------------------


@bp.route("/tasks/<id:task_id>/extensions")
@bp.arguments(PageArgsSchema, location="query")
@bp.response(200, ExtensionPageSchema)
@bp.alt_response(404, schema=ErrorSchema, description="No such task, or not visible to you.")
def list_extensions(args, task_id):
    """A task's requests for a later deadline and their decisions, newest first."""
    task = get_visible(Task, task_id)
    return page(extensions_query(task.id), args)


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
    task = _task_for(task_id, workflow.REQUEST_EXTENSION)
    extension = extension_services.request_extension(
        task, actor=current_user, requested_deadline=fields["requested_deadline"],
        reason=fields["reason"])
    return extension


@bp.route("/extensions/<id:extension_id>")
@bp.response(200, ExtensionSchema)
@bp.alt_response(404, schema=ErrorSchema, description="No such request, or its task is not "
                 "visible to you.")
def get_extension(extension_id):
    """One request for a later deadline and its decision."""
    extension = _visible_extension(extension_id)
    return extension


def _visible_extension(extension_id: int) -> TaskExtension:
    extension = db.session.get(TaskExtension, extension_id)
    if extension is None:
        abort(404)
    require(current_user, Action.VIEW, extension.task)
    show_on_conflict(extension.task)
    return extension


def _decision(extension_id: int, verb: workflow.Verb, decide, comment):
    extension = _visible_extension(extension_id)
    workflow.check(current_user, verb, extension.task, extension)  # 403 says why (four eyes)
    decide(extension, actor=current_user, comment=comment)
    return extension


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
    return _decision(extension_id, workflow.GRANT_EXTENSION, extension_services.grant_extension,
                     fields.get("comment"))


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
    return _decision(extension_id, workflow.REFUSE_EXTENSION,
                     extension_services.refuse_extension, fields["comment"])


# --- History -------------------------------------------------------------------------------


@bp.route("/tasks/<id:task_id>/history")
@bp.arguments(PageArgsSchema, location="query")
@bp.response(200, HistoryPageSchema)
@bp.alt_response(404, schema=ErrorSchema, description="No such task, or not visible to you.")
def task_history(args, task_id):
    """Every change of the task, oldest first: when, who, what, from what to what."""
    task = get_visible(Task, task_id)
    return page(entries_query("task", task.id), args)
