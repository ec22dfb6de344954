"""Who may record and change meetings, documents and tasks: managers yes, others no."""

from __future__ import annotations

import pytest

from tests.factories import MeetingFactory, ResolutionFactory, TaskFactory, member_of
from tests.resolutions.helpers import counts

MANAGE_SCREENS = (
    "/committees/{committee}/meetings/new",
    "/meetings/{meeting}/edit",
    "/committees/{committee}/resolutions/new",
    "/resolutions/{resolution}/edit",
    "/resolutions/{resolution}/tasks/new",
    "/tasks/{task}/edit",
    "/tasks/{task}/cancel",
)
READ_SCREENS = (
    "/committees/{committee}/meetings",
    "/meetings/{meeting}",
    "/resolutions/{resolution}",
)


@pytest.fixture
def records(world):
    meeting = MeetingFactory(committee=world.committee)
    resolution = ResolutionFactory(committee=world.committee, meeting=meeting)
    task = TaskFactory(resolution=resolution, lead_agency=world.police)
    return {"committee": world.committee.id, "meeting": meeting.id,
            "resolution": resolution.id, "task": task.id}


@pytest.mark.parametrize("who", ["secretary", "chair", "vice_chair", "admin"])
def test_managers_open_every_recording_screen(world, records, login, who):
    user = (member_of(world.committee, "vice_chair", world.vhttdl, language="en")
            if who == "vice_chair" else getattr(world, who))
    browser = login(user)
    for screen in MANAGE_SCREENS + READ_SCREENS:
        assert browser.get(screen.format(**records)).status_code == 200, screen


@pytest.mark.parametrize("who", ["member", "viewer"])
def test_members_and_viewers_read_but_may_not_record(world, records, login, who):
    browser = login(getattr(world, who))
    for screen in READ_SCREENS:
        assert browser.get(screen.format(**records)).status_code == 200, screen
    for screen in MANAGE_SCREENS:
        assert browser.get(screen.format(**records)).status_code == 403, screen


@pytest.mark.parametrize("who", ["member", "viewer"])
def test_a_forbidden_post_changes_nothing(world, records, login, who):
    browser = login(getattr(world, who))
    before = counts()
    # The token comes from a page they may see; the post itself is refused.
    reading = READ_SCREENS[2].format(**records)
    assert browser.post(f"/tasks/{records['task']}/cancel", {"reason": "Không cần nữa"},
                        form_url=reading).status_code == 403
    assert browser.post(f"/committees/{records['committee']}/resolutions/new",
                        {"kind": "plan", "number": "1/KH", "issued_on": "2024-01-01",
                         "title": "Kế hoạch"}, form_url=reading).status_code == 403
    assert counts() == before


def test_someone_outside_the_committee_does_not_even_see_it(world, records, login):
    browser = login(world.outsider)
    for screen in MANAGE_SCREENS + READ_SCREENS:
        assert browser.get(screen.format(**records)).status_code == 404, screen


def test_signed_out_visitors_are_sent_to_the_login_page(client, records):
    for screen in MANAGE_SCREENS + READ_SCREENS + ("/resolutions",):
        response = client.get(screen.format(**records))
        assert response.status_code == 302 and "/login" in response.headers["Location"], screen


def test_ids_that_do_not_exist_are_not_found(world, login):
    browser = login(world.admin)
    for screen in MANAGE_SCREENS + READ_SCREENS:
        for ident in (0, 987654, 10**25):
            url = screen.format(committee=ident, meeting=ident, resolution=ident, task=ident)
            assert browser.get(url).status_code == 404, url
    assert browser.get("/resolutions/new?committee=abc").status_code == 404


def test_the_new_resolution_picker_leads_to_the_committee_screen(world, login):
    browser = login(world.secretary)
    response = browser.get(f"/resolutions/new?committee={world.committee.id}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/committees/{world.committee.id}/resolutions/new")
    assert browser.get(f"/resolutions/new?committee={world.other.id}").status_code == 404


def test_every_screen_renders_for_a_vietnamese_secretary(world, records, login):
    world.secretary.language = "vi"
    browser = login(world.secretary)
    for screen in MANAGE_SCREENS + READ_SCREENS + ("/resolutions",):
        response = browser.get(screen.format(**records))
        assert response.status_code == 200, screen
        assert '<html lang="vi">' in response.get_data(as_text=True)
    assert "18/01/2024" in browser.get(f"/meetings/{records['meeting']}").get_data(as_text=True)
