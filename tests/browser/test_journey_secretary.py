"""Journey 3: the standing agency's secretary records a meeting, then its resolution and tasks."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import expect

from tracker.clock import local_today

MEETING = "Phiên họp chuyên đề về du lịch biên giới quý IV"
FIRST_TASK = "Khảo sát, đánh giá hạ tầng các điểm du lịch dọc đường tuần tra biên giới"
SECOND_TASK = "Cập nhật thông tin điểm đến biên giới lên ứng dụng du lịch thông minh"


def test_secretary_records_a_meeting_then_a_resolution_with_two_tasks(page, sign_in):
    sign_in("secretary@demo.langson.gov.vn")
    today = local_today("Asia/Ho_Chi_Minh")  # the committee's calendar day

    # The meeting.
    page.get_by_role("navigation").get_by_role("link", name="Resolutions").click()
    page.get_by_role("link", name="Meetings", exact=True).click()
    page.get_by_role("link", name="Record a meeting").first.click()
    page.get_by_label("Title").fill(MEETING)
    page.get_by_label("Date").fill(today.isoformat())
    page.get_by_label("Place").fill("Sở Văn hóa, Thể thao và Du lịch")
    page.get_by_label("Chaired by").fill("Dương Xuân Huyên – Trưởng Ban Chỉ đạo")
    # Several agencies: a list of checkboxes (with a filter box), not a Ctrl-click select.
    attending = page.get_by_role("group", name="Attending agencies")
    attending.get_by_label("Filter the list").fill("trang dinh")  # diacritics ignored
    expect(attending.get_by_label("Sở VHTTDL", exact=True)).to_be_hidden()
    attending.get_by_label("UBND Tràng Định", exact=True).check()
    attending.get_by_label("Filter the list").fill("")
    for agency in ("Sở VHTTDL", "BĐBP tỉnh", "Sở TTTT"):
        attending.get_by_label(agency, exact=True).check()
    page.get_by_label("Minutes").fill("Thống nhất rà soát hạ tầng các điểm du lịch biên giới.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(MEETING)
    expect(page.get_by_text("BĐBP tỉnh, Sở TTTT, Sở VHTTDL, UBND Tràng Định", exact=True)
           ).to_be_visible()

    # Its resolution, with two tasks: the first row, then a row added with "Add another task".
    page.get_by_role("link", name="Record a resolution of this meeting").first.click()
    page.get_by_label("Kind of document").select_option(label="Conclusion notice")
    page.get_by_label("Official number").fill("31/TB-BCĐ")
    page.get_by_label("Issue date").fill(today.isoformat())
    page.get_by_label("Signed by").fill("Dương Xuân Huyên")
    page.get_by_label("Title", exact=True).fill(
        "Kết luận của Trưởng Ban Chỉ đạo tại phiên họp chuyên đề về du lịch biên giới")
    expect(page.get_by_label("Meeting (optional)")).to_have_value(re.compile(r"\d+"))

    rows = page.get_by_role("group", name=re.compile(r"^Task \d+$"))
    first = rows.first
    first.get_by_label("Task", exact=True).fill(FIRST_TASK)
    first.get_by_label("Lead agency", exact=True).select_option(label="BĐBP tỉnh")
    first.get_by_role("group", name="Coordinating agencies").get_by_label(
        "UBND Tràng Định", exact=True).check()
    first.get_by_label("Deadline", exact=True).fill((today + timedelta(days=30)).isoformat())
    first.get_by_label("Priority", exact=True).select_option(label="High")
    first.get_by_label("Expected output", exact=True).fill("Báo cáo khảo sát")

    count = rows.count()
    page.get_by_role("button", name="Add another task").click()
    expect(rows).to_have_count(count + 1)
    added = rows.last
    added.get_by_label("Task", exact=True).fill(SECOND_TASK)
    added.get_by_label("Lead agency", exact=True).select_option(label="Sở TTTT")
    added.get_by_label("Standing duty (no deadline)").check()
    expect(added.get_by_label("Deadline", exact=True)).to_be_disabled()

    # Enter in a text field saves (it must not add yet another row).
    added.get_by_label("Expected output", exact=True).fill("Kế hoạch tuyên truyền")
    added.get_by_label("Expected output", exact=True).press("Enter")

    # The resolution's page lists both tasks.
    expect(page.get_by_role("heading", level=1)).to_contain_text("31/TB-BCĐ")
    expect(page.get_by_role("status")).to_contain_text("2")
    tasks = page.get_by_role("table").first
    expect(tasks.get_by_role("link", name=FIRST_TASK)).to_be_visible()
    expect(tasks.get_by_role("link", name=SECOND_TASK)).to_be_visible()
    first_row = tasks.get_by_role("row").filter(has_text=FIRST_TASK)
    expect(first_row).to_contain_text("BĐBP tỉnh")
    expect(first_row).to_contain_text("UBND Tràng Định")
    expect(first_row).to_contain_text("30 days left")
    second_row = tasks.get_by_role("row").filter(has_text=SECOND_TASK)
    expect(second_row).to_contain_text("Standing duty")
    expect(page.get_by_role("link", name=re.compile(MEETING))).to_be_visible()
