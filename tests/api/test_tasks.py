"""The task resource: list with filters, one task, create, edit with versions (409)."""

from __future__ import annotations

from tests.factories import AgencyFactory
from tests.tasks.scenes import in_days
from tracker.extensions import db
from tracker.history.services import entries_for
from tracker.tasks.models import Task


def test_member_lists_the_committees_tasks_with_category_and_days_late(api, scene):
    body = api(scene.lead_member).get("tasks?category=overdue").get_json()
    assert body["total"] == 1 and body["page"] == 1 and body["per_page"] == 25
    task = body["items"][0]
    assert task["id"] == scene.task.id
    assert task["category"] == "overdue" and task["days_late"] == 5 and task["days_left"] is None
    assert task["deadline"] == in_days(-5).isoformat()
    assert task["lead_agency"]["short_name"] == "UBND Cao Lộc"
    assert [a["short_name"] for a in task["coordinating_agencies"]] == ["Công an tỉnh"]
    assert task["state"] == "open" and task["version"] == 1


def test_filters_combine_and_paginate(api, scene):
    for days in (3, 40, 90):
        scene.add_task(title=f"Báo cáo sau {days} ngày", deadline=in_days(days))
    client = api(scene.chair)
    body = client.get(f"tasks?committee={scene.committee.id}&due_after={in_days(1)}"
                      f"&due_before={in_days(60)}&sort=-deadline").get_json()
    assert "total" in body, body
    assert body["total"] == 2
    assert [t["days_left"] for t in body["items"]] == [40, 3]
    page2 = client.get("tasks?per_page=2&page=2&sort=deadline").get_json()
    assert page2["total"] == 4 and page2["pages"] == 2 and len(page2["items"]) == 2
    assert client.get("tasks?q=bao cao sau 90").get_json()["total"] == 1


def test_bad_filters_name_the_field(api, scene):
    response = api(scene.chair).get("tasks?category=late&per_page=500&due_before=31/12/2026")
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {"category", "per_page", "due_before"}


def test_outsider_does_not_see_the_task(api, scene):
    client = api(scene.outsider)
    assert client.get("tasks").get_json()["total"] == 0
    response = client.get(f"tasks/{scene.task.id}")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_secretary_creates_a_task_and_gets_it_back_with_its_id(api, scene):
    response = api(scene.secretary).post(f"resolutions/{scene.resolution.id}/tasks", json={
        "title": "Tổ chức Lễ hội Hoa Đào Xứ Lạng", "lead_agency_id": scene.lead.id,
        "coordinating_agency_ids": [scene.coordinating.id], "assignee_ids": [scene.lead_member.id],
        "deadline": "2024-03-15", "priority": "high"})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    task = db.session.get(Task, body["id"])
    assert task.title == "Tổ chức Lễ hội Hoa Đào Xứ Lạng" and task.priority == "high"
    assert body["category"] == "overdue" and body["original_deadline"] == "2024-03-15"
    assert [e.action for e in entries_for("task", task.id)] == ["created"]


def test_a_standing_duty_has_a_null_deadline(api, scene):
    response = api(scene.secretary).post(f"resolutions/{scene.resolution.id}/tasks", json={
        "title": "Thường xuyên kiểm tra an ninh", "lead_agency_id": scene.coordinating.id,
        "deadline": None})
    assert response.status_code == 201
    assert response.get_json()["category"] == "standing"


def test_an_invalid_task_names_each_field_and_writes_nothing(api, scene):
    before = db.session.query(Task).count()
    response = api(scene.secretary, "vi").post(f"resolutions/{scene.resolution.id}/tasks", json={
        "title": "x" * 1001, "lead_agency_id": "abc", "deadline": "2024-02-30", "colour": "red"})
    assert response.status_code == 422
    fields = response.get_json()["error"]["fields"]
    assert set(fields) == {"title", "lead_agency_id", "deadline", "colour"}
    assert fields["colour"] == "Trường không được chấp nhận."
    assert db.session.query(Task).count() == before


def test_a_rule_broken_in_the_service_is_a_422_on_its_field(api, scene):
    stranger = AgencyFactory(name="Sở Ngoại vụ tỉnh Cao Bằng")
    response = api(scene.secretary).post(f"resolutions/{scene.resolution.id}/tasks", json={
        "title": "Đón đoàn khách quốc tế", "lead_agency_id": stranger.id, "deadline": None})
    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == ["lead_agency_id"]


def test_member_may_not_create_tasks(api, scene):
    response = api(scene.lead_member).post(f"resolutions/{scene.resolution.id}/tasks", json={
        "title": "Việc tự đặt", "lead_agency_id": scene.lead.id, "deadline": None})
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"


def test_patch_changes_only_the_fields_sent(api, scene):
    client = api(scene.secretary)
    response = client.patch(f"tasks/{scene.task.id}", json={"priority": "high", "version": 1})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["priority"] == "high" and body["version"] == 2
    assert body["title"] == scene.task.title and body["deadline"] == in_days(-5).isoformat()
    assert [a["id"] for a in body["coordinating_agencies"]] == [scene.coordinating.id]


def test_a_stale_version_is_refused_with_the_current_task(api, scene):
    client = api(scene.secretary)
    assert client.patch(f"tasks/{scene.task.id}", json={"title": "Bản của chị Hà"}).status_code \
        == 200
    response = client.patch(f"tasks/{scene.task.id}", json={"title": "Bản cũ", "version": 1})
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["code"] == "conflict" and "version" in error["fields"]
    assert error["current"]["title"] == "Bản của chị Hà" and error["current"]["version"] == 2
    db.session.expire_all()
    assert db.session.get(Task, scene.task.id).title == "Bản của chị Hà"


def test_if_match_carries_the_version(api, scene):
    client = api(scene.secretary)
    stale = client.patch(f"tasks/{scene.task.id}", json={"title": "A"},
                         headers={"If-Match": '"7"'})
    assert stale.status_code == 409
    fresh = client.patch(f"tasks/{scene.task.id}", json={"title": "A"},
                         headers={"If-Match": '"1"'})
    assert fresh.status_code == 200 and fresh.get_json()["version"] == 2
    garbage = client.patch(f"tasks/{scene.task.id}", json={"title": "B"},
                           headers={"If-Match": "abc"})
    assert garbage.status_code == 400
