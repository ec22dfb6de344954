"""Every task list downloads as CSV and XLSX with exactly the rows and order on screen."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import openpyxl
import pytest

from tests.factories import (
    AgencyFactory,
    CommitteeFactory,
    ResolutionFactory,
    TaskFactory,
    UserFactory,
    member_of,
)
from tracker.clock import local_today


def _today():
    return local_today("Asia/Ho_Chi_Minh")


@pytest.fixture
def world():
    standing = AgencyFactory(name="Sở Văn hóa, Thể thao và Du lịch", short_name="Sở VHTTDL")
    police = AgencyFactory(name="Công an tỉnh Lạng Sơn", short_name="Công an tỉnh")
    border = AgencyFactory(name="Bộ Chỉ huy Bộ đội Biên phòng tỉnh", short_name="BĐBP tỉnh")
    cao_loc = AgencyFactory(name="UBND huyện Cao Lộc", short_name="UBND Cao Lộc")
    committee = CommitteeFactory(standing_agency=standing)
    resolution = ResolutionFactory(committee=committee, number="12/TB-BCĐ")
    today = _today()

    def task(title, lead, days, **fields):
        deadline = today + timedelta(days=days) if days is not None else None
        return TaskFactory(resolution=resolution, committee=committee, lead_agency=lead,
                           title=title, deadline=deadline, original_deadline=deadline,
                           **fields)

    tasks = [
        task("Kiểm tra an ninh trật tự tại các điểm du lịch", police, -5,
             coordinating_agencies=[border]),
        task("Tổ chức Lễ hội Xuân Lạng Sơn", cao_loc, 2),
        task("Phát triển sản phẩm du lịch cộng đồng Mẫu Sơn", cao_loc, -1, progress=40),
        task("Tuyên truyền quảng bá du lịch biên giới", border, 40,
             coordinating_agencies=[police, cao_loc]),
        task("Rà soát quy hoạch khu du lịch", police, None),
        task("=HYPERLINK(\"http://example.com\")", standing, 10),
    ]
    other_committee_task = TaskFactory(title="Nhiệm vụ của Ban Chỉ đạo khác", lead_agency=police)
    chair = member_of(committee, "chair", agency=standing, language="en")
    police_member = member_of(committee, "member", agency=police, language="en")
    return {"committee": committee, "tasks": tasks, "chair": chair,
            "police_member": police_member, "other": other_committee_task}


def _page_ids(browser, url: str) -> list[int]:
    html = browser.get(url).get_data(as_text=True)
    ids = []
    for found in re.findall(r'href="/tasks/(\d+)"', html):
        if int(found) not in ids:
            ids.append(int(found))
    return ids


def _csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 BOM to read Vietnamese"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def _xlsx_rows(response) -> list[tuple]:
    assert response.status_code == 200
    assert "spreadsheetml" in response.mimetype
    book = openpyxl.load_workbook(io.BytesIO(response.get_data()), read_only=True)
    return list(book.worksheets[0].iter_rows(values_only=True))


@pytest.mark.parametrize("query", [
    "", "sort=agency", "sort=-deadline", "category=overdue&sort=agency", "q=du+lịch",
    "sort=title",
])
def test_chair_exports_exactly_the_rows_of_the_list_in_its_order(world, login, query):
    browser = login(world["chair"])
    on_screen = _page_ids(browser, f"/tasks?per_page=200&{query}")
    assert on_screen, "the list has rows to compare"

    rows = _csv_rows(browser.get(f"/tasks/export.csv?{query}"))
    assert rows[0][0] == "ID" and len(rows[0]) == 12
    assert [int(r[0]) for r in rows[1:]] == on_screen

    sheet = _xlsx_rows(browser.get(f"/tasks/export.xlsx?{query}"))
    assert sheet[0][0] == "ID"
    assert [int(r[0]) for r in sheet[1:]] == on_screen


def test_export_keeps_vietnamese_text_and_fills_every_column(world, login):
    browser = login(world["chair"])
    overdue = world["tasks"][0]
    rows = _csv_rows(browser.get("/tasks/export.csv?category=overdue&sort=agency"))
    by_id = {int(r[0]): r for r in rows[1:]}
    assert set(by_id) == {world["tasks"][0].id, world["tasks"][2].id}
    row = by_id[overdue.id]
    assert row[1:6] == ["12/TB-BCĐ", world["committee"].name,
                        "Kiểm tra an ninh trật tự tại các điểm du lịch",
                        "Công an tỉnh Lạng Sơn", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh"]
    assert row[6] == overdue.deadline.isoformat() == row[7]
    assert row[8] == "In progress, overdue"
    assert row[9] == "-5"
    assert row[10] == "Being carried out"
    assert row[11] == "0"

    sheet = _xlsx_rows(browser.get("/tasks/export.xlsx?category=overdue&sort=agency"))
    cells = {r[0]: r for r in sheet[1:]}[overdue.id]
    assert cells[3] == "Kiểm tra an ninh trật tự tại các điểm du lịch"
    assert cells[6].date() == overdue.deadline
    assert cells[9] == -5


def test_a_title_that_looks_like_a_formula_is_not_run_by_the_spreadsheet(world, login):
    rows = _csv_rows(login(world["chair"]).get("/tasks/export.csv?sort=title"))
    titles = [r[3] for r in rows[1:]]
    assert "'=HYPERLINK(\"http://example.com\")" in titles


def test_member_exports_their_agencys_tasks_only(world, login):
    browser = login(world["police_member"])
    on_screen = _page_ids(browser, "/my-agency?per_page=200")
    rows = _csv_rows(browser.get("/my-agency/export.csv?agency=999"))
    ids = [int(r[0]) for r in rows[1:]]
    assert ids == on_screen
    # Leads the first and fifth, coordinates the fourth; never another committee's task.
    assert set(ids) == {world["tasks"][i].id for i in (0, 3, 4)}
    assert world["other"].id not in ids
    sheet = _xlsx_rows(browser.get("/my-agency/export.xlsx"))
    assert [r[0] for r in sheet[1:]] == on_screen


def test_a_user_without_an_agency_exports_an_empty_agency_list(world, login):
    browser = login(UserFactory(agency=None, language="en"))
    rows = _csv_rows(browser.get("/my-agency/export.csv"))
    assert rows[0][0] == "ID" and rows[1:] == []


def test_nobody_exports_tasks_of_committees_they_do_not_sit_on(world, login):
    outsider = member_of(CommitteeFactory(), "chair", language="en")
    browser = login(outsider)
    rows = _csv_rows(browser.get("/tasks/export.csv"))
    assert rows[1:] == []
    sheet = _xlsx_rows(browser.get("/tasks/export.xlsx"))
    assert sheet[1:] == []


def test_list_pages_offer_the_exports_with_the_current_filters(world, login):
    html = login(world["chair"]).get("/tasks?category=overdue&sort=agency&page=2").get_data(
        as_text=True)
    assert 'href="/tasks/export.csv?category=overdue&amp;sort=agency"' in html
    assert 'href="/tasks/export.xlsx?category=overdue&amp;sort=agency"' in html


def test_an_unknown_format_is_not_found(world, login):
    assert login(world["chair"]).get("/tasks/export.pdf").status_code == 404


def test_anonymous_visitors_are_sent_to_login(world, client):
    response = client.get("/tasks/export.csv")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_long_exports_are_sent_in_pieces_and_read_back_whole():
    from datetime import date

    from tracker.lists.export import csv_chunks, xlsx_chunks

    rows = [(i, "12/TB-BCĐ", "Ban Chỉ đạo", f"Nhiệm vụ số {i}", "Công an tỉnh", "",
             date(2030, 1, 1), None, "Quá hạn", -3, "Đang thực hiện", 50)
            for i in range(1, 2_501)]
    headings = [f"Cột {i}" for i in range(12)]
    pieces = list(xlsx_chunks(iter(rows), "Nhiệm vụ", headings, (10,) * 12))
    assert len([p for p in pieces if p]) > 2
    book = openpyxl.load_workbook(io.BytesIO(b"".join(pieces)), read_only=True)
    read = list(book.worksheets[0].iter_rows(values_only=True))
    assert len(read) == 2_501 and read[-1][3] == "Nhiệm vụ số 2500"
    text = b"".join(csv_chunks(iter(rows), headings)).decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(text)))) == 2_501


def test_resolutions_list_exports_with_its_filters_and_order(world, login):
    committee = world["committee"]
    ResolutionFactory(committee=committee, number="05/KH-BCĐ", kind="plan",
                      title="Kế hoạch phát triển du lịch Lạng Sơn năm 2024")
    ResolutionFactory(number="99/TB-BCĐ")  # another committee's: never exported
    browser = login(world["chair"])
    html = browser.get("/resolutions?sort=number").get_data(as_text=True)
    assert 'href="/resolutions/export.csv?sort=number"' in html
    rows = _csv_rows(browser.get("/resolutions/export.csv?sort=number"))
    assert [r[1] for r in rows[1:]] == ["05/KH-BCĐ", "12/TB-BCĐ"]
    assert rows[1][5] == "Kế hoạch phát triển du lịch Lạng Sơn năm 2024"
    assert rows[2][7] == "6"  # its tasks
    sheet = _xlsx_rows(browser.get("/resolutions/export.xlsx?kind=plan"))
    assert [r[1] for r in sheet[1:]] == ["05/KH-BCĐ"]
    assert sheet[1][2] == "Plan"
