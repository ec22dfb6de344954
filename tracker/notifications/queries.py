"""Reading a user's notifications: the bell's count and the list page."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from tracker.extensions import db
from tracker.notifications.models import Notification


def unread_count(user) -> int:
    """How many of the user's notifications are unread (one indexed COUNT)."""
    return db.session.scalar(
        select(func.count(Notification.id))
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))) or 0


def notifications_of(user, *, unread_only: bool = False):
    """The user's notifications, newest first, with their task and actor loaded."""
    query = (select(Notification)
             .where(Notification.user_id == user.id)
             .options(selectinload(Notification.task), selectinload(Notification.actor))
             .order_by(Notification.id.desc()))
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    return query
