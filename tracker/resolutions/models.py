"""Meetings and the directive documents (resolutions) they produce."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker import rules
from tracker.db_types import CreatedAt, UTCDateTime
from tracker.extensions import db
from tracker.text import Searchable


class ResolutionKind(StrEnum):
    RESOLUTION = "resolution"  # Nghị quyết
    CONCLUSION = "conclusion"  # Kết luận
    CONCLUSION_NOTICE = "conclusion_notice"  # Thông báo kết luận
    PLAN = "plan"  # Kế hoạch
    DECISION = "decision"  # Quyết định
    REGULATION = "regulation"  # Quy chế
    OTHER = "other"  # Khác


class MeetingState(StrEnum):
    DRAFT = "draft"  # being prepared: the agenda may change, the carry-over is live
    INVITED = "invited"  # the invitation went out: agenda and carry-over are frozen
    HELD = "held"  # the meeting took place


meeting_attendee = Table(
    "meeting_attendee",
    db.metadata,
    Column("meeting_id", Integer, ForeignKey("meeting.id", ondelete="CASCADE"), primary_key=True),
    Column("agency_id", Integer, ForeignKey("agency.id", ondelete="CASCADE"), primary_key=True),
)


class Meeting(db.Model):
    __tablename__ = "meeting"
    __table_args__ = (Index("ix_meeting_committee_held", "committee_id", "held_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(
        ForeignKey("committee.id", ondelete="CASCADE"), nullable=False
    )
    title: Mapped[str] = mapped_column(String(rules.MEETING_TITLE.max_length), nullable=False)
    held_on: Mapped[date] = mapped_column(nullable=False)
    place: Mapped[str | None] = mapped_column(String(rules.MEETING_PLACE.max_length), nullable=True)
    # Name and office of whoever chaired, as written in the minutes.
    chaired_by: Mapped[str | None] = mapped_column(String(rules.MEETING_CHAIR.max_length),
                                                      nullable=True)
    minutes: Mapped[str | None] = mapped_column(Text, nullable=True)
    # draft -> invited (the invitation sent) -> held; a meeting recorded after the day is held.
    state: Mapped[str] = mapped_column(String(10), nullable=False, default=MeetingState.DRAFT)
    # When the invitation was (last) sent, and how many times it was: the outbox's key.
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    invitation_round: Mapped[int] = mapped_column(nullable=False, default=0)
    created_at: Mapped[CreatedAt]

    @property
    def is_draft(self) -> bool:
        return self.state == MeetingState.DRAFT

    @property
    def is_invited(self) -> bool:
        return self.state == MeetingState.INVITED

    @property
    def is_held(self) -> bool:
        return self.state == MeetingState.HELD

    committee = relationship("Committee")
    attending_agencies = relationship("Agency", secondary=meeting_attendee, order_by="Agency.name")
    resolutions = relationship("Resolution", back_populates="meeting")


class Resolution(Searchable, db.Model):
    __tablename__ = "resolution"
    __search_fields__ = ("number", "title", "signer", "text")
    __search_title_field__ = "title"
    __table_args__ = (
        UniqueConstraint("committee_id", "number"),
        Index("ix_resolution_committee_issued", "committee_id", "issued_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(
        ForeignKey("committee.id", ondelete="CASCADE"), nullable=False
    )
    kind: Mapped[str] = mapped_column(String(30), nullable=False)
    # Official number as printed, e.g. "12/TB-BCĐ"; unique within the committee.
    number: Mapped[str] = mapped_column(String(rules.RESOLUTION_NUMBER.max_length), nullable=False)
    issued_on: Mapped[date] = mapped_column(nullable=False)
    signer: Mapped[str | None] = mapped_column(String(rules.RESOLUTION_SIGNER.max_length),
                                                  nullable=True)
    title: Mapped[str] = mapped_column(String(rules.RESOLUTION_TITLE.max_length), nullable=False)
    text: Mapped[str | None] = mapped_column(Text, nullable=True)
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting.id", ondelete="SET NULL"), nullable=True, index=True
    )
    # Optimistic lock: bumped on every update so a stale edit is refused, not applied.
    version: Mapped[int] = mapped_column(nullable=False, default=1)
    created_at: Mapped[CreatedAt]
    # The title alone, folded (kept by Searchable): the global search ranks title matches first.
    search_title: Mapped[str] = mapped_column(Text, nullable=False, default="")

    committee = relationship("Committee")
    meeting = relationship("Meeting", back_populates="resolutions")
    tasks = relationship("Task", back_populates="resolution", order_by="Task.id")

    __mapper_args__ = {"version_id_col": version}
