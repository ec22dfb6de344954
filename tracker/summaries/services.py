"""The verbs of summaries: ask for one, compile it (the job's work), find its files."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from flask import Response, abort, current_app, send_file
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload

from tracker.clock import local_today, utcnow
from tracker.committees.models import Committee
from tracker.domain import DomainError, checked_date
from tracker.extensions import db
from tracker.notifications.models import NotificationKind
from tracker.notifications.services import notify
from tracker.rate_limits import spend
from tracker.summaries import render_pdf, render_xlsx
from tracker.summaries.figures import build_figures
from tracker.summaries.models import Summary, SummaryStatus
from tracker.summaries.periods import (
    Period,
    PeriodKind,
    custom_period,
    period_containing,
    period_of,
)
from tracker.unit_of_work import step

log = logging.getLogger(__name__)

FORMATS = ("pdf", "xlsx", "docx")
MIMETYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
JOB = "summaries.compile_summary"  # the background job that compiles one (by id)
MAX_CUSTOM_DAYS = 3 * 366  # a custom period longer than three years is surely a typo


class SummaryError(DomainError):
    """A request the rules refuse; ``field`` names the form field to show it beside."""


def resolve_period(committee: Committee, kind: str, reference: date | None = None,
                   starts_on: date | None = None, ends_on: date | None = None,
                   now: datetime | None = None) -> Period:
    """The period a request names, checked: its dates in the range every date a user gives
    lies in (``domain.checked_date``), and it must have started by the committee's today."""
    today = local_today(committee.timezone, now)
    for field, value in (("reference", reference), ("starts_on", starts_on),
                         ("ends_on", ends_on)):
        checked_date(field, value, error=SummaryError)
    try:
        kind = PeriodKind(kind)
    except ValueError:
        raise SummaryError("period", _("Please choose from the list.")) from None
    if kind == PeriodKind.CUSTOM:
        if starts_on is None:
            raise SummaryError("starts_on", _("Please enter the first day of the period."))
        if ends_on is None:
            raise SummaryError("ends_on", _("Please enter the last day of the period."))
        if ends_on < starts_on:
            raise SummaryError("ends_on", _("The period cannot end before it starts."))
        if (ends_on - starts_on).days >= MAX_CUSTOM_DAYS:
            raise SummaryError("ends_on", _("A summary covers at most three years."))
        period = custom_period(starts_on, ends_on)
    else:
        try:
            period = period_containing(kind, reference or today)
        except (OverflowError, ValueError):  # a period reaching past year 1 or 9999
            raise SummaryError("reference", _("Please enter a valid date.")) from None
    if period.starts_on > today:
        raise SummaryError("reference" if kind != PeriodKind.CUSTOM else "starts_on",
                           _("This period has not started yet."))
    return period


def request_summary(committee: Committee, period: Period, requested_by=None,
                    language: str = "vi") -> Summary:
    """Record a pending summary; the caller enqueues ``summaries.compile_summary`` with its id."""
    summary = Summary(committee=committee, period_kind=period.kind,
                      starts_on=period.starts_on, ends_on=period.ends_on,
                      language=language if language in ("vi", "en") else "vi",
                      status=SummaryStatus.PENDING, progress=0, requested_by=requested_by)
    db.session.add(summary)
    db.session.flush()
    return summary


# A summary still waiting or compiling this long after it was asked for is taken as stuck (its
# message lost, its worker killed): an identical request then compiles a new one.
STUCK_AFTER = timedelta(hours=1)


@dataclass
class SummaryRequest:
    """What asking for a summary gave: a new one to compile, or an identical one reused."""

    summary: Summary
    reused: bool  # True: nothing to compile, nothing to enqueue


def identical_summary(committee: Committee, period: Period, language: str,
                      now: datetime | None = None) -> Summary | None:
    """The newest summary of the same committee, period and language (whoever asked for it)
    that is waiting or being compiled (asked for within ``STUCK_AFTER``), or was compiled at
    most SUMMARY_FRESH_MINUTES ago. A failed one never counts."""
    now = now or utcnow()
    fresh_since = now - timedelta(minutes=current_app.config["SUMMARY_FRESH_MINUTES"])
    return db.session.scalars(
        select(Summary).where(
            Summary.committee_id == committee.id, Summary.period_kind == period.kind,
            Summary.starts_on == period.starts_on, Summary.ends_on == period.ends_on,
            Summary.language == language,
            or_(and_(Summary.status.in_([SummaryStatus.PENDING, SummaryStatus.RUNNING]),
                     Summary.created_at >= now - STUCK_AFTER),
                and_(Summary.status == SummaryStatus.READY,
                     Summary.finished_at >= fresh_since)))
        .order_by(Summary.id.desc()).limit(1)
    ).first()


def ask_for_summary(committee: Committee, period: Period, requested_by=None,
                    language: str = "vi", now: datetime | None = None,
                    before_compiling: Callable[[], None] | None = None) -> SummaryRequest:
    """A user's request for a summary: the identical one already waiting, compiling or freshly
    compiled (``identical_summary``), else a new pending one, which the caller enqueues.
    ``before_compiling`` runs before a new one is recorded: the caller's limit on
    compilations, which may refuse by raising."""
    language = language if language in ("vi", "en") else "vi"
    existing = identical_summary(committee, period, language, now)
    if existing is not None:
        return SummaryRequest(existing, reused=True)
    if before_compiling is not None:
        before_compiling()
    return SummaryRequest(request_summary(committee, period, requested_by, language),
                          reused=False)


def restart_summary(summary: Summary,
                    before_compiling: Callable[[], None] | None = None) -> bool:
    """Mark a summary for compiling again (not while it runs); the caller enqueues the job.
    ``before_compiling`` as for ``ask_for_summary``."""
    if summary.status == SummaryStatus.RUNNING:
        return False
    if before_compiling is not None:
        before_compiling()
    summary.status, summary.progress, summary.error = SummaryStatus.PENDING, 0, None
    db.session.flush()
    return True


def spend_compilation() -> None:
    """One of the user's compilations (SUMMARY_RATE_LIMIT), counted together for the site's
    form, its "compile again" and the API; 429 when none is left. Only a request that starts
    a compilation spends one: one answered with an identical summary is never refused."""
    spend("SUMMARY_RATE_LIMIT", "summary-compilations", _l(
        "You have reached the limit on summary compilations (%(amount)d within %(period)s). "
        "Please try again later, or open a summary already compiled."))


def summaries_query(committee_id: int):
    """The committee's summaries (asked for, or the weekly ones), newest first: the site's
    list and the API's."""
    return (select(Summary).where(Summary.committee_id == committee_id)
            .options(selectinload(Summary.requested_by))
            .order_by(Summary.created_at.desc(), Summary.id.desc()))


def send_summary_file(summary: Summary, fmt: str) -> Response:
    """The one way a compiled summary's document leaves the server, for the site's link and
    the API's alike: always as a download under a readable name, never kept by a cache (it
    holds the committee's figures). 404 when the file is not there."""
    path = file_path(summary, fmt)
    if not path.is_file():
        abort(404)
    stem = "bao-cao" if summary.language == "vi" else "summary"
    name = f"{stem}-{summary.id}-{summary.starts_on:%Y%m%d}-{summary.ends_on:%Y%m%d}.{fmt}"
    response = send_file(path, mimetype=MIMETYPES[fmt], as_attachment=True,
                         download_name=name, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response


def summary_dir() -> Path:
    """Where the compiled files live (a shared disk, like the uploads)."""
    configured = current_app.config.get("SUMMARY_DIR")
    return Path(configured or os.path.join(current_app.config["UPLOAD_DIR"], "summaries"))


def file_path(summary: Summary, fmt: str) -> Path:
    return summary_dir() / f"summary-{summary.id}.{fmt}"


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(path.suffix + ".part")
    partial.write_bytes(data)
    partial.replace(path)  # readers see the old file or the new one, never half of one


def _checkpoint(summary: Summary, percent: int, **values) -> None:
    """Record how far the compilation is, with ``values``, as a unit of work of its own: the
    progress page polls from another connection. The job only read since the last one, so
    the step takes SQLite's write lock first (``step(writing=True)``)."""
    with step(writing=True):
        summary.progress = percent
        for name, value in values.items():
            setattr(summary, name, value)


def compile_summary(summary_id: int, now: datetime | None = None) -> Summary | None:
    """Compute and store the figures and the PDF, XLSX and DOCX of a summary.

    Idempotent: running it again recomputes and overwrites the same record and
    files. This is a job-level service: it commits its progress (pending →
    running → ready | failed, with a percentage) step by step so the site can show it.
    A failure is recorded on the record (status ``failed``, ``error``) and
    logged, not raised: a retried job would only fail the same way.
    Returns None when the summary no longer exists.
    """
    # python-docx takes ~0.1 s to import: loaded when a summary is compiled, not at boot.
    # (WeasyPrint is imported the same way, inside render_pdf.render.)
    from tracker.summaries import render_docx

    summary = db.session.get(Summary, summary_id)
    if summary is None:
        return None
    now = now or utcnow()
    _checkpoint(summary, 5, status=SummaryStatus.RUNNING, error=None, started_at=utcnow(),
                finished_at=None)
    try:
        # Each checkpoint commits; the outer step rolls back whatever a failure left between.
        with step():
            figures = build_figures(summary, period_of(summary), now,
                                    progress=lambda p: _checkpoint(summary, p))
            _checkpoint(summary, 40, figures=figures, as_of_at=now)
            _write_atomically(file_path(summary, "xlsx"), render_xlsx.render(summary))
            _checkpoint(summary, 60)
            _write_atomically(file_path(summary, "pdf"), render_pdf.render(summary))
            _checkpoint(summary, 85)
            _write_atomically(file_path(summary, "docx"), render_docx.render(summary))
            with step(writing=True):
                summary.status, summary.progress, summary.finished_at = (
                    SummaryStatus.READY, 100, utcnow())
                _notify_ready(summary)
    except Exception as error:
        log.exception("summary %s failed", summary_id)
        with step(writing=True):
            summary = db.session.get(Summary, summary_id)
            summary.status, summary.finished_at = SummaryStatus.FAILED, utcnow()
            summary.error = f"{type(error).__name__}: {error}"[:2000]
    return summary


def _notify_ready(summary: Summary) -> None:
    """Tell whoever asked for the summary that it is ready (the bell)."""
    if summary.requested_by is not None:
        notify(summary.requested_by, NotificationKind.SUMMARY_READY, summary_id=summary.id,
               payload={"committee_id": summary.committee_id,
                        "starts_on": summary.starts_on.isoformat(),
                        "ends_on": summary.ends_on.isoformat()})
