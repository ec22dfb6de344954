"""Summaries on the site: the committee's list, the request form, progress, figures, files."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tracker import jobs
from tracker.access import Action, fetch, require
from tracker.clock import local_today
from tracker.committees.models import Committee
from tracker.extensions import db
from tracker.labels import CATEGORY_LABELS
from tracker.summaries import charts
from tracker.summaries.document import day_text, document_context, rate_text
from tracker.summaries.forms import SummaryRequestForm
from tracker.summaries.models import Summary, SummaryStatus
from tracker.summaries.periods import PERIOD_LABELS, period_of
from tracker.summaries.services import (
    FORMATS,
    JOB,
    ask_for_summary,
    resolve_period,
    restart_summary,
    send_summary_file,
    spend_compilation,
    summaries_query,
)
from tracker.unit_of_work import attempt

bp = Blueprint("summaries", __name__, template_folder="templates")

def _summary(summary_id: int, action: Action = Action.VIEW) -> Summary:
    summary = db.get_or_404(Summary, summary_id)
    require(current_user, action, summary.committee)
    return summary


@bp.route("/committees/<id:committee_id>/summaries")
@login_required
def index(committee_id: int):
    committee = fetch(current_user, Action.VIEW, Committee, committee_id)
    summaries = db.session.scalars(summaries_query(committee.id).limit(100)).all()
    return render_template("summaries/index.html", committee=committee, summaries=summaries,
                           period_labels=PERIOD_LABELS, period_of=period_of)


@bp.route("/committees/<id:committee_id>/summaries/new", methods=["GET", "POST"])
@login_required
def new(committee_id: int):
    committee = fetch(current_user, Action.MANAGE, Committee, committee_id)
    form = SummaryRequestForm()
    if form.validate_on_submit():
        with attempt(form) as saved:
            period = resolve_period(committee, form.period.data, form.reference.data,
                                    form.starts_on.data, form.ends_on.data)
            asked = ask_for_summary(committee, period, requested_by=current_user,
                                    language=str(get_locale()),
                                    before_compiling=spend_compilation)
        if saved:
            if not asked.reused:
                jobs.enqueue(JOB, asked.summary.id)
            elif asked.summary.is_ready:
                flash(_("The same summary (same period and language) was compiled a few "
                        "minutes ago: here it is. To include changes made since, compile it "
                        "again with today's figures."), "info")
            else:
                flash(_("The same summary (same period and language) is already being "
                        "compiled: here it is, instead of a second compilation."), "info")
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
    return send_summary_file(summary, fmt)


@bp.route("/summaries/<id:summary_id>/recompile", methods=["POST"])
@login_required
def recompile(summary_id: int):
    summary = _summary(summary_id, Action.MANAGE)
    if restart_summary(summary, before_compiling=spend_compilation):
        jobs.enqueue(JOB, summary.id)
    return redirect(url_for("summaries.show", summary_id=summary.id))
