"""A meeting's preparation: its agenda, the carry-over frozen when the invitation went out,
and the invitation's outbox (one row per meeting, recipient and sending)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker import rules
from tracker.db_types import CreatedAt
from tracker.extensions import db
from tracker.reminders.models import DigestStatus, OutboxMail

# The outbox rows go through the same states as the reminder digests (pending, sending
# under a lease, sent, failed) and are claimed by the same helpers.
InvitationStatus = DigestStatus


class AgendaItem(db.Model):
    """One item of a meeting's agenda, in the order the secretariat set."""

    __tablename__ = "agenda_item"
    __table_args__ = (Index("ix_agenda_item_meeting_position", "meeting_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), nullable=False)
    # 1, 2, 3… in agenda order; moving an item swaps it with its neighbour.
    position: Mapped[int] = mapped_column(nullable=False)
    title: Mapped[str] = mapped_column(String(rules.AGENDA_TITLE.max_length), nullable=False)
    # The agency that presents the item (and leads the tasks assigned from it, by default).
    presenter_agency_id: Mapped[int | None] = mapped_column(
        ForeignKey("agency.id", ondelete="SET NULL"), nullable=True)
    notes: Mapped[str | None] = mapped_column(Text, nullable=True)
    # Time allotted to the item, in minutes.
    minutes_allotted: Mapped[int | None] = mapped_column(nullable=True)
    created_at: Mapped[CreatedAt]

    meeting = relationship("Meeting")
    presenter_agency = relationship("Agency")

    @property
    def committee_id(self) -> int:
        """The meeting's committee: who may see and manage the item (``tracker.rights``)."""
        return self.meeting.committee_id


class CarryOverKind:
    TASK = "task"  # a task still in work from an earlier resolution
    EXTENSION = "extension"  # an extension decided since the previous meeting


class CarryOverEntry(db.Model):
    """One line of the carry-over as it was when the invitation went out: what the members
    saw. Copied, not linked, so later changes to the task do not rewrite it."""

    __tablename__ = "carry_over_entry"
    __table_args__ = (Index("ix_carry_over_entry_meeting", "meeting_id", "kind", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), nullable=False)
    kind: Mapped[str] = mapped_column(String(10), nullable=False)
    # Order within its kind, as listed.
    position: Mapped[int] = mapped_column(nullable=False)
    # The task (kept for the live state beside it; NULL once the task is deleted).
    task_id: Mapped[int | None] = mapped_column(
        ForeignKey("task.id", ondelete="SET NULL"), nullable=True)
    title: Mapped[str] = mapped_column(Text, nullable=False)
    # The lead agency's label at that moment.
    lead_agency: Mapped[str] = mapped_column(String(255), nullable=False)
    deadline: Mapped[date | None] = mapped_column(nullable=True)
    # Days past the deadline in force (NULL when not overdue).
    days_late: Mapped[int | None] = mapped_column(nullable=True)
    # The task's reporting category and stored state at that moment.
    category: Mapped[str] = mapped_column(String(20), nullable=False)
    task_state: Mapped[str] = mapped_column(String(12), nullable=False)
    progress: Mapped[int] = mapped_column(nullable=False, default=0)
    # Extensions only: granted or refused, the date asked for and the day it was decided.
    decision: Mapped[str | None] = mapped_column(String(10), nullable=True)
    requested_deadline: Mapped[date | None] = mapped_column(nullable=True)
    decided_on: Mapped[date | None] = mapped_column(nullable=True)


class MeetingInvitation(OutboxMail, db.Model):
    """The invitation e-mail to one recipient for one sending of a meeting's invitation.

    Written in the transaction that marks the meeting invited, so it is never lost; its
    unique key keeps it from being written twice; claimed with a lease and marked sent
    right after the server accepted it, like the reminder digests (``OutboxMail``)."""

    __tablename__ = "meeting_invitation"
    __table_args__ = (
        UniqueConstraint("meeting_id", "recipient_email", "round",
                         name="uq_meeting_invitation_key"),
        Index("ix_meeting_invitation_status_next", "status", "next_attempt_at"),
    )

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), nullable=False)
    # Which sending of the meeting's invitation (``Meeting.invitation_round``).
    round: Mapped[int] = mapped_column(nullable=False, default=1)

    meeting = relationship("Meeting")
