"""Issue 4, finding things in a browser: search with and without Vietnamese diacritics,
a saved view reopened, and a private calendar feed fetched, updated and revoked."""

from __future__ import annotations

import re
from datetime import timedelta

import icalendar
from playwright.sync_api import expect
from sqlalchemy import or_, select

from tests.browser.journeys import (
    fetch,
    ids,
    person_fixture,  # noqa: F401 — the person fixture
)
from tracker.auth.models import User
from tracker.extensions import db
from tracker.tasks import workflow
from tracker.tasks.extensions import services as extensions
from tracker.tasks.models import SavedView, Task, task_coordinator

VIEWER = "viewer@demo.langson.gov.vn"
CHAIR = "chair@demo.langson.gov.vn"
MEMBER = "member.trangdinh@demo.langson.gov.vn"


def results(tab) -> tuple[str, list[str]]:
    """The result count line and the titles of the first page of results."""
    expect(tab.get_by_role("heading", level=1)).to_have_text("Search")
    count = tab.locator("main p.muted").filter(has_text=re.compile(r"^\d+ results?$"))
    return count.inner_text(), tab.locator("ol.search-results h2").all_inner_texts()


def test_search_finds_the_same_with_or_without_diacritics_and_capitals(person):
    viewer = person(VIEWER)

    # From the search box in the header, as typed on a keyboard without Vietnamese input.
    viewer.get_by_role("search").get_by_label("Search resolutions and tasks").fill("lang son")
    viewer.keyboard.press("Enter")
    plain_count, plain = results(viewer)
    assert plain, "the demo's Lạng Sơn resolutions and tasks should be found"
    assert int(plain_count.split()[0]) >= 5
    expect(viewer.locator("ol.search-results mark").first).to_have_text(
        re.compile("^lạng sơn$", re.IGNORECASE))

    # The same words, in capitals with every accent, and in lower case with accents.
    for typed in ("LẠNG SƠN", "lạng sơn"):
        viewer.get_by_label("Words, official number or agency").fill(typed)
        viewer.get_by_role("button", name="Search", exact=True).last.click()
        expect(viewer).to_have_url(re.compile(r"q="))
        assert results(viewer) == (plain_count, plain), typed

    # Words that appear nowhere say so.
    viewer.get_by_label("Words, official number or agency").fill("không có gì như thế này")
    viewer.get_by_role("button", name="Search", exact=True).last.click()
    expect(viewer.get_by_text(re.compile("^Nothing matches"))).to_be_visible()


def test_chair_saves_the_filtered_list_as_a_view_and_reopens_it(person, live_server):
    chair = person(CHAIR)
    chair.get_by_role("navigation").get_by_role("link", name="All tasks").click()
    chair.get_by_label("Category").select_option(label="In progress, overdue")
    chair.get_by_label("Search", exact=True).fill("du lich")
    chair.get_by_role("button", name="Filter").click()
    expect(chair).to_have_url(re.compile(r"category=overdue"))
    titles = chair.get_by_role("table").locator("tbody tr td a").all_inner_texts()
    assert titles, "some overdue tourism tasks are expected in the demo"

    chair.get_by_label("Name of this view").fill("Du lịch quá hạn – đôn đốc hằng tuần")
    chair.get_by_role("button", name="Save this view").click()
    expect(chair.get_by_role("status")).to_contain_text(
        "The view “Du lịch quá hạn – đôn đốc hằng tuần” has been saved.")

    def saved():
        chair_id = db.session.scalar(select(User.id).where(User.email == CHAIR))
        view = db.session.scalars(select(SavedView).where(SavedView.user_id == chair_id)).one()
        return view.name, view.query_string

    name, query_string = live_server.run(saved)
    assert name == "Du lịch quá hạn – đôn đốc hằng tuần"
    assert "category=overdue" in query_string and "q=du+lich" in query_string

    # Later: the plain list, then the saved view brings the same filters and rows back.
    chair.get_by_role("link", name="Steering committee tasks").click()
    chair.get_by_role("navigation").get_by_role("link", name="All tasks").click()
    expect(chair.get_by_label("Category")).to_have_value("")
    views = chair.locator("section.saved-views")
    expect(views.get_by_role("link", name="Overdue by agency")).to_be_visible()
    views.get_by_role("link", name="Du lịch quá hạn – đôn đốc hằng tuần", exact=True).click()
    expect(chair.get_by_label("Category")).to_have_value("overdue")
    expect(chair.get_by_label("Search", exact=True)).to_have_value("du lich")
    assert chair.get_by_role("table").locator("tbody tr td a").all_inner_texts() == titles


def _feed_tasks(agency_id: int) -> dict[str, object]:
    """UID → deadline of the tasks with a deadline the agency leads or coordinates and that
    are still in work (open, or reported done and awaiting review), as the feed lists them:
    a deadline already met or cancelled is no appointment (the demo's recurring report has
    occurrences accepted months ago)."""
    coordinates = select(task_coordinator.c.task_id).where(
        task_coordinator.c.agency_id == agency_id)
    tasks = db.session.scalars(select(Task).where(
        or_(Task.lead_agency_id == agency_id, Task.id.in_(coordinates)),
        Task.deadline.is_not(None), Task.state.in_(workflow.IN_WORK)))
    return {task.id: task.deadline for task in tasks}


def _events(body: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(body)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def _extend_one(site, agency_id: int) -> tuple[int, object]:
    """Grant an extension, through the services, on an open task the agency leads: the
    deadline every calendar shows must follow. The latest deadline first, so the overdue
    task the member's own journey expects stays overdue."""

    def grant():
        chair = db.session.scalars(select(User).where(User.email == CHAIR)).one()
        member = db.session.scalars(select(User).where(User.email == MEMBER)).one()
        for task in db.session.scalars(select(Task).where(
                Task.lead_agency_id == agency_id, Task.state == "open",
                Task.deadline.is_not(None)).order_by(Task.deadline.desc(), Task.id)):
            if (extensions.pending_for(task) is None
                    and extensions.granted_count(task) < task.committee.max_extensions):
                asked = extensions.request_extension(
                    task, actor=member, requested_deadline=task.deadline + timedelta(days=20),
                    reason="Chờ kết quả khảo sát.")
                extensions.grant_extension(asked, actor=chair)
                return task.id, task.deadline
        raise AssertionError("no open Tràng Định task left to extend")

    return site.run(grant)


def test_member_subscribes_to_the_agencys_deadlines_then_revokes_the_address(
        person, live_server):
    agency_id = ids(live_server)["agencies"]["UBND Tràng Định"]
    member = person(MEMBER)
    member.locator("header").get_by_role("link", name="Nông Văn Khải").click()
    feed_box = member.locator("section.calendar-feed")
    feed_box.get_by_role("button", name="Create a calendar feed").click()
    address = member.get_by_label("Secret address of the feed (shown only this once)")
    url = address.input_value()
    assert re.fullmatch(re.escape(live_server.url) + r"/calendar/[\w-]+\.ics", url), url

    # A calendar application fetches it without signing in.
    status, body = fetch(url)
    assert status == 200
    calendar = icalendar.Calendar.from_ical(body)
    assert str(calendar["X-WR-CALNAME"]).endswith("UBND huyện Tràng Định")
    events = _events(body)
    expected = live_server.run(lambda: _feed_tasks(agency_id))
    assert {uid: event.decoded("DTSTART") for uid, event in events.items()} == {
        f"task-{task_id}@127.0.0.1": deadline for task_id, deadline in expected.items()}
    one = next(iter(events.values()))
    assert "Lead agency:" in str(one["DESCRIPTION"])
    assert str(one["URL"]).startswith(live_server.url + "/tasks/")

    # The address is shown only once; afterwards the page says a feed exists.
    member.reload()
    expect(member.get_by_label("Secret address of the feed (shown only this once)")
           ).to_have_count(0)
    expect(member.locator("section.calendar-feed")).to_contain_text("A feed exists since")

    # A deadline moves (an extension granted): the same event, with the new date.
    task_id, new_deadline = _extend_one(live_server, agency_id)
    status, body = fetch(url)
    moved = _events(body)[f"task-{task_id}@127.0.0.1"]
    assert moved.decoded("DTSTART") == new_deadline
    assert int(moved["SEQUENCE"]) > int(events[f"task-{task_id}@127.0.0.1"]["SEQUENCE"])
    assert set(_events(body)) == set(events)

    # Revoked: the address stops working at once.
    member.locator("section.calendar-feed").get_by_role("button", name="Revoke").click()
    expect(member.locator("section.calendar-feed").get_by_role(
        "button", name="Create a calendar feed")).to_be_visible()
    assert fetch(url)[0] == 404
