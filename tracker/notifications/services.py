"""Writing notifications: the one ``notify`` every area calls, and marking them read.

A notification is written in the caller's transaction (flushed, never committed), so a
refused change notifies nobody. Nobody is notified of their own action, and deactivated
accounts get nothing.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, select, update

from tracker.auth.models import User
from tracker.clock import utcnow
from tracker.committees.models import CommitteeRole
from tracker.domain import DomainError
from tracker.extensions import db
from tracker.notifications.models import KINDS, Notification
from tracker.rights import ACTING_ROLES


class NotificationError(DomainError):
    pass


def notify(user, kind: str, task=None, actor=None, payload: dict | None = None, *,
           summary_id: int | None = None) -> Notification | None:
    """Tell ``user`` that something happened (the bell); None when there is nobody to tell."""
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    if user is None or not user.is_active_account:
        return None
    if actor is not None and actor.id == user.id:
        return None
    notification = Notification(
        user_id=user.id, kind=kind, task_id=task.id if task is not None else None,
        summary_id=summary_id, actor_id=actor.id if actor is not None else None,
        payload=payload or None, created_at=utcnow())
    db.session.add(notification)
    db.session.flush()
    return notification


def notify_all(users, kind: str, task=None, actor=None, payload: dict | None = None) -> int:
    """``notify`` each user once; returns how many were notified."""
    seen: set[int] = set()
    written = 0
    for user in users:
        if user is None or user.id in seen:
            continue
        seen.add(user.id)
        written += notify(user, kind, task=task, actor=actor, payload=payload) is not None
    return written


def lead_agency_actors(task) -> list:
    """The lead agency's people who act on the task: its members with an acting role in
    the committee (member, secretary, vice-chair, chair), and the task's assignees."""
    roles = [r.value for r in ACTING_ROLES]
    users = list(db.session.scalars(
        select(User)
        .join(CommitteeRole, and_(CommitteeRole.user_id == User.id,
                                  CommitteeRole.committee_id == task.committee_id))
        .where(User.agency_id == task.lead_agency_id, CommitteeRole.role.in_(roles),
               User.is_active_account.is_(True))
        .order_by(User.id)))
    return users + [u for u in task.assignees if u not in users]


def committee_people(task, roles) -> list:
    """The active people holding one of ``roles`` in the task's committee, in id order: who
    may decide on it, when ``roles`` are a deciding verb's (``tasks.workflow``)."""
    return list(db.session.scalars(
        select(User)
        .join(CommitteeRole, and_(CommitteeRole.user_id == User.id,
                                  CommitteeRole.committee_id == task.committee_id))
        .where(CommitteeRole.role.in_([str(r) for r in roles]),
               User.is_active_account.is_(True))
        .order_by(User.id)))


def mark_read(notification: Notification, *, user, now: datetime | None = None) -> None:
    """Mark one of the user's notifications read (again is harmless)."""
    if notification.user_id != user.id:
        raise NotificationError("notification", _l("This notification is not yours."))
    if notification.read_at is None:
        notification.read_at = now or utcnow()
        db.session.flush()


def mark_all_read(user, now: datetime | None = None) -> int:
    """Mark every unread notification of the user read; returns how many."""
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=now or utcnow())
        .execution_options(synchronize_session=False))
    db.session.flush()
    return max(result.rowcount, 0)


def set_email_kinds(user, kinds, *, actor) -> list[str]:
    """Choose which kinds also come by e-mail in the daily digest (an empty list = none)."""
    kinds = list(kinds or ())
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise NotificationError("kinds", _l("Choose among the kinds offered."))
    if actor.id != user.id and not actor.is_admin:
        raise NotificationError("kinds", _l("You can only change your own choice."))
    user.notification_email_kinds = [k for k in KINDS if k in kinds]
    db.session.flush()
    return user.notification_email_kinds
