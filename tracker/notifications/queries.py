"""Reading a user's notifications: the bell's count and the list page."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from tracker.auth.models import User
from tracker.extensions import db
from tracker.notifications.models import Notification
from tracker.notifications.services import email_kinds_of


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


def notifications_to_mail() -> dict[int, tuple[str, str, list[int]]]:
    """Unread notifications not yet in an e-mail, of the kinds their user chose by e-mail.

    ``{user id: (lower-cased address, language, [notification ids])}``, active accounts
    only. The choice is a JSON list per user, filtered here rather than in SQL (JSON
    membership differs between SQLite and PostgreSQL); the rows are few: unread and not
    yet attached to a digest.
    """
    rows = db.session.execute(
        select(Notification.id, Notification.kind, User)
        .join(User, User.id == Notification.user_id)
        .where(Notification.read_at.is_(None), Notification.digest_id.is_(None),
               User.is_active_account.is_(True))
        .order_by(Notification.id)
    ).all()
    chosen: dict[int, set[str]] = {}
    found: dict[int, tuple[str, str, list[int]]] = {}
    for notification_id, kind, user in rows:
        if user.id not in chosen:
            chosen[user.id] = set(email_kinds_of(user))
        if kind in chosen[user.id] and user.email:
            entry = found.setdefault(user.id, (user.email.lower(), user.language or "vi", []))
            entry[2].append(notification_id)
    return found
