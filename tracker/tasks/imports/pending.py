"""The rows read from an import file between preview and confirmation, and the downloadable
template.

The file is parsed once, at upload; its rows are kept in ``task_import`` for a day under a
random token, which the preview's URL and the confirmation form carry (as before, a
colleague who may manage the resolution can open a preview link sent to them). The preview
and the confirmation read the kept rows, never the browser's copy nor the file again.
"""

from __future__ import annotations

import csv
import io
import secrets

from sqlalchemy import delete, select

from tracker.clock import utcnow
from tracker.extensions import db
from tracker.tasks.imports.models import TaskImport
from tracker.tasks.imports.services import COLUMNS, MAX_PENDING_IMPORTS, PENDING_IMPORT_LIFETIME

# One filled-in example row, in the order of COLUMNS.
_EXAMPLE = ("Tổ chức Tuần Văn hóa – Du lịch", "Sở VHTTDL", "Công an tỉnh; UBND huyện Cao Lộc",
            "30/06/2030", "Bình thường", "Báo cáo kết quả", "")


def keep_import(user, resolution, rows: list[dict]) -> TaskImport:
    """Keep the rows read from a file for its preview and confirmation. Imports older than
    PENDING_IMPORT_LIFETIME are swept, and the user's oldest pending ones beyond
    MAX_PENDING_IMPORTS - 1 make room. Flushes; the request commits."""
    now = utcnow()
    db.session.execute(delete(TaskImport).where(
        TaskImport.created_at < now - PENDING_IMPORT_LIFETIME))
    older = db.session.scalars(
        select(TaskImport.id).where(TaskImport.user_id == user.id)
        .order_by(TaskImport.created_at.desc(), TaskImport.id.desc())
        .offset(MAX_PENDING_IMPORTS - 1)).all()
    if older:
        db.session.execute(delete(TaskImport).where(TaskImport.id.in_(older)))
    pending = TaskImport(token=secrets.token_urlsafe(32), user_id=user.id,
                         resolution_id=resolution.id, rows=rows, created_at=now)
    db.session.add(pending)
    db.session.flush()
    return pending


def pending_import(token: str | None, resolution) -> TaskImport | None:
    """The kept import of this resolution named by ``token``; None when the token is unknown,
    for another resolution or older than a day. (Who may manage the resolution is the
    view's check.)"""
    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(TaskImport).where(
        TaskImport.token == token, TaskImport.resolution_id == resolution.id,
        TaskImport.created_at >= utcnow() - PENDING_IMPORT_LIFETIME))


def discard_import(pending: TaskImport) -> None:
    db.session.delete(pending)


def template_csv() -> bytes:
    """The template as CSV in UTF-8 with a BOM, so Excel shows the diacritics."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([vi for _key, vi, _en, _doc in COLUMNS])
    writer.writerow(_EXAMPLE)
    return out.getvalue().encode("utf-8-sig")


def template_xlsx() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Nhiem vu"
    sheet.append([vi for _key, vi, _en, _doc in COLUMNS])
    sheet.append(list(_EXAMPLE))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEFG", (50, 25, 35, 14, 16, 30, 30), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
