"""User accounts."""

from __future__ import annotations

import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import JSON, Boolean, ForeignKey, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker import rules
from tracker.clock import utcnow
from tracker.db_types import CreatedAt, UTCDateTime
from tracker.extensions import db
from tracker.text import Searchable


def new_session_token() -> str:
    """A fresh per-user session secret (see tracker.auth.sessions)."""
    return secrets.token_urlsafe(24)


class User(Searchable, UserMixin, db.Model):
    __tablename__ = "user"
    __search_fields__ = ("name", "email")

    id: Mapped[int] = mapped_column(primary_key=True)
    # Login name; stored lower-cased so "A@x.vn" and "a@x.vn" are one account.
    email: Mapped[str] = mapped_column(String(rules.EMAIL_LENGTH), nullable=False, unique=True)
    name: Mapped[str] = mapped_column(String(rules.PERSON_NAME.max_length), nullable=False)
    # argon2id hash (see tracker.auth.passwords); never the password itself.
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    # The agency the person works for; NULL for staff of no member agency (e.g. an admin).
    agency_id: Mapped[int | None] = mapped_column(
        ForeignKey("agency.id", ondelete="SET NULL"), nullable=True, index=True
    )
    # Interface and e-mail language: "vi" or "en".
    language: Mapped[str] = mapped_column(String(5), nullable=False, default="vi")
    # Receives the reminders that can be switched off (overdue and escalations always go).
    mail_optional: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    # Admins manage committees, agencies and users and see every committee.
    is_admin: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # A deactivated account cannot log in; its history stays.
    is_active_account: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    # Notification kinds also sent by e-mail in the daily digest; NULL = the default kinds.
    # JSONB on PostgreSQL: plain json has no equality, which SELECT DISTINCT over users needs.
    notification_email_kinds: Mapped[list | None] = mapped_column(
        JSON().with_variant(JSONB(), "postgresql"), nullable=True
    )
    created_at: Mapped[CreatedAt]
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Part of every session and remember-me cookie of this user; replaced on logout, password
    # change or reset, deactivation and "sign out everywhere", which ends every copy of them.
    session_token: Mapped[str] = mapped_column(String(64), nullable=False,
                                               default=new_session_token)

    agency = relationship("Agency", back_populates="users")
    committee_roles = relationship(
        "CommitteeRole", back_populates="user", cascade="all, delete-orphan"
    )

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.is_active_account

    def get_id(self) -> str:
        """What Flask-Login keeps in the session and the remember-me cookie: a new sign-in's
        "<id>:<session token>:<signed-in at>" (tracker.auth.sessions checks it)."""
        return f"{self.id}:{self.session_token}:{int(utcnow().timestamp())}"

    def role_in(self, committee_id: int) -> str | None:
        """This user's role name in a committee, or None."""
        for role in self.committee_roles:
            if role.committee_id == committee_id:
                return role.role
        return None

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class ApiToken(db.Model):
    """A personal API token: ``Authorization: Bearer <token>`` acts as its user.

    Only the SHA-256 of the secret is kept; the secret is shown once, when created.
    """

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True
    )
    # The owner's label for it ("Hệ thống quản lý văn bản", "script báo cáo tuần").
    name: Mapped[str] = mapped_column(String(rules.TOKEN_NAME.max_length), nullable=False)
    # SHA-256 hex of the secret; the secret itself is never stored.
    token_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    # The secret's first characters, so the owner can tell their tokens apart.
    prefix: Mapped[str] = mapped_column(String(12), nullable=False)
    created_at: Mapped[CreatedAt]
    # After this instant the token no longer authenticates; NULL = until revoked.
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    user = relationship("User")
