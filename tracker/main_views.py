"""The home page: where each kind of user starts their day."""

from flask import Blueprint, redirect, url_for
from flask_login import current_user, login_required

bp = Blueprint("main", __name__)


@bp.route("/")
@login_required
def home():
    if current_user.agency_id is not None:
        return redirect(url_for("tasks.my_agency"))
    return redirect(url_for("committees.index"))


@bp.route("/healthz")
def healthz():
    return {"status": "ok"}
