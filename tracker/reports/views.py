"""The chair's review: one committee's dashboard."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, url_for
from flask_login import current_user, login_required

from tracker.access import Action, require
from tracker.clock import utcnow
from tracker.committees.models import Committee
from tracker.extensions import db
from tracker.reports import queries
from tracker.tasks.categories import reported_figures, tasks_total
from tracker.tasks.extensions.services import pending_in_committee
from tracker.tasks.recurrence import queries as recurrence_queries

bp = Blueprint("reports", __name__, template_folder="templates")


@bp.route("/committees/<id:committee_id>/dashboard")
@login_required
def dashboard(committee_id: int):
    committee = db.session.get(Committee, committee_id)
    if committee is None:
        abort(404)
    require(current_user, Action.VIEW, committee)
    figures = queries.committee_figures(committee.id, utcnow())
    pending = [(task, (figures.as_of - task.submitted_on).days if task.submitted_on else 0)
               for task in queries.pending_completions(committee.id)]
    return render_template(
        "reports/dashboard.html",
        committee=committee,
        as_of=figures.as_of,
        counts=figures.counts,
        reported=reported_figures(figures.counts),
        total=tasks_total(figures.counts),
        overdue=figures.overdue,
        scores=figures.scores,
        recurring=recurrence_queries.recurring_outcomes(committee.id, figures.as_of),
        pending=pending,
        pending_extensions=pending_in_committee(committee.id),
        self_url=url_for("reports.dashboard", committee_id=committee.id),
    )
