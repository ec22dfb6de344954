"""Importing a resolution's tasks from a spreadsheet: upload → preview → confirm.

The upload reads the file, once, within the import's limits and keeps its rows
(``tasks.imports.pending``); the preview writes no task; confirming imports every kept row
or none (``tasks.imports.services``). Uploads are limited per user (IMPORT_RATE_LIMIT).
"""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from tracker.access import Action, fetch
from tracker.domain import DomainError
from tracker.rate_limits import per_user
from tracker.resolutions.blueprint import bp
from tracker.resolutions.models import Resolution
from tracker.tasks.imports import pending as pending_imports
from tracker.tasks.imports import services as imports
from tracker.tasks.imports.forms import ImportConfirmForm, ImportUploadForm
from tracker.unit_of_work import attempt

_TEMPLATE_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


# Each upload is parsed: counted per user on every POST, whether the file is read or not.
_rate_limited = per_user(
    "IMPORT_RATE_LIMIT", "task-imports",
    _l("You have uploaded %(amount)d task imports within %(period)s, the most allowed. "
       "Please try again later."),
    methods=["POST"])


def _manageable(resolution_id: int) -> Resolution:
    resolution = fetch(current_user, Action.MANAGE, Resolution, resolution_id)
    return resolution


def _context(resolution, **extra) -> dict:
    return {"resolution": resolution, "columns": imports.COLUMNS,
            "max_rows": imports.MAX_IMPORT_ROWS,
            "max_mb": imports.MAX_IMPORT_BYTES // (1024 * 1024), **extra}


@bp.route("/resolutions/<id:resolution_id>/import", methods=["GET", "POST"])
@login_required
@_rate_limited
def import_tasks(resolution_id: int):
    resolution = _manageable(resolution_id)
    form = ImportUploadForm()
    context = _context(resolution, form=form)
    if request.method == "GET":
        return render_template("resolutions/import.html", **context)
    if not form.validate():
        return render_template("resolutions/import.html", **context), 422
    upload = request.files.get("file")
    data = upload.read(imports.MAX_IMPORT_BYTES + 1) if upload else b""
    try:
        rows = imports.read_table(data)  # a file that cannot be read at all comes back here
    except DomainError as error:  # nothing written yet: only the message to show
        form.file.errors = [*form.file.errors, error.message]
        return render_template("resolutions/import.html", **context), 422
    pending = pending_imports.keep_import(current_user, resolution, rows)
    return redirect(url_for("resolutions.import_preview", resolution_id=resolution.id,
                            token=pending.token))


def _expired(resolution):
    flash(_("The uploaded file is no longer available; please upload it again."), "warning")
    return redirect(url_for("resolutions.import_tasks", resolution_id=resolution.id))


@bp.route("/resolutions/<id:resolution_id>/import/preview")
@login_required
def import_preview(resolution_id: int):
    resolution = _manageable(resolution_id)
    token = request.args.get("token", "")
    pending = pending_imports.pending_import(token, resolution)
    if pending is None:
        return _expired(resolution)
    form = ImportConfirmForm(token=token)
    preview = imports.preview_import(resolution, pending.rows)
    return render_template("resolutions/import_preview.html",
                           **_context(resolution, preview=preview, form=form, problems=[]))


@bp.route("/resolutions/<id:resolution_id>/import/confirm", methods=["POST"])
@login_required
def import_confirm(resolution_id: int):
    resolution = _manageable(resolution_id)
    form = ImportConfirmForm()
    pending = pending_imports.pending_import(form.token.data, resolution) if form.validate() \
        else None
    if pending is None:
        return _expired(resolution)
    rows = pending.rows
    with attempt() as saved:
        tasks = imports.import_tasks(resolution, rows, actor=current_user)
    if not saved:
        preview = imports.preview_import(resolution, rows)
        return render_template("resolutions/import_preview.html", **_context(
            resolution, preview=preview, form=form, problems=[saved.error.message])), 422
    pending_imports.discard_import(pending)
    flash(_("%(n)d tasks imported.", n=len(tasks)), "success")
    return redirect(url_for("resolutions.detail", resolution_id=resolution.id))


@bp.route("/resolutions/<id:resolution_id>/import/template.<any(csv, xlsx):fmt>")
@login_required
def import_template(resolution_id: int, fmt: str):
    _manageable(resolution_id)
    data = pending_imports.template_csv() if fmt == "csv" else pending_imports.template_xlsx()
    return Response(data, mimetype=_TEMPLATE_TYPES[fmt], headers={
        "Content-Disposition": f"attachment; filename=mau-nhap-nhiem-vu.{fmt}"})
