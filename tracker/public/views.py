"""The public progress page of a committee: readable without signing in, when the committee
opted in (``committee.public_page``); otherwise it does not exist (404)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request

from tracker.committees.models import Committee
from tracker.extensions import db
from tracker.paging import page_number
from tracker.public import queries
from tracker.tasks.queries import paginate_rows

bp = Blueprint("public", __name__, template_folder="templates")


@bp.route("/public/committees/<id:committee_id>")
def committee(committee_id: int):
    committee = db.session.get(Committee, committee_id)
    if committee is None or not committee.public_page:
        abort(404)
    page = paginate_rows(queries.tasks_query(committee), page_number(request.args),
                         current_app.config["PER_PAGE"])
    return render_template(
        "public/committee.html", committee=committee, page=page,
        counts=queries.category_counts(committee), resolutions=queries.resolutions(committee))
