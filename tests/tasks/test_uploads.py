"""Evidence files: checked by their bytes, capped, stored under a random name, served only
as downloads to people who may see the task."""

from __future__ import annotations

import io
import re
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import current_app

from tests.factories import UserFactory
from tests.tasks.scenes import PDF_BYTES, PNG_BYTES, lang_son_scene
from tracker.domain import DomainError
from tracker.tasks import uploads
from tracker.tasks.models import Attachment


@contextmanager
def upload_limit_mb(megabytes: int):
    """The app is shared by the whole session: change its limit for one test only."""
    old = current_app.config["MAX_UPLOAD_MB"]
    current_app.config["MAX_UPLOAD_MB"] = megabytes
    try:
        yield
    finally:
        current_app.config["MAX_UPLOAD_MB"] = old


def post_files(browser, task, files):
    data = {"text": "Kèm theo biên bản và hình ảnh.", "progress": "30",
            "files": [(io.BytesIO(content), name) for name, content in files]}
    return browser.post(f"/tasks/{task.id}/reports", data, form_url=f"/tasks/{task.id}",
                        content_type="multipart/form-data")


# --- what is accepted ---------------------------------------------------------------------


def test_pdf_and_png_are_accepted_and_typed_by_their_content():
    assert uploads.check_upload("Biên bản.pdf", PDF_BYTES).content_type == "application/pdf"
    assert uploads.check_upload("anh-le-hoi.PNG", PNG_BYTES).content_type == "image/png"


@pytest.mark.parametrize("name, data", [
    ("bao-cao.pdf", b"<!doctype html><script>alert(document.cookie)</script>"),
    ("bao-cao.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64),
    ("anh.pdf", PNG_BYTES),  # a real image whose name claims otherwise
    ("bao-cao.html", PDF_BYTES),
    ("bao-cao", PDF_BYTES),
])
def test_a_file_whose_bytes_or_name_are_not_an_allowed_type_is_refused(name, data):
    with pytest.raises(DomainError) as error:
        uploads.check_upload(name, data)
    assert error.value.field == "files"


def test_empty_and_oversized_files_are_refused():
    with pytest.raises(DomainError):
        uploads.check_upload("trong.pdf", b"")
    with upload_limit_mb(1):
        uploads.check_upload("vua.pdf", PDF_BYTES + b"0" * (1024 * 1024 - len(PDF_BYTES)))
        with pytest.raises(DomainError) as error:
            uploads.check_upload("lon.pdf", PDF_BYTES + b"0" * (1024 * 1024))
    # Outside a request the message speaks the default language, Vietnamese.
    assert str(error.value.message) == "Tệp lon.pdf vượt quá 1 MB."


@pytest.mark.parametrize("given, kept", [
    ("../../etc/passwd", "passwd"),
    ("..\\..\\Windows\\báo cáo quý I.pdf", "báo cáo quý I.pdf"),
    ("<script>x</script>.pdf", "script.pdf"),  # the slash ends a "path"
    ("  .hidden.pdf ", "hidden.pdf"),
    ("../", "tep-dinh-kem"),
])
def test_file_names_lose_their_path_and_shell_characters(given, kept):
    assert uploads.safe_filename(given) == kept


# --- through the task page ----------------------------------------------------------------


def test_member_attaches_evidence_stored_outside_the_web_root(login):
    scene = lang_son_scene()
    browser = login(scene.lead_member)
    response = post_files(browser, scene.task, [("../../Biên bản nghiệm thu.pdf", PDF_BYTES),
                                                 ("Ảnh hội nghị.png", PNG_BYTES)])
    assert response.status_code == 302
    files = scene.task.reports[0].attachments
    assert [f.filename for f in files] == ["Biên bản nghiệm thu.pdf", "Ảnh hội nghị.png"]
    for file in files:
        assert re.fullmatch(r"[0-9a-f]{32}", file.stored_name)
        path = uploads.path_of(file.stored_name)
        assert path.parent == Path(current_app.config["UPLOAD_DIR"])
        assert "static" not in path.parts
    assert uploads.path_of(files[0].stored_name).read_bytes() == PDF_BYTES


def test_a_disguised_file_refuses_the_whole_report(login):
    scene = lang_son_scene()
    before = set(Path(current_app.config["UPLOAD_DIR"]).iterdir())
    response = post_files(login(scene.lead_member), scene.task,
                          [("ok.pdf", PDF_BYTES), ("virus.pdf", b"MZ\x90\x00" + b"\x00" * 60)])
    assert response.status_code == 422
    assert "virus.pdf is not an allowed type" in response.get_data(as_text=True)
    assert scene.task.reports == []
    assert set(Path(current_app.config["UPLOAD_DIR"]).iterdir()) == before


def test_an_oversized_file_is_refused_with_the_limit_named(login):
    scene = lang_son_scene()
    browser = login(scene.lead_member)
    with upload_limit_mb(1):
        response = post_files(browser, scene.task,
                              [("lon.pdf", PDF_BYTES + b"0" * (1024 * 1024 + 1))])
    assert response.status_code == 422
    assert "larger than 1 MB" in response.get_data(as_text=True)
    assert scene.task.reports == []


def test_at_most_five_files_per_report(login):
    scene = lang_son_scene()
    response = post_files(login(scene.lead_member), scene.task,
                          [(f"phu-luc-{i}.pdf", PDF_BYTES) for i in range(6)])
    assert response.status_code == 422
    assert scene.task.reports == []


# --- downloads ----------------------------------------------------------------------------


def attached(scene, login) -> Attachment:
    browser = login(scene.lead_member)
    post_files(browser, scene.task, [("Biên bản nghiệm thu.pdf", PDF_BYTES)])
    browser.post("/logout", form_url=f"/tasks/{scene.task.id}")
    return scene.task.reports[0].attachments[0]


def test_download_is_an_attachment_with_its_name_and_nosniff(login):
    scene = lang_son_scene()
    file = attached(scene, login)
    response = login(scene.viewer).get(f"/attachments/{file.id}")
    assert response.status_code == 200
    assert response.data == PDF_BYTES
    assert response.mimetype == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "Bi%C3%AAn%20b%E1%BA%A3n%20nghi%E1%BB%87m%20thu.pdf" in disposition


def test_another_committees_member_gets_not_found(login):
    scene = lang_son_scene()
    file = attached(scene, login)
    assert login(scene.outsider).get(f"/attachments/{file.id}").status_code == 404


def test_user_of_no_committee_gets_not_found(login):
    scene = lang_son_scene()
    file = attached(scene, login)
    assert login(UserFactory()).get(f"/attachments/{file.id}").status_code == 404


def test_anonymous_visitor_is_sent_to_login(client, login):
    scene = lang_son_scene()
    file = attached(scene, login)
    response = client.get(f"/attachments/{file.id}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_file_missing_on_disk_is_not_found_not_an_error(login):
    scene = lang_son_scene()
    file = attached(scene, login)
    uploads.path_of(file.stored_name).unlink()
    assert login(scene.secretary).get(f"/attachments/{file.id}").status_code == 404


def test_unknown_attachment_is_not_found(login):
    scene = lang_son_scene()
    assert login(scene.secretary).get("/attachments/987654").status_code == 404
