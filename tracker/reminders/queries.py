"""Read side of reminders: what went to whom for a task, and the outbox for admins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, func, select

from tracker.extensions import db
from tracker.reminders.models import DigestStatus, MailDigest, Reminder


@dataclass
class TaskReminder:
    """One reminder of a task, with the fate of the e-mail that carries it."""

    recipient_email: str
    kind: str
    level: int
    due_on: date
    status: str  # the digest's status, or "waiting" before the sweep put it in one
    sent_at: datetime | None


def reminders_for_task(task_id: int) -> list[TaskReminder]:
    """Every reminder of the task, newest day first, with its digest's status and time."""
    rows = db.session.execute(
        select(Reminder.recipient_email, Reminder.kind, Reminder.level, Reminder.due_on,
               MailDigest.status, MailDigest.sent_at)
        .outerjoin(MailDigest, MailDigest.id == Reminder.digest_id)
        .where(Reminder.task_id == task_id)
        .order_by(Reminder.due_on.desc(), Reminder.level, Reminder.recipient_email,
                  Reminder.kind)
    ).all()
    return [TaskReminder(email, kind, level, due_on, status or "waiting", sent_at)
            for email, kind, level, due_on, status, sent_at in rows]


def outbox_query(status: str | None = None, q: str | None = None) -> Select:
    """``SELECT MailDigest, item count`` for the admins' outbox, newest first."""
    items = (select(func.count(Reminder.id)).where(Reminder.digest_id == MailDigest.id)
             .correlate(MailDigest).scalar_subquery())
    query = select(MailDigest, items.label("items"))
    if status in {s.value for s in DigestStatus}:
        query = query.where(MailDigest.status == status)
    if q:
        query = query.where(MailDigest.recipient_email.contains(q.strip().lower(),
                                                               autoescape=True))
    return query.order_by(MailDigest.id.desc())


def outbox_counts() -> dict[str, int]:
    """How many digests are in each status (every status present, zeros included)."""
    counts = dict(db.session.execute(
        select(MailDigest.status, func.count()).group_by(MailDigest.status)).all())
    return {s.value: counts.get(s.value, 0) for s in DigestStatus}


def waiting_reminders() -> int:
    """Reminders the sweep wrote but has not yet put into a digest."""
    return db.session.scalar(select(func.count()).where(Reminder.digest_id.is_(None))) or 0


def digest_reminders(digest_id: int) -> list[Reminder]:
    return list(db.session.scalars(
        select(Reminder).where(Reminder.digest_id == digest_id).order_by(Reminder.id)))
