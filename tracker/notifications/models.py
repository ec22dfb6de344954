"""A notification addressed to one user."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.db_types import CreatedAt, PersonId, UTCDateTime
from tracker.extensions import db


class NotificationKind(StrEnum):
    ASSIGNED = "assigned"
    RETURNED = "returned"
    EXTENSION_DECIDED = "extension_decided"
    COMPLETION_ACCEPTED = "completion_accepted"
    MENTIONED = "mentioned"
    SUMMARY_READY = "summary_ready"
    # To the people who may decide (the workflow table's roles for the deciding verb).
    COMPLETION_REPORTED = "completion_reported"
    EXTENSION_REQUESTED = "extension_requested"


KINDS = tuple(k.value for k in NotificationKind)

# Kinds sent by e-mail (daily digest) when the user has not chosen (notification_email_kinds NULL).
DEFAULT_EMAIL_KINDS = [
    NotificationKind.ASSIGNED.value,
    NotificationKind.RETURNED.value,
    NotificationKind.EXTENSION_DECIDED.value,
    NotificationKind.COMPLETION_ACCEPTED.value,
    NotificationKind.COMPLETION_REPORTED.value,
    NotificationKind.EXTENSION_REQUESTED.value,
]


class Notification(db.Model):
    __tablename__ = "notification"
    __table_args__ = (Index("ix_notification_user_read_id", "user_id", "read_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), nullable=False)
    kind: Mapped[str] = mapped_column(String(30), nullable=False)
    task_id: Mapped[int | None] = mapped_column(
        ForeignKey("task.id", ondelete="CASCADE"), nullable=True
    )
    # A summary that is ready; no foreign key (summaries may be purged).
    summary_id: Mapped[int | None] = mapped_column(nullable=True)
    actor_id: Mapped[PersonId]
    payload: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    created_at: Mapped[CreatedAt]
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The daily e-mail digest carrying it, when the user chose its kind by e-mail: set once
    # by the reminder sweep (so it is mailed at most once); NULL until then.
    digest_id: Mapped[int | None] = mapped_column(
        ForeignKey("mail_digest.id", ondelete="SET NULL"), nullable=True, index=True
    )

    user = relationship("User", foreign_keys=[user_id])
    actor = relationship("User", foreign_keys="[Notification.actor_id]")
    task = relationship("Task")
