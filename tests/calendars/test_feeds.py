"""Private calendar feeds: a user's agency deadlines and a committee's, behind a secret URL."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from tests.factories import (
    AgencyFactory,
    CommitteeFactory,
    ResolutionFactory,
    TaskFactory,
    member_of,
)
from tracker.auth.tokens import hash_secret
from tracker.calendars.models import CalendarFeed
from tracker.clock import local_today
from tracker.committees.models import CommitteeRole
from tracker.extensions import db


@pytest.fixture
def world():
    police = AgencyFactory(name="Công an tỉnh Lạng Sơn", short_name="Công an tỉnh")
    border = AgencyFactory(name="Bộ Chỉ huy Bộ đội Biên phòng tỉnh", short_name="BĐBP tỉnh")
    cao_loc = AgencyFactory(name="UBND huyện Cao Lộc", short_name="UBND Cao Lộc")
    committee = CommitteeFactory()
    resolution = ResolutionFactory(committee=committee, number="12/TB-BCĐ")
    today = local_today("Asia/Ho_Chi_Minh")

    def task(title, lead, days, **fields):
        deadline = today + timedelta(days=days) if days is not None else None
        return TaskFactory(resolution=resolution, committee=committee, lead_agency=lead,
                           title=title, deadline=deadline, original_deadline=deadline,
                           **fields)

    tasks = {
        "led": task("Kiểm tra an ninh trật tự tại các điểm du lịch", police, 10),
        "coordinated": task("Tuyên truyền quảng bá du lịch biên giới", border, -3,
                            coordinating_agencies=[police]),
        "other": task("Tổ chức Lễ hội Xuân Lạng Sơn", cao_loc, 20),
        "standing": task("Rà soát an ninh thường xuyên", police, None),
        "done": task("Hoàn thành báo cáo", police, -10, state="done", progress=100,
                     submitted_on=today, completed_on=today),
    }
    elsewhere = TaskFactory(title="Nhiệm vụ ở Cao Bằng", lead_agency=police)
    member = member_of(committee, "member", agency=police, language="en")
    member_of(elsewhere.committee, "viewer", agency=police)  # someone else sees that one
    return {"committee": committee, "tasks": tasks, "member": member, "elsewhere": elsewhere}


def _new_feed_url(html: str) -> str:
    match = re.search(r'id="calendar-url" value="([^"]+)"', html)
    assert match, "the new secret address is shown"
    return match.group(1)


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def _events(client, url: str) -> dict[str, object]:
    response = client.get(_path(url))
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.get_data())
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_member_subscribes_to_their_agencys_deadlines(world, login, client):
    browser = login(world["member"])
    profile = browser.get("/profile").get_data(as_text=True)
    assert profile.index("Create a calendar feed") > profile.index("<main")
    response = browser.post("/calendar/feeds", {}, form_url="/profile")
    assert response.status_code == 302 and response.headers["Location"].endswith(
        "/profile#calendar")
    url = _new_feed_url(browser.get("/profile").get_data(as_text=True))
    assert re.fullmatch(r"http://[^/]+/calendar/[A-Za-z0-9_-]{43}\.ics", url)
    # Shown once: the next visit only says a feed exists.
    html = browser.get("/profile").get_data(as_text=True)
    assert 'id="calendar-url"' not in html and "A feed exists since" in html
    [feed] = db.session.scalars(select(CalendarFeed)).all()
    token = url.rsplit("/", 1)[1][:-4]
    assert feed.token_hash == hash_secret(token) and token not in feed.token_hash

    browser.post("/logout", {}, form_url="/profile")
    events = _events(client, url)  # no login: the token is the credential
    tasks = world["tasks"]
    assert set(events) == {f"task-{tasks[k].id}@127.0.0.1" for k in ("led", "coordinated")}
    event = events[f"task-{tasks['led'].id}@127.0.0.1"]
    assert str(event["SUMMARY"]) == "Kiểm tra an ninh trật tự tại các điểm du lịch"
    assert event["DTSTART"].dt == tasks["led"].deadline
    assert event["DTSTART"].params.get("VALUE") == "DATE"
    assert str(event["URL"]).endswith(f"/tasks/{tasks['led'].id}")
    description = str(event["DESCRIPTION"])
    assert "Lead agency: Công an tỉnh Lạng Sơn" in description
    assert "Category: In progress, on time" in description
    assert f"/tasks/{tasks['led'].id}" in description
    assert "LAST-MODIFIED" in event and "DTSTAMP" in event
    coordinated = events[f"task-{tasks['coordinated'].id}@127.0.0.1"]
    assert "Lead agency: Bộ Chỉ huy Bộ đội Biên phòng tỉnh" in str(coordinated["DESCRIPTION"])
    assert "In progress, overdue" in str(coordinated["DESCRIPTION"])


def test_an_event_keeps_its_uid_when_the_deadline_moves(world, login, client):
    browser = login(world["member"])
    browser.post("/calendar/feeds", {}, form_url="/profile")
    url = _new_feed_url(browser.get("/profile").get_data(as_text=True))
    task = world["tasks"]["led"]
    uid = f"task-{task.id}@127.0.0.1"
    assert _events(client, url)[uid]["DTSTART"].dt == task.deadline
    before = int(_events(client, url)[uid]["SEQUENCE"])
    task.deadline = date(2030, 6, 30)
    db.session.flush()
    events = _events(client, url)
    assert events[uid]["DTSTART"].dt == date(2030, 6, 30)
    assert int(events[uid]["SEQUENCE"]) > before
    assert len([u for u in events if u == uid]) == 1


def test_a_regenerated_or_revoked_feed_stops_working(world, login, client):
    browser = login(world["member"])
    browser.post("/calendar/feeds", {}, form_url="/profile")
    first = _new_feed_url(browser.get("/profile").get_data(as_text=True))
    browser.post("/calendar/feeds", {}, form_url="/profile")
    second = _new_feed_url(browser.get("/profile").get_data(as_text=True))
    assert first != second
    assert client.get(_path(first)).status_code == 404
    assert client.get(_path(second)).status_code == 200
    live = db.session.scalar(select(CalendarFeed).where(CalendarFeed.revoked_at.is_(None)))
    assert browser.post(f"/calendar/feeds/{live.id}/revoke", {},
                        form_url="/profile").status_code == 302
    assert client.get(_path(second)).status_code == 404
    assert "Create a calendar feed" in browser.get("/profile").get_data(as_text=True)


@pytest.mark.parametrize("token", ["x" * 43, "short", "a" * 43 + "%2F..", "Zm9v" * 11])
def test_a_wrong_token_is_not_found(client, token):
    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_a_removed_member_no_longer_sees_the_committees_deadlines(world, login, client):
    browser = login(world["member"])
    browser.post("/calendar/feeds", {}, form_url="/profile")
    url = _new_feed_url(browser.get("/profile").get_data(as_text=True))
    assert len(_events(client, url)) == 2
    role = db.session.scalar(select(CommitteeRole).where(
        CommitteeRole.user_id == world["member"].id))
    db.session.delete(role)
    db.session.flush()
    db.session.expire_all()
    assert _events(client, url) == {}


def test_committee_feed_shows_every_deadline_of_that_committee_only(world, login, client):
    viewer = member_of(world["committee"], "viewer", agency=AgencyFactory(), language="en")
    # The viewer also sits on the Cao Bằng committee: the feed still shows only this one.
    db.session.add(CommitteeRole(committee_id=world["elsewhere"].committee_id,
                                 user_id=viewer.id, role="viewer"))
    db.session.flush()
    browser = login(viewer)
    committee_url = f"/committees/{world['committee'].id}"
    assert "Create a calendar feed" in browser.get(committee_url).get_data(as_text=True)
    response = browser.post(f"{committee_url}/calendar", {}, form_url=committee_url)
    assert response.status_code == 302
    url = _new_feed_url(browser.get(committee_url).get_data(as_text=True))
    events = _events(client, url)
    tasks = world["tasks"]
    assert set(events) == {f"task-{tasks[k].id}@127.0.0.1"
                           for k in ("led", "coordinated", "other")}
    # Removed from the committee: the committee's feed is gone.
    role = db.session.scalar(select(CommitteeRole).where(
        CommitteeRole.user_id == viewer.id,
        CommitteeRole.committee_id == world["committee"].id))
    db.session.delete(role)
    db.session.flush()
    db.session.expire_all()
    assert client.get(_path(url)).status_code == 404


def test_outsiders_cannot_make_a_committee_feed(world, login):
    outsider = member_of(CommitteeFactory(), "chair", language="en")
    browser = login(outsider)
    response = browser.post(f"/committees/{world['committee'].id}/calendar", {},
                            form_url="/profile")
    assert response.status_code == 404
    assert db.session.scalars(select(CalendarFeed)).all() == []


def test_nobody_revokes_another_users_feed(world, login):
    browser = login(world["member"])
    browser.post("/calendar/feeds", {}, form_url="/profile")
    feed = db.session.scalar(select(CalendarFeed))
    browser.post("/logout", {}, form_url="/profile")
    other = login(member_of(world["committee"], "chair", language="en"))
    assert other.post(f"/calendar/feeds/{feed.id}/revoke", {},
                      form_url="/profile").status_code == 404
    db.session.expire_all()
    assert feed.revoked_at is None


@pytest.mark.parametrize("stored", [date(9999, 12, 31), date(1, 1, 1)])
def test_a_deadline_stored_at_the_edge_of_the_calendar_does_not_break_the_feeds(
        world, client, stored):
    """Dates are range-checked when given, but a feed must render whatever is stored."""
    from tracker.calendars.services import create_feed

    tasks = world["tasks"]
    tasks["led"].deadline = tasks["led"].original_deadline = stored
    db.session.flush()
    _agency_feed, agency_token = create_feed(world["member"])
    _committee_feed, committee_token = create_feed(world["member"], world["committee"])
    for token in (agency_token, committee_token):
        events = _events(client, f"http://x/calendar/{token}.ics")
        event = events[f"task-{tasks['led'].id}@127.0.0.1"]
        assert event.decoded("dtstart") == stored
        assert f"task-{tasks['other' if token == committee_token else 'coordinated'].id}" \
               "@127.0.0.1" in events
