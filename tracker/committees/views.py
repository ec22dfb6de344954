from flask import Blueprint
from flask_login import login_required

bp = Blueprint("committees", __name__, template_folder="templates")


@bp.route("/committees")
@login_required
def index():
    return "committees"


@bp.route("/admin/agencies")
@login_required
def agencies():
    return "agencies"


@bp.route("/admin/users")
@login_required
def users():
    return "users"
