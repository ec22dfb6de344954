"""Issue 14: the secretary opens the demo's 18/01/2024 conference, whose documents carry
tasks, and downloads its draft conclusion notice: the DOCX opens in python-docx with one
numbered clause per task, each naming its lead agency; the PDF button gives a PDF. On a
phone (390 and 412 px) the meeting page with its new buttons does not scroll sideways and
axe-core finds nothing serious."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

from docx import Document
from playwright.sync_api import expect
from sqlalchemy import not_, select

from tests.browser.journeys import LANGSON
from tests.browser.phone import (  # noqa: F401 — the fixtures
    axe_source_fixture,
    checks_fixture,
    phone_fixture,
    phone_size_fixture,
)
from tracker.committees.models import Committee
from tracker.extensions import db
from tracker.resolutions.models import Meeting, Resolution
from tracker.tasks.models import Task

SECRETARY = "secretary@demo.langson.gov.vn"
CONFERENCE = "Hội nghị tổng kết công tác năm 2023, triển khai nhiệm vụ năm 2024"


def _concluded(site) -> list[tuple[str, str]]:
    """(lead agency, title) of the tasks the notice should carry, in its order (document by
    document, as recorded), as the live site has them."""

    def read():
        meeting = db.session.scalars(
            select(Meeting).join(Committee).where(Committee.name == LANGSON,
                                                  Meeting.title == CONFERENCE)).one()
        tasks = db.session.scalars(
            select(Task).join(Resolution).where(Resolution.meeting_id == meeting.id,
                                                not_(Task.is_cancelled))
            .order_by(Resolution.issued_on, Resolution.id, Task.id)).all()
        return [(t.lead_agency.name, t.title) for t in tasks]

    return site.run(read)


def _open_the_conference(tab) -> None:
    tab.get_by_role("navigation").get_by_role("link", name="Resolutions").click()
    tab.get_by_role("link", name="Meetings", exact=True).click()
    tab.get_by_role("link", name=CONFERENCE).first.click()
    expect(tab.get_by_role("heading", level=1)).to_have_text(CONFERENCE)


def test_secretary_downloads_the_draft_notice_of_a_meeting_with_tasks(page, sign_in,
                                                                      live_server):
    sign_in(SECRETARY)
    _open_the_conference(page)
    buttons = page.get_by_role("group", name="Draft conclusion notice")

    with page.expect_download() as download:
        buttons.get_by_role("link", name="Draft conclusion notice (DOCX)").click()
    assert download.value.suggested_filename.startswith("thong-bao-ket-luan-")
    assert download.value.suggested_filename.endswith(".docx")
    document = Document(BytesIO(Path(download.value.path()).read_bytes()))

    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "THÔNG BÁO"
    clauses = [text for text in texts if re.match(r"\d+\. Giao ", text)]
    concluded = _concluded(live_server)
    assert concluded, "the demo's conference has no task"
    assert len(clauses) == len(concluded)
    for clause, (lead, title) in zip(clauses, concluded, strict=True):
        assert f"Giao {lead} chủ trì" in clause
        assert title[1:] in clause  # its first letter is lowered inside the sentence
        assert "thời hạn hoàn thành trước ngày" in clause or "thực hiện thường xuyên" in clause
    signature = document.tables[-1].rows[0].cells
    assert signature[0].paragraphs[0].text == "Nơi nhận:"
    assert [p.text for p in signature[1].paragraphs][:2] == ["TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN"]

    with page.expect_download() as pdf:
        buttons.get_by_role("link", name="Draft conclusion notice (PDF)").click()
    assert Path(pdf.value.path()).read_bytes().startswith(b"%PDF")


def test_the_meeting_page_with_the_notice_buttons_fits_a_phone(phone, checks):
    tab = phone(SECRETARY)
    tab.goto("/")
    tab.get_by_role("button", name="Menu").click()
    _open_the_conference(tab)
    expect(tab.get_by_role("group", name="Draft conclusion notice")).to_be_visible()
    checks.visit(tab, "meeting-with-notice")
