"""The streamed XLSX writer gives the same bytes for the same rows whenever it writes them
(a background export is compared byte for byte with the direct download), still compressed
at the level it was asked for."""

from __future__ import annotations

import io
import time
import zipfile
from datetime import date

from openpyxl import load_workbook

from tracker.summaries.xlsx_stream import Heading, XlsxWriter

ROWS = [Heading(("Nhiệm vụ", "Hạn")), ("Hoàn thiện hồ sơ di tích Kỳ Lừa", date(2024, 6, 30))]


def _written() -> bytes:
    out = io.BytesIO()
    with XlsxWriter(out) as book:
        book.sheet("Quá hạn", iter(ROWS), autofilter=True)
    return out.getvalue()


def test_the_same_rows_written_at_two_moments_give_the_same_bytes(monkeypatch):
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now)
    first = _written()
    monkeypatch.setattr(time, "time", lambda: now + 3600 * 25)  # the next day, a later hour
    assert _written() == first


def test_every_part_is_deflated_and_the_book_opens():
    data = _written()
    with zipfile.ZipFile(io.BytesIO(data)) as parts:
        assert {part.compress_type for part in parts.infolist()} == {zipfile.ZIP_DEFLATED}
        assert "xl/worksheets/sheet1.xml" in parts.namelist()
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.title == "Quá hạn"
    assert sheet["A2"].value == "Hoàn thiện hồ sơ di tích Kỳ Lừa"
