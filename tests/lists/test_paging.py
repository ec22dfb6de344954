"""Page numbers from the outside: any value on any list is a page (clamped), never a 500.

SQLite overflows on an OFFSET past 64 bits, so a page number must be bounded before it
reaches a query; nonsense falls back to the first page.
"""

from __future__ import annotations

import pytest

from tests.factories import MeetingFactory, ResolutionFactory, TaskFactory, member_of
from tests.tasks.scenes import lang_son_scene
from tracker.extensions import db

ODD_PAGES = ["100000000000000000000", "9223372036854775807", "2147483648", "-5", "0", "abc",
             "1e3", "", "9" * 5000]


def paging_world():
    """An admin secretary of the Lạng Sơn committee (made public), with a row in each list."""
    scene = lang_son_scene()
    admin = member_of(scene.committee, "secretary", agency=scene.lead, is_admin=True)
    ResolutionFactory(committee=scene.committee)
    MeetingFactory(committee=scene.committee)
    TaskFactory(resolution=scene.resolution, lead_agency=scene.lead)
    scene.committee.public_page = True
    db.session.flush()
    return scene, admin


@pytest.fixture
def world():
    return paging_world()


def _site_lists(committee_id):
    return ["/tasks", "/my-agency", "/resolutions", "/search?q=du+lich", "/committees",
            "/admin/users", "/admin/agencies", "/notifications", "/admin/outbox",
            "/admin/holidays", f"/committees/{committee_id}/meetings"]


@pytest.mark.parametrize("page", ODD_PAGES)
def test_every_site_list_takes_any_page_number(login, world, page):
    scene, admin = world
    browser = login(admin)
    for path in _site_lists(scene.committee.id):
        url = f"{path}{'&' if '?' in path else '?'}page={page}"
        assert browser.get(url).status_code == 200, url


@pytest.mark.parametrize("page", ODD_PAGES)
def test_the_public_page_takes_any_page_number(client, world, page):
    scene, _admin = world
    response = client.get(f"/public/committees/{scene.committee.id}?page={page}")
    assert response.status_code == 200


@pytest.mark.parametrize("per_page", ODD_PAGES)
def test_the_task_lists_take_any_rows_per_page(login, world, per_page):
    scene, admin = world
    browser = login(admin)
    for path in ("/tasks", "/my-agency"):
        url = f"{path}?per_page={per_page}&page={per_page}"
        assert browser.get(url).status_code == 200, url


def test_a_page_past_the_last_is_the_last_clamped_page_not_an_overflow(login, world):
    from tracker.paging import MAX_PAGE, page_number

    assert page_number({"page": "100000000000000000000"}) == MAX_PAGE
    assert page_number({"page": "-3"}) == 1
    assert page_number({"page": "zwei"}) == 1
    assert page_number({}) == 1


def test_the_sink_takes_any_page_number(login, world, app, monkeypatch):
    monkeypatch.setitem(app.config, "DEMO_MODE", True)
    scene, admin = world
    browser = login(admin)
    for page in ODD_PAGES:
        assert browser.get(f"/admin/mail-sink?page={page}").status_code == 200, page
