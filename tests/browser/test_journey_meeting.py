"""Issue 14: the secretary prepares the committee's next meeting on a phone (390 px): the
carry-over opens with an overdue task, two agenda items are added, the invitation is sent
(and arrives at a real SMTP server), and the page then shows the frozen carry-over. The
meeting is then recorded as held, an agenda item becomes a task of its conclusion notice,
and the draft notice downloaded from the meeting page opens in python-docx and in
LibreOffice with every Vietnamese letter. Every new page goes through ``Checks.visit`` (no
sideways scroll, no serious axe-core violation)."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.phone import (  # noqa: F401 — the fixtures
    axe_source_fixture,
    checks_fixture,
    phone_fixture,
)
from tests.documents.libreoffice import convert_to_pdf, layout_text, missing_tools
from tests.reminders.smtp_server import smtp_server  # noqa: F401 — the fixture
from tracker.extensions import db
from tracker.meetings.sending import send_pending_invitations
from tracker.reminders.transport import SmtpTransport
from tracker.resolutions.models import Meeting

SECRETARY = "secretary@demo.langson.gov.vn"
NEXT_MEETING = "Phiên họp thường kỳ quý IV"
BORDER_ROUTE = "Tuyến du lịch biên giới Tân Thanh – Đồng Đăng"


@pytest.fixture(name="phone_size")
def phone_size_fixture() -> str:
    """The narrowest phone only: the journey changes the demo, so it runs once."""
    return "390"


def _next_meeting_id() -> int:
    return db.session.scalar(select(Meeting.id).where(Meeting.title.like(f"{NEXT_MEETING}%")))


def test_secretary_prepares_the_next_meeting_and_sends_the_invitation(
        phone, checks, live_server, smtp_server):  # noqa: F811
    meeting_id = live_server.run(_next_meeting_id)
    tab = phone(SECRETARY, checks)

    # The meeting being prepared opens with the tasks carried over, the overdue ones first.
    tab.goto(f"/meetings/{meeting_id}")
    checks.visit(tab, "meeting-draft")
    carried = tab.locator("#carry-over-tasks tbody tr")
    expect(carried.first).to_have_class("overdue")
    expect(carried.first).to_contain_text("days late")

    # Two agenda items, one moved up; one of the demo's items edited, another deleted.
    tab.get_by_role("link", name="Prepare the agenda").first.click()
    checks.visit(tab, "agenda")
    for title, agency, minutes in (
            ("Kết quả thực hiện Đề án phát triển du lịch cộng đồng", "UBND Tràng Định", "20"),
            ("Tuyến du lịch biên giới Tân Thanh – Đồng Đăng", "BĐBP tỉnh", "15")):
        tab.get_by_label("Agenda item", exact=True).fill(title)
        tab.get_by_label("Presenting agency").select_option(label=agency)
        tab.get_by_label("Time allotted (minutes)").fill(minutes)
        tab.get_by_role("button", name="Add to the agenda").click()
        expect(tab.get_by_role("status")).to_contain_text("Agenda item added.")
    items = tab.locator("ol.agenda-list > li")
    expect(items).to_have_count(5)
    items.last.get_by_role("button", name="Move up").click()
    expect(items.nth(3)).to_contain_text("Tuyến du lịch biên giới")

    items.first.get_by_role("link", name="Edit").click()
    checks.visit(tab, "agenda-item-edit")
    tab.get_by_label("Notes").fill("Sở VHTTDL trình phương án tổ chức Lễ hội Hoa Đào.")
    tab.get_by_role("button", name="Save").click()
    items.last.get_by_role("link", name="Delete").click()
    checks.visit(tab, "agenda-item-delete")
    tab.get_by_role("button", name="Delete the item").click()
    expect(items).to_have_count(4)

    # The invitation: who receives it, then sent; the outbox goes out to the SMTP server.
    tab.goto(f"/meetings/{meeting_id}")
    tab.get_by_role("link", name="Send the invitation").click()
    checks.visit(tab, "invitation")
    expect(tab.get_by_role("heading", name="Recipients")).to_be_visible()
    tab.get_by_role("button", name="Send the invitation").click()
    expect(tab.get_by_role("status")).to_contain_text("The invitation is being sent")

    result = live_server.run(send_pending_invitations, "journey",
                             transport=SmtpTransport(smtp_server.url, timeout=5.0))
    assert result.sent >= 4 and result.sent == len(smtp_server.messages())
    mails = smtp_server.by_recipient()
    secretary_mail = mails[SECRETARY][0]
    assert secretary_mail.subject.startswith("[Invitation] Phiên họp thường kỳ quý IV")
    assert "Tuyến du lịch biên giới Tân Thanh – Đồng Đăng" in secretary_mail.text
    assert any(mail.subject.startswith("[Giấy mời]") for mail in smtp_server.messages())

    # The page now shows what the members saw, beside each task's state now.
    tab.reload()
    expect(tab.get_by_text("As sent with the invitation (what the members saw)")).to_be_visible()
    expect(carried.first).to_contain_text("days late")
    expect(tab.get_by_role("link", name="Prepare the agenda")).to_have_count(0)
    checks.visit(tab, "meeting-invited")

    # The meeting is held; the border-route item becomes a task of its conclusion notice.
    tab.get_by_role("button", name="Mark as held").click()
    expect(tab.get_by_role("status")).to_contain_text("The meeting is marked as held.")
    tab.get_by_role("link", name=re.compile(f"Assign tasks.*{BORDER_ROUTE}")).click()
    checks.visit(tab, "notice-from-agenda-item")
    expect(tab.get_by_label("Kind of document")).to_have_value("conclusion_notice")
    first_task = tab.get_by_role("group", name="Task 1")
    expect(first_task.get_by_label("Task", exact=True)).to_have_value(BORDER_ROUTE)
    tab.get_by_label("Official number").fill("15/TB-BCĐ")
    tab.get_by_label("Title", exact=True).fill(
        "Kết luận của Trưởng Ban Chỉ đạo tại phiên họp thường kỳ quý IV")
    first_task.get_by_label("Deadline", exact=True).fill("2027-03-31")
    tab.get_by_role("button", name="Save the document and its tasks").click()
    expect(tab.get_by_role("status")).to_contain_text("15/TB-BCĐ")

    # The draft notice, from the meeting page: the item's task is its clause, read back by
    # python-docx and by LibreOffice (its PDF's text keeps every letter of the title).
    tab.goto(f"/meetings/{meeting_id}")
    expect(tab.locator("main")).to_contain_text(BORDER_ROUTE)
    with tab.expect_download() as download:
        tab.get_by_role("group", name="Draft conclusion notice").get_by_role(
            "link", name="Draft conclusion notice (DOCX)").click()
    docx = Path(download.value.path()).read_bytes()
    clauses = [p.text for p in Document(BytesIO(docx)).paragraphs
               if re.match(r"\d+\. Giao ", p.text)]
    assert len(clauses) == 1 and BORDER_ROUTE[1:] in clauses[0]
    assert "chủ trì" in clauses[0] and "thời hạn hoàn thành trước ngày 31/03/2027" in clauses[0]
    if missing := missing_tools():
        pytest.fail(f"{', '.join(missing)} not installed: scripts/test.sh installs them")
    saved = Path(download.value.path()).with_suffix(".docx")
    saved.write_bytes(docx)
    # Compared without spaces: pdftotext splits a justified line's widened words ("gi ới").
    text = re.sub(r"\s+", "", layout_text(convert_to_pdf([saved], saved.parent)[0]))
    assert re.sub(r"\s+", "", BORDER_ROUTE[1:]) in text and "THÔNGBÁO" in text
