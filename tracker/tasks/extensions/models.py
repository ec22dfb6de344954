"""A lead agency's request for a later deadline and its decision."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.clock import utcnow
from tracker.db_types import UTCDateTime
from tracker.extensions import db


class ExtensionStatus(StrEnum):
    PENDING = "pending"
    GRANTED = "granted"
    REFUSED = "refused"


class TaskExtension(db.Model):
    """A lead agency's request for a later deadline, and the chair's decision on it."""

    __tablename__ = "task_extension"
    __table_args__ = (Index("ix_task_extension_task_status", "task_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), nullable=False)
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), nullable=True
    )
    # The agency that asked (the lead agency at the time).
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), nullable=False)
    requested_deadline: Mapped[date] = mapped_column(nullable=False)
    # The deadline in force when the request was made.
    previous_deadline: Mapped[date | None] = mapped_column(nullable=True)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[str] = mapped_column(
        String(10), nullable=False, default=ExtensionStatus.PENDING
    )
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), nullable=True
    )
    decision_comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)

    task = relationship("Task")
    requested_by = relationship("User", foreign_keys=[requested_by_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])
    agency = relationship("Agency")
    attachments = relationship(
        "Attachment", back_populates="extension", cascade="all, delete-orphan",
        order_by="Attachment.id",
    )
