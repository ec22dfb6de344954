from flask import Blueprint
from flask_login import login_required

bp = Blueprint("resolutions", __name__, template_folder="templates")


@bp.route("/resolutions")
@login_required
def index():
    return "resolutions"
