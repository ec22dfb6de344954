"""The two counters of every signed-in page's header, read in one statement: the user's
unread notifications (the bell, ``notifications.queries``) and the decisions waiting for
them (``waiting.queries``). Read apart they cost a round trip each on every page."""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from sqlalchemy import select

from tracker.extensions import db
from tracker.notifications.queries import unread_count_statement
from tracker.waiting.queries import waiting_count_statement


class HeaderCounts(NamedTuple):
    unread: int
    waiting: int


def header_counts(user) -> HeaderCounts:
    """``user``'s unread notifications and waiting decisions (0 and 0 when signed out)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return HeaderCounts(0, 0)
    unread, waiting = db.session.execute(_counts_statement(), {"user_id": user.id}).one()
    return HeaderCounts(unread or 0, waiting or 0)


@lru_cache(maxsize=1)
def _counts_statement():
    # Both counts take the user's id as the parameter ``user_id``: one value serves both.
    return select(unread_count_statement().scalar_subquery(),
                  waiting_count_statement().scalar_subquery())
