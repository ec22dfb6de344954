"""Issue 14, part 2: the secretary drafts a resolution from a real conclusion's text.

The text is the Lạng Sơn tourism committee's 2023 review conference report (the seed
article, kept with its annotation in tests/drafting/corpus/): pasted, read into a record and
two draft tasks; one is dropped, the other's group phrase ("các cơ quan thành viên Ban Chỉ
đạo") is narrowed and its lead chosen; saved, the task is on the resolution's page. The
paste and review pages are checked at 390 px (axe, no sideways scroll)."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.journeys import log_in, open_tab
from tests.browser.phone import PHONES, Checks, axe_source_fixture  # noqa: F401 — a fixture
from tracker.clock import local_today

SECRETARY = "secretary@demo.langson.gov.vn"
CORPUS = Path(__file__).resolve().parents[1] / "drafting" / "corpus"
# The article as published: the corpus file's first line names its source.
CONCLUSION = (CORPUS / "01_langson_tourism_conference.txt").read_text(
    encoding="utf-8").split("\n", 1)[1].strip()


def _paste(page) -> None:
    page.get_by_role("navigation").get_by_role("link", name="Resolutions").click()
    page.get_by_role("link", name="Draft from a document").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Draft from a document")
    page.get_by_label("Text of the document").fill(CONCLUSION)
    page.get_by_role("button", name="Read the document").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Review the drafts")


def test_secretary_pastes_a_conclusion_reviews_the_drafts_and_saves(page, sign_in):
    sign_in(SECRETARY)
    today = local_today("Asia/Ho_Chi_Minh")
    _paste(page)

    rows = page.locator("fieldset[data-row]")
    expect(rows).to_have_count(2)
    first, second = rows.nth(0), rows.nth(1)
    expect(first.get_by_label("Lead agency", exact=True)).to_have_value(re.compile(r"\d+"))
    group = second.get_by_role("group", name=re.compile("To confirm: the agencies meant by"))
    expect(group).to_be_visible()
    kept_title = second.get_by_label("Task", exact=True).input_value()
    assert kept_title.startswith("Tập trung thực hiện")

    # The record: what the article does not say is typed in.
    page.get_by_label("Kind of document").select_option(label="Conclusion notice")
    page.get_by_label("Official number").fill("07/TB-BCĐ")
    page.get_by_label("Issue date").fill(today.isoformat())
    page.get_by_label("Title", exact=True).fill(
        "Kết luận của Trưởng Ban Chỉ đạo tại Hội nghị tổng kết công tác năm 2023")

    # Drop the first draft (the standing agency's own follow-up, not a task to track).
    page.get_by_role("button", name="Drop task 1").click()
    expect(rows).to_have_count(1)
    row = rows.first
    expect(row.get_by_label("Task", exact=True)).to_have_value(kept_title)
    expect(page.get_by_label("Official number")).to_have_value("07/TB-BCĐ")

    # Fix the agencies: the group phrase stands for every member; keep three, choose a lead.
    group = row.get_by_role("group", name=re.compile("To confirm: the agencies meant by"))
    for box in group.get_by_role("checkbox").all():
        box.uncheck()
    for agency in ("BĐBP tỉnh", "Công an tỉnh", "UBND Tràng Định"):
        group.get_by_label(agency, exact=True).check()
    row.get_by_label("Lead agency", exact=True).select_option(label="Sở VHTTDL")
    row.get_by_label("Deadline", exact=True).fill((today + timedelta(days=60)).isoformat())
    page.get_by_role("button", name="Confirm and save").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("07/TB-BCĐ")
    expect(page.get_by_role("status")).to_contain_text("1")
    tasks = page.get_by_role("table").first
    link = tasks.get_by_role("link", name=kept_title[:40], exact=False)
    expect(link).to_be_visible()
    link.click()
    for agency in ("BĐBP tỉnh", "Công an tỉnh", "UBND Tràng Định"):
        expect(page.get_by_text(agency).first).to_be_visible()


def test_the_paste_and_review_pages_fit_a_phone(chromium, live_server, axe_source):
    context, tab, violations = open_tab(chromium, live_server, **PHONES["390"])
    try:
        checks = Checks(axe_source, "drafting-390")
        log_in(tab, SECRETARY)
        tab.goto("/resolutions")
        tab.get_by_role("link", name="Draft from a document").first.click()
        checks.visit(tab, "paste")
        tab.get_by_label("Text of the document").fill(CONCLUSION)
        tab.get_by_role("button", name="Read the document").click()
        expect(tab.get_by_role("heading", level=1)).to_contain_text("Review the drafts")
        checks.visit(tab, "review")
        # With an error shown next to its field, too.
        tab.get_by_role("button", name="Confirm and save").click()
        expect(tab.locator(".form-errors").first).to_be_visible()
        checks.visit(tab, "review-refused")
        assert not violations, violations
    finally:
        context.close()
