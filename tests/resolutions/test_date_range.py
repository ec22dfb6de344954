"""One range for every date a user gives (1900–2100), checked by the services: the site shows
the service's message next to the field and writes nothing."""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories import ResolutionFactory, TaskFactory
from tests.resolutions.helpers import counts, error_next_to
from tests.resolutions.test_edit import edit_data, task_data, version_on
from tests.resolutions.test_meetings import CONFERENCE
from tests.resolutions.test_record_resolution import NOTICE, new_url, three_tasks
from tracker.domain import DomainError, checked_date

OUT_OF_RANGE = ["9999-12-31", "2101-01-01", "1899-12-31", "0001-01-01"]
RANGE_MESSAGE = "Please enter a date between the years 1900 and 2100."


def test_the_range_is_1900_to_2100_inclusive():
    assert checked_date("on", date(1900, 1, 1)) == date(1900, 1, 1)
    assert checked_date("on", date(2100, 12, 31)) == date(2100, 12, 31)
    assert checked_date("on", None) is None
    for day in (date(1899, 12, 31), date(2101, 1, 1), date.max, date.min):
        with pytest.raises(DomainError) as refused:
            checked_date("on", day)
        assert refused.value.field == "on"
    with pytest.raises(DomainError):
        checked_date("on", "2024-01-01")
    with pytest.raises(DomainError):
        checked_date("on", None, required="Please enter a date.")


@pytest.mark.parametrize("day", OUT_OF_RANGE)
def test_a_resolution_and_its_tasks_refuse_a_date_out_of_range(world, login, day):
    browser = login(world.secretary)
    before = counts()
    response = browser.post(new_url(world.committee), NOTICE | {"issued_on": day})
    assert response.status_code == 422
    assert error_next_to(response, "issued_on") == RANGE_MESSAGE
    response = browser.post(new_url(world.committee),
                            NOTICE | three_tasks(world) | {"tasks-1-deadline": day})
    assert response.status_code == 422
    assert RANGE_MESSAGE in response.get_data(as_text=True)
    assert counts() == before


@pytest.mark.parametrize("day", OUT_OF_RANGE)
def test_editing_a_resolution_or_a_task_refuses_a_date_out_of_range(world, login, day):
    resolution = ResolutionFactory(committee=world.committee)
    task = TaskFactory(resolution=resolution, lead_agency=world.police,
                       deadline=date(2024, 6, 30))
    browser = login(world.secretary)
    url = f"/resolutions/{resolution.id}/edit"
    response = browser.post(url, edit_data(resolution, issued_on=day,
                                           version=version_on(browser.get(url))))
    assert response.status_code == 422
    assert error_next_to(response, "issued_on") == RANGE_MESSAGE
    url = f"/tasks/{task.id}/edit"
    response = browser.post(url, task_data(task, deadline=day,
                                           version=version_on(browser.get(url))))
    assert response.status_code == 422
    assert error_next_to(response, "deadline") == RANGE_MESSAGE
    assert task.deadline == date(2024, 6, 30) and resolution.issued_on == date(2024, 1, 25)


@pytest.mark.parametrize("day", OUT_OF_RANGE)
def test_a_meeting_refuses_a_date_out_of_range(world, login, day):
    browser = login(world.secretary)
    before = counts()
    response = browser.post(f"/committees/{world.committee.id}/meetings/new",
                            CONFERENCE | {"held_on": day})
    assert response.status_code == 422
    assert error_next_to(response, "held_on") == RANGE_MESSAGE
    assert counts() == before


def test_the_ends_of_the_range_are_accepted(world, login):
    browser = login(world.secretary)
    response = browser.post(new_url(world.committee), NOTICE | {"issued_on": "1900-01-01"}
                            | three_tasks(world) | {"tasks-0-deadline": "2100-12-31"})
    assert response.status_code == 302
