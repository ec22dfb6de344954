"""Deadline extension screens: the lead agency asks, the chair or a vice-chair decides.

The request form and the history sit on the task page (``tasks/_extensions.html``), the
pending requests also on the committee dashboard. A broken rule re-renders the form on a
page of its own with the message next to its field (422); nothing is saved.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tracker.access import fetch_task
from tracker.extensions import db
from tracker.routing import safe_local_path
from tracker.tasks import uploads, workflow
from tracker.tasks.extensions import services as extensions
from tracker.tasks.extensions.forms import ExtensionDecisionForm, ExtensionRequestForm
from tracker.tasks.models import Task, TaskExtension
from tracker.unit_of_work import attempt

bp = Blueprint("extensions", __name__)


def panel(task: Task) -> dict:
    """What the task page's extension section needs (a template global)."""
    history = extensions.extensions_of(task)
    pending = next((e for e in history if e.is_pending), None)
    info = {
        "history": history,
        "pending": pending,
        "granted": sum(1 for e in history if e.is_granted),
        "limit": task.committee.max_extensions,
        "request_form": ExtensionRequestForm(formdata=None),
        "decision_form": ExtensionDecisionForm(formdata=None),
        "can_request": workflow.allowed(current_user, workflow.REQUEST_EXTENSION, task),
        # On the pending request itself: under "four eyes" not for the one who asked.
        "can_decide": pending is not None and workflow.allowed(
            current_user, workflow.GRANT_EXTENSION, task, pending),
        "decide_refusal": pending is not None and workflow.refusal(
            current_user, workflow.GRANT_EXTENSION, task, pending),
        "max_files": uploads.MAX_FILES_PER_REPORT,
        "allowed_types": ", ".join(uploads.ALLOWED_EXTENSIONS),
    }
    # The request form shows (and the task page's action bar links to it) while nothing is
    # pending, the task has a deadline and the committee's limit is not reached.
    info["can_ask_now"] = bool(info["can_request"] and pending is None and task.deadline
                               and info["granted"] < info["limit"])
    return info


@bp.app_template_global("extension_panel")
def _extension_panel(task: Task) -> dict:
    return panel(task)


@bp.route("/tasks/<id:task_id>/extensions", methods=["POST"])
@login_required
@uploads.rate_limited
def request_extension(task_id: int):
    task = fetch_task(current_user, workflow.REQUEST_EXTENSION, task_id)
    form = ExtensionRequestForm()
    if form.validate_on_submit():
        files = uploads.sent_files(form)
        with attempt(form) as saved:
            extensions.request_extension(task, actor=current_user,
                                         requested_deadline=form.requested_deadline.data,
                                         reason=form.reason.data, files=files)
        if saved:
            flash(_("Your request for a new deadline has been sent to the chair."), "success")
            return redirect(url_for("tasks.detail", task_id=task.id) + "#extensions")
    return render_template("tasks/extension_request.html", task=task, form=form,
                           info=panel(task)), 422


def _decision(extension_id: int, verb: workflow.Verb, decide, success: str):
    extension = db.get_or_404(TaskExtension, extension_id)
    task = extension.task
    workflow.check(current_user, verb, task, extension)
    form = ExtensionDecisionForm()
    if form.validate_on_submit():
        with attempt(form) as saved:
            decide(extension, actor=current_user, comment=form.comment.data)
        if saved:
            flash(success, "success")
            return redirect(safe_local_path(form.next.data)
                            or url_for("tasks.detail", task_id=task.id) + "#extensions")
    db.session.refresh(extension)
    return render_template("tasks/extension_decide.html", task=task, extension=extension,
                           form=form), 422


@bp.route("/extensions/<id:extension_id>/grant", methods=["POST"])
@login_required
def grant(extension_id: int):
    return _decision(extension_id, workflow.GRANT_EXTENSION, extensions.grant_extension,
                     _("The extension is granted: the new deadline is in force."))


@bp.route("/extensions/<id:extension_id>/refuse", methods=["POST"])
@login_required
def refuse(extension_id: int):
    return _decision(extension_id, workflow.REFUSE_EXTENSION, extensions.refuse_extension,
                     _("The request is refused; the deadline stays as it was."))
