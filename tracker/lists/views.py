"""Task lists as files (CSV, XLSX) and the user's saved views of /tasks.

The exports read the same filters and sort as the pages (``task_lists``); anyone signed
in may export what they may see. Saved views belong to their user: another user's view
does not exist for them (404).
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    get_template_attribute,
    redirect,
    render_template,
    request,
    send_file,
    stream_with_context,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from tracker import jobs, labels
from tracker.lists import export, saved_views, services
from tracker.lists.forms import RenameViewForm, SaveViewForm
from tracker.lists.task_lists import list_query
from tracker.resolutions import queries as resolution_queries
from tracker.unit_of_work import attempt

bp = Blueprint("lists", __name__, template_folder="templates")
WRITE_EXPORT = "exports.write_export"
SAVE_PREFIX = "view"  # the save form sits on the task list, next to its filter fields

MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


# --- Exports ----------------------------------------------------------------------------


def _file(fmt: str, file_stem: str, chunks):
    response = Response(stream_with_context(chunks), mimetype=MIMETYPES[fmt])
    filename = f"{file_stem}-{date.today().isoformat()}.{fmt}"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _export(list_name: str, fmt: str, file_stem: str):
    if fmt not in MIMETYPES:
        abort(404)
    if services.reaches_threshold(list_name, request.args, current_user):
        # A long list is written by a worker; its progress page links the file when ready.
        job = services.request_export(
            current_user, request.endpoint, request.query_string.decode("latin-1"), fmt,
            str(get_locale()))
        jobs.enqueue(WRITE_EXPORT, job.id)
        return redirect(url_for("lists.export_progress", export_id=job.id), 303)
    query = list_query(list_name, request.args, current_user)
    return _file(fmt, file_stem, export.task_csv(query) if fmt == "csv"
                 else export.task_xlsx(query, _("Tasks")))


@bp.route("/tasks/export.<fmt>")
@login_required
def export_tasks(fmt: str):
    return _export("tasks", fmt, "tasks")


@bp.route("/my-agency/export.<fmt>")
@login_required
def export_my_agency(fmt: str):
    return _export("my_agency", fmt, "my-agency-tasks")


@bp.route("/resolutions/export.<fmt>")
@login_required
def export_resolutions(fmt: str):
    if fmt not in MIMETYPES:
        abort(404)
    filters = resolution_queries.ResolutionFilters.from_args(
        request.args, labels.RESOLUTION_KIND_LABELS)
    query = resolution_queries.resolutions_query(
        current_user, filters, resolution_queries.sort_key(request.args.get("sort")))
    rows, headings = export.resolution_rows(query), export.resolution_headings()
    return _file(fmt, "resolutions", export.csv_chunks(rows, headings) if fmt == "csv"
                 else export.xlsx_chunks(rows, _("Resolutions"), headings,
                                         export.RESOLUTION_WIDTHS))


def _own_export(export_id: int):
    job = services.export_of_user(export_id, current_user)
    if job is None:
        abort(404)
    return job


@bp.route("/exports/<id:export_id>")
@login_required
def export_progress(export_id: int):
    """A background export's progress, then its download link (its owner's only)."""
    job = _own_export(export_id)
    page = "tasks.my_agency" if job.endpoint == "lists.export_my_agency" else "tasks.index"
    back = url_for(page) + (f"?{job.query_string}" if job.query_string else "")
    return render_template("lists/export_progress.html", job=job, back=back)


@bp.route("/exports/<id:export_id>/file")
@login_required
def export_download(export_id: int):
    """The file of a finished background export, as the direct download names it."""
    job = _own_export(export_id)
    path = services.file_path(job)
    if not job.is_done or not path.is_file():
        abort(404)
    response = send_file(path, mimetype=MIMETYPES[job.format], conditional=False)
    response.headers["Content-Disposition"] = f'attachment; filename="{job.file_name}"'
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


# --- Saved views ------------------------------------------------------------------------


@bp.app_context_processor
def _saved_view_helpers():
    """For the task list pages: the built-in and the user's views, and the save form."""

    def saved_views_of_user():
        if not current_user.is_authenticated:
            return []
        return saved_views.views_of(current_user)

    def built_in_views():
        return [(name, url_for(endpoint, **args)) for name, endpoint, args in
                saved_views.BUILT_IN]

    def save_view_hidden_fields():
        """The save form's hidden fields, as the form's ``hidden_tag()`` writes them: this
        page's query and the CSRF token."""
        query = request.query_string.decode("utf-8", "replace")
        return Markup(  # noqa: S704 — the two values escaped  # nosec B704
            f'<input id="{SAVE_PREFIX}-query" name="{SAVE_PREFIX}-query" type="hidden" '
            f'value="{escape(query)}">\n<input id="{SAVE_PREFIX}-csrf_token" '
            f'name="{SAVE_PREFIX}-csrf_token" type="hidden" value="{escape(generate_csrf())}">')

    def save_view_name_field():
        return _kept_name_field(str(get_locale()))

    return {"saved_views_of_user": saved_views_of_user, "built_in_views": built_in_views,
            "save_view_hidden_fields": save_view_hidden_fields,
            "save_view_name_field": save_view_name_field}


@lru_cache(maxsize=8)
def _kept_name_field(_language: str) -> Markup:
    """The save form's name field, blank, with its label and help, written once per language
    (the same for everyone: building and writing the WTForms form was a tenth of a list
    page's cost). The form that reports a refused name is its own page (``save_view``)."""
    form = SaveViewForm(formdata=None, prefix=SAVE_PREFIX, meta={"csrf": False})
    return get_template_attribute("macros.html", "field")(
        form.name, help=_("Saves the current filters and sort of this list."))


def _view_or_404(view_id: int):
    view = saved_views.view_of(current_user, view_id)
    if view is None:
        abort(404)
    return view


@bp.route("/tasks/views", methods=["POST"])
@login_required
def save_view():
    form = SaveViewForm(prefix=SAVE_PREFIX)
    if form.validate_on_submit():
        with attempt(form) as saved:
            view = saved_views.save_view(current_user, form.name.data, form.query.data or "")
        if saved:
            flash(_("The view “%(name)s” has been saved.", name=view.name), "success")
            return redirect(saved_view_url(view))
    return render_template("lists/save_view.html", form=form), 422


def saved_view_url(view) -> str:
    return url_for("tasks.index") + (f"?{view.query_string}" if view.query_string else "")


@bp.route("/tasks/views/<id:view_id>/rename", methods=["GET", "POST"])
@login_required
def rename_view(view_id: int):
    view = _view_or_404(view_id)
    form = RenameViewForm(**({"formdata": None, "data": {"name": view.name}}
                             if request.method == "GET" else {}))
    if form.validate_on_submit():
        with attempt(form) as saved:
            saved_views.rename_view(view, form.name.data, actor=current_user)
        if saved:
            flash(_("The view has been renamed."), "success")
            return redirect(url_for("tasks.index") + "#saved-views")
    return render_template("lists/rename_view.html", form=form, view=view), (
        422 if form.errors else 200)


@bp.route("/tasks/views/<id:view_id>/delete", methods=["POST"])
@login_required
def delete_view(view_id: int):
    view = _view_or_404(view_id)
    saved_views.delete_view(view, actor=current_user)
    flash(_("The view has been deleted."), "success")
    return redirect(url_for("tasks.index") + "#saved-views")
