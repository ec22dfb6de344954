"""The token of the committees' reference data (``models.ChoicesVersion``): what the
task lists' filter options show (committees, agencies, roles, resolutions) and the
committees' time zones. Answers derived from that data are kept per process under the
token (``tasks.list_options``, ``tasks.categories.local_dates``): a write of any of it
gives the token a new random value in the writer's transaction (``reports.services``), so
every web worker sees the change as soon as it is committed.

The token is read once per transaction. A signed-in request reads it in the statement that
loads its user (``auth.sessions``, ``auth.tokens``: ``token_column``), so a list page
spends no statement of its own on it.
"""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import select

from tracker.committees.models import ChoicesVersion
from tracker.extensions import db

# Where the token read in this transaction is kept (``db.session.info``); forgotten when the
# transaction ends, renewed by a flush that writes what the token covers.
CHOICES_INFO_KEY = "choices_token"  # noqa: S105 — a dict key, not a secret


# The token's one row; built once: it is read on every signed-in request.
_TOKEN = select(ChoicesVersion.token).where(ChoicesVersion.id == 1)


@lru_cache(maxsize=1)
def token_column():
    """The token as a scalar subquery, for a statement that reads it beside other columns
    (NULL while no write has made the version row yet)."""
    return _TOKEN.scalar_subquery()


def remember_token(token: str | None) -> None:
    """Keep the token a statement of this transaction read with ``token_column``."""
    db.session.info[CHOICES_INFO_KEY] = token or ""


def choices_token() -> str:
    """The token as this transaction sees it ("" before any write made the version row):
    one statement per transaction unless the user's statement brought it.

    Changes still pending in the session are flushed first, as a statement would flush
    them: one that writes what the token covers renews it, so an answer kept under the
    token never stands for data this transaction has changed."""
    session = db.session
    if session.new or session.dirty or session.deleted:
        session.flush()
    info = session.info
    if CHOICES_INFO_KEY not in info:
        remember_token(session.scalar(_TOKEN))
    return info[CHOICES_INFO_KEY]
