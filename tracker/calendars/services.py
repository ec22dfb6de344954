"""Creating, revoking and finding calendar feeds; what a feed shows.

The secret token is made here, returned once to be shown to its owner, and only its
SHA-256 is stored. A feed answers with its owner's CURRENT access: a user removed from
a committee no longer sees its tasks, and a committee feed whose owner may no longer
see the committee does not exist any more.
"""

from __future__ import annotations

import re
import secrets

from sqlalchemy import select

from tracker.access import Action, can
from tracker.auth.tokens import hash_secret
from tracker.clock import utcnow
from tracker.extensions import db
from tracker.history.services import record
from tracker.tasks import workflow
from tracker.tasks.models import Task
from tracker.tasks.queries import TaskFilters, task_list_query

from .models import CalendarFeed

_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,100}")
SHOWN_STATES = sorted(workflow.IN_WORK)  # deadlines still to be met


def active_feed(user, committee=None) -> CalendarFeed | None:
    """The user's own feed (``committee`` None) or their feed of one committee."""
    query = select(CalendarFeed).where(CalendarFeed.user_id == user.id,
                                       CalendarFeed.revoked_at.is_(None))
    if committee is None:
        query = query.where(CalendarFeed.committee_id.is_(None))
    else:
        query = query.where(CalendarFeed.committee_id == committee.id)
    return db.session.scalars(query.order_by(CalendarFeed.id.desc())).first()


def owned_feed(user, feed_id: int) -> CalendarFeed | None:
    """A feed of this user; anybody else's does not exist for them."""
    return db.session.scalar(select(CalendarFeed).where(CalendarFeed.id == feed_id,
                                                        CalendarFeed.user_id == user.id))


def revoke_feed(feed: CalendarFeed, actor) -> None:
    if feed.revoked_at is not None:
        return
    feed.revoked_at = utcnow()
    db.session.flush()
    record("calendar_feed", feed.id, "revoked", actor=actor)


def create_feed(user, committee=None) -> tuple[CalendarFeed, str]:
    """A new secret feed replacing the user's previous one of the same kind: (feed, token)."""
    previous = active_feed(user, committee)
    if previous is not None:
        revoke_feed(previous, actor=user)
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed(token_hash=hash_secret(token), user_id=user.id,
                        committee_id=committee.id if committee is not None else None,
                        created_by_id=user.id)
    db.session.add(feed)
    db.session.flush()
    record("calendar_feed", feed.id, "created", actor=user,
           changes={"committee_id": [None, feed.committee_id]})
    return feed, token


def feed_for_token(token: str) -> CalendarFeed | None:
    """The live feed this token opens, or None (unknown, revoked, or no longer allowed)."""
    if not _TOKEN.fullmatch(token or ""):
        return None
    feed = db.session.scalar(select(CalendarFeed).where(
        CalendarFeed.token_hash == hash_secret(token), CalendarFeed.revoked_at.is_(None)))
    if feed is None or feed.user is None or not feed.user.is_active:
        return None
    if feed.committee_id is not None and not can(feed.user, Action.VIEW, feed.committee):
        return None
    return feed


def feed_tasks(feed: CalendarFeed):
    """The (Task, category, days_left) rows of a feed, by deadline, as its owner sees now."""
    owner = feed.user
    if feed.committee_id is not None:
        filters = TaskFilters(committee_id=feed.committee_id, states=list(SHOWN_STATES))
    elif owner.agency_id is None:
        return []
    else:
        filters = TaskFilters(involving_agency_id=owner.agency_id, states=list(SHOWN_STATES))
    query = task_list_query(owner, filters, "deadline").where(Task.deadline.is_not(None))
    return db.session.execute(query).all()
