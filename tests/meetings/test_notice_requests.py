"""Who downloads the draft conclusion notice on the site (the API's: tests/api/
test_meeting_notice.py): the meeting's managers (chair, vice-chairs, secretaries, admins)
get the file; a member of the committee is refused (403), someone of another committee does
not see the meeting (404)."""

from __future__ import annotations

from io import BytesIO

import pytest
from docx import Document

from tests.factories import MeetingFactory
from tests.meetings.notice_scene import build_notice_scene
from tests.resolutions.helpers import text_of

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def scene():
    return build_notice_scene()


def _clauses(body: bytes) -> list[str]:
    return [p.text for p in Document(BytesIO(body)).paragraphs if p.text[:2] in ("1.", "2.")]


def test_the_secretary_downloads_the_notice_as_docx(scene, login):
    response = login(scene.secretary).get(f"/meetings/{scene.meeting.id}/notice.docx")
    assert response.status_code == 200
    assert response.mimetype == DOCX
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="thong-bao-ket-luan-{scene.meeting.id}-20240118.docx"')
    assert response.headers["Cache-Control"] == "private, no-store"
    assert _clauses(response.data)[0].startswith("1. Giao Sở Văn hóa, Thể thao và Du lịch")


def test_the_chair_downloads_the_notice_as_pdf(scene, login):
    response = login(scene.chair).get(f"/meetings/{scene.meeting.id}/notice.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")


def test_a_member_may_not_draft_the_notice(scene, login):
    assert login(scene.member).get(
        f"/meetings/{scene.meeting.id}/notice.docx").status_code == 403


def test_someone_of_another_committee_does_not_see_the_meeting(scene, login):
    assert login(scene.outsider).get(
        f"/meetings/{scene.meeting.id}/notice.pdf").status_code == 404


def test_an_unknown_format_is_not_a_page(scene, login):
    assert login(scene.secretary).get(
        f"/meetings/{scene.meeting.id}/notice.odt").status_code == 404


def test_a_meeting_without_any_document_still_gets_a_notice(scene, login):
    empty = MeetingFactory(committee=scene.committee, title="Phiên họp quý II")
    browser = login(scene.secretary)
    for fmt in ("docx", "pdf"):
        assert browser.get(f"/meetings/{empty.id}/notice.{fmt}").status_code == 200


def test_the_meeting_page_offers_the_notice_to_its_managers(scene, login):
    page = login(scene.secretary).get(f"/meetings/{scene.meeting.id}")
    html = page.get_data(as_text=True)
    assert f'href="/meetings/{scene.meeting.id}/notice.docx"' in html
    assert f'href="/meetings/{scene.meeting.id}/notice.pdf"' in html
    assert "Draft conclusion notice" in text_of(page)


def test_a_member_sees_the_meeting_without_the_notice_buttons(scene, login):
    page = login(scene.member).get(f"/meetings/{scene.meeting.id}")
    assert page.status_code == 200
    assert "notice.docx" not in page.get_data(as_text=True)


def test_the_buttons_are_labelled_in_vietnamese_for_a_vietnamese_reader(scene, login):
    scene.secretary.language = "vi"
    page = login(scene.secretary).get(f"/meetings/{scene.meeting.id}")
    assert "Dự thảo thông báo kết luận" in text_of(page)

