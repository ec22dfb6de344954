"""The home page: where each kind of user starts their day; the header's counters."""

from flask import Blueprint, redirect, url_for
from flask_login import current_user, login_required

from tracker.header_counts import header_counts
from tracker.rights import managed_committee_ids, visible_committee_ids

bp = Blueprint("main", __name__)


@bp.app_context_processor
def _header():
    """``header_counts()`` for base.html: the bell's unread notifications and the decisions
    waiting for the user, in one statement (0 and 0 when signed out)."""
    return {"header_counts": lambda: header_counts(current_user)}


@bp.route("/")
@login_required
def home():
    """A manager (chair, vice-chair, secretary) of a single committee starts on its
    dashboard; an agency's focal point on their agency's tasks; anyone else on the list of
    their committees."""
    managed = managed_committee_ids(current_user)
    if len(managed) == 1:
        return redirect(url_for("reports.dashboard", committee_id=managed[0]))
    if current_user.agency_id is not None:
        return redirect(url_for("tasks.my_agency"))
    return redirect(url_for("committees.index"))


@bp.route("/dashboard")
@login_required
def dashboard():
    """The menu's "Dashboard": the dashboard of the one committee the user manages, else of
    the one they see; with several, the list of committees, each with its dashboard."""
    managed = managed_committee_ids(current_user)
    visible = visible_committee_ids(current_user)
    only = managed if len(managed) == 1 else visible if visible and len(visible) == 1 else []
    if only:
        return redirect(url_for("reports.dashboard", committee_id=only[0]))
    return redirect(url_for("committees.index"))


@bp.route("/healthz")
def healthz():
    return {"status": "ok"}
