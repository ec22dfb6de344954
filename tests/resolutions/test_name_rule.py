"""Titles, numbers and names of documents, meetings and tasks follow the one rule for names
on the site: the service's message next to the field, nothing written."""

from __future__ import annotations

import pytest

from tests.factories import ResolutionFactory, TaskFactory
from tests.resolutions.helpers import counts, error_next_to
from tests.resolutions.test_edit import task_data, version_on
from tests.resolutions.test_meetings import CONFERENCE
from tests.resolutions.test_record_resolution import NOTICE, new_url, three_tasks

ONE_LINE = "Please write this on one line, without tabs or control characters."
INVISIBLE = ("Please remove the invisible characters (direction controls, zero-width spaces) "
             "from this text.")
BAD = [("12/TB-BCĐ\r\nBcc: ai@example.com", ONE_LINE), ("Kết luận \u202efdp.exe", INVISIBLE),
       ("Kết\u200bluận", INVISIBLE)]


@pytest.mark.parametrize(("name", "message"), BAD)
def test_a_documents_number_title_and_signer_follow_the_rule(world, login, name, message):
    browser = login(world.secretary)
    before = counts()
    for field in ("number", "title", "signer"):
        response = browser.post(new_url(world.committee), NOTICE | {field: name})
        assert response.status_code == 422, field
        assert error_next_to(response, field) == message
    response = browser.post(new_url(world.committee),
                            NOTICE | three_tasks(world) | {"tasks-1-title": name})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert counts() == before


@pytest.mark.parametrize(("name", "message"), BAD)
def test_a_task_and_a_meeting_title_follow_the_rule(world, login, name, message):
    task = TaskFactory(resolution=ResolutionFactory(committee=world.committee),
                       lead_agency=world.police, title="Tiêu đề cũ")
    browser = login(world.secretary)
    url = f"/tasks/{task.id}/edit"
    response = browser.post(url, task_data(task, title=name,
                                           version=version_on(browser.get(url))))
    assert response.status_code == 422
    assert error_next_to(response, "title") == message
    assert task.title == "Tiêu đề cũ"
    before = counts()
    for field in ("title", "place", "chaired_by"):
        response = browser.post(f"/committees/{world.committee.id}/meetings/new",
                                CONFERENCE | {field: name})
        assert response.status_code == 422, field
        assert error_next_to(response, field) == message
    assert counts() == before


def test_the_full_text_of_a_document_keeps_its_lines_but_not_direction_controls(world, login):
    browser = login(world.secretary)
    response = browser.post(new_url(world.committee), NOTICE | {"text": "Kết luận:\r\n1. A\u202e"})
    assert response.status_code == 422
    assert error_next_to(response, "text") == INVISIBLE
    response = browser.post(new_url(world.committee), NOTICE | {"text": "Kết luận:\r\n\t1. A"})
    assert response.status_code == 302
