"""The draft conclusion notice through the API, ``GET /api/v1/meetings/<id>/notice``: the
same file and the same rights as the site's buttons (tests/meetings/test_notice_requests.py)."""

from __future__ import annotations

from io import BytesIO

import pytest
from docx import Document

from tests.meetings.notice_scene import build_notice_scene

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def notice_scene():
    return build_notice_scene()


def _clauses(body: bytes) -> list[str]:
    return [p.text for p in Document(BytesIO(body)).paragraphs if p.text[:2] in ("1.", "2.")]



def test_the_api_answers_the_notice_as_docx_by_default_and_as_pdf_when_asked(notice_scene, api):
    client = api(notice_scene.secretary)
    docx = client.get(f"meetings/{notice_scene.meeting.id}/notice")
    assert docx.status_code == 200 and docx.mimetype == DOCX
    assert len(_clauses(docx.data)) == 3
    pdf = client.get(f"meetings/{notice_scene.meeting.id}/notice?format=pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert 'filename="thong-bao-ket-luan-' in pdf.headers["Content-Disposition"]


def test_the_api_names_the_field_of_a_wrong_format(notice_scene, api):
    url = f"meetings/{notice_scene.meeting.id}/notice?format=odt"
    response = api(notice_scene.secretary).get(url)
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {"format": "Must be one of: docx, pdf."}


def test_the_api_refuses_a_member_and_hides_the_meeting_from_another_committee(notice_scene, api):
    url = f"meetings/{notice_scene.meeting.id}/notice"
    assert api(notice_scene.member).get(url).status_code == 403
    assert api(notice_scene.outsider).get(url).status_code == 404
