"""The DOCX summary opened where provincial offices open it: converted by LibreOffice
(``soffice --headless --convert-to pdf``) and read back with poppler. Times New Roman (or
its metric twin) everywhere, the national title and motto each on one line, agency names
and column headings in whole words, every diacritic intact.

LibreOffice starts once for the module, for the Vietnamese and the English summary
together (it takes seconds); the summaries are built in their own rolled-back transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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
from tests.summaries.conftest import build_scene
from tests.summaries.test_compile import NOW, _compiled
from tracker.reports.queries import agency_scorecard
from tracker.summaries.services import file_path


@dataclass
class Opened:
    pdf: Path
    text: str  # pdftotext -layout, every page
    agencies: list[str]  # the scorecard's agency names, in rank order


@pytest.fixture(scope="module")
def opened(app, tmp_path_factory) -> dict[str, Opened]:
    if missing := missing_tools():
        pytest.skip(f"{', '.join(missing)} not installed (scripts/test.sh installs "
                    "libreoffice-writer-nogui, fonts-liberation and poppler-utils as root)")
    out = tmp_path_factory.mktemp("libreoffice")
    documents = {}
    with rolled_back_session(app):
        scene = build_scene()
        agencies = [s.agency.name for s in agency_scorecard(scene.committee.id, NOW)]
        for language in ("vi", "en"):
            summary = _compiled(scene, language=language)
            documents[language] = out / f"summary-{language}.docx"
            documents[language].write_bytes(file_path(summary, "docx").read_bytes())
    pdfs = convert_to_pdf(list(documents.values()), out)
    return {language: Opened(pdf, layout_text(pdf), agencies)
            for language, pdf in zip(documents, pdfs, strict=True)}


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_font_is_times_new_roman_or_its_metric_twin(opened, language):
    fonts = fonts_of(opened[language].pdf)
    assert fonts, "no font in the PDF"
    others = [font for font in fonts if not font.startswith(TIMES_FAMILY)]
    assert others == [], f"fonts other than Times New Roman: {others}"


@pytest.mark.parametrize(("language", "state", "motto"), [
    ("vi", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"),
    ("en", "SOCIALIST REPUBLIC OF VIET NAM", "Independence - Freedom - Happiness"),
])
def test_the_national_title_and_the_motto_are_each_on_one_line(opened, language, state, motto):
    lines = opened[language].text.splitlines()
    assert any(state in line for line in lines), f"{state!r} is broken across lines"
    assert any(motto in line for line in lines), f"{motto!r} is broken across lines"
    # …and the issuing body's name sits in its own column, on the same lines as the right one.
    assert any("UBND TỈNH LẠNG SƠN" in line and state in line for line in lines)


def _words(text: str) -> set[str]:
    return set(re.split(r"[\s,()]+", text))


@pytest.mark.parametrize("language", ["vi", "en"])
def test_agency_names_and_column_headings_break_between_words_only(opened, language):
    """A column too narrow for its longest word breaks it letter by letter ("Agenc y"):
    every word of every agency name and of the per-agency table's headings must come out
    whole."""
    text = opened[language].text
    # The per-agency table's section only: a word whole elsewhere proves nothing here.
    section = text[text.index("\nII. "):text.index("\nIII. ")]
    page_words = _words(section)
    headings = {"vi": ["Xếp hạng", "Cơ quan", "Được giao", "Hoàn thành đúng hạn",
                       "Hoàn thành quá hạn", "Đang thực hiện quá hạn", "Tỷ lệ đúng hạn"],
                "en": ["Rank", "Agency", "Assigned", "Done on time", "Done late",
                       "In progress, overdue", "On-time rate", "Previous rate"]}[language]
    for name in opened[language].agencies + headings:
        broken = [word for word in _words(name) if word and word not in page_words]
        assert broken == [], f"{name!r}: {broken} broken inside a word"


def test_vietnamese_diacritics_survive_the_round_trip(opened):
    text = " ".join(opened["vi"].text.split())  # compare words, not the layout's spacing
    # The issuing body wraps in its column, beside the other one: its words, then.
    assert {"BAN", "CHỈ", "ĐẠO", "PHÁT", "TRIỂN", "DU", "LỊCH", "TỈNH", "LẠNG", "SƠN"} \
        <= _words(text)
    for expected in ("UBND TỈNH LẠNG SƠN", "BÁO CÁO",
                     "Lạng Sơn, ngày 22 tháng 11 năm 2026", "Hoàn thành đúng hạn",
                     "Đang thực hiện quá hạn", "Nhiệm vụ thường xuyên", "TRƯỞNG BAN",
                     "Dương Xuân Huyên", "Nơi nhận:", "12/TB-BCĐ",
                     "tổ chức Lễ hội Hoa Đào Xứ Lạng"):
        assert expected in text, expected
