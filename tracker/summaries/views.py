"""Summaries on the site: the committee's list, the request form, progress, figures, files."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    send_file,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from tracker import jobs
from tracker.access import Action, require
from tracker.clock import local_today
from tracker.committees.models import Committee
from tracker.extensions import db
from tracker.labels import CATEGORY_LABELS
from tracker.rate_limits import spend
from tracker.summaries import charts
from tracker.summaries.document import day_text, document_context, rate_text
from tracker.summaries.forms import SummaryRequestForm
from tracker.summaries.models import Summary, SummaryStatus
from tracker.summaries.periods import PERIOD_LABELS, period_of
from tracker.summaries.services import (
    FORMATS,
    SummaryError,
    ask_for_summary,
    file_path,
    resolve_period,
    restart_summary,
)

bp = Blueprint("summaries", __name__, template_folder="templates")

JOB = "summaries.compile_summary"
MIMETYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def spend_compilation() -> None:
    """One of the user's compilations (SUMMARY_RATE_LIMIT), counted together for the site's
    form, its "compile again" and the API; 429 when none is left. Only a request that starts
    a compilation spends one: one answered with an identical summary is never refused."""
    spend("SUMMARY_RATE_LIMIT", "summary-compilations", _l(
        "You have reached the limit on summary compilations (%(amount)d within %(period)s). "
        "Please try again later, or open a summary already compiled."))


def _summary(summary_id: int, action: Action = Action.VIEW) -> Summary:
    summary = db.get_or_404(Summary, summary_id)
    require(current_user, action, summary.committee)
    return summary


@bp.route("/committees/<id:committee_id>/summaries")
@login_required
def index(committee_id: int):
    committee = db.get_or_404(Committee, committee_id)
    require(current_user, Action.VIEW, committee)
    summaries = db.session.scalars(
        select(Summary).where(Summary.committee_id == committee.id)
        .order_by(Summary.created_at.desc(), Summary.id.desc()).limit(100)
    ).all()
    return render_template("summaries/index.html", committee=committee, summaries=summaries,
                           period_labels=PERIOD_LABELS, period_of=period_of)


@bp.route("/committees/<id:committee_id>/summaries/new", methods=["GET", "POST"])
@login_required
def new(committee_id: int):
    committee = db.get_or_404(Committee, committee_id)
    require(current_user, Action.MANAGE, committee)
    form = SummaryRequestForm()
    if form.validate_on_submit():
        try:
            period = resolve_period(committee, form.period.data, form.reference.data,
                                    form.starts_on.data, form.ends_on.data)
        except SummaryError as error:
            getattr(form, error.field).errors.append(error.message)
        else:
            asked = ask_for_summary(committee, period, requested_by=current_user,
                                    language=str(get_locale()),
                                    before_compiling=spend_compilation)
            if not asked.reused:
                jobs.enqueue(JOB, asked.summary.id)
            elif asked.summary.is_ready:
                flash(_("The same summary (same period and language) was compiled a few "
                        "minutes ago: here it is. To include changes made since, compile it "
                        "again with today's figures."), "info")
            else:
                flash(_("The same summary (same period and language) is already being "
                        "compiled: here it is, instead of a second compilation."), "info")
            db.session.commit()
            return redirect(url_for("summaries.show", summary_id=asked.summary.id))
    elif not form.is_submitted():
        form.reference.data = local_today(committee.timezone)
    status = 422 if form.errors else 200
    return render_template("summaries/new.html", committee=committee, form=form), status


@bp.route("/summaries/<id:summary_id>")
@login_required
def show(summary_id: int):
    summary = _summary(summary_id)
    if not summary.is_ready:
        return render_template("summaries/progress.html", summary=summary,
                               committee=summary.committee, period=period_of(summary))
    doc = document_context(summary)
    labels = {k: str(v) for k, v in CATEGORY_LABELS.items()}
    language = str(get_locale())
    rate = lambda r: rate_text(r, language)  # noqa: E731
    return render_template(
        "summaries/show.html", summary=summary, committee=summary.committee, doc=doc,
        figures=summary.figures, period=period_of(summary), rate=rate, day=day_text,
        rate_chart=charts.rate_bars(summary.figures["agencies"],
                                    _("On-time rate per agency"), rate),
        trend_chart=charts.category_trend(summary.figures["trend"],
                                          _("Categories over time"), labels),
        formats=FORMATS,
    )


@bp.route("/summaries/<id:summary_id>/status")
@login_required
def status(summary_id: int):
    """What the progress page polls."""
    summary = _summary(summary_id)
    return jsonify(
        id=summary.id, status=summary.status, progress=summary.progress,
        ready=summary.is_ready, failed=summary.status == SummaryStatus.FAILED,
        url=url_for("summaries.show", summary_id=summary.id),
    )


@bp.route("/summaries/<id:summary_id>/download/<fmt>")
@login_required
def download(summary_id: int, fmt: str):
    summary = _summary(summary_id)
    if fmt not in FORMATS or not summary.is_ready:
        abort(404)
    path = file_path(summary, fmt)
    if not path.is_file():
        abort(404)
    stem = "bao-cao" if summary.language == "vi" else "summary"
    name = f"{stem}-{summary.id}-{summary.starts_on:%Y%m%d}-{summary.ends_on:%Y%m%d}.{fmt}"
    return send_file(path, mimetype=MIMETYPES[fmt], as_attachment=True, download_name=name)


@bp.route("/summaries/<id:summary_id>/recompile", methods=["POST"])
@login_required
def recompile(summary_id: int):
    summary = _summary(summary_id, Action.MANAGE)
    if restart_summary(summary, before_compiling=spend_compilation):
        jobs.enqueue(JOB, summary.id)
        db.session.commit()
    return redirect(url_for("summaries.show", summary_id=summary.id))
