"""One range for every date a user gives (1900–2100), the API's included: a date outside it is
a 422 naming the field with the service's message, never a 500, and nothing is written."""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories import TEST_PASSWORD
from tracker.auth.models import ApiToken
from tracker.extensions import db
from tracker.resolutions.models import Meeting, Resolution
from tracker.tasks.models import Task, TaskExtension

OUT_OF_RANGE = ["9999-12-31", "2101-01-01", "1899-12-31", "0001-01-01"]
RANGE_MESSAGE = "Please enter a date between the years 1900 and 2100."


def _refused(response, field):
    assert response.status_code == 422, response.get_data(as_text=True)[:500]
    assert response.get_json()["error"]["fields"][field] == RANGE_MESSAGE


def _count(model):
    return db.session.query(model).count()


@pytest.mark.parametrize("day", OUT_OF_RANGE)
def test_a_token_expiring_out_of_range_is_refused(app, scene, day):
    client = app.test_client(use_cookies=False)
    before = _count(ApiToken)
    response = client.post("/api/v1/auth/token", json={
        "email": scene.chair.email, "password": TEST_PASSWORD, "name": "cron",
        "expires_on": day}, headers={"Accept-Language": "en"})
    _refused(response, "expires_on")
    assert _count(ApiToken) == before


def test_a_token_may_expire_on_the_last_day_of_the_range(app, scene):
    client = app.test_client(use_cookies=False)
    response = client.post("/api/v1/auth/token", json={
        "email": scene.chair.email, "password": TEST_PASSWORD, "expires_on": "2100-12-31"})
    assert response.status_code == 201


@pytest.mark.parametrize("day", OUT_OF_RANGE)
def test_task_deadlines_out_of_range_are_refused(api, scene, day):
    client = api(scene.secretary)
    before = _count(Task)
    response = client.post(f"resolutions/{scene.resolution.id}/tasks", json={
        "title": "Khảo sát tuyến du lịch", "lead_agency_id": scene.lead.id, "deadline": day})
    _refused(response, "deadline")
    assert _count(Task) == before
    deadline = scene.task.deadline
    _refused(client.patch(f"tasks/{scene.task.id}", json={"deadline": day}), "deadline")
    assert scene.task.deadline == deadline


@pytest.mark.parametrize("day", ["9999-12-31", "2101-01-01"])
def test_an_extension_out_of_range_is_refused(api, scene, day):
    response = api(scene.lead_member).post(f"tasks/{scene.task.id}/extensions", json={
        "requested_deadline": day, "reason": "Chờ vốn."})
    _refused(response, "requested_deadline")
    assert _count(TaskExtension) == 0


def test_an_extension_stored_out_of_range_cannot_be_granted(api, scene):
    extension = TaskExtension(task_id=scene.task.id, requested_by_id=scene.lead_member.id,
                              agency_id=scene.lead.id, requested_deadline=date(9999, 12, 31),
                              previous_deadline=scene.task.deadline, reason="Cũ.",
                              status="pending")
    db.session.add(extension)
    db.session.flush()
    deadline = scene.task.deadline
    response = api(scene.chair).post(f"extensions/{extension.id}/grant", json={})
    assert response.status_code == 422
    assert "refuse this request" in response.get_json()["error"]["message"]
    assert scene.task.deadline == deadline
    assert api(scene.chair).post(f"extensions/{extension.id}/refuse",
                                 json={"comment": "Ngày không hợp lệ."}).status_code == 200


@pytest.mark.parametrize("day", OUT_OF_RANGE)
def test_meeting_and_resolution_dates_out_of_range_are_refused(api, scene, day):
    client = api(scene.secretary)
    meetings, resolutions = _count(Meeting), _count(Resolution)
    url = f"committees/{scene.committee.id}"
    _refused(client.post(f"{url}/meetings", json={"title": "Hội nghị", "held_on": day}),
             "held_on")
    _refused(client.post(f"{url}/resolutions", json={
        "kind": "conclusion_notice", "number": "99/TB-BCĐ", "issued_on": day,
        "title": "Kết luận"}), "issued_on")
    _refused(client.patch(f"resolutions/{scene.resolution.id}", json={"issued_on": day}),
             "issued_on")
    assert (_count(Meeting), _count(Resolution)) == (meetings, resolutions)
