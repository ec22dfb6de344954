""""Four eyes" through the API: the committee setting, and the workflow's 403 (issue #10).

A refusal because of who you are is a 403 in this API (see ``task_workflow``'s tag); this
one says why in ``error.message``. Nothing changes.
"""

from __future__ import annotations

import pytest

from tests.factories import UserFactory
from tests.tasks.scenes import in_days, person
from tracker.extensions import db
from tracker.tasks import services
from tracker.tasks.extensions import services as extensions
from tracker.tasks.models import Task, TaskExtension


@pytest.fixture
def admin():
    return UserFactory(is_admin=True, agency=None, name="Quản trị hệ thống", language="en")


@pytest.fixture
def lead_secretary(scene):
    """A secretary of the committee who works for the lead agency: reports and reviews."""
    return person(scene.committee, "secretary", scene.lead, name="Hoàng Văn Thụ")


@pytest.fixture
def lead_vice_chair(scene):
    return person(scene.committee, "vice_chair", scene.lead, name="Lương Thị Hoa")


def test_new_committees_come_with_four_eyes_and_an_admin_may_switch_it(api, admin, scene):
    client = api(admin)
    created = client.post("committees", json={
        "name": "Ban Chỉ đạo Chương trình mục tiêu quốc gia tỉnh Lạng Sơn",
        "standing_agency_id": scene.lead.id})
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["four_eyes"] is True
    committee_id = created.get_json()["id"]
    changed = client.patch(f"committees/{committee_id}", json={"four_eyes": False})
    assert changed.status_code == 200 and changed.get_json()["four_eyes"] is False
    assert client.get(f"committees/{committee_id}").get_json()["four_eyes"] is False
    off = client.post("committees", json={
        "name": "Ban Chỉ đạo 389 tỉnh Lạng Sơn", "standing_agency_id": scene.lead.id,
        "four_eyes": False})
    assert off.status_code == 201 and off.get_json()["four_eyes"] is False
    bad = client.patch(f"committees/{committee_id}", json={"four_eyes": "maybe"})
    assert bad.status_code == 422 and "four_eyes" in bad.get_json()["error"]["fields"]


def test_only_admins_switch_four_eyes(api, scene):
    response = api(scene.chair).patch(f"committees/{scene.committee.id}",
                                      json={"four_eyes": False})
    assert response.status_code == 403
    db.session.expire_all()
    assert scene.committee.four_eyes is True


def test_the_submitter_cannot_accept_or_return_through_the_api(api, scene, lead_secretary):
    client = api(lead_secretary)
    task_id = scene.task.id
    assert client.post(f"tasks/{task_id}/completion",
                       json={"result": "Đã hoàn thành."}).status_code == 200
    for path, body in (("accept", None), ("return", {"comment": "Thiếu biên bản"})):
        response = client.post(f"tasks/{task_id}/completion/{path}", json=body)
        assert response.status_code == 403, response.get_json()
        error = response.get_json()["error"]
        assert error["code"] == "forbidden"
        assert "whoever reported the task done cannot also accept or return it" \
            in error["message"]
    db.session.expire_all()
    assert db.session.get(Task, task_id).state == "submitted"
    accepted = api(scene.secretary).post(f"tasks/{task_id}/completion/accept")
    assert accepted.status_code == 200 and accepted.get_json()["state"] == "done"


def test_the_requester_cannot_decide_through_the_api(api, scene, lead_vice_chair):
    client = api(lead_vice_chair)
    asked = client.post(f"tasks/{scene.task.id}/extensions", json={
        "requested_deadline": in_days(30).isoformat(), "reason": "Chờ ý kiến của Bộ"})
    assert asked.status_code == 201, asked.get_json()
    extension_id = asked.get_json()["id"]
    for path, body in (("grant", None), ("refuse", {"comment": "Không"})):
        response = client.post(f"extensions/{extension_id}/{path}", json=body)
        assert response.status_code == 403, response.get_json()
        assert "whoever asked for the extension cannot also grant or refuse it" \
            in response.get_json()["error"]["message"]
    db.session.expire_all()
    assert db.session.get(TaskExtension, extension_id).status == "pending"
    granted = api(scene.chair).post(f"extensions/{extension_id}/grant")
    assert granted.status_code == 200 and granted.get_json()["status"] == "granted"


def test_a_service_refusal_is_the_same_403(api, scene, lead_secretary, monkeypatch):
    """Should the page-level check ever let it through, the service's own check answers."""
    services.submit_completion(scene.task, result="Đã hoàn thành.", actor=lead_secretary)
    db.session.flush()
    monkeypatch.setattr("tracker.api.task_workflow.require", lambda *a, **k: None)
    response = api(lead_secretary).post(f"tasks/{scene.task.id}/completion/accept")
    assert response.status_code == 403
    assert "whoever reported the task done" in response.get_json()["error"]["message"]
    db.session.expire_all()
    assert db.session.get(Task, scene.task.id).state == "submitted"


def test_with_four_eyes_off_the_api_lets_one_person_do_both(api, scene, lead_vice_chair):
    scene.committee.four_eyes = False
    request = extensions.request_extension(scene.task, actor=lead_vice_chair,
                                           requested_deadline=in_days(30), reason="Chờ")
    db.session.flush()
    response = api(lead_vice_chair).post(f"extensions/{request.id}/grant")
    assert response.status_code == 200, response.get_json()
