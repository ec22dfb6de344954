"""Calendar feeds: the public-by-token .ics, and creating or revoking one's secret URLs.

The feed URL needs no login: its token is the credential (unknown or revoked: 404).
A new secret URL is shown once, on the page the owner came from (profile or committee),
through the session; afterwards only "a feed exists since …" is shown.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tracker.access import Action, fetch
from tracker.calendars import ical, services
from tracker.committees.models import Committee

bp = Blueprint("calendars", __name__, template_folder="templates")

_NEW_URL_KEY = "calendar_new_feed"


@bp.route("/calendar/<token>.ics")
def feed(token: str):
    found = services.feed_for_token(token)
    if found is None:
        abort(404)
    body = ical.render(found, services.feed_tasks(found))
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = 'inline; filename="deadlines.ics"'
    # Cache-Control (private, revalidated on every poll), ETag and 304: tracker.http_caching.
    response.headers["X-Robots-Tag"] = "noindex"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _remember_new_url(feed, token: str) -> None:
    session[_NEW_URL_KEY] = {"feed_id": feed.id, "url": ical.feed_url(token)}


@bp.route("/calendar/feeds", methods=["POST"])
@login_required
def create_user_feed():
    created, token = services.create_feed(current_user)
    _remember_new_url(created, token)
    flash(_("Your calendar feed has been created. Copy its address now: it is shown only "
            "once."), "success")
    return redirect(url_for("auth.profile") + "#calendar")


@bp.route("/committees/<id:committee_id>/calendar", methods=["POST"])
@login_required
def create_committee_feed(committee_id: int):
    committee = fetch(current_user, Action.VIEW, Committee, committee_id)
    created, token = services.create_feed(current_user, committee)
    _remember_new_url(created, token)
    flash(_("The committee's calendar feed has been created. Copy its address now: it is "
            "shown only once."), "success")
    return redirect(url_for("committees.show", committee_id=committee.id) + "#calendar")


@bp.route("/calendar/feeds/<id:feed_id>/revoke", methods=["POST"])
@login_required
def revoke_feed(feed_id: int):
    found = services.owned_feed(current_user, feed_id)
    if found is None or found.revoked_at is not None:
        abort(404)
    services.revoke_feed(found, actor=current_user)
    flash(_("The calendar feed has been revoked: its address no longer works."), "success")
    if found.committee_id is not None:
        return redirect(url_for("committees.show", committee_id=found.committee_id)
                        + "#calendar")
    return redirect(url_for("auth.profile") + "#calendar")


@bp.app_context_processor
def _calendar_helpers():
    """For the profile and committee pages: the user's live feed and its new URL (once)."""

    def calendar_feed(committee=None):
        if not current_user.is_authenticated:
            return None
        return services.active_feed(current_user, committee)

    def new_calendar_url(found) -> str | None:
        pending = session.get(_NEW_URL_KEY)
        if found is None or not pending or pending.get("feed_id") != found.id:
            return None
        session.pop(_NEW_URL_KEY, None)
        return pending.get("url")

    return {"calendar_feed": calendar_feed, "new_calendar_url": new_calendar_url}


