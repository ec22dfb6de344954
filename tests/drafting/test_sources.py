"""The text of an uploaded document: DOCX, a PDF with a text layer, UTF-8 text; anything
else refused on the ``file`` field with a message that says why."""

from __future__ import annotations

import io

import docx
import pytest
from flask_babel import force_locale
from pypdf import PdfWriter

from tracker import rules
from tracker.drafting.sources import DraftSourceError, text_of_upload

CLAUSE = "Giao Sở Văn hóa, Thể thao và Du lịch chủ trì, hoàn thành trước ngày 30/6/2024."


def docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("THÔNG BÁO")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Số: 12/TB-BCĐ"
    table.cell(0, 1).text = "Lạng Sơn, ngày 05 tháng 3 năm 2024"
    document.add_paragraph(CLAUSE, style="List Number")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_bytes(html: str) -> bytes:
    import weasyprint

    return weasyprint.HTML(string=html).write_pdf()


def test_a_word_document_gives_its_paragraphs_and_tables_in_order():
    text = text_of_upload("Thong bao 12.DOCX", docx_bytes())
    assert text.split("\n") == ["THÔNG BÁO", "Số: 12/TB-BCĐ",
                                "Lạng Sơn, ngày 05 tháng 3 năm 2024", f"- {CLAUSE}"]


def test_a_pdf_with_a_text_layer_gives_its_text():
    assert CLAUSE in text_of_upload("ket-luan.pdf", pdf_bytes(f"<p>{CLAUSE}</p>"))


def test_a_text_file_is_read_as_utf8():
    assert text_of_upload("ket-luan.txt", ("\ufeff" + CLAUSE).encode()) == CLAUSE


def test_a_scanned_pdf_without_text_is_refused_clearly():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(DraftSourceError) as raised:
        text_of_upload("scan.pdf", out.getvalue())
    with force_locale("en"):
        assert raised.value.field == "file"
        assert "no text layer" in str(raised.value.message)


@pytest.mark.parametrize(("name", "data", "words"), [
    ("empty.docx", b"", "empty"),
    ("photo.jpg", b"\xff\xd8\xff\xe0" + b"0" * 20, "Choose a Word"),
    ("fake.docx", b"PK\x03\x04not really a zip", "not a readable Word"),
    ("fake.pdf", b"%PDF-1.7\nnot really a pdf", "not a readable PDF"),
    ("renamed.pdf", b"PK\x03\x04", "Choose a Word"),
    ("latin1.txt", "Sở Y tế".encode("cp1258", errors="replace") + b"\xff", "not UTF-8"),
    ("blank.txt", b"   \n  ", "no text"),
    ("big.txt", b"a" * (rules.DRAFT_FILE_MB * 1024 * 1024 + 1), "larger than"),
])
def test_unreadable_files_are_refused_on_the_file_field(name, data, words):
    with pytest.raises(DraftSourceError) as raised:
        text_of_upload(name, data)
    with force_locale("en"):
        assert raised.value.field == "file" and words in str(raised.value.message)
