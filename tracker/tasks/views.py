from flask import Blueprint
from flask_login import login_required

bp = Blueprint("tasks", __name__, template_folder="templates")


@bp.route("/tasks")
@login_required
def index():
    return "tasks"


@bp.route("/my-agency")
@login_required
def my_agency():
    return "my agency"
