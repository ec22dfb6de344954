"""The committees blueprint and what its two view modules read from the query string.

``views`` (committees and their roles) and ``admin_views`` (agencies and user accounts)
both hang their routes on ``bp``; ``tracker.register_blueprints`` imports both.
"""

from __future__ import annotations

from flask import Blueprint, request

from tracker.domain import parse_id
from tracker.paging import page_number

bp = Blueprint("committees", __name__, template_folder="templates")


def id_arg(name: str) -> int | None:
    """An id from the query string, or None when absent or not a possible id."""
    return parse_id(request.args.get(name))


def page_args() -> dict:
    """Page and sort from the query string; bad values fall back to defaults."""
    return {
        "page": page_number(request.args),
        "sort": request.args.get("sort", type=str),
        "q": (request.args.get("q", type=str) or "").strip()[:100],
    }
