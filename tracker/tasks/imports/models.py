"""A spreadsheet import kept between its preview and its confirmation."""

from __future__ import annotations

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from tracker.db_types import CreatedAt
from tracker.extensions import db


class TaskImport(db.Model):
    """A spreadsheet of tasks read once at upload, between its preview and its confirmation.

    The preview and the confirmation read these rows instead of the file, so an upload is
    parsed once; rows older than a day are swept (``tasks.imports.pending``).
    """

    __tablename__ = "task_import"
    __table_args__ = (Index("ix_task_import_user_created", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Random key naming the import in the preview's URL and the confirmation form.
    token: Mapped[str] = mapped_column(String(43), nullable=False, unique=True)
    # Who uploaded it: nobody else may preview or confirm it.
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"),
                                         nullable=False)
    resolution_id: Mapped[int] = mapped_column(
        ForeignKey("resolution.id", ondelete="CASCADE"), nullable=False, index=True)
    # The file's rows as [{"line": n, column key: cell}], only the known columns; cells are
    # text, numbers, booleans or ISO dates.
    rows: Mapped[list] = mapped_column(JSON, nullable=False)
    created_at: Mapped[CreatedAt]
