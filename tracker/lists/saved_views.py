"""Saved views: a user's named filters of the task list, and the built-in ones.

Only what the list understands is kept (its filters and sort, normalised), so a saved
view can never carry anything else into a link.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import parse_qs, urlencode

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select
from werkzeug.datastructures import MultiDict

from tracker import rules
from tracker.database import constants_written_in
from tracker.domain import DomainError
from tracker.extensions import db
from tracker.history.services import record
from tracker.lists.task_lists import sort_arg
from tracker.tasks.models import SavedView
from tracker.tasks.queries import TaskFilters

# Always offered, before the user's own views: (name, endpoint, query arguments).
BUILT_IN = (
    (_l("Overdue by agency"), "tasks.index", {"category": "overdue", "sort": "agency"}),
    (_l("My agency"), "tasks.my_agency", {}),
)


def normalise_query(query_string: str) -> str:
    """The task list's own filters and sort from a query string, in a stable order."""
    args = MultiDict(parse_qs((query_string or "").lstrip("?")[:2000], keep_blank_values=False))
    filters = TaskFilters.from_args(args)
    pairs = list(filters.as_args().items())
    pairs += [("state", state) for state in filters.states]
    sort = sort_arg(args)
    if sort != "urgency":
        pairs.append(("sort", sort))
    return urlencode(pairs)


def views_of(user) -> list[SavedView]:
    return list(db.session.scalars(_views_statement(), {"user_id": user.id}))


@lru_cache(maxsize=1)
def _views_statement():
    """The user's views of the task list, by name; built once with the user's id as the
    parameter ``user_id`` (the list pages show them on every request)."""
    return constants_written_in(
        select(SavedView).where(SavedView.user_id == bindparam("user_id"),
                                SavedView.list_name == "tasks")
        .order_by(SavedView.name, SavedView.id))


def view_of(user, view_id: int) -> SavedView | None:
    """The user's saved view with this id; another user's does not exist for them."""
    return db.session.scalar(
        select(SavedView).where(SavedView.id == view_id, SavedView.user_id == user.id))


def _clean_name(user, name: str | None, exclude_id: int | None = None) -> str:
    # Runs of white space (line breaks too) are folded into one space, as before; then the
    # rule for every name (no control or invisible characters) applies.
    name = rules.SAVED_VIEW_NAME.check("name", " ".join((name or "").split()))
    # Compared in Python: SQLite's lower() leaves Vietnamese capitals as they are.
    taken = db.session.scalars(select(SavedView.name).where(
        SavedView.user_id == user.id,
        SavedView.id != (exclude_id or 0))).all()
    if name.casefold() in {other.casefold() for other in taken}:
        raise DomainError("name", _l("You already have a view with this name."))
    return name


def save_view(user, name: str | None, query_string: str) -> SavedView:
    view = SavedView(user_id=user.id, name=_clean_name(user, name), list_name="tasks",
                     query_string=normalise_query(query_string))
    db.session.add(view)
    db.session.flush()
    record("saved_view", view.id, "created", actor=user,
           changes={"name": [None, view.name], "query_string": [None, view.query_string]})
    return view


def rename_view(view: SavedView, name: str | None, actor) -> SavedView:
    new_name = _clean_name(actor, name, exclude_id=view.id)
    if new_name != view.name:
        record("saved_view", view.id, "updated", actor=actor,
               changes={"name": [view.name, new_name]})
        view.name = new_name
        db.session.flush()
    return view


def delete_view(view: SavedView, actor) -> None:
    record("saved_view", view.id, "deleted", actor=actor, changes={"name": [view.name, None]})
    db.session.delete(view)
    db.session.flush()
