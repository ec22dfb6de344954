"""The chair's review journey: the committee dashboard, its links and its review forms."""

from __future__ import annotations

import re
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import url_for

from tests.factories import (
    AgencyFactory,
    CommitteeFactory,
    ResolutionFactory,
    TaskFactory,
    UserFactory,
    member_of,
)
from tracker.clock import local_today
from tracker.extensions import db
from tracker.tasks.models import Task


def in_days(n: int):
    return local_today("Asia/Ho_Chi_Minh") + timedelta(days=n)


@pytest.fixture
def world():
    """The Lạng Sơn tourism committee with a little of everything, and its people."""
    tourism = AgencyFactory(name="Sở Văn hóa, Thể thao và Du lịch", short_name="Sở VHTTDL")
    police = AgencyFactory(name="Công an tỉnh Lạng Sơn", short_name="Công an tỉnh")
    border = AgencyFactory(name="Bộ Chỉ huy Bộ đội Biên phòng tỉnh", short_name="BĐBP tỉnh")
    committee = CommitteeFactory(name="Ban Chỉ đạo Phát triển du lịch tỉnh Lạng Sơn",
                                 standing_agency=tourism)
    committee.member_agencies = [tourism, police, border]
    resolution = ResolutionFactory(committee=committee, number="12/TB-BCĐ")

    def task(agency, title, **fields):
        fields.setdefault("deadline", in_days(30))
        fields["original_deadline"] = fields["deadline"]
        return TaskFactory(resolution=resolution, committee=committee, lead_agency=agency,
                           title=title, **fields)

    tasks = {
        "late_security": task(police, "Bảo đảm an ninh, trật tự tại các điểm du lịch",
                              deadline=in_days(-12)),
        "late_border": task(border, "Quản lý xuất nhập cảnh khách du lịch qua cửa khẩu",
                            deadline=in_days(-2)),
        "late_festival": task(tourism, "Tổ chức Lễ hội Kỳ Lừa", deadline=in_days(-5)),
        "due_soon": task(tourism, "Hoàn thiện Đề án phát triển du lịch", deadline=in_days(1)),
        "in_progress": task(police, "Tuyên truyền phòng chống tội phạm", deadline=in_days(20)),
        "on_time": task(tourism, "Báo cáo tổng kết năm 2023", deadline=in_days(-20),
                        state="done", completed_on=in_days(-21)),
        "late_done": task(border, "Rà soát hệ thống biển báo", deadline=in_days(-20),
                          state="done", completed_on=in_days(-15)),
        "standing": task(tourism, "Quảng bá hình ảnh du lịch Lạng Sơn", deadline=None),
        "cancelled": task(police, "Khảo sát tuyến du lịch cũ", deadline=in_days(-40),
                          state="cancelled", cancel_reason="Không còn phù hợp"),
        "submitted": task(border, "Xây dựng phương án đón khách tại cửa khẩu Hữu Nghị",
                          deadline=in_days(10), state="submitted", submitted_on=in_days(-3)),
    }
    other_committee = CommitteeFactory(
        name="Mạng lưới đối tác Công viên địa chất Non nước Cao Bằng")
    english = {"language": "en"}  # assertions read the English strings
    people = {
        "chair": member_of(committee, "chair", agency=tourism, name="Dương Xuân Huyên", **english),
        "secretary": member_of(committee, "secretary", agency=tourism, **english),
        "viewer": member_of(committee, "viewer", agency=None, **english),
        "police_member": member_of(committee, "member", agency=police, **english),
        "outsider": member_of(other_committee, "chair", **english),
        "admin": UserFactory(is_admin=True, agency=None, **english),
    }
    return {"committee": committee, "tasks": tasks, "people": people,
            "agencies": {"tourism": tourism, "police": police, "border": border}}


def path(endpoint: str, **values) -> str:
    """A site-relative URL, as the pages write them."""
    return url_for(endpoint, _external=False, **values)


def dashboard_url(committee) -> str:
    return path("reports.dashboard", committee_id=committee.id)


class _Links(HTMLParser):
    """Every <a href> on a page with its visible text."""

    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._open: list[list] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._open.append([dict(attrs).get("href", ""), ""])

    def handle_data(self, data):
        for link in self._open:
            link[1] += data

    def handle_endtag(self, tag):
        if tag == "a" and self._open:
            href, text = self._open.pop()
            self.links.append((href, " ".join(text.split())))


def links_of(html: str) -> list[tuple[str, str]]:
    parser = _Links()
    parser.feed(html)
    return parser.links


def task_ids_listed(html: str) -> set[int]:
    """The tasks a list page shows: the ids of the task pages it links to."""
    pattern = re.escape(path("tasks.detail", task_id=987654321)).replace("987654321", r"(\d+)")
    return {int(i) for i in re.findall(f'href="{pattern}"', html)}


def test_chair_sees_the_overdue_tasks_grouped_by_agency_with_days_late(world, login):
    browser = login(world["people"]["chair"])

    response = browser.get(dashboard_url(world["committee"]))

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    # Agencies with overdue tasks, each with its days late; the most late task first overall.
    for agency in ("Công an tỉnh", "BĐBP tỉnh", "Sở VHTTDL"):
        assert agency in html
    assert "12 days late" in html
    assert html.index("Bảo đảm an ninh") < html.index("Tổ chức Lễ hội Kỳ Lừa")
    assert "Rà soát hệ thống biển báo" not in html.split('id="overdue-heading"')[1].split(
        'id="agencies-heading"')[0]


def test_dashboard_counts_match_the_categories(world, login):
    browser = login(world["people"]["chair"])
    html = browser.get(dashboard_url(world["committee"])).get_data(as_text=True)
    committee_id = world["committee"].id
    tiles = {parse_qs(urlsplit(href).query).get("category", ["all"])[0]: text.split()[0]
             for href, text in links_of(html)
             if href.startswith("/tasks?") and "agency" not in href}
    assert tiles == {"overdue": "3", "in_time": "3", "due_soon": "1", "done_on_time": "1",
                     "done_late": "1", "standing": "1", "cancelled": "1", "all": "10"}
    assert f"committee={committee_id}" in html.replace("&amp;", "&")


@pytest.mark.parametrize("who", ["chair", "secretary", "viewer", "police_member", "admin"])
def test_everyone_in_the_committee_can_read_its_dashboard(world, login, who):
    response = login(world["people"][who]).get(dashboard_url(world["committee"]))
    assert response.status_code == 200


def test_member_of_another_committee_does_not_even_see_the_dashboard(world, login):
    response = login(world["people"]["outsider"]).get(dashboard_url(world["committee"]))
    assert response.status_code == 404


def test_signed_out_visitor_is_sent_to_login(world, client):
    response = client.get(dashboard_url(world["committee"]))
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_unknown_committee_is_not_found(world, login):
    assert login(world["people"]["admin"]).get("/committees/999999/dashboard").status_code == 404


def test_agency_table_is_ranked_by_on_time_rate(world, login):
    html = login(world["people"]["chair"]).get(dashboard_url(world["committee"])).get_data(
        as_text=True)
    table = html.split('id="agencies-heading"')[1].split('id="pending-heading"')[0]
    # Sở VHTTDL: 1 on time, 1 overdue → 50 %; BĐBP: 1 late + 1 overdue → 0 %;
    # Công an: 1 overdue → 0 %. The tie at 0 % is broken by overdue tasks (1 each), then by
    # days late: BĐBP's is 2 days late, Công an's 12, so Công an ranks last, alone.
    assert "50%" in table
    rows = re.findall(r'<th scope="row">([^<]+)</th>', table)
    assert rows == ["Sở VHTTDL", "BĐBP tỉnh", "Công an tỉnh"]
    assert [int(r) for r in re.findall(r'<td class="num">(\d+)</td>\s*<th scope="row">',
                                       table)] == [1, 2, 3]


def test_every_number_on_the_dashboard_opens_a_list_with_exactly_that_many_tasks(world, login):
    browser = login(world["people"]["chair"])
    html = browser.get(dashboard_url(world["committee"])).get_data(as_text=True)
    figure_links = [(href.replace("&amp;", "&"), int(m.group(1)))
                    for href, text in links_of(html)
                    if href.startswith("/tasks?") and (m := re.match(r"(\d+)\b", text))]
    # 8 tiles and 6 figures for each of the 3 agencies.
    assert len(figure_links) == 8 + 3 * 6
    for href, figure in figure_links:
        listed = browser.get(href)
        assert listed.status_code == 200, href
        assert len(task_ids_listed(listed.get_data(as_text=True))) == figure, href


def test_each_overdue_agency_heading_opens_its_overdue_list(world, login):
    browser = login(world["people"]["chair"])
    html = browser.get(dashboard_url(world["committee"])).get_data(as_text=True)
    police = world["agencies"]["police"]
    href = next(h for h, text in links_of(html) if text == "Công an tỉnh").replace("&amp;", "&")
    assert parse_qs(urlsplit(href).query) == {
        "committee": [str(world["committee"].id)], "agency": [str(police.id)],
        "category": ["overdue"]}
    listed = task_ids_listed(browser.get(href).get_data(as_text=True))
    assert listed == {world["tasks"]["late_security"].id}


def test_completions_waiting_for_review_show_agency_date_and_days(world, login):
    html = login(world["people"]["viewer"]).get(dashboard_url(world["committee"])).get_data(
        as_text=True)
    pending = html.split('id="pending-heading"')[1]
    assert "Xây dựng phương án đón khách" in pending
    assert "BĐBP tỉnh" in pending
    assert "3 days" in pending
    # A viewer reads, but gets no accept or return forms.
    assert path("tasks.accept", task_id=world["tasks"]["submitted"].id) not in pending


def test_chair_accepts_a_completion_from_the_dashboard_and_comes_back_to_it(world, login):
    browser = login(world["people"]["chair"])
    url = dashboard_url(world["committee"])
    task = world["tasks"]["submitted"]
    html = browser.get(url).get_data(as_text=True)
    assert path("tasks.accept", task_id=task.id) in html
    assert path("tasks.return_completion", task_id=task.id) in html

    response = browser.post(path("tasks.accept", task_id=task.id), {"next": url},
                            form_url=url)

    assert response.status_code == 302
    assert response.headers["Location"].endswith(url)
    db.session.refresh(task)
    assert task.state == "done"
    assert "No completions are waiting for review." in browser.get(url).get_data(as_text=True)


def test_chair_returns_a_completion_with_a_comment(world, login):
    browser = login(world["people"]["chair"])
    url = dashboard_url(world["committee"])
    task = world["tasks"]["submitted"]

    response = browser.post(path("tasks.return_completion", task_id=task.id),
                            {"next": url, "comment": "Thiếu biên bản nghiệm thu."}, form_url=url)

    assert response.status_code == 302
    db.session.refresh(task)
    assert task.state == "open"


def test_an_empty_committee_explains_each_empty_section(login):
    committee = CommitteeFactory()
    chair = member_of(committee, "chair", language="en")
    html = login(chair).get(dashboard_url(committee)).get_data(as_text=True)
    assert "This committee has no tasks yet." in html
    assert "No overdue tasks — every agency is on time." in html
    assert "No agency leads a task in this committee yet." in html
    assert "No completions are waiting for review." in html


def test_on_time_rate_shows_a_dash_when_nothing_is_rated(login):
    committee = CommitteeFactory()
    chair = member_of(committee, "chair", language="en")
    TaskFactory(resolution=ResolutionFactory(committee=committee), committee=committee,
                deadline=in_days(10))
    html = login(chair).get(dashboard_url(committee)).get_data(as_text=True)
    table = html.split('id="agencies-heading"')[1].split('id="pending-heading"')[0]
    assert "—" in table and "%" not in table.split("</thead>")[1]
    assert db.session.query(Task).filter_by(committee_id=committee.id).count() == 1


def test_vietnamese_dashboard_writes_dates_as_dd_mm_yyyy(world, login):
    viewer = world["people"]["viewer"]
    viewer.language = "vi"
    html = login(viewer).get(dashboard_url(world["committee"])).get_data(as_text=True)
    assert in_days(-3).strftime("%d/%m/%Y") in html
    assert local_today("Asia/Ho_Chi_Minh").strftime("%d/%m/%Y") in html  # "as of" today
