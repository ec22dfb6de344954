"""Task screens: my agency's tasks, all tasks, one task with its reports and history,
and what an agency member or a reviewer does on it (report, submit, accept, return).

Each handler parses, checks the verb in ``tracker.tasks.workflow`` (404 unseen, 409 with
the reason when the task's state does not allow it, 403), calls one service and
redirects; the request's unit of work commits. A broken rule re-renders the task page
with the message next to its field (422) and nothing saved.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tracker.access import fetch_task
from tracker.extensions import db
from tracker.history.display import history_rows
from tracker.history.services import entries_for
from tracker.lists.task_lists import filter_bar_html, rows_html, sort_arg, table_rows
from tracker.paging import page_number, per_page_arg
from tracker.rights import may_see
from tracker.routing import safe_local_path
from tracker.tasks import comments, coordination, list_options, services, uploads, workflow
from tracker.tasks.categories import category_of, days_left_of
from tracker.tasks.forms import (
    AcceptCompletionForm,
    CommentForm,
    PartDoneForm,
    ProgressReportForm,
    ReturnCompletionForm,
    SubmitCompletionForm,
)
from tracker.tasks.list_items import as_item_rows
from tracker.tasks.models import Attachment, Task
from tracker.tasks.queries import (
    TaskFilters,
    counted_task_list,
    paginate_rows,
    reports_query,
    task_page_query,
)
from tracker.tasks.recurrence.periods import period_label
from tracker.unit_of_work import attempt

bp = Blueprint("tasks", __name__, template_folder="templates")
bp.add_app_template_global(rows_html, "task_rows")  # a list's table rows (tasks/_table.html)
bp.add_app_template_global(filter_bar_html, "task_filter_bar")  # tasks/_filters.html, kept


# --- Lists ------------------------------------------------------------------------------


def _sort_arg() -> str:
    return sort_arg(request.args)  # as the exports and saved views read it


def _list_page(filters: TaskFilters, sort: str):
    page, per_page = page_number(request.args), per_page_arg(request.args)
    listed = counted_task_list(current_user, filters, sort, window=page * per_page)
    rows = paginate_rows(as_item_rows(listed), page, per_page)
    rows.items = table_rows(rows.items)
    return rows


@bp.route("/tasks")
@login_required
def index():
    filters = TaskFilters.from_args(request.args)
    sort = _sort_arg()
    agencies = list_options.agency_choices(current_user, filters.committee_id,
                                           filters.agency_id)
    # The two agency selects offer the same agencies unless each keeps its own choice.
    coordinating_agencies = agencies if filters.coordinating_agency_id == filters.agency_id \
        else list_options.agency_choices(current_user, filters.committee_id,
                                         filters.coordinating_agency_id)
    return render_template(
        "tasks/index.html",
        page=_list_page(filters, sort), filters=filters, sort=sort,
        filtered=bool(filters.as_args()),
        committees=list_options.committee_choices(current_user),
        agencies=agencies,
        resolutions=list_options.resolution_choices(
            current_user, filters.committee_id, filters.resolution_id),
        categories=list_options.category_choices(),
        coordinating_agencies=coordinating_agencies,
    )


@bp.route("/my-agency")
@login_required
def my_agency():
    agency_id = current_user.agency_id
    if agency_id is None:
        return render_template("tasks/my_agency.html", page=None, filters=TaskFilters(),
                               sort="urgency", filtered=False)
    filters = TaskFilters.from_args(request.args)
    # This page is about the user's own agency, whatever the query string says.
    filters.agency_id = None
    filters.involving_agency_id = agency_id
    sort = _sort_arg()
    narrowed = {k: v for k, v in filters.as_args().items() if k != "involving"}
    return render_template(
        "tasks/my_agency.html",
        page=_list_page(filters, sort), filters=filters, sort=sort, filtered=bool(narrowed),
        agency=current_user.agency,
        committees=list_options.committee_choices(current_user),
        resolutions=list_options.resolution_choices(
            current_user, filters.committee_id, filters.resolution_id),
        categories=list_options.category_choices(),
    )


# --- One task ---------------------------------------------------------------------------


def _load_task(task_id: int) -> Task:
    return db.one_or_404(task_page_query(task_id))


def _render_task(task: Task, status: int = 200, **forms):
    """The task page; ``forms`` carry a submitted form with its errors back to the page."""
    report_form = forms.get("report_form") or ProgressReportForm(
        formdata=None, data={"progress": task.progress})
    # The API's read of a task's reports (their authors, agencies and files in one
    # statement each, whatever their number), not the relationship's lazy loads.
    reports = list(db.session.scalars(reports_query(task.id)))
    return render_template(
        "tasks/detail.html",
        task=task,
        category=category_of(task).value,
        days_left=days_left_of(task),
        reports=reports,
        parts=coordination.parts_of(task, reports),
        comments=comments.comments_of(task),
        comment_form=forms.get("comment_form") or CommentForm(formdata=None),
        part_done_form=PartDoneForm(formdata=None),
        history=history_rows(entries_for("task", task.id)),
        report_form=report_form,
        submit_form=forms.get("submit_form") or SubmitCompletionForm(formdata=None),
        accept_form=forms.get("accept_form") or AcceptCompletionForm(formdata=None),
        return_form=forms.get("return_form") or ReturnCompletionForm(formdata=None),
        resolution_url=url_for("resolutions.detail", resolution_id=task.resolution_id),
        series_period=period_label(task.series_period) if task.series_period else None,
        committee_url=url_for("committees.show", committee_id=task.committee_id),
        max_files=uploads.MAX_FILES_PER_REPORT,
        allowed_types=", ".join(uploads.ALLOWED_EXTENSIONS),
    ), status


@bp.route("/tasks/<id:task_id>")
@login_required
def detail(task_id: int):
    task = _load_task(task_id)
    if not may_see(current_user, task):
        abort(404)
    return _render_task(task)


@bp.route("/tasks/<id:task_id>/reports", methods=["POST"])
@login_required
@uploads.rate_limited
def report(task_id: int):
    task = fetch_task(current_user, workflow.REPORT_PROGRESS, task_id)
    form = ProgressReportForm()
    if form.validate_on_submit():
        files, photo = uploads.sent_files(form), uploads.sent_photo(form)
        with attempt(form) as saved:
            services.report_progress(task, actor=current_user, text=form.text.data,
                                     progress=form.progress.data, files=files, photo=photo)
        if saved:
            flash(_("Your progress report has been posted."), "success")
            return redirect(url_for("tasks.detail", task_id=task.id) + "#reports")
    return _render_task(task, 422, report_form=form)


def _back(task: Task, form) -> str:
    """Where the form came from (its ``next``), else the task page at its facts, where the
    state just changed shows (and the message is moved to, by app.js)."""
    return (safe_local_path(form.next.data)
            or url_for("tasks.detail", task_id=task.id) + "#facts-heading")


def _state_change(task_id: int, verb: workflow.Verb, form_class, perform, success: str,
                  form_key: str | None = None):
    """Submit, accept, return or a part done: one verb, confirmed, then back to where the
    user was."""
    task = fetch_task(current_user, verb, task_id)
    form = form_class()
    if form.validate_on_submit():
        with attempt(form) as saved:
            perform(task, form)
        if saved:
            flash(success, "success")
            return redirect(_back(task, form))
    if form_key is None:  # nothing to correct on the page: say why and go back
        for message in [*form.form_errors, *(e for errs in form.errors.values() for e in errs)]:
            flash(str(message), "error")
        return redirect(_back(task, form))
    return _render_task(task, 422, **{form_key: form})


@bp.route("/tasks/<id:task_id>/submit", methods=["POST"])
@login_required
@uploads.rate_limited
def submit(task_id: int):
    return _state_change(
        task_id, workflow.SUBMIT_COMPLETION, SubmitCompletionForm,
        lambda task, form: services.submit_completion(
            task, actor=current_user, result=form.result.data,
            output_files=uploads.sent_files(form, "output"), files=uploads.sent_files(form)),
        _("The task has been reported done. The standing agency will review it."),
        form_key="submit_form")


@bp.route("/tasks/<id:task_id>/accept", methods=["POST"])
@login_required
def accept(task_id: int):
    return _state_change(
        task_id, workflow.ACCEPT_COMPLETION, AcceptCompletionForm,
        lambda task, form: services.accept_completion(task, actor=current_user,
                                                      comment=form.comment.data),
        _("The completion has been accepted."), form_key="accept_form")


@bp.route("/tasks/<id:task_id>/return", methods=["POST"])
@login_required
def return_completion(task_id: int):
    return _state_change(
        task_id, workflow.RETURN_COMPLETION, ReturnCompletionForm,
        lambda task, form: services.return_completion(task, form.comment.data,
                                                      actor=current_user),
        _("The completion has been returned to the lead agency."), form_key="return_form")


@bp.route("/tasks/<id:task_id>/part-done", methods=["POST"])
@login_required
def part_done(task_id: int):
    return _state_change(
        task_id, workflow.COMPLETE_PART, PartDoneForm,
        lambda task, form: coordination.mark_part_done(task, actor=current_user),
        _("Your agency's part has been reported done."))


@bp.route("/tasks/<id:task_id>/comments", methods=["POST"])
@login_required
def comment(task_id: int):
    task = fetch_task(current_user, workflow.COMMENT, task_id)
    form = CommentForm()
    if form.validate_on_submit():
        with attempt(form) as saved:
            posted = comments.add_comment(task, form.body.data, actor=current_user)
        if saved:
            flash(_("Your comment has been posted."), "success")
            return redirect(url_for("tasks.detail", task_id=task.id) + f"#comment-{posted.id}")
    return _render_task(task, 422, comment_form=form)


# --- Evidence files ---------------------------------------------------------------------


@bp.route("/attachments/<id:attachment_id>")
@login_required
def attachment(attachment_id: int):
    """Serve a task's file (a report's evidence or an extension request's papers) to those
    who may see the task, always as a download (``uploads.send_attachment``, as the API)."""
    return uploads.send_attachment(db.get_or_404(Attachment, attachment_id), current_user)


@bp.route("/attachments/<id:attachment_id>/thumbnail")
@login_required
def thumbnail(attachment_id: int):
    """A camera photo's thumbnail, shown on the task page to those who may see the task."""
    return uploads.send_thumbnail(db.get_or_404(Attachment, attachment_id), current_user)
