"""A revocable secret feed URL; only the token's hash is stored."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.db_types import CreatedAt, PersonId, UTCDateTime
from tracker.extensions import db


class CalendarFeed(db.Model):
    __tablename__ = "calendar_feed"

    id: Mapped[int] = mapped_column(primary_key=True)
    # SHA-256 hex of the secret token in the URL.
    token_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    # A user's feed (their agency's deadlines) or a committee's feed.
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), nullable=True
    )
    committee_id: Mapped[int | None] = mapped_column(
        ForeignKey("committee.id", ondelete="CASCADE"), nullable=True
    )
    created_by_id: Mapped[PersonId]
    created_at: Mapped[CreatedAt]
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    user = relationship("User", foreign_keys=[user_id])
    committee = relationship("Committee")
    created_by = relationship("User", foreign_keys="[CalendarFeed.created_by_id]")
