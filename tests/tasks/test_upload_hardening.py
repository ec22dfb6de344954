"""Uploads against hostile input: names, bodies over the request cap, types that would run in
a browser, files whose stored type was tampered with, and zip bombs posing as workbooks."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from contextlib import contextmanager

import pytest
from flask import current_app
from flask_babel import force_locale

from tests.tasks.scenes import PDF_BYTES, lang_son_scene
from tests.tasks.test_imports import xlsx_bytes
from tracker.domain import DomainError
from tracker.extensions import db
from tracker.tasks import uploads
from tracker.tasks.imports import services as imports

# --- names --------------------------------------------------------------------------------


@pytest.mark.parametrize("given, kept", [
    ("..\\..\\..\\boot.ini", "boot.ini"),
    ("/var/www/../../etc/shadow", "shadow"),
    ("bao\x00cao\x1f\x7f.pdf", "baocao.pdf"),  # NUL and other control characters
    ("hoa-don\u202efdp.exe", "hoa-donfdp.exe"),  # the right-to-left override trick
    ("bi\u200bên\u200d bản.pdf", "biên bản.pdf"),  # zero-width characters
    ("tab\tand\nnewline.pdf", "tab and newline.pdf"),
    ("CON", "_CON"),
    ("con.pdf", "_con.pdf"),
    ("Nul .docx", "_Nul.docx"),
    ("lpt9.xlsx", "_lpt9.xlsx"),
    ("COM¹.png", "_COM¹.png"),
    ("console.pdf", "console.pdf"),  # only the exact device names are reserved
    ("Báo cáo quý I/2025 – Sở VHTTDL.pdf", "2025 Sở VHTTDL.pdf"),
])
def test_hostile_names_are_made_harmless(given, kept):
    assert uploads.safe_filename(given) == kept


def test_vietnamese_typed_decomposed_keeps_its_letters():
    decomposed = unicodedata.normalize("NFD", "Biên bản nghiệm thu đợt 1.pdf")
    assert decomposed != "Biên bản nghiệm thu đợt 1.pdf"
    assert uploads.safe_filename(decomposed) == "Biên bản nghiệm thu đợt 1.pdf"


@pytest.mark.parametrize("stem", ["a" * 400, "Nghị quyết số 15 về phát triển du lịch " * 20,
                                  "🎉" * 300])
def test_a_very_long_name_is_cut_in_its_stem_and_keeps_its_extension(stem):
    name = uploads.safe_filename(stem + ".pdf")
    assert name.endswith(".pdf")
    assert len(name.encode()) <= uploads.MAX_FILENAME_BYTES
    assert name == unicodedata.normalize("NFC", name)


def test_a_pdf_with_a_very_long_vietnamese_name_is_accepted():
    upload = uploads.check_upload("Báo cáo kết quả thực hiện " * 30 + ".pdf", PDF_BYTES)
    assert upload.filename.endswith(".pdf") and upload.content_type == "application/pdf"
    assert len(upload.filename) <= 255  # the column's size


# --- types that a browser would run ---------------------------------------------------------

SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


@pytest.mark.parametrize("name, data", [
    ("so-do.svg", SVG), ("so-do.png", SVG), ("trang.html", HTML), ("trang.htm", HTML),
    ("trang.pdf", HTML), ("ghi-chu.txt", b"plain text"), ("du-lieu.xml", b"<?xml?><a/>"),
    ("bao-cao.pdf.html", PDF_BYTES),
])
def test_svg_html_and_text_are_refused_whatever_they_are_called(name, data):
    with pytest.raises(DomainError):
        uploads.check_upload(name, data)


def test_a_stored_type_that_is_not_allowed_is_served_as_plain_bytes(login):
    scene = lang_son_scene()
    browser = login(scene.lead_member)
    browser.post(f"/tasks/{scene.task.id}/reports",
                 {"text": "Biên bản.", "progress": "10",
                  "files": [(io.BytesIO(PDF_BYTES), "bien-ban.pdf")]},
                 form_url=f"/tasks/{scene.task.id}", content_type="multipart/form-data")
    file = scene.task.reports[0].attachments[0]
    file.content_type = "text/html"  # as if the row had been tampered with
    db.session.flush()
    response = browser.get(f"/attachments/{file.id}")
    assert response.status_code == 200
    assert response.mimetype == "application/octet-stream"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


# --- bodies over the request cap ---------------------------------------------------------------


@contextmanager
def request_cap(size: int):
    old = current_app.config["MAX_CONTENT_LENGTH"]
    current_app.config["MAX_CONTENT_LENGTH"] = size
    try:
        yield
    finally:
        current_app.config["MAX_CONTENT_LENGTH"] = old


def big_report(browser, task, headers=None):
    return browser.post(f"/tasks/{task.id}/reports",
                        {"text": "Kèm hồ sơ.", "progress": "20",
                         "files": [(io.BytesIO(PDF_BYTES + b"0" * 200_000), "ho-so.pdf")]},
                        form_url=f"/tasks/{task.id}", content_type="multipart/form-data",
                        headers=headers or {})


def test_a_report_over_the_request_cap_gets_the_413_page_and_writes_nothing(login):
    scene = lang_son_scene()
    browser = login(scene.lead_member)
    with request_cap(100_000):
        response = big_report(browser, scene.task)
    assert response.status_code == 413
    assert response.mimetype == "text/html"
    assert "File too large" in response.get_data(as_text=True)
    assert scene.task.reports == []


def test_a_client_asking_for_json_gets_a_json_413(login):
    scene = lang_son_scene()
    browser = login(scene.lead_member)
    with request_cap(100_000):
        response = big_report(browser, scene.task, headers={"Accept": "application/json"})
    assert response.status_code == 413
    assert response.get_json()["error"]["message"] == "The upload is larger than allowed."


def test_an_import_over_the_request_cap_gets_413(login):
    scene = lang_son_scene()
    browser = login(scene.secretary)
    url = f"/resolutions/{scene.resolution.id}/import"
    with request_cap(100_000):
        response = browser.post(url, {"file": (io.BytesIO(b"x" * 200_000), "nv.csv")},
                                content_type="multipart/form-data")
    assert response.status_code == 413


def test_the_default_cap_leaves_room_for_a_full_report():
    config = current_app.config
    assert config["MAX_CONTENT_LENGTH"] > uploads.MAX_FILES_PER_REPORT * config["MAX_UPLOAD_MB"] \
        * 1024 * 1024


# --- workbooks that unpack to too much ------------------------------------------------------


def test_a_zip_bomb_posing_as_a_workbook_is_refused_before_it_is_unpacked():
    archive = io.BytesIO(xlsx_bytes([["Tổ chức tuần văn hóa", "Sở VHTTDL"]]))
    with zipfile.ZipFile(archive, "a", compression=zipfile.ZIP_DEFLATED) as workbook:
        workbook.writestr("xl/padding.xml", b"\0" * (imports.MAX_IMPORT_UNPACKED_BYTES + 1))
    data = archive.getvalue()
    assert len(data) < imports.MAX_IMPORT_BYTES
    with force_locale("en"), pytest.raises(imports.ImportFileError) as error:
        imports.read_table(data)
    assert error.value.field == "file"
    assert "too large once unpacked" in str(error.value)


def test_a_broken_zip_is_an_unreadable_workbook():
    with force_locale("en"), pytest.raises(imports.ImportFileError) as error:
        imports.read_table(b"PK\x03\x04" + b"\xff" * 100)
    assert "could not be read" in str(error.value)
