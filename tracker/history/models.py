"""The audit trail: one row per change of any record, written by the service that changed it."""

from __future__ import annotations

from sqlalchemy import JSON, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.db_types import CreatedAt, PersonId
from tracker.extensions import db


class HistoryEntry(db.Model):
    __tablename__ = "history_entry"
    __table_args__ = (Index("ix_history_entry_subject", "subject_type", "subject_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # What changed: a table-like name ("task", "resolution", ...) and its id.
    subject_type: Mapped[str] = mapped_column(String(40), nullable=False)
    subject_id: Mapped[int] = mapped_column(nullable=False)
    # Who changed it; NULL for the system (demo loader, scheduled jobs).
    actor_id: Mapped[PersonId]
    # The verb: created, updated, progress_reported, submitted, accepted, returned, cancelled…
    action: Mapped[str] = mapped_column(String(40), nullable=False)
    # {field: [old, new]} for the fields this change touched, values as display-ready JSON.
    changes: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    # A free-text reason or comment that came with the change (cancel reason, return comment).
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[CreatedAt]

    actor = relationship("User", lazy="joined")
