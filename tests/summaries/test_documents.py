"""The PDF, XLSX and DOCX read back: Vietnamese intact, the dashboard's figures, every task."""

from io import BytesIO

import pytest
from docx import Document
from flask_babel import force_locale
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.factories import TaskFactory
from tests.summaries.test_compile import NOW, _compiled
from tracker.reports.queries import agency_scorecard, category_counts
from tracker.summaries import figures as figures_module
from tracker.summaries.document import cap_note
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


def _sheet_rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(min_row=2, values_only=True))


def test_the_xlsx_lists_every_task_with_the_same_totals(scene):
    summary = _compiled(scene)
    workbook = load_workbook(BytesIO(file_path(summary, "xlsx").read_bytes()))
    summary_sheet, every_task, by_agency = workbook.worksheets
    rows = _sheet_rows(every_task)
    # Every task exactly once, numbered, under a filterable heading kept in view.
    assert sorted(r[1] for r in rows) == sorted(t.id for t in scene.tasks.values())
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    assert every_task.auto_filter.ref == f"A1:N{len(rows) + 1}"
    assert every_task.freeze_panes == "A2"
    counts = category_counts(scene.committee.id, NOW)
    table = {r[0]: r[1] for r in summary_sheet.iter_rows(values_only=True) if len(r) > 1}
    assert table["Hoàn thành đúng hạn"] == counts["done_on_time"]
    assert table["Đang thực hiện quá hạn"] == counts["overdue"]
    # The print lists are filters of that one sheet: overdue by category, with days late…
    overdue = sorted(r[9] for r in rows if r[8] == "Đang thực hiện quá hạn")
    assert overdue == [-21, -12]
    by_column = {"completed": 12, "due_next": 13}
    for key, column in by_column.items():
        groups = summary.figures[key] if key == "completed" else summary.figures[key]["groups"]
        assert {r[1] for r in rows if r[column]} == {t["id"] for g in groups for t in g["tasks"]}
    assert next(r for r in rows if r[1] == scene.tasks["on_time"].id)[5].date().isoformat() \
        == "2026-11-15"  # a real date cell (dd/mm/yyyy), not text
    # …and the per-agency table is the dashboard's scorecard.
    agencies = [r for r in by_agency.iter_rows(min_row=3, values_only=True)]
    scores = agency_scorecard(scene.committee.id, NOW)
    assert [(r[0], r[1], r[2], r[7]) for r in agencies] == [
        (s.rank, s.agency.name, s.assigned, s.overdue) for s in scores]
    assert agencies[0][10] == 50.0


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
    every_task = _sheet_rows(workbook.worksheets[1])
    assert sum(1 for r in every_task if r[8] == "Đang thực hiện quá hạn") == 5


def test_each_print_list_is_capped_in_all_too(scene, small_cap, monkeypatch):
    monkeypatch.setattr(figures_module, "LIST_TOTAL_CAP", 2)
    resolution = scene.tasks["overdue_12"].resolution
    for n in range(3):
        TaskFactory(resolution=resolution, lead_agency=scene.culture,
                    deadline=scene.tasks["overdue_12"].deadline, title=f"Quá hạn thêm {n}")
    summary = _compiled(scene)
    assert [(g["name"], g["total"], len(g["tasks"])) for g in summary.figures["overdue"]] == [
        ("Sở Văn hóa, Thể thao và Du lịch tỉnh Lạng Sơn", 4, 2),
        ("Công an tỉnh Lạng Sơn", 1, 0),  # past the budget: its count, no rows
    ]
    assert summary.figures["list_total_cap"] == 2
    with force_locale("vi"):
        note = " ".join(cap_note(summary.figures).split())
    assert "2" in note and "XLSX" in note
    text = _pdf_text(summary)
    assert note in text  # the document says how its lists are capped
    assert "Công an tỉnh Lạng Sơn (1)" in text
    docx = Document(str(file_path(summary, "docx")))
    assert "Công an tỉnh Lạng Sơn (1)" in [p.text for p in docx.paragraphs]
