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

import functools

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

from .common import api_blueprint, get_visible, show_on_conflict, task_for
from .schemas import TaskSchema
from .workflow_bodies import (
    CommentSchema,
    CompletionSchema,
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

NO_TASK = "No such task, or not visible to you."
STATE_CONFLICT = ("409 when the task's state does not allow this (see the tag's description); "
                  "`error.current` holds the task as it is now.")
REVIEWERS = ("Only the committee's chair, vice-chairs and secretaries review; under the "
             "committee's `four_eyes` setting, not the person who submitted it (the message "
             "says so).")
# What a decision on an extension may answer besides the decision (grant, refuse).
DECISION_ERRORS = {
    "forbidden": "Only the chair or a vice-chair; under the committee's `four_eyes` setting, "
                 "not the person who asked (the message says so).",
    "not_found": "No such request, or not visible.",
    "conflict": "Already decided, or the task is finished or cancelled; `error.current` holds "
                "the task.",
}

# --- The state rule ------------------------------------------------------------------------


def _task_verb(rule: str, verb: workflow.Verb, body, *, forbidden: str, states: str,
               answer=(200, TaskSchema), **body_options):
    """``POST rule``, using ``verb`` on a task: the view gets the task once the verb may be
    used on it (``task_for``) and the ``body``'s fields. Documented with who may
    (``forbidden``, 403) and the state rule's 409, ``states`` saying which states allow it."""

    def decorator(func):
        @functools.wraps(func)
        def view(fields, task_id):
            return func(task_for(task_id, verb), fields)

        view = bp.errors(forbidden=forbidden, not_found=NO_TASK,
                         conflict=f"{STATE_CONFLICT} {states}")(view)
        view = bp.arguments(body, **body_options)(bp.response(*answer)(view))
        return bp.route(rule, methods=["POST"])(view)

    return decorator


# --- Progress reports ----------------------------------------------------------------------


@bp.paged("/tasks/<id:task_id>/updates", ProgressReportPageSchema, not_found=NO_TASK)
def list_updates(_args, task_id):
    """A task's progress reports, newest first, from the lead and coordinating agencies."""
    return reports_query(get_visible(Task, task_id).id)


@_task_verb("/tasks/<id:task_id>/updates", workflow.REPORT_PROGRESS, ReportCreateSchema,
            answer=(201, ProgressReportSchema),
            forbidden="Only staff of the lead or a coordinating agency (not viewers) report.",
            states="Reports are taken on open tasks only.")
def create_update(task, fields):
    """Report progress for your agency: the lead agency's report sets the task's percentage,
    a coordinating agency's report moves its own part."""
    return task_services.report_progress(
        task, actor=current_user, text=fields["text"], progress=fields["progress"])


# --- Completion ----------------------------------------------------------------------------


@_task_verb("/tasks/<id:task_id>/completion", workflow.SUBMIT_COMPLETION, CompletionSchema,
            forbidden="Only staff of the lead agency.", states="Only open tasks.")
def submit_completion(task, fields):
    """The lead agency reports the task done (submitted today, for review), saying the result
    achieved; it becomes the lead agency's report at 100 %."""
    task_services.submit_completion(task, actor=current_user, result=fields["result"])
    return task


@_task_verb("/tasks/<id:task_id>/completion/accept", workflow.ACCEPT_COMPLETION,
            OptionalCommentSchema, required=False, forbidden=REVIEWERS,
            states="Only submitted tasks.")
def accept_completion(task, fields):
    """Accept a submitted completion: the task is done, completed on the submission date."""
    task_services.accept_completion(task, actor=current_user, comment=fields.get("comment"))
    return task


@_task_verb("/tasks/<id:task_id>/completion/return", workflow.RETURN_COMPLETION, CommentSchema,
            forbidden=REVIEWERS, states="Only submitted tasks.")
def return_completion(task, fields):
    """Send a submitted completion back to the lead agency, saying what is missing."""
    task_services.return_completion(task, fields["comment"], actor=current_user)
    return task


@_task_verb("/tasks/<id:task_id>/completion/part", workflow.COMPLETE_PART, NoBodySchema,
            required=False, forbidden="Only staff of a coordinating agency.",
            states="Only open tasks, and a part not reported done yet.")
def complete_part(task, _fields):
    """A coordinating agency reports its own part done (today; its part at 100 %)."""
    coordination.mark_part_done(task, actor=current_user)
    return task


# --- Cancelling ----------------------------------------------------------------------------


@_task_verb("/tasks/<id:task_id>/cancel", workflow.CANCEL, ReasonSchema,
            forbidden="Only the committee's managers.", states="Only open or submitted tasks.")
def cancel_task(task, fields):
    """Stop a task by decision; the reason is kept."""
    task_services.cancel_task(task, fields["reason"], actor=current_user)
    return task


# --- Extensions ----------------------------------------------------------------------------


@bp.paged("/tasks/<id:task_id>/extensions", ExtensionPageSchema, not_found=NO_TASK)
def list_extensions(_args, task_id):
    """A task's requests for a later deadline and their decisions, newest first."""
    return extensions_query(get_visible(Task, task_id).id)


@_task_verb("/tasks/<id:task_id>/extensions", workflow.REQUEST_EXTENSION,
            ExtensionRequestSchema, answer=(201, ExtensionSchema),
            forbidden="Only staff of the lead agency.",
            states="Only open tasks. (A request already waiting, a standing duty or the "
                   "committee's cap on extensions is a 422 on requested_deadline.)")
def request_extension(task, fields):
    """The lead agency asks for a later deadline; the chair or a vice-chair decides."""
    return extension_services.request_extension(
        task, actor=current_user, requested_deadline=fields["requested_deadline"],
        reason=fields["reason"])


@bp.route("/extensions/<id:extension_id>")
@bp.response(200, ExtensionSchema)
@bp.errors(not_found="No such request, or its task is not visible to you.")
def get_extension(extension_id):
    """One request for a later deadline and its decision."""
    return _visible_extension(extension_id)


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
@bp.errors(**DECISION_ERRORS)
def grant_extension(fields, extension_id):
    """Grant: the requested date becomes the deadline in force (the original stays).

    The requested date is granted as asked; to give another date, refuse with a comment and
    let the lead agency ask again. The committee's cap on extensions is a 422."""
    return _decision(extension_id, workflow.GRANT_EXTENSION, extension_services.grant_extension,
                     fields.get("comment"))


@bp.route("/extensions/<id:extension_id>/refuse", methods=["POST"])
@bp.arguments(CommentSchema)
@bp.response(200, ExtensionDecisionSchema)
@bp.errors(**DECISION_ERRORS)
def refuse_extension(fields, extension_id):
    """Refuse, with the reason the lead agency will read; the deadline stays."""
    return _decision(extension_id, workflow.REFUSE_EXTENSION,
                     extension_services.refuse_extension, fields["comment"])


# --- History -------------------------------------------------------------------------------


@bp.paged("/tasks/<id:task_id>/history", HistoryPageSchema, not_found=NO_TASK)
def task_history(_args, task_id):
    """Every change of the task, oldest first: when, who, what, from what to what."""
    return entries_query("task", get_visible(Task, task_id).id)
