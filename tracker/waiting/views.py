"""The "Waiting for me" page and the header's counter: every decision awaiting the signed-in
user, across their committees, oldest first.

The page only lists; each item's buttons post to the task page's own actions
(``tasks.accept``, ``tasks.return_completion``, ``extensions.grant``,
``extensions.refuse``), which check the workflow table and call the same services, and
send the user back here (``next``) with the message at the top of the page.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from tracker.paging import page_number
from tracker.tasks.forms import AcceptCompletionForm, ReturnCompletionForm
from tracker.waiting import queries

bp = Blueprint("waiting", __name__, template_folder="templates")

PER_PAGE = 20


@bp.route("/waiting")
@login_required
def index():
    page, reports = queries.waiting_page(current_user, page_number(request.args), PER_PAGE)
    return render_template(
        "waiting/index.html", page=page, reports=reports, here=request.full_path,
        accept_form=AcceptCompletionForm(formdata=None),
        return_form=ReturnCompletionForm(formdata=None))
