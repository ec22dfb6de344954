"""Issue 4, data in and out in a browser: a list exported to CSV and XLSX, an import with a
bad row then a corrected file, an agency's open tasks moved to its successor, and the
committee's public progress page switched on and off."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import openpyxl
from playwright.sync_api import expect
from sqlalchemy import func, select

from tests.browser.journeys import (
    fetch,
    ids,
    person_fixture,  # noqa: F401 — the person fixture
)
from tracker.auth.models import User
from tracker.committees.models import Agency, committee_agency
from tracker.extensions import db
from tracker.history.models import HistoryEntry
from tracker.resolutions.models import Resolution
from tracker.tasks.models import Task, task_coordinator

ADMIN = "admin@demo.langson.gov.vn"
SECRETARY = "secretary@demo.langson.gov.vn"
CITED = "17/2020/NQ-HĐND"  # a cited resolution with a single standing task


def test_secretary_exports_the_filtered_list_to_csv_and_xlsx(person):
    secretary = person(SECRETARY)
    secretary.get_by_role("navigation").get_by_role("link", name="All tasks").click()
    secretary.get_by_label("Category").select_option(label="In progress, overdue")
    secretary.get_by_role("button", name="Filter").click()
    expect(secretary).to_have_url(re.compile(r"category=overdue"))
    on_screen = secretary.get_by_role("table").locator("tbody tr td a").all_inner_texts()
    assert len(on_screen) >= 4

    with secretary.expect_download() as csv_download:
        secretary.get_by_role("link", name="Export CSV").click()
    assert csv_download.value.suggested_filename.endswith(".csv")
    text = Path(csv_download.value.path()).read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    title = rows[0].index("Title")
    category = rows[0].index("Category")
    assert [row[title] for row in rows[1:]] == on_screen  # same filter, same order
    assert {row[category] for row in rows[1:]} == {"In progress, overdue"}

    with secretary.expect_download() as xlsx_download:
        secretary.get_by_role("link", name="Export XLSX").click()
    assert xlsx_download.value.suggested_filename.endswith(".xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(Path(xlsx_download.value.path()).read_bytes()),
                                      read_only=True)
    sheet = workbook.worksheets[0]
    cells = [list(row) for row in sheet.iter_rows(values_only=True)]
    heading = next(i for i, row in enumerate(cells) if "Title" in row)
    column = cells[heading].index("Title")
    assert [row[column] for row in cells[heading + 1:] if row[column]] == on_screen


def _upload(tab, name: str, rows: list[list[str]]):
    out = io.StringIO()
    csv.writer(out).writerows(
        [["Task", "Lead agency", "Coordinating agencies", "Deadline", "Priority"], *rows])
    tab.get_by_label("CSV or XLSX file").set_input_files(files=[{
        "name": name, "mimeType": "text/csv", "buffer": out.getvalue().encode("utf-8")}])
    tab.get_by_role("button", name="Preview the import").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Import preview")


def test_import_shows_every_problem_first_then_imports_the_corrected_file(person, live_server):
    def resolution():
        found = db.session.scalars(select(Resolution).where(Resolution.number == CITED)).one()
        return found.id, len(found.tasks)

    resolution_id, before = live_server.run(resolution)
    secretary = person(SECRETARY)
    secretary.goto(f"/resolutions/{resolution_id}")
    secretary.get_by_role("link", name="Import tasks from a file").click()

    survey = "Khảo sát nhu cầu hỗ trợ của các hộ làm du lịch cộng đồng"
    training = "Tập huấn kỹ năng đón tiếp khách cho hộ kinh doanh homestay"
    good = [survey, "So Van hoa, The thao va Du lich", "sở tài chính", "31/12/2030", "Cao"]
    _upload(secretary, "nhiem-vu.csv", [
        good, [training, "Sở Văn hoá Thể thao Du lich", "", "31/02/2030", ""]])

    # The bad row: each problem, and the agency closest to the unknown name.
    expect(secretary.get_by_role("alert")).to_contain_text(
        "1 of 2 rows have problems. Correct the file and upload it again; nothing has been saved.")
    bad = secretary.get_by_role("row").filter(has_text=training)
    expect(bad).to_contain_text('Closest to "Sở Văn hoá Thể thao Du lich":')
    expect(bad.locator("p.help")).to_contain_text("Sở Văn hóa, Thể thao và Du lịch (Sở VHTTDL)")
    expect(bad.locator("ul.error")).to_contain_text("31/02/2030")
    ok = secretary.get_by_role("row").filter(has_text=survey)
    expect(ok).to_contain_text("Sở Văn hóa, Thể thao và Du lịch (Sở VHTTDL)")  # no diacritics
    expect(ok).to_contain_text("Sở Tài chính")
    expect(secretary.get_by_role("button", name=re.compile(r"^Import \d+ tasks"))).to_have_count(0)
    assert live_server.run(resolution)[1] == before  # nothing written

    # The corrected file: the preview is clean and one click imports both rows.
    secretary.get_by_role("link", name="Upload another file").click()
    _upload(secretary, "nhiem-vu-da-sua.csv", [
        good, [training, "UBND Trang Dinh", "", "28/02/2030", ""]])
    expect(secretary.get_by_text("2 tasks will be added to 17/2020/NQ-HĐND.")).to_be_visible()
    secretary.get_by_role("button", name="Import 2 tasks").click()
    expect(secretary.get_by_role("status")).to_contain_text("2 tasks imported.")
    tasks = secretary.get_by_role("table").first
    expect(tasks.get_by_role("link", name=survey)).to_be_visible()
    expect(tasks.get_by_role("link", name=training)).to_be_visible()

    def imported():
        rows = db.session.scalars(select(Task).where(
            Task.resolution_id == resolution_id, Task.title.in_([survey, training])))
        return sorted((t.title, t.lead_agency.short_name, t.deadline.isoformat(), t.priority,
                       [a.short_name for a in t.coordinating_agencies]) for t in rows)

    assert live_server.run(imported) == [
        (survey, "Sở VHTTDL", "2030-12-31", "high", ["Sở Tài chính"]),
        (training, "UBND Tràng Định", "2030-02-28", "normal", []),
    ]


def test_secretary_moves_a_merged_districts_open_tasks_to_its_successor(person, live_server):
    known = ids(live_server)
    old_id, new_id = known["agencies"]["UBND Đình Lập"], known["agencies"]["UBND Lộc Bình"]

    def involving(agency_id):
        coordinates = select(task_coordinator.c.task_id).where(
            task_coordinator.c.agency_id == agency_id)
        return lambda: sorted(db.session.scalars(select(Task.id).where(
            Task.committee_id == known["committee"], Task.state.in_(("open", "submitted")),
            (Task.lead_agency_id == agency_id) | Task.id.in_(coordinates))))

    moving = live_server.run(involving(old_id))
    assert moving, "Đình Lập leads or coordinates open tasks in the demo"

    secretary = person(SECRETARY)
    menu = secretary.get_by_role("navigation", name="Main menu")
    menu.get_by_role("link", name="Committees").click()
    secretary.get_by_role("link", name="Ban Chỉ đạo Phát triển du lịch tỉnh Lạng Sơn").click()
    secretary.get_by_role("link", name="Move an agency's open tasks").click()
    secretary.get_by_label("Agency leaving or merged").select_option(
        label="UBND huyện Đình Lập (UBND Đình Lập)")
    secretary.get_by_label("Agency taking over").select_option(
        label="UBND huyện Lộc Bình (UBND Lộc Bình)")
    secretary.get_by_label("Record that the first agency merged into the second").check()
    secretary.get_by_label("Remove the first agency from the committee's members").check()
    secretary.get_by_role("button", name="Review the move").click()
    confirm = secretary.get_by_role("status")
    expect(confirm).to_contain_text(
        f"{len(moving)} open task{'s' if len(moving) > 1 else ''} will move from "
        "UBND huyện Đình Lập to UBND huyện Lộc Bình.")
    assert live_server.run(involving(old_id)) == moving  # nothing moved before confirming
    confirm.get_by_role("button", name="Move the tasks").click()
    expect(secretary.get_by_role("status")).to_contain_text(
        f"{len(moving)} open tasks moved from UBND Đình Lập to UBND Lộc Bình.")

    # Every one moved, each with a history entry; the old agency's record stays, merged.
    assert live_server.run(involving(old_id)) == []
    assert set(moving) <= set(live_server.run(involving(new_id)))

    def aftermath():
        entries = db.session.scalar(select(func.count(HistoryEntry.id)).where(
            HistoryEntry.subject_type == "task", HistoryEntry.subject_id.in_(moving),
            HistoryEntry.action == "restructured"))
        old = db.session.get(Agency, old_id)
        member = db.session.scalar(select(func.count()).select_from(committee_agency).where(
            committee_agency.c.committee_id == known["committee"],
            committee_agency.c.agency_id == old_id))
        return entries, old.name, old.merged_into_id, member

    assert live_server.run(aftermath) == (len(moving), "UBND huyện Đình Lập", new_id, 0)
    secretary.goto(f"/tasks/{moving[0]}")
    expect(secretary.locator("#history")).to_contain_text("moved to the successor agency")
    expect(secretary.locator("dl.facts").first).to_contain_text("Lộc Bình")


def test_public_progress_page_is_off_until_switched_on_and_shows_no_people(person, live_server):
    committee_id = ids(live_server)["committee"]
    public_url = f"{live_server.url}/public/committees/{committee_id}"
    assert fetch(public_url)[0] == 404  # off by default

    admin = person(ADMIN)
    admin.goto(f"/committees/{committee_id}")
    admin.get_by_role("link", name="Edit committee").click()
    switch = admin.get_by_label("Public progress page")
    expect(switch).not_to_be_checked()
    switch.check()
    admin.get_by_role("button", name="Save").click()
    admin.get_by_role("link", name="Public progress page").click()
    expect(admin).to_have_url(public_url)

    # Anyone, without signing in.
    visitor = person(None)
    visitor.goto(public_url)
    expect(visitor).to_have_url(public_url)
    expect(visitor.get_by_role("heading", level=1)).to_have_text(
        "Ban Chỉ đạo Phát triển du lịch tỉnh Lạng Sơn")
    tasks = visitor.locator("section", has=visitor.get_by_role("heading", name="Tasks"))
    expect(tasks.get_by_role("row").nth(1)).to_be_visible()
    expect(tasks.get_by_role("columnheader", name="Lead agency")).to_be_visible()
    expect(visitor.get_by_role("heading", name="Tasks by category")).to_be_visible()
    page_text = visitor.locator("main").inner_text()
    names = live_server.run(lambda: db.session.scalars(select(User.name)).all())
    assert not [name for name in names if name in page_text]  # no people's names
    assert visitor.locator("a[href*='/attachments/'], a[href*='/tasks/']").count() == 0
    assert "Comment" not in page_text

    # Switched off again: gone.
    admin.goto(f"/committees/{committee_id}")
    admin.get_by_role("link", name="Edit committee").click()
    admin.get_by_label("Public progress page").uncheck()
    admin.get_by_role("button", name="Save").click()
    assert fetch(public_url)[0] == 404
