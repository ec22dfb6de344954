"""The draft conclusion notice opened where provincial offices open it: the DOCX converted
by LibreOffice (``soffice --headless --convert-to pdf``) and the PDF as the app makes it
(WeasyPrint), both read back with poppler: Times New Roman (or its metric twin) embedded,
the national title and motto each on one line, every Vietnamese letter and tone mark intact.

LibreOffice starts once for the module (it takes seconds); the notice is built in its own
rolled-back transaction.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import rolled_back_session
from tests.documents.libreoffice import (
    TIMES_FAMILY,
    convert_to_pdf,
    fonts_of,
    layout_text,
    missing_tools,
)
from tests.meetings.notice_scene import GLYPHS_TITLE, build_notice_scene
from tracker.meetings.notice import lower_first, notice_of
from tracker.meetings.notice_files import render_docx, render_pdf

# Each Vietnamese vowel letter (ă â đ ê ô ơ ư) and each tone mark (grave, acute, hook above,
# tilde, dot below), in the words of the task "Đẩy nhanh tiến độ giải phóng mặt bằng…".
LETTERS = "ăâđêôơư"
TONED = "ằáảãạ"  # one vowel with each of the five tone marks


@pytest.fixture(scope="module")
def opened(app, tmp_path_factory) -> dict[str, Path]:
    """The two PDFs: ``docx`` (LibreOffice's rendering of the DOCX) and ``pdf`` (the app's)."""
    if missing := missing_tools():
        pytest.skip(f"{', '.join(missing)} not installed (scripts/test.sh installs "
                    "libreoffice-writer-nogui, fonts-liberation and poppler-utils as root)")
    out = tmp_path_factory.mktemp("notice")
    with rolled_back_session(app), app.test_request_context():
        notice = notice_of(build_notice_scene().meeting)
        docx = out / "thong-bao.docx"
        docx.write_bytes(render_docx(notice))
        pdf = out / "thong-bao-weasyprint.pdf"
        pdf.write_bytes(render_pdf(notice))
    return {"docx": convert_to_pdf([docx], out)[0], "pdf": pdf}


def _family(font: str) -> str:
    """"Liberation-Serif-Bold" (WeasyPrint) and "LiberationSerif-Bold" (LibreOffice) alike."""
    return font.replace("-", "").replace(" ", "")


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_every_font_is_times_new_roman_or_its_metric_twin_and_embedded(opened, kind):
    fonts = fonts_of(opened[kind])
    assert fonts, "no font in the PDF"
    twins = tuple(_family(name) for name in TIMES_FAMILY)
    assert [font for font in fonts if not _family(font).startswith(twins)] == []


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_the_national_title_and_motto_are_each_on_one_line(opened, kind):
    lines = layout_text(opened[kind]).splitlines()
    assert any("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in line and "UBND TỈNH LẠNG SƠN" in line
               for line in lines)
    assert any("Độc lập - Tự do - Hạnh phúc" in line for line in lines)


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_every_vietnamese_letter_and_tone_mark_survives(opened, kind):
    text = _flat(layout_text(opened[kind]))
    words = set(re.split(r"[\s,.;:()]+", text))
    # The clause wraps across lines: its words, each whole, and every letter in them.
    clause = lower_first(GLYPHS_TITLE)  # "đẩy nhanh…" inside "Giao … chủ trì đẩy nhanh…"
    assert set(clause.replace(",", "").split()) <= words
    for letter in LETTERS + "Đ" + TONED:
        assert letter in text, f"{letter!r} is missing"
    for expected in ("THÔNG BÁO", "Số: 12/TB-BCĐ", "Lạng Sơn, ngày 25 tháng 01 năm 2024",
                     "Nơi nhận:", "TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN", "Dương Xuân Huyên",
                     "thời hạn hoàn thành trước ngày 15/09/2024", "thực hiện thường xuyên",
                     "Lưu: VT, Sở VHTTDL."):
        assert expected in text, expected


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_the_clauses_come_in_order(opened, kind):
    text = _flat(layout_text(opened[kind]))
    positions = [text.index(marker) for marker in (
        "1. Giao Sở Văn hóa", "2. Giao UBND huyện Tràng Định", "II. Kế hoạch hoạt động",
        "1. Giao Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "Nơi nhận:")]
    assert positions == sorted(positions)
