"""The PDF, XLSX and DOCX read back: Vietnamese intact, the dashboard's figures, every task."""

from io import BytesIO

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.factories import TaskFactory
from tests.summaries.test_compile import NOW, _compiled
from tracker.reports.queries import agency_scorecard, category_counts
from tracker.summaries import figures as figures_module
from tracker.summaries.services import file_path


def _pdf_text(summary) -> str:
    reader = PdfReader(str(file_path(summary, "pdf")))
    # Lines wrap where the layout wraps them: compare words, not line breaks.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_pdf_prints_vietnamese_with_every_diacritic(scene):
    text = _pdf_text(_compiled(scene))
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "UBND TỈNH LẠNG SƠN", "BAN CHỈ ĐẠO PHÁT TRIỂN DU LỊCH TỈNH LẠNG SƠN",
                     "Lạng Sơn, ngày 22 tháng 11 năm 2026", "BÁO CÁO", "Hoàn thành đúng hạn",
                     "Sở Văn hóa, Thể thao và Du lịch tỉnh Lạng Sơn", "Công an tỉnh Lạng Sơn",
                     "TRƯỞNG BAN", "Dương Xuân Huyên", "12/TB-BCĐ"):
        assert expected in text, expected


def test_the_pdf_in_english_for_an_english_requester(scene):
    text = _pdf_text(_compiled(scene, language="en"))
    assert "SOCIALIST REPUBLIC OF VIET NAM" in text
    assert "Done on time" in text and "Công an tỉnh Lạng Sơn" in text


def test_the_xlsx_lists_every_task_with_the_same_totals(scene):
    summary = _compiled(scene)
    workbook = load_workbook(BytesIO(file_path(summary, "xlsx").read_bytes()), read_only=True)
    summary_sheet, every_task = workbook.worksheets[0], workbook.worksheets[1]
    rows = list(every_task.iter_rows(min_row=2, values_only=True))
    assert sorted(r[1] for r in rows) == sorted(t.id for t in scene.tasks.values())
    counts = category_counts(scene.committee.id, NOW)
    table = {r[0]: r[1] for r in summary_sheet.iter_rows(values_only=True) if len(r) > 1}
    assert table["Hoàn thành đúng hạn"] == counts["done_on_time"]
    assert table["Đang thực hiện quá hạn"] == counts["overdue"]
    overdue_sheet = workbook.worksheets[2]
    days = sorted(r[9] for r in overdue_sheet.iter_rows(min_row=2, values_only=True))
    assert days == [-21, -12]


def test_the_docx_has_the_header_title_and_figures(scene):
    summary = _compiled(scene)
    document = Document(BytesIO(file_path(summary, "docx").read_bytes()))
    header = document.tables[0]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header.cell(0, 1).text
    assert "BAN CHỈ ĐẠO PHÁT TRIỂN DU LỊCH TỈNH LẠNG SƠN" in header.cell(0, 0).text
    paragraphs = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in paragraphs
    categories = {row.cells[0].text: row.cells[1].text for row in document.tables[1].rows}
    assert categories["Đang thực hiện quá hạn"] == "2"
    assert categories["Hoàn thành đúng hạn"] == "2"
    agencies = document.tables[3]
    names = [row.cells[1].text for row in agencies.rows[1:]]
    # Ranked as the dashboard ranks: Công an 1 of 2 on time (50%), Sở VHTTDL 1 of 3 (33,3%).
    assert names == [s.agency.name for s in agency_scorecard(scene.committee.id, NOW)]
    assert [row.cells[7].text for row in agencies.rows[1:3]] == ["50,0%", "33,3%"]


@pytest.fixture
def small_cap(monkeypatch):
    monkeypatch.setattr(figures_module, "LIST_CAP", 2)


def test_long_lists_are_capped_in_print_and_complete_in_the_xlsx(scene, small_cap):
    resolution = scene.tasks["overdue_12"].resolution
    for n in range(3):
        TaskFactory(resolution=resolution, lead_agency=scene.culture,
                    deadline=scene.tasks["overdue_12"].deadline, title=f"Quá hạn thêm {n}")
    summary = _compiled(scene)
    group = summary.figures["overdue"][0]
    assert (group["total"], len(group["tasks"])) == (4, 2)
    text = _pdf_text(summary)
    assert "2" in text and "XLSX" in text  # the note and the "… and 2 more" line
    paragraphs = " ".join(p.text for p in Document(str(file_path(summary, "docx"))).paragraphs)
    assert "XLSX" in paragraphs
    workbook = load_workbook(str(file_path(summary, "xlsx")), read_only=True)
    assert sum(1 for _ in workbook.worksheets[2].iter_rows(min_row=2)) == 5
