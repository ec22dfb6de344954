"""A list export prepared in the background (issue 12): the file of a long list is written
by a worker into the instance's export folder, and served to whoever asked for it."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.db_types import CreatedAt, UTCDateTime
from tracker.extensions import db


class ExportState(StrEnum):
    QUEUED = "queued"  # asked for, waiting for a worker
    RUNNING = "running"  # a worker is writing the file
    DONE = "done"  # the file is there
    FAILED = "failed"  # writing it raised; `error` says what


class ExportRequest(db.Model):
    __tablename__ = "export_request"
    __table_args__ = (
        # The nightly clean-up reads the old ones.
        Index("ix_export_request_created", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"),
                                         nullable=False)
    # The export's endpoint (lists.export_tasks…) and its query string: the list's filters.
    endpoint: Mapped[str] = mapped_column(String(60), nullable=False)
    query_string: Mapped[str] = mapped_column(Text, nullable=False, default="")
    format: Mapped[str] = mapped_column(String(5), nullable=False)
    # The language the headings and labels are written in: the requester's, as on the page.
    language: Mapped[str] = mapped_column(String(5), nullable=False, default="vi")
    state: Mapped[str] = mapped_column(String(10), nullable=False, default=ExportState.QUEUED)
    rows_written: Mapped[int] = mapped_column(nullable=False, default=0)
    rows_total: Mapped[int | None] = mapped_column(nullable=True)
    # The download's name (the direct download's, dated the day it was asked for).
    file_name: Mapped[str] = mapped_column(String(120), nullable=False)
    created_at: Mapped[CreatedAt]
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)

    user = relationship("User")

    @property
    def is_done(self) -> bool:
        return self.state == ExportState.DONE

    @property
    def is_failed(self) -> bool:
        return self.state == ExportState.FAILED

    @property
    def is_running(self) -> bool:
        return self.state == ExportState.RUNNING

    @property
    def is_finished(self) -> bool:
        return self.state in (ExportState.DONE, ExportState.FAILED)

    def __repr__(self) -> str:
        return f"<ExportRequest {self.id} {self.endpoint} {self.state}>"
