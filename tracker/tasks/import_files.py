"""The uploaded import file between preview and confirmation, and the downloadable template.

The bytes are kept under UPLOAD_DIR/imports with a random name; the preview's form
carries only a signed, time-limited token naming that file and its resolution, so
confirming re-reads the server's copy and never trusts rows sent back by the browser.
"""

from __future__ import annotations

import csv
import io
import secrets
import time
from pathlib import Path

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from tracker.tasks.imports import COLUMNS

TOKEN_MAX_AGE = 3600  # seconds between upload and confirmation
_STALE_AFTER = 24 * 3600  # files left behind by abandoned previews are removed after a day
_SALT = "task-import"

# One filled-in example row, in the order of COLUMNS.
_EXAMPLE = ("Tổ chức Tuần Văn hóa – Du lịch", "Sở VHTTDL", "Công an tỉnh; UBND huyện Cao Lộc",
            "30/06/2030", "Bình thường", "Báo cáo kết quả", "")


def _directory() -> Path:
    return Path(current_app.config["UPLOAD_DIR"]) / "imports"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def keep_upload(resolution_id: int, data: bytes) -> str:
    """Store the bytes; returns the signed token that names them for this resolution."""
    directory = _directory()
    directory.mkdir(parents=True, exist_ok=True)
    _sweep(directory)
    name = secrets.token_hex(16)
    (directory / f"{name}.bin").write_bytes(data)
    return _serializer().dumps({"file": name, "resolution": resolution_id})


def _path_for(token: str, resolution_id: int) -> Path | None:
    try:
        payload = _serializer().loads(token or "", max_age=TOKEN_MAX_AGE)
    except BadSignature:  # also SignatureExpired
        return None
    if not isinstance(payload, dict) or payload.get("resolution") != resolution_id:
        return None
    name = payload.get("file")
    if not isinstance(name, str) or not name.isalnum():
        return None
    path = _directory() / f"{name}.bin"
    return path if path.is_file() else None


def load_upload(token: str, resolution_id: int) -> bytes | None:
    """The kept bytes, or None when the token is forged, expired or for another resolution."""
    path = _path_for(token, resolution_id)
    return path.read_bytes() if path else None


def discard_upload(token: str, resolution_id: int) -> None:
    path = _path_for(token, resolution_id)
    if path:
        path.unlink(missing_ok=True)


def _sweep(directory: Path) -> None:
    cutoff = time.time() - _STALE_AFTER
    for path in directory.glob("*.bin"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
        except OSError:
            pass


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
