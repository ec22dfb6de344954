"""/search: one box in the header, resolutions and tasks the user may see, best first."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from tracker.paging import page_number
from tracker.search import highlight as marks
from tracker.search.queries import MAX_QUERY, search, search_words

bp = Blueprint("search", __name__, template_folder="templates")

PER_PAGE = 20


@bp.route("/search")
@login_required
def index():
    query = (request.args.get("q") or "").replace("\x00", "")[:MAX_QUERY].strip()
    words = search_words(query)
    page = (search(current_user, words, page=page_number(request.args), per_page=PER_PAGE)
            if words else None)
    return render_template("search/index.html", query=query, words=words, page=page,
                           highlight=marks.highlight, snippet=marks.snippet)
