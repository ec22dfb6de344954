"""Issue 4, the week's workflow in a browser: a deadline extension with a file, a coordinating
agency's own part, two people editing one task at once, and comments with @mentions."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.journeys import (
    PDF,
    bell_count,
    dmy,
    ids,
    person_fixture,  # noqa: F401 — the person fixture
    task_named,
)
from tracker.extensions import db
from tracker.notifications.models import Notification
from tracker.tasks.models import Attachment, TaskComment, TaskExtension, task_coordinator

MEMBER = "member.trangdinh@demo.langson.gov.vn"  # Nông Văn Khải, UBND Tràng Định
POLICE = "member.congan@demo.langson.gov.vn"  # Vi Thị Hồng Nhung, Công an tỉnh
CHAIR = "chair@demo.langson.gov.vn"
SECRETARY = "secretary@demo.langson.gov.vn"  # Lương Thị Thu Trang, Sở VHTTDL
VICE_CHAIR = "vicechair@demo.langson.gov.vn"  # Hoàng Minh Quân, Sở VHTTDL

COMMUNITY_TASK = "Hướng dẫn các thôn, bản xây dựng sản phẩm du lịch cộng đồng"  # Tràng Định leads
REVIEW_TASK = "Sơ kết 6 tháng thực hiện Quy chế phối hợp"  # Sở VHTTDL leads, Công an coordinates
LINKS_TASK = "Tăng cường liên kết, hợp tác phát triển du lịch"  # Sở VHTTDL leads


def test_member_asks_for_a_new_deadline_with_a_file_and_the_chair_grants_it(
        person, live_server):
    task = task_named(live_server, COMMUNITY_TASK)
    old = task["deadline"]
    wanted = old + timedelta(days=45)
    member = person(MEMBER)

    # The member finds the task in the agency's list and asks from its page.
    member.get_by_role("link", name=re.compile("^" + COMMUNITY_TASK)).first.click()
    extensions = member.locator("#extensions")
    expect(extensions).to_contain_text(f"the deadline in force ({dmy(old)}) stays")
    extensions.get_by_label("New deadline asked for").fill(wanted.isoformat())
    extensions.get_by_label("Why the task needs more time").fill(
        "Chờ kết quả khảo sát của Sở VHTTDL tại 5 thôn; gửi kèm công văn đề nghị.")

    # A file that only pretends to be a PDF: refused next to the field, nothing is saved.
    extensions.get_by_label("Supporting files (optional)").set_input_files(files=[
        {"name": "cong-van.pdf", "mimeType": "application/pdf", "buffer": b"<html>x</html>"}])
    extensions.get_by_role("button", name="Send the request").click()
    expect(member.locator("#extension-files-error")).to_contain_text(
        "cong-van.pdf is not an allowed type")
    assert live_server.run(lambda: db.session.scalars(
        select(TaskExtension).where(TaskExtension.task_id == task["id"])).all()) == []

    # The date and the reason are still there; the real file goes through.
    expect(member.get_by_label("New deadline asked for")).to_have_value(wanted.isoformat())
    member.get_by_label("Supporting files (optional)").set_input_files(files=[
        {"name": "Công văn đề nghị gia hạn.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    member.get_by_role("button", name="Send the request").click()
    expect(member.get_by_role("status")).to_contain_text("sent to the chair")
    extensions = member.locator("#extensions")
    expect(extensions).to_contain_text("Waiting for a decision")
    with member.expect_download() as download:
        extensions.get_by_role("link", name="Công văn đề nghị gia hạn.pdf").click()
    assert download.value.suggested_filename == "Công văn đề nghị gia hạn.pdf"
    assert Path(download.value.path()).read_bytes() == PDF
    expect(extensions.get_by_role("button", name="Send the request")).to_have_count(0)

    # The chair sees it among the dashboard's pending requests, file included, and grants it.
    chair = person(CHAIR)
    chair.goto(f"/committees/{ids(live_server)['committee']}/dashboard")
    pending = chair.locator("section", has=chair.get_by_role(
        "heading", name="Requests for a new deadline"))
    row = pending.get_by_role("row").filter(has_text=COMMUNITY_TASK)
    expect(row).to_contain_text(dmy(wanted))
    expect(row.get_by_role("link", name="Công văn đề nghị gia hạn.pdf")).to_be_visible()
    row.get_by_label("Comment (optional)").fill("Đồng ý gia hạn một lần.")
    row.get_by_role("button", name="Grant the extension").click()
    expect(chair.get_by_role("status")).to_contain_text("the new deadline is in force")
    expect(pending.get_by_role("row").filter(has_text=COMMUNITY_TASK)).to_have_count(0)

    # The task now runs to the granted date; the original stays on record, with the history.
    chair.goto(f"/tasks/{task['id']}")
    facts = chair.locator("dl.facts").first
    expect(facts.locator("dt:text-is('Deadline in force') + dd")).to_have_text(dmy(wanted))
    expect(facts.locator("dt:text-is('Original deadline') + dd")).to_have_text(
        dmy(task["original_deadline"]))
    granted = chair.locator("#extensions article").filter(has_text="Granted")
    expect(granted).to_contain_text("Đồng ý gia hạn một lần.")
    expect(granted.get_by_role("link", name="Công văn đề nghị gia hạn.pdf")).to_be_visible()
    expect(chair.locator("#history")).to_contain_text("granted a deadline extension")

    after = task_named(live_server, COMMUNITY_TASK)
    assert after["deadline"] == wanted and after["original_deadline"] == task["original_deadline"]
    files = live_server.run(lambda: [
        (a.filename, a.report_id, a.extension.status) for a in db.session.scalars(
            select(Attachment).join(TaskExtension).where(TaskExtension.task_id == task["id"]))])
    assert files == [("Công văn đề nghị gia hạn.pdf", None, "granted")]

    # The member is told in the bell.
    member.goto("/notifications")
    expect(member.locator("li.card").first).to_contain_text(
        f"Granted: the deadline in force is now {dmy(wanted)}.")


def test_a_coordinating_agency_reports_its_part_and_the_lead_sees_the_parts_side_by_side(
        person, live_server):
    task = task_named(live_server, REVIEW_TASK)
    assert "Công an tỉnh" in task["coordinating"]
    police = person(POLICE)

    # The police find the task among their agency's tasks, though another agency leads it.
    police.get_by_role("link", name=re.compile("^" + REVIEW_TASK)).first.click()
    report = police.locator("section", has=police.get_by_role(
        "heading", name="Post a progress report"))
    expect(report).to_contain_text("Your agency coordinates this task")
    report.get_by_label("What has been done").fill(
        "Công an tỉnh đã tổng hợp số liệu lưu trú của khách nước ngoài 6 tháng.")
    report.get_by_label("Progress (%)").fill("100")
    report.get_by_role("button", name="Post the report").click()
    expect(police.get_by_role("status")).to_contain_text("progress report has been posted")
    police.get_by_role("button", name="Our part is done").click()
    parts = police.locator("#parts")
    police_row = parts.get_by_role("row").filter(has_text="Công an tỉnh")
    expect(police_row).to_contain_text("100%")
    expect(police_row).not_to_contain_text("Not yet")

    # Their part moved; the task's own percentage did not.
    def part():
        ids_ = ids(live_server)
        return db.session.execute(
            select(task_coordinator.c.progress, task_coordinator.c.part_done_on).where(
                task_coordinator.c.task_id == task["id"],
                task_coordinator.c.agency_id == ids_["agencies"]["Công an tỉnh"])).one()

    progress, done_on = live_server.run(part)
    assert progress == 100 and done_on is not None
    assert task_named(live_server, REVIEW_TASK)["progress"] == task["progress"]

    # The lead agency's secretary sees every agency's part side by side, then consolidates.
    secretary = person(SECRETARY)
    secretary.goto(f"/tasks/{task['id']}")
    rows = secretary.locator("#parts").get_by_role("row")
    expect(rows).to_have_count(1 + 1 + len(task["coordinating"]))
    expect(rows.filter(has_text="Sở VHTTDL")).to_contain_text("Lead agency")
    expect(rows.filter(has_text="Công an tỉnh")).to_contain_text("100%")
    expect(rows.filter(has_text="BĐBP tỉnh")).to_contain_text("No report yet")
    secretary.get_by_label("What has been done").fill(
        "Đã tổng hợp báo cáo của Công an tỉnh; chờ BĐBP tỉnh và hai huyện.")
    secretary.get_by_label("Progress (%)").fill("40")
    secretary.get_by_role("button", name="Post the report").click()
    expect(secretary.locator("#parts").get_by_role("row").filter(has_text="Sở VHTTDL")
           ).to_contain_text("40%")
    assert task_named(live_server, REVIEW_TASK)["progress"] == 40

    # "Tasks where the police coordinate": the list filter finds it.
    secretary.goto("/tasks")
    secretary.get_by_label("Coordinating agency").select_option(label="Công an tỉnh")
    secretary.get_by_role("button", name="Filter").click()
    expect(secretary).to_have_url(re.compile(r"coordinating=\d+"))
    table = secretary.get_by_role("table")
    expect(table.get_by_role("link", name=re.compile("^" + REVIEW_TASK))).to_be_visible()
    expect(table.get_by_role("link", name=re.compile("^" + COMMUNITY_TASK))).to_have_count(0)


def test_two_people_edit_one_task_and_the_second_is_shown_what_changed(person, live_server):
    task = task_named(live_server, LINKS_TASK)
    secretary, vice_chair = person(SECRETARY), person(VICE_CHAIR)
    for tab in (secretary, vice_chair):
        tab.goto(f"/tasks/{task['id']}")
        tab.get_by_role("link", name="Edit the task").click()
        expect(tab.get_by_role("heading", level=1)).to_have_text("Edit task")

    # The secretary saves first.
    secretary.get_by_label("Expected output", exact=True).fill(
        "Biên bản ký kết hợp tác với 3 tỉnh")
    secretary.get_by_role("button", name="Save").click()
    expect(secretary.get_by_role("heading", level=1)).to_have_text(task["title"])

    # The vice-chair, on the copy opened before that save, is refused and shown the change.
    vice_chair.get_by_label("Expected output", exact=True).fill("Kế hoạch liên kết vùng")
    vice_chair.get_by_role("button", name="Save").click()
    box = vice_chair.get_by_role("alert").filter(
        has=vice_chair.get_by_role("heading", name="Someone else saved this task meanwhile"))
    expect(box).to_contain_text("Lương Thị Thu Trang saved it at")
    expect(box).to_contain_text("Nothing of yours was saved and nothing of theirs was overwritten.")
    row = box.get_by_role("row").filter(has_text="Expected output")
    expect(row.get_by_role("cell").nth(0)).to_have_text("Biên bản ký kết hợp tác với 3 tỉnh")
    expect(row.get_by_role("cell").nth(1)).to_have_text("Kế hoạch liên kết vùng")
    expect(vice_chair.get_by_label("Expected output", exact=True)).to_have_value(
        "Kế hoạch liên kết vùng")
    assert task_named(live_server, LINKS_TASK)["expected_output"] == (
        "Biên bản ký kết hợp tác với 3 tỉnh")

    # Reloading brings the latest version; the change made on it is saved.
    box.get_by_role("link", name="Reload the latest version").click()
    expect(vice_chair.get_by_label("Expected output", exact=True)).to_have_value(
        "Biên bản ký kết hợp tác với 3 tỉnh")
    vice_chair.get_by_label("Expected output", exact=True).fill(
        "Biên bản ký kết hợp tác với 3 tỉnh; kế hoạch liên kết vùng")
    vice_chair.get_by_role("button", name="Save").click()
    expect(vice_chair.get_by_role("heading", level=1)).to_have_text(task["title"])
    assert task_named(live_server, LINKS_TASK)["expected_output"] == (
        "Biên bản ký kết hợp tác với 3 tỉnh; kế hoạch liên kết vùng")


def test_a_mention_in_a_comment_rings_the_bell_of_the_person_named(person, live_server):
    task = task_named(live_server, COMMUNITY_TASK)
    people = ids(live_server)["users"]
    secretary = person(SECRETARY)
    before = bell_count(secretary)

    # The member comments, naming the secretary and someone of another committee.
    member = person(MEMBER)
    member.goto(f"/tasks/{task['id']}")
    body = ('Đề nghị @"Lương Thị Thu Trang" gửi mẫu hồ sơ du lịch cộng đồng; '
            'cc @"Bế Thị Ngọc Ánh".')
    member.get_by_label("Comment", exact=True).fill(body)
    member.get_by_role("button", name="Post the comment").click()
    expect(member.get_by_role("status")).to_contain_text("Your comment has been posted")
    expect(member.locator("#comments article").last).to_contain_text(body)

    # The secretary's bell counts one more; the list says who and where.
    secretary.reload()
    assert bell_count(secretary) == before + 1
    secretary.locator("a.bell").click()
    newest = secretary.locator("li.card").first
    expect(newest).to_contain_text("Mentioned in a comment")
    expect(newest).to_contain_text("by Nông Văn Khải")
    expect(newest).to_contain_text("new")
    newest.get_by_role("button", name="Mark read").click()
    assert bell_count(secretary) == before
    secretary.locator("li.card").first.get_by_role("link", name=task["title"]).click()
    expect(secretary).to_have_url(re.compile(rf"/tasks/{task['id']}#comments$"))
    expect(secretary.locator("#comments")).to_contain_text("gửi mẫu hồ sơ du lịch cộng đồng")

    # Only people who can see the task are notified: the Cao Bằng secretary is not.
    def mentioned(email):
        return lambda: db.session.scalars(select(Notification.id).where(
            Notification.user_id == people[email], Notification.kind == "mentioned",
            Notification.task_id == task["id"])).all()

    assert len(live_server.run(mentioned(SECRETARY))) == 1
    assert live_server.run(mentioned("secretary@demo.caobang.gov.vn")) == []
    assert live_server.run(lambda: db.session.scalars(select(TaskComment.body).where(
        TaskComment.task_id == task["id"])).all())[-1] == body
