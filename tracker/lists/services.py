"""Long list exports written in the background (issue 12, item 3).

A task list export at or above ``EXPORT_BACKGROUND_ROWS`` rows is not streamed to the
browser: an ``ExportRequest`` records who asked, the export's endpoint, its query string
(the list's filters), format and language, and the job ``exports.write_export`` writes
the file with the direct download's own row generator (``export.task_file``), so the bytes
are the same. The progress (``rows_written``) is committed every ``PROGRESS_EVERY`` rows:
the list's ids are read first, in the list's order, and the rows are then read and
written a slice of ids at a time, each slice in its own transaction (a server-side cursor
does not outlive a commit). Files and rows older than ``EXPORT_KEEP_HOURS`` are deleted
by beat (``delete_old_exports``).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qsl

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from tracker.auth.models import User
from tracker.clock import utcnow
from tracker.extensions import db
from tracker.lists import export
from tracker.lists.models import ExportRequest, ExportState
from tracker.lists.task_lists import list_filters, list_query, sort_arg
from tracker.paging import count_rows
from tracker.tasks.models import Task
from tracker.tasks.queries import counted_task_list
from tracker.unit_of_work import step

log = logging.getLogger(__name__)

# The task list exports that may run in the background: endpoint → (list, file stem).
TASK_EXPORTS = {
    "lists.export_tasks": ("tasks", "tasks"),
    "lists.export_my_agency": ("my_agency", "my-agency-tasks"),
}
FORMATS = ("csv", "xlsx")
# Rows written between two progress commits (and read per slice of ids).
PROGRESS_EVERY = 5_000


def export_dir() -> Path:
    """The instance's export folder (``EXPORT_DIR``, else ``<UPLOAD_DIR>/exports``)."""
    configured = current_app.config.get("EXPORT_DIR")
    return Path(configured or os.path.join(current_app.config["UPLOAD_DIR"], "exports"))


def file_path(request: ExportRequest) -> Path:
    return export_dir() / f"export-{request.id}.{request.format}"


def file_name(file_stem: str, fmt: str, today: date | None = None) -> str:
    """The direct download's file name: the list's stem and the day it was asked for."""
    return f"{file_stem}-{(today or date.today()).isoformat()}.{fmt}"


def threshold() -> int:
    return int(current_app.config.get("EXPORT_BACKGROUND_ROWS", 50_000))


def _args(query_string: str) -> MultiDict:
    return MultiDict(parse_qsl(query_string, keep_blank_values=True))


def reaches_threshold(list_name: str, args, user) -> bool:
    """Whether the list has at least ``EXPORT_BACKGROUND_ROWS`` rows (counted no further,
    on the list's cheap count: the task table alone unless a filter needs more)."""
    filters = list_filters(list_name, args, user)
    if filters is None:
        return False
    limit = threshold()
    counted = counted_task_list(user, filters, sort_arg(args))
    return count_rows(counted.count, limit) >= limit


def request_export(user: User, endpoint: str, query_string: str, fmt: str,
                   language: str) -> ExportRequest:
    """Record an export to write in the background (the caller enqueues the job)."""
    if endpoint not in TASK_EXPORTS or fmt not in FORMATS:
        raise ValueError(f"no background export for {endpoint} .{fmt}")
    request = ExportRequest(
        user_id=user.id, endpoint=endpoint, query_string=query_string, format=fmt,
        language=language if language in ("vi", "en") else "vi",
        state=ExportState.QUEUED, rows_written=0,
        file_name=file_name(TASK_EXPORTS[endpoint][1], fmt))
    db.session.add(request)
    db.session.flush()
    return request


def export_of_user(export_id: int, user) -> ExportRequest | None:
    """The export ``export_id`` if ``user`` asked for it, else None (others: 404)."""
    request = db.session.get(ExportRequest, export_id)
    if request is None or request.user_id != user.id:
        return None
    return request


def _checkpoint(request: ExportRequest, **values) -> None:
    """Record how far the export is, committed: the progress page reads it meanwhile."""
    with step(writing=True):
        for name, value in values.items():
            setattr(request, name, value)


def _sliced_batches(export_id: int, query, ids: list[int]) -> Iterator[list[tuple]]:
    """``export.task_row_batches`` of the list, a slice of its ids at a time (the slice's
    rows in the list's own order, the slices in order: the same rows as one pass), with
    the rows written so far committed after each slice."""
    written = 0
    for start in range(0, len(ids), PROGRESS_EVERY):
        chunk = ids[start:start + PROGRESS_EVERY]
        with step():
            batches = list(export.task_row_batches(query.where(Task.id.in_(chunk))))
        yield from batches
        written += sum(len(batch) for batch in batches)
        _checkpoint(db.session.get(ExportRequest, export_id), rows_written=written)


def write_export(export_id: int) -> ExportRequest | None:
    """Write the file of export ``export_id``: the bytes the direct download would send.

    Idempotent: running it again rewrites the same file (a finished export is left as it
    is). A failure is recorded on the request (``failed``, ``error``) and logged, not
    raised: a retried job would only fail the same way. None when the request is gone.
    """
    request = db.session.get(ExportRequest, export_id)
    if request is None or request.state == ExportState.DONE:
        return request
    path = file_path(request)
    partial = path.with_suffix(path.suffix + ".part")
    try:
        user = db.session.get(User, request.user_id)
        list_name, _stem = TASK_EXPORTS[request.endpoint]
        args = _args(request.query_string)
        with force_locale(request.language):
            query = list_query(list_name, args, user)  # the direct download's query
            ids = [] if query is None else list(db.session.scalars(query.with_only_columns(
                Task.id, query.selected_columns.category, query.selected_columns.days_left)))
            total = len(ids)
            _checkpoint(request, state=ExportState.RUNNING, rows_written=0, rows_total=total,
                        error=None, finished_at=None)
            batches = _sliced_batches(export_id, query, ids) if query is not None else iter(())
            path.parent.mkdir(parents=True, exist_ok=True)
            with partial.open("wb") as out:
                for piece in export.task_file(request.format, batches):
                    out.write(piece)
            partial.replace(path)  # a reader sees no file or the whole file
        _checkpoint(db.session.get(ExportRequest, export_id), state=ExportState.DONE,
                    rows_written=total, finished_at=utcnow())
    except Exception as error:
        log.exception("export %s failed", export_id)
        partial.unlink(missing_ok=True)
        with step(writing=True):
            request = db.session.get(ExportRequest, export_id)
            request.state, request.finished_at = ExportState.FAILED, utcnow()
            request.error = f"{type(error).__name__}: {error}"[:2000]
    return db.session.get(ExportRequest, export_id)


def delete_old_exports(now: datetime | None = None) -> int:
    """Delete the exports (rows and files) asked for more than ``EXPORT_KEEP_HOURS`` (24)
    ago; how many. Safe to run twice."""
    cutoff = (now or utcnow()) - timedelta(hours=current_app.config.get("EXPORT_KEEP_HOURS", 24))
    old = db.session.scalars(select(ExportRequest).where(ExportRequest.created_at < cutoff)).all()
    for request in old:
        file_path(request).unlink(missing_ok=True)
        file_path(request).with_suffix(f".{request.format}.part").unlink(missing_ok=True)
        db.session.delete(request)
    db.session.flush()
    return len(old)
