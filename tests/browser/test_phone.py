"""Issue 13: every page works on a phone (390 px and 412 px), and the header fits one row at
1366 px. The three daily journeys are walked on each phone; every page they reach goes
through ``Checks.visit`` (no sideways scroll, no serious or critical axe-core violation, a
screenshot under test-artifacts/phone/)."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import expect

from tests.browser.phone import (  # noqa: F401 — the fixtures
    axe_source_fixture,
    checks_fixture,
    open_menu,
    phone_fixture,
    phone_size_fixture,
)
from tracker.clock import local_today

SECRETARY = "secretary@demo.langson.gov.vn"
MEMBER = "member.trangdinh@demo.langson.gov.vn"
CHAIR = "chair@demo.langson.gov.vn"
ADMIN = "admin@demo.langson.gov.vn"
COMMITTEE = "Ban Chỉ đạo Phát triển du lịch tỉnh Lạng Sơn"


def _cards_fit(tab):
    """Task lists are cards: the column headings are hidden, each row fits the screen."""
    table = tab.locator("table.task-cards")
    expect(table.locator("thead")).to_have_css("position", "absolute")
    width = tab.evaluate("window.innerWidth")
    for box in [row.bounding_box() for row in table.locator("tbody tr").all()[:5]]:
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (box, width)
    title = table.locator("td.c-title a").first.bounding_box()
    assert title["height"] >= 44, title


def test_secretary_records_a_meeting_and_a_resolution_on_a_phone(phone, checks, phone_size):
    tab = phone(SECRETARY, checks)
    today = local_today("Asia/Ho_Chi_Minh")
    checks.visit(tab, "landing")

    # The header's menu is folded behind its button; it opens and closes.
    button = tab.get_by_role("button", name="Menu")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(tab.get_by_role("navigation", name="Main menu")).to_be_hidden()
    menu = open_menu(tab)
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(menu).to_be_visible()
    link = menu.get_by_role("link", name="Resolutions")
    assert link.bounding_box()["height"] >= 44
    link.click()
    checks.visit(tab, "resolutions")
    tab.get_by_role("link", name="Meetings", exact=True).click()
    checks.visit(tab, "meetings")
    tab.get_by_role("link", name="Record a meeting").first.click()
    checks.visit(tab, "meeting-form")

    meeting = f"Phiên họp giao ban du lịch trên điện thoại {phone_size}"
    tab.get_by_label("Title").fill(meeting)
    tab.get_by_label("Date").fill(today.isoformat())
    tab.get_by_label("Place").fill("Sở Văn hóa, Thể thao và Du lịch")
    tab.get_by_label("Chaired by").fill("Dương Xuân Huyên")
    attending = tab.get_by_role("group", name="Attending agencies")
    box = attending.get_by_label("BĐBP tỉnh", exact=True)
    box.check()
    assert box.bounding_box()["height"] >= 20  # the label row around it is 44 px high
    assert attending.locator("li").first.bounding_box()["height"] >= 44
    tab.get_by_role("button", name="Save").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text(meeting)
    checks.visit(tab, "meeting")

    tab.get_by_role("link", name="Record a resolution of this meeting").first.click()
    checks.visit(tab, "resolution-form")
    number = f"{phone_size}/TB-BCĐ"
    tab.get_by_label("Kind of document").select_option(label="Conclusion notice")
    tab.get_by_label("Official number").fill(number)
    tab.get_by_label("Issue date").fill(today.isoformat())
    tab.get_by_label("Signed by").fill("Dương Xuân Huyên")
    tab.get_by_label("Title", exact=True).fill("Kết luận phiên họp giao ban du lịch")
    row = tab.get_by_role("group", name=re.compile(r"^Task \d+$")).first
    title = f"Rà soát biển chỉ dẫn các điểm du lịch ({phone_size} px)"
    row.get_by_label("Task", exact=True).fill(title)
    row.get_by_label("Lead agency", exact=True).select_option(label="BĐBP tỉnh")
    row.get_by_role("group", name="Coordinating agencies").get_by_label(
        "UBND Tràng Định", exact=True).check()
    row.get_by_label("Deadline", exact=True).fill((today + timedelta(days=20)).isoformat())
    tab.get_by_role("button", name="Save").first.click()
    expect(tab.get_by_role("heading", level=1)).to_contain_text(number)
    row = tab.get_by_role("row").filter(has_text=title)
    expect(row).to_contain_text("UBND Tràng Định")
    expect(row).to_contain_text("20 days left")
    checks.visit(tab, "resolution")

    open_menu(tab).get_by_role("link", name="All tasks").click()
    _cards_fit(tab)
    checks.visit(tab, "all-tasks")
    tab.get_by_role("link", name=title).click()
    expect(tab.get_by_role("heading", level=1)).to_have_text(title)
    checks.visit(tab, "task")


def test_member_reports_progress_and_done_on_a_phone(phone, checks):
    tab = phone(MEMBER, checks)
    expect(tab.get_by_role("heading", level=1)).to_have_text("My agency's tasks")
    _cards_fit(tab)
    first = tab.locator("table.task-cards tbody tr").first
    expect(first.locator(".badge")).to_be_visible()
    expect(first.locator("td.c-deadline")).to_contain_text(re.compile(r"days? (late|left)"))
    expect(first.locator("progress")).to_be_visible()
    checks.visit(tab, "my-agency")

    open_menu(tab).get_by_role("link", name="All tasks").click()
    tab.get_by_label("Category").select_option(label="In progress, overdue")
    tab.get_by_role("button", name="Filter").click()
    checks.visit(tab, "tasks-filtered")
    tab.get_by_role("navigation", name="Pages").get_by_role("link").first.is_visible()

    tab.go_back()
    tab.go_back()
    # A task the agency leads and is still carrying out (the other phone's run, or another
    # journey, may have reported the first one done already).
    own = (tab.locator("table.task-cards tbody tr").filter(has_text="Being carried out")
           .filter(has_not_text="your agency coordinates").first)
    title = own.locator("td.c-title a").inner_text()
    own.locator("td.c-title a").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text(title)
    checks.visit(tab, "task")

    # The action bar under the title jumps to each form; a link shows exactly where its
    # form does.
    bar = tab.get_by_role("navigation", name="What you can do")
    links = bar.get_by_role("link").all_inner_texts()
    assert links[:2] == ["Report progress", "Report done"] and links[-1] == "Write a comment"
    for target, label in (("#report", "Report progress"), ("#submit", "Report done"),
                          ("#extension-request", "Ask for an extension"),
                          ("#comment-form", "Write a comment")):
        assert (tab.locator(target).count() == 1) == (label in links), (target, links)
    bar.get_by_role("link", name="Report progress").click()
    expect(tab).to_have_url(re.compile(r"#report$"))
    expect(tab.get_by_label("What has been done")).to_be_in_viewport()
    tab.get_by_label("What has been done").fill("Đã hoàn thành khảo sát thực địa.")
    tab.get_by_label("Progress (%)").fill("90")
    tab.get_by_role("button", name="Post the report").click()
    expect(tab.locator("#reports")).to_contain_text("Đã hoàn thành khảo sát thực địa.")
    checks.visit(tab, "task-reported")

    bar = tab.get_by_role("navigation", name="What you can do")
    if "Ask for an extension" in links:
        bar.get_by_role("link", name="Ask for an extension").click()
        expect(tab.locator("#extension-request h3")).to_be_in_viewport()
    bar.get_by_role("link", name="Report done").click()
    expect(tab.get_by_label("Result achieved")).to_be_in_viewport()
    tab.get_by_label("Result achieved").fill("Đã nộp báo cáo khảo sát thực địa.")
    tab.get_by_role("button", name="Report done").click()
    expect(tab.get_by_text("Reported done, awaiting review").first).to_be_visible()
    bar = tab.get_by_role("navigation", name="What you can do")
    expect(bar.get_by_role("link", name="Report done")).to_have_count(0)
    expect(bar.get_by_role("link", name="Report progress")).to_have_count(0)
    checks.visit(tab, "task-submitted")

    open_menu(tab).page.get_by_role("link", name="Notifications").click()
    checks.visit(tab, "notifications")
    open_menu(tab)
    tab.get_by_role("link", name=re.compile("Nông Văn Khải")).click()
    checks.visit(tab, "profile")
    open_menu(tab)
    tab.get_by_role("searchbox", name="Search resolutions and tasks").fill("lang son")
    tab.get_by_role("searchbox", name="Search resolutions and tasks").press("Enter")
    checks.visit(tab, "search")


def test_chair_reviews_overdue_items_on_a_phone(phone, checks):
    tab = phone(CHAIR, checks)
    checks.visit(tab, "landing")
    open_menu(tab).get_by_role("link", name="Committees").click()
    checks.visit(tab, "committees")
    tab.get_by_role("link", name=COMMITTEE).click()
    checks.visit(tab, "committee")
    committee_url = tab.url
    tab.get_by_role("link", name="Dashboard").click()
    expect(tab.get_by_role("heading", level=1)).to_contain_text(COMMITTEE)
    checks.visit(tab, "dashboard")

    # Wide tables scroll inside their own labelled box, never the page.
    region = tab.get_by_role("region", name=re.compile("Table|Agencies")).first
    expect(region).to_have_css("overflow-x", "auto")
    expect(region).to_have_attribute("tabindex", "0")

    tab.locator("a.tile-overdue").click()
    expect(tab).to_have_url(re.compile(r"/tasks\?.*category=overdue"))
    _cards_fit(tab)
    checks.visit(tab, "overdue-list")
    tab.locator("table.task-cards td.c-title a").first.click()
    checks.visit(tab, "overdue-task")
    tab.go_back()
    tab.go_back()
    # The progress summaries (the dashboard links to them in another part of issue 13).
    tab.goto(committee_url.rstrip("/") + "/summaries")
    checks.visit(tab, "summaries")
    tab.get_by_role("link", name="Compile a summary").first.click()
    checks.visit(tab, "summary-form")

    # What waits for the chair's decision, each with its buttons, fits the phone too.
    open_menu(tab).page.get_by_role("link", name=re.compile(r"Waiting for me \(\d+\)")).click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Waiting for me")
    checks.visit(tab, "waiting")


def test_administrator_pages_on_a_phone(phone, checks):
    tab = phone(ADMIN, checks)
    checks.visit(tab, "landing")
    pages = (("Agencies", "agencies"), ("Users", "users"), ("Outbox", "outbox"),
             ("Holidays", "holidays"))  # the mail sink exists in demo mode only
    for link, name in pages:
        menu = open_menu(tab)
        admin = menu.locator("details.admin-menu")
        if admin.get_attribute("open") is None:
            menu.get_by_text("Administration").click()
        menu.get_by_role("link", name=link, exact=True).click()
        checks.visit(tab, name)

    # The committee form: its 17 member agencies are checkboxes with a filter box.
    open_menu(tab).get_by_role("link", name="Committees").click()
    tab.get_by_role("link", name=COMMITTEE).click()
    tab.get_by_role("link", name="Edit committee").click()
    members = tab.get_by_role("group", name="Member agencies")
    assert members.get_by_role("checkbox").count() > 8
    members.get_by_label("Filter the list").fill("cong an")  # without diacritics
    expect(members.locator("li:visible")).to_have_count(1)
    expect(members.get_by_label(re.compile(r"^Công an tỉnh"))).to_be_visible()
    checks.visit(tab, "committee-form")
