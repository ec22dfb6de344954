"""Deadline extension screens: the lead agency asks, the chair or a vice-chair decides.

The request form and the history sit on the task page (``tasks/_extensions.html``), the
pending requests also on the committee dashboard. A broken rule re-renders the form on a
page of its own with the message next to its field (422); nothing is saved.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tracker.access import Action, can, refusal, require
from tracker.domain import DomainError
from tracker.extensions import db
from tracker.routing import safe_local_path
from tracker.tasks import uploads
from tracker.tasks.extensions import services as extensions
from tracker.tasks.extensions.forms import ExtensionDecisionForm, ExtensionRequestForm
from tracker.tasks.extensions.models import TaskExtension
from tracker.tasks.models import Task

bp = Blueprint("extensions", __name__)


def _put_error(form, error: DomainError) -> None:
    field = getattr(form, error.field, None)
    if field is not None and hasattr(field, "errors") and error.field != "next":
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


def panel(task: Task) -> dict:
    """What the task page's extension section needs (a template global)."""
    history = extensions.extensions_of(task)
    pending = next((e for e in history if e.status == "pending"), None)
    return {
        "history": history,
        "pending": pending,
        "granted": sum(1 for e in history if e.status == "granted"),
        "limit": task.committee.max_extensions,
        "request_form": ExtensionRequestForm(formdata=None),
        "decision_form": ExtensionDecisionForm(formdata=None),
        "can_request": can(current_user, Action.REQUEST_EXTENSION, task),
        # On the pending request itself: under "four eyes" not for the one who asked.
        "can_decide": pending is not None and can(current_user, Action.DECIDE_EXTENSION,
                                                  pending),
        "decide_refusal": pending is not None and refusal(current_user,
                                                          Action.DECIDE_EXTENSION, pending),
        "max_files": uploads.MAX_FILES_PER_REPORT,
        "allowed_types": ", ".join(uploads.ALLOWED_EXTENSIONS),
    }


@bp.app_template_global("extension_panel")
def _extension_panel(task: Task) -> dict:
    return panel(task)


@bp.route("/tasks/<id:task_id>/extensions", methods=["POST"])
@login_required
@uploads.rate_limited
def request_extension(task_id: int):
    task = db.session.get(Task, task_id)
    if task is None:
        abort(404)
    require(current_user, Action.REQUEST_EXTENSION, task)
    form = ExtensionRequestForm()
    if form.validate_on_submit():
        files = [(f.filename, f.read()) for f in (form.files.data or [])
                 if getattr(f, "filename", None)]
        try:
            extensions.request_extension(task, actor=current_user,
                                         requested_deadline=form.requested_deadline.data,
                                         reason=form.reason.data, files=files)
        except DomainError as error:
            db.session.rollback()
            _put_error(form, error)
        else:
            db.session.commit()
            flash(_("Your request for a new deadline has been sent to the chair."), "success")
            return redirect(url_for("tasks.detail", task_id=task.id) + "#extensions")
    return render_template("tasks/extension_request.html", task=task, form=form,
                           info=panel(task)), 422


def _decision(extension_id: int, verb, success: str):
    extension = db.session.get(TaskExtension, extension_id)
    if extension is None:
        abort(404)
    task = extension.task
    require(current_user, Action.DECIDE_EXTENSION, extension)
    form = ExtensionDecisionForm()
    if form.validate_on_submit():
        try:
            verb(extension, actor=current_user, comment=form.comment.data)
        except DomainError as error:
            db.session.rollback()
            _put_error(form, error)
        else:
            db.session.commit()
            flash(success, "success")
            return redirect(safe_local_path(form.next.data)
                            or url_for("tasks.detail", task_id=task.id) + "#extensions")
    db.session.refresh(extension)
    return render_template("tasks/extension_decide.html", task=task, extension=extension,
                           form=form), 422


@bp.route("/extensions/<id:extension_id>/grant", methods=["POST"])
@login_required
def grant(extension_id: int):
    return _decision(extension_id, extensions.grant_extension,
                     _("The extension is granted: the new deadline is in force."))


@bp.route("/extensions/<id:extension_id>/refuse", methods=["POST"])
@login_required
def refuse(extension_id: int):
    return _decision(extension_id, extensions.refuse_extension,
                     _("The request is refused; the deadline stays as it was."))
