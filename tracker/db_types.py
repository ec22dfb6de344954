"""Column types shared by every area."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from sqlalchemy import Date, DateTime, ForeignKey
from sqlalchemy.orm import mapped_column
from sqlalchemy.types import TypeDecorator

from tracker.clock import utcnow


class UTCDateTime(TypeDecorator):
    """A UTC instant: stored naive-UTC (SQLite has no zones), always returned aware."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("UTCDateTime needs an aware datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


# Columns that many tables declare alike (SQLAlchemy's PEP 593 form: ``x: Mapped[CreatedAt]``).
CreatedAt = Annotated[datetime, mapped_column(UTCDateTime, nullable=False, default=utcnow)]
# A person who did something; the record stays when the account is deleted.
PersonId = Annotated[int | None, mapped_column(ForeignKey("user.id", ondelete="SET NULL"),
                                               nullable=True)]
# The task a record belongs to; it goes with the task.
TaskId = Annotated[int, mapped_column(ForeignKey("task.id", ondelete="CASCADE"), nullable=False)]


class TypedDate(TypeDecorator):
    """A date written into SQL with its type where the dialect has the syntax (PostgreSQL:
    ``DATE '2026-12-07'``): a bare ``'2026-12-07'`` is text where nothing implies a date,
    such as the branches of a CASE on the committees' zones. SQLite keeps dates as text."""

    impl = Date
    cache_ok = True

    def literal_processor(self, dialect):
        if dialect.name == "postgresql":
            return lambda value: f"DATE '{value.isoformat()}'"
        return lambda value: f"'{value.isoformat()}'"
