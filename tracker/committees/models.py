"""Agencies, committees, which agencies sit on which committee, and who holds which role."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import (
    Column,
    ForeignKey,
    Integer,
    String,
    Table,
    UniqueConstraint,
    false,
    text,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker import rules
from tracker.clock import DEFAULT_TIMEZONE
from tracker.db_types import CreatedAt
from tracker.extensions import db
from tracker.text import Searchable


class AgencyKind(StrEnum):
    DEPARTMENT = "department"  # Sở, ban, ngành
    PEOPLES_COMMITTEE = "peoples_committee"  # UBND huyện / thành phố
    SECURITY = "security"  # Công an, Bộ đội Biên phòng, Bộ CHQS
    MANAGEMENT_BOARD = "management_board"  # Ban Quản lý
    BUSINESS = "business"  # doanh nghiệp
    COOPERATIVE = "cooperative"  # hợp tác xã
    ORGANISATION = "organisation"  # hội, đoàn thể, tổ chức khác
    OTHER = "other"


class RoleName(StrEnum):
    CHAIR = "chair"
    VICE_CHAIR = "vice_chair"
    SECRETARY = "secretary"
    MEMBER = "member"
    VIEWER = "viewer"


committee_agency = Table(
    "committee_agency",
    db.metadata,
    Column("committee_id", Integer, ForeignKey("committee.id", ondelete="CASCADE"),
           primary_key=True),
    Column("agency_id", Integer, ForeignKey("agency.id", ondelete="CASCADE"),
           primary_key=True, index=True),
)


class Agency(Searchable, db.Model):
    __tablename__ = "agency"
    __search_fields__ = ("name", "short_name")

    id: Mapped[int] = mapped_column(primary_key=True)
    # Full official name, e.g. "Sở Văn hóa, Thể thao và Du lịch".
    name: Mapped[str] = mapped_column(String(rules.AGENCY_NAME.max_length), nullable=False,
                                      unique=True)
    # How agencies are written in tables and badges, e.g. "Sở VHTTDL".
    short_name: Mapped[str | None] = mapped_column(
        String(rules.AGENCY_SHORT_NAME.max_length), nullable=True)
    kind: Mapped[str] = mapped_column(String(30), nullable=False, default=AgencyKind.DEPARTMENT)
    # The focal point's mailbox: reminders reach agencies that have no accounts through it.
    email: Mapped[str | None] = mapped_column(String(rules.EMAIL_LENGTH), nullable=True)
    # The agency head's mailbox: step 1 of the reminders' escalation ladder.
    head_email: Mapped[str | None] = mapped_column(String(rules.EMAIL_LENGTH), nullable=True)
    # Partner organisations invented for the demo are flagged so nobody mistakes them for real.
    is_sample: Mapped[bool] = mapped_column(default=False, nullable=False)
    # Restructuring: the agency this one merged into (its successor), if any.
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("agency.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[CreatedAt]

    users = relationship("User", back_populates="agency")
    merged_into = relationship("Agency", remote_side=[id], foreign_keys=[merged_into_id])
    committees = relationship(
        "Committee", secondary=committee_agency, back_populates="member_agencies"
    )

    @property
    def label(self) -> str:
        return self.short_name or self.name

    @property
    def name_with_short(self) -> str:
        """"Sở Văn hóa, Thể thao và Du lịch (Sở VHTTDL)" — for choosing among many."""
        return f"{self.name} ({self.short_name})" if self.short_name else self.name

    def __repr__(self) -> str:
        return f"<Agency {self.label}>"


class Committee(Searchable, db.Model):
    __tablename__ = "committee"
    __search_fields__ = ("name", "parent_body")

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(rules.COMMITTEE_NAME.max_length), nullable=False,
                                      unique=True)
    # The body that set it up, e.g. "UBND tỉnh Lạng Sơn".
    parent_body: Mapped[str | None] = mapped_column(
        String(rules.COMMITTEE_PARENT_BODY.max_length), nullable=True)
    # IANA zone: deadlines are calendar dates in this zone.
    timezone: Mapped[str] = mapped_column(String(64), nullable=False, default=DEFAULT_TIMEZONE)
    # The secretariat (cơ quan thường trực).
    standing_agency_id: Mapped[int | None] = mapped_column(
        ForeignKey("agency.id", ondelete="SET NULL"), nullable=True
    )
    # "Due soon" means a deadline within this many days from today.
    due_soon_days: Mapped[int] = mapped_column(nullable=False, default=3)
    # How many extensions a task of this committee may be granted.
    max_extensions: Mapped[int] = mapped_column(
        nullable=False, default=2, server_default=text("2")
    )
    # Opt-in read-only public progress page.
    public_page: Mapped[bool] = mapped_column(
        nullable=False, default=False, server_default=false()
    )
    # "Four eyes": whoever reported a task done or asked for an extension may not also
    # accept/return it or grant/refuse it. On for new committees; committees that existed
    # before the setting keep working as they did (the migration sets them off).
    four_eyes: Mapped[bool] = mapped_column(
        nullable=False, default=True, server_default=true()
    )
    created_at: Mapped[CreatedAt]

    standing_agency = relationship("Agency", foreign_keys=[standing_agency_id])
    member_agencies = relationship(
        "Agency", secondary=committee_agency, back_populates="committees",
        order_by="Agency.name",
    )
    roles = relationship("CommitteeRole", back_populates="committee", cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<Committee {self.name}>"


class CommitteeRole(db.Model):
    """A user's role in one committee; a user holds at most one role per committee."""

    __tablename__ = "committee_role"
    __table_args__ = (UniqueConstraint("committee_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(
        ForeignKey("committee.id", ondelete="CASCADE"), nullable=False
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True
    )
    role: Mapped[str] = mapped_column(String(20), nullable=False)

    committee = relationship("Committee", back_populates="roles")
    user = relationship("User", back_populates="committee_roles")


class ChoicesVersion(db.Model):
    """One row: a token that changes (to a new random value) whenever an agency, committee,
    role or resolution is written, in the writer's transaction (``reports.services``). The
    task lists' filter options are cached per process under it (``tasks.list_options``):
    every web worker reads the token once per request, so a change made through one worker
    empties every worker's cache; a rolled-back change's token is never seen again."""

    __tablename__ = "choices_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(36), nullable=False)
