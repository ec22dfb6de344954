"""Conditional GETs (tracker/http_caching.py): the private lists and the calendar feeds
carry an ETag, answer 304 when the client holds the current body, and are private."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from flask import Response
from itsdangerous.timed import TimestampSigner

from tests.tasks.scenes import lang_son_scene
from tracker.auth import tokens
from tracker.calendars import ical
from tracker.calendars import services as calendar_services
from tracker.clock import utcnow
from tracker.http_caching import conditional, is_page_of_list
from tracker.tasks import services as task_services


@pytest.fixture
def scene():
    return lang_son_scene()


@pytest.fixture
def api_get(app):
    """``api_get(user, path, **headers)``: a GET of /api/v1 with a token of ``user``'s."""
    client = app.test_client(use_cookies=False)

    def get(user, path, **headers):
        _, secret = tokens.create_token(user, "tests")
        return client.get("/api/v1/" + path,
                          headers={"Authorization": f"Bearer {secret}", **headers})

    return get


@pytest.fixture
def clock_ticks(monkeypatch):
    """Every CSRF token signed, and every feed written, a second later than the last: what
    changes between two requests of a real client."""
    seconds = itertools.count(1_800_000_000)
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: next(seconds))
    start, steps = utcnow(), itertools.count(1)
    monkeypatch.setattr(ical, "utcnow", lambda: start + timedelta(seconds=next(steps)))


def report(scene, progress: int) -> None:
    task_services.report_progress(scene.task, actor=scene.lead_member, text="Đã hoàn thành hồ sơ",
                                  progress=progress)


def assert_revalidated(first: Response, again: Response) -> None:
    """``again`` (sent with ``first``'s ETag) is a 304 with no body, the ETag and privacy."""
    assert again.status_code == 304, again.get_data(as_text=True)[:500]
    assert again.get_data() == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Cache-Control"] == "private, no-cache"


def test_the_api_task_list_answers_304_until_a_task_changes(api_get, scene):
    first = api_get(scene.lead_member, "tasks")
    assert first.status_code == 200
    assert first.headers["Cache-Control"] == "private, no-cache"
    etag = first.headers["ETag"]
    assert etag.startswith('"')  # strong: the JSON is the same bytes
    assert_revalidated(first, api_get(scene.lead_member, "tasks", **{"If-None-Match": etag}))

    report(scene, 60)
    changed = api_get(scene.lead_member, "tasks", **{"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert changed.get_json()["items"][0]["progress"] == 60


def test_each_caller_revalidates_their_own_list(api_get, scene):
    mine = api_get(scene.lead_member, "tasks")
    theirs = api_get(scene.outsider, "tasks", **{"If-None-Match": mine.headers["ETag"]})
    assert theirs.status_code == 200 and theirs.get_json()["total"] == 0
    assert theirs.headers["ETag"] != mine.headers["ETag"]


def test_the_site_task_lists_answer_304_across_fresh_csrf_tokens(login, scene, clock_ticks):
    browser = login(scene.lead_member)
    for url in ("/tasks", "/my-agency"):
        first = browser.get(url)
        assert first.status_code == 200 and first.headers["Cache-Control"] == "private, no-cache"
        again = browser.get(url)
        assert again.get_data() != first.get_data()  # a token signed a second later
        assert again.headers["ETag"] == first.headers["ETag"]
        held = {"If-None-Match": first.headers["ETag"]}
        assert_revalidated(first, browser.get(url, headers=held))

    etag = browser.get("/tasks").headers["ETag"]
    report(scene, 60)
    changed = browser.get("/tasks", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert "60%" in changed.get_data(as_text=True)


def test_another_session_never_gets_a_304_for_a_page_held_by_this_one(app, login, scene):
    etag = login(scene.lead_member).get("/tasks").headers["ETag"]
    other = app.test_client()
    response = other.get("/tasks", headers={"If-None-Match": etag})
    assert response.status_code == 302  # signed out: to the sign-in page, never a 304


def test_the_calendar_feed_answers_304_until_a_task_changes(client, scene, clock_ticks):
    _, token = calendar_services.create_feed(scene.lead_member)
    url = f"/calendar/{token}.ics"
    first = client.get(url)
    assert first.status_code == 200 and first.mimetype == "text/calendar"
    assert first.headers["Cache-Control"] == "private, no-cache"
    again = client.get(url)
    assert again.get_data() != first.get_data()  # another DTSTAMP
    assert again.headers["ETag"] == first.headers["ETag"]
    assert_revalidated(first, client.get(url, headers={"If-None-Match": first.headers["ETag"]}))
    assert client.head(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304

    report(scene, 60)  # the event's SEQUENCE follows the task's version
    changed = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and changed.headers["ETag"] != first.headers["ETag"]


def test_downloads_keep_no_store_and_get_no_etag(login, scene):
    response = login(scene.lead_member).get("/tasks/export.csv")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "ETag" not in response.headers


def test_an_answer_that_says_no_store_is_left_as_it_is(app):
    with app.test_request_context("/tasks", headers={"If-None-Match": "*"}):
        response = Response("private", headers={"Cache-Control": "private, no-store"})
        assert conditional(response) is response
        assert response.status_code == 200 and "ETag" not in response.headers
        assert response.headers["Cache-Control"] == "private, no-store"


def test_writes_and_records_get_no_etag(app, api_get, scene):
    _, secret = tokens.create_token(scene.lead_member, "tests")
    posted = app.test_client(use_cookies=False).post(
        f"/api/v1/tasks/{scene.task.id}/updates", json={"text": "Xong", "progress": 70},
        headers={"Authorization": f"Bearer {secret}", "If-None-Match": "*"})
    assert posted.status_code == 201, posted.get_json()
    assert "ETag" not in posted.headers
    # A record's If-Match carries its version: no body hash is offered in its place.
    record = api_get(scene.lead_member, f"tasks/{scene.task.id}")
    assert record.status_code == 200 and "ETag" not in record.headers


def test_every_paged_api_list_takes_part(app):
    paged = {endpoint for endpoint, view in app.view_functions.items() if is_page_of_list(view)}
    lists = {endpoint for endpoint in app.view_functions
             if endpoint.startswith("api_") and ".list_" in endpoint}
    assert paged == lists | {"api_task_workflow.task_history"}
