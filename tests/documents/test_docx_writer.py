"""The administrative DOCX writer, read back with python-docx: what Word and LibreOffice are
told (fonts, sizes, colours, column widths), before tests/summaries/test_docx_in_libreoffice.py
checks what LibreOffice makes of it."""

from __future__ import annotations

from io import BytesIO

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from tracker.documents.docx_writer import RIGHT, TEXT_WIDTH_MM, AdministrativeDocument

SLOTS = ("ascii", "hAnsi", "cs", "eastAsia")
THEME_SLOTS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")


@pytest.fixture(scope="module")
def document():
    writer = AdministrativeDocument()
    writer.header(issuer_parent="UBND TỈNH LẠNG SƠN", issuer="BAN CHỈ ĐẠO PHÁT TRIỂN DU LỊCH",
                  number="Số:       /TB-BCĐ", state="CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                  motto="Độc lập - Tự do - Hạnh phúc", place_date="Lạng Sơn, ngày 05 tháng 02")
    writer.kind_and_title("THÔNG BÁO", "Kết luận của Trưởng ban tại Hội nghị tổng kết")
    writer.heading("I. Kết quả")
    writer.subheading("Sở Văn hóa, Thể thao và Du lịch (2)")
    writer.paragraph("Nội dung báo cáo.")
    writer.note("Ghi chú.")
    writer.table(["STT", "Cơ quan", "Số lượng"], [(1, "Công an tỉnh Lạng Sơn", 3)],
                 (15, 120, 30), numeric_from=2)
    writer.table(["A", "B"], [("x", "y")], (80, 85), small=True)
    writer.signature(recipients_label="Nơi nhận:", recipient_lines=["- Lưu: VT."],
                     signer_title="TRƯỞNG BAN", signer_name="Dương Xuân Huyên")
    return Document(BytesIO(writer.to_bytes()))


def _paragraphs(document):
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def test_no_theme_heading_style_and_every_paragraph_in_a_document_style(document):
    used = {p.style.name for p in _paragraphs(document)}
    assert all(name.startswith("Doc ") for name in used), used
    assert {"Doc State", "Doc Motto", "Doc Heading", "Doc Table Text"} <= used


def test_defaults_and_every_used_style_are_times_new_roman_black(document):
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    fonts = defaults.find(qn("w:rPr")).find(qn("w:rFonts"))
    assert {slot: fonts.get(qn(f"w:{slot}")) for slot in SLOTS} == dict.fromkeys(
        SLOTS, "Times New Roman")
    names = {p.style.name for p in _paragraphs(document)} | {"Normal", "Doc Strong",
                                                              "Doc Emphasis"}
    for style in (document.styles[name] for name in sorted(names)):
        fonts = style.element.rPr.find(qn("w:rFonts"))
        assert {slot: fonts.get(qn(f"w:{slot}")) for slot in SLOTS} == dict.fromkeys(
            SLOTS, "Times New Roman"), style.name
        assert not any(fonts.get(qn(f"w:{slot}")) for slot in THEME_SLOTS), style.name
        assert str(style.font.color.rgb) == "000000", style.name


@pytest.mark.parametrize(("style", "points", "bold", "italic"), [
    ("Doc Body", 13, False, False), ("Doc State", 13, True, False),
    ("Doc Motto", 14, True, False), ("Doc Kind", 14, True, False),
    ("Doc Title", 14, True, False), ("Doc Heading", 13, True, False),
    ("Doc Place Date", 14, False, True), ("Doc Recipients Label", 12, True, True),
    ("Doc Recipients", 11, False, False), ("Doc Signer Name", 14, True, False),
])
def test_sizes_follow_decree_30(document, style, points, bold, italic):
    font = document.styles[style].font
    assert (font.size.pt, bool(font.bold), bool(font.italic)) == (points, bold, italic)


def test_every_table_is_fixed_with_its_grid_and_cell_widths(document):
    assert len(document.tables) == 4
    for table in document.tables:
        tbl = table._tbl
        assert tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        grid = [int(col.get(qn("w:w"))) for col in tbl.tblGrid.findall(qn("w:gridCol"))]
        assert abs(sum(grid) - Mm(TEXT_WIDTH_MM).twips) <= len(grid)  # rounding, in twips
        for row in table.rows:
            assert [cell.width.twips for cell in row.cells] == grid
    header = document.tables[0]
    assert "Độc lập - Tự do - Hạnh phúc" in header.cell(0, 1).text
    # A data table's heading row repeats on each page it runs onto.
    assert document.tables[1].rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_figures_are_right_aligned_from_the_given_column(document):
    row = document.tables[1].rows[1]
    assert [c.paragraphs[0].alignment for c in row.cells] == [None, None, RIGHT]


def test_a_clause_is_a_numbered_body_paragraph_with_its_first_line_indented():
    writer = AdministrativeDocument()
    writer.kind_and_title("THÔNG BÁO", "Kết luận của Trưởng ban", rule=True)
    writer.clause("Ngày 18 tháng 01 năm 2024, Ban Chỉ đạo tổ chức Hội nghị.")
    writer.clause("Giao Sở Văn hóa, Thể thao và Du lịch chủ trì.", "1.")
    document = Document(BytesIO(writer.to_bytes()))
    kind, title, rule, opening, clause = document.paragraphs
    assert (kind.text, title.text, rule.style.name) == ("THÔNG BÁO", "Kết luận của Trưởng ban",
                                                         "Doc Rule")
    assert clause.text == "1. Giao Sở Văn hóa, Thể thao và Du lịch chủ trì."
    for paragraph in (opening, clause):
        assert paragraph.style.name == "Doc Body"
        assert round(paragraph.paragraph_format.first_line_indent.mm, 1) == 10  # in twips


def test_the_signer_title_may_take_several_lines():
    writer = AdministrativeDocument()
    writer.signature(recipients_label="Nơi nhận:", recipient_lines=["- Lưu: VT."],
                     signer_title=["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"], signer_name="Vi Văn A")
    right = Document(BytesIO(writer.to_bytes())).tables[0].rows[0].cells[1]
    assert [(p.text, p.style.name) for p in right.paragraphs] == [
        ("KT. TRƯỞNG BAN", "Doc Signer Title"), ("PHÓ TRƯỞNG BAN", "Doc Signer Title"),
        ("Vi Văn A", "Doc Signer Name")]
