"""A task's life through the API: progress reports (lead and coordinating), completion,
returns, a coordinating agency's part, extensions, cancelling and the history.

Wrong state → 409 with the current task; not allowed → 403; invisible → 404; bad values → 422.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from tests.factories import ProgressReportFactory
from tests.tasks.scenes import in_days, today
from tracker.clock import utcnow
from tracker.extensions import db
from tracker.history.services import entries_for
from tracker.notifications.models import Notification
from tracker.tasks.models import ProgressReport, Task, TaskExtension, task_coordinator
from tracker.waiting.queries import waiting_count


def _task(scene):
    db.session.expire_all()
    return db.session.get(Task, scene.task.id)


def _part(scene, agency):
    return db.session.execute(
        task_coordinator.select().where(task_coordinator.c.task_id == scene.task.id,
                                        task_coordinator.c.agency_id == agency.id)).one()


# --- Progress reports ----------------------------------------------------------------------


def test_the_lead_agency_reports_progress_and_the_task_follows(api, scene):
    response = api(scene.lead_member).post(f"tasks/{scene.task.id}/updates", json={
        "text": "Đã nộp hồ sơ lên Ủy ban Quốc gia UNESCO Việt Nam", "progress": 60})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["progress"] == 60 and body["part"] == "lead"
    assert body["agency"]["short_name"] == "UBND Cao Lộc"
    assert body["author"]["name"] == "Hoàng Thị Lan" and body["attachments"] == []
    assert db.session.get(ProgressReport, body["id"]).text.startswith("Đã nộp")
    assert _task(scene).progress == 60
    entry = entries_for("task", scene.task.id)[-1]
    assert entry.action == "progress_reported" and entry.changes == {"progress": [0, 60]}


def test_a_coordinating_agency_reports_its_part_only(api, scene):
    response = api(scene.coordinating_member).post(f"tasks/{scene.task.id}/updates", json={
        "text": "Đã rà soát an ninh khu vực", "progress": 40})
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["part"] == "coordinating"
    assert _task(scene).progress == 0
    assert _part(scene, scene.coordinating).progress == 40
    assert entries_for("task", scene.task.id)[-1].changes == {"part_progress": [0, 40]}


def test_reports_are_listed_newest_first_and_paginated(api, scene):
    for day, percent in ((3, 10), (2, 20), (1, 30)):
        ProgressReportFactory(task=scene.task, progress=percent, author=scene.lead_member,
                              created_at=utcnow() - timedelta(days=day))
    client = api(scene.viewer)
    body = client.get(f"tasks/{scene.task.id}/updates?per_page=2").get_json()
    assert body["total"] == 3 and body["pages"] == 2
    assert [r["progress"] for r in body["items"]] == [30, 20]
    assert [r["progress"] for r in client.get(
        f"tasks/{scene.task.id}/updates?per_page=2&page=2").get_json()["items"]] == [10]


def test_who_may_report(api, scene):
    url = f"tasks/{scene.task.id}/updates"
    report = {"text": "Báo cáo", "progress": 10}
    assert api(scene.other_member).post(url, json=report).status_code == 403
    assert api(scene.viewer).post(url, json=report).status_code == 403
    assert api(scene.secretary).post(url, json=report).status_code == 403  # not their agency
    assert api(scene.outsider).post(url, json=report).status_code == 404
    assert api(scene.outsider).get(url).status_code == 404
    assert api(scene.lead_member).post("tasks/2147483647/updates",
                                       json=report).status_code == 404
    assert db.session.query(ProgressReport).count() == 0


def test_bad_reports_name_the_field(api, scene):
    client = api(scene.lead_member)
    url = f"tasks/{scene.task.id}/updates"
    for progress in (101, -1, "50", 50.5, None, True):
        response = client.post(url, json={"text": "Báo cáo", "progress": progress})
        assert response.status_code == 422, progress
        assert list(response.get_json()["error"]["fields"]) == ["progress"]
    response = client.post(url, json={"text": "   ", "progress": 5})
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {"text": "Please describe the progress."}
    response = client.post(url, json={"progress": 5, "files": []})
    assert set(response.get_json()["error"]["fields"]) == {"text", "files"}
    assert db.session.query(ProgressReport).count() == 0


# --- Completion ----------------------------------------------------------------------------


def test_submit_accept_with_history(api, scene):
    response = api(scene.lead_member).post(f"tasks/{scene.task.id}/completion")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["state"] == "submitted" and body["submitted_on"] == today().isoformat()
    response = api(scene.secretary).post(f"tasks/{scene.task.id}/completion/accept",
                                         json={"comment": "Đạt yêu cầu"})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["state"] == "done" and body["progress"] == 100
    assert body["category"] == "done_late"  # submitted 5 days after the deadline
    actions = [e.action for e in entries_for("task", scene.task.id)]
    assert actions[-2:] == ["submitted", "accepted"]
    assert entries_for("task", scene.task.id)[-1].comment == "Đạt yêu cầu"


def test_return_needs_a_comment_and_reopens_the_task(api, scene):
    assert api(scene.lead_member).post(f"tasks/{scene.task.id}/completion",
                                       json={}).status_code == 200
    client = api(scene.chair)
    url = f"tasks/{scene.task.id}/completion/return"
    assert list(client.post(url, json={}).get_json()["error"]["fields"]) == ["comment"]
    response = client.post(url, json={"comment": "   "})
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {
        "comment": "Please say why the completion is returned."}
    response = client.post(url, json={"comment": "Thiếu biên bản nghiệm thu"})
    assert response.status_code == 200
    assert response.get_json()["state"] == "open" and response.get_json()["submitted_on"] is None
    assert entries_for("task", scene.task.id)[-1].comment == "Thiếu biên bản nghiệm thu"


def test_a_verb_in_the_wrong_state_is_a_409_with_the_current_task(api, scene):
    lead, chair = api(scene.lead_member), api(scene.chair)
    for url, client, body in ((f"tasks/{scene.task.id}/completion/accept", chair, {}),
                              (f"tasks/{scene.task.id}/completion/return", chair,
                               {"comment": "x"})):
        response = client.post(url, json=body)
        assert response.status_code == 409, url
        error = response.get_json()["error"]
        assert error["code"] == "conflict" and list(error["fields"]) == ["state"]
        assert error["current"]["state"] == "open"
        assert error["current"]["deadline"] == in_days(-5).isoformat()
    assert lead.post(f"tasks/{scene.task.id}/completion").status_code == 200
    again = lead.post(f"tasks/{scene.task.id}/completion")
    assert again.status_code == 409
    assert again.get_json()["error"]["fields"] == {
        "state": "Only a task in progress can be reported done."}
    assert lead.post(f"tasks/{scene.task.id}/updates",
                     json={"text": "x", "progress": 5}).status_code == 409
    assert lead.post(f"tasks/{scene.task.id}/extensions", json={
        "requested_deadline": in_days(30).isoformat(), "reason": "x"}).status_code == 409
    assert chair.post(f"tasks/{scene.task.id}/completion/accept").status_code == 200
    assert chair.post(f"tasks/{scene.task.id}/cancel", json={"reason": "x"}).status_code == 409
    assert [e.action for e in entries_for("task", scene.task.id)][-2:] == [
        "submitted", "accepted"]


def test_who_may_submit_and_review(api, scene):
    url = f"tasks/{scene.task.id}/completion"
    for user in (scene.coordinating_member, scene.viewer, scene.secretary):
        assert api(user).post(url).status_code == 403
    assert api(scene.outsider).post(url).status_code == 404
    assert api(scene.lead_member).post(url).status_code == 200
    for user in (scene.lead_member, scene.viewer):
        assert api(user).post(url + "/accept").status_code == 403
    assert api(scene.outsider).post(url + "/accept").status_code == 404
    assert _task(scene).state == "submitted"


def test_unknown_fields_in_a_verb_body_are_refused(api, scene):
    response = api(scene.lead_member).post(f"tasks/{scene.task.id}/completion",
                                           json={"completed_on": "2024-01-01"})
    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == ["completed_on"]
    assert _task(scene).state == "open"


def test_a_coordinating_agency_reports_its_part_done_once(api, scene):
    client = api(scene.coordinating_member)
    url = f"tasks/{scene.task.id}/completion/part"
    response = client.post(url)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["state"] == "open"
    part = _part(scene, scene.coordinating)
    assert part.progress == 100 and part.part_done_on == today()
    again = client.post(url)
    assert again.status_code == 409
    assert again.get_json()["error"]["fields"] == {
        "state": "Your agency's part is already reported done."}
    assert api(scene.lead_member).post(url).status_code == 403


# --- Cancelling ----------------------------------------------------------------------------


def test_the_secretary_cancels_with_a_reason(api, scene):
    client = api(scene.secretary)
    url = f"tasks/{scene.task.id}/cancel"
    assert api(scene.lead_member).post(url, json={"reason": "x"}).status_code == 403
    assert client.post(url, json={"reason": ""}).get_json()["error"]["fields"] == {
        "reason": "Please give the reason for cancelling."}
    assert list(client.post(url, json={}).get_json()["error"]["fields"]) == ["reason"]
    assert list(client.post(url, json={"reason": "x" * 5001}).get_json()["error"]["fields"]) \
        == ["reason"]
    response = client.post(url, json={"reason": "Dừng theo Kết luận số 45/TB-BCĐ"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["state"] == "cancelled" and body["category"] == "cancelled"
    assert body["cancel_reason"] == "Dừng theo Kết luận số 45/TB-BCĐ"


# --- Extensions ----------------------------------------------------------------------------


def _ask(api, scene, days=30, reason="Chờ ý kiến thẩm định của Bộ Văn hóa"):
    return api(scene.lead_member).post(f"tasks/{scene.task.id}/extensions", json={
        "requested_deadline": in_days(days).isoformat(), "reason": reason})


def test_ask_then_grant_moves_the_deadline_in_force(api, scene):
    response = _ask(api, scene)
    assert response.status_code == 201, response.get_json()
    asked = response.get_json()
    assert asked["status"] == "pending" and asked["previous_deadline"] == in_days(-5).isoformat()
    assert asked["requested_by"]["name"] == "Hoàng Thị Lan"
    listed = api(scene.viewer).get(f"tasks/{scene.task.id}/extensions").get_json()
    assert [e["id"] for e in listed["items"]] == [asked["id"]]
    assert api(scene.viewer).get(f"extensions/{asked['id']}").get_json()["status"] == "pending"
    assert api(scene.secretary).post(f"extensions/{asked['id']}/grant").status_code == 403
    response = api(scene.chair).post(f"extensions/{asked['id']}/grant",
                                     json={"comment": "Đồng ý"})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["status"] == "granted" and body["decided_by"]["name"] == "Dương Xuân Huyên"
    assert body["task"]["deadline"] == in_days(30).isoformat()
    assert body["task"]["original_deadline"] == in_days(-5).isoformat()
    assert body["task"]["category"] == "in_progress" and body["task"]["days_left"] == 30
    assert entries_for("task", scene.task.id)[-1].changes == {
        "deadline": [in_days(-5).isoformat(), in_days(30).isoformat()]}
    again = api(scene.chair).post(f"extensions/{asked['id']}/refuse", json={"comment": "x"})
    assert again.status_code == 409
    assert again.get_json()["error"]["fields"] == {
        "state": "This request has already been decided."}


def test_refuse_needs_a_comment_and_keeps_the_deadline(api, scene):
    extension_id = _ask(api, scene).get_json()["id"]
    client = api(scene.chair)
    assert list(client.post(f"extensions/{extension_id}/refuse",
                            json={}).get_json()["error"]["fields"]) == ["comment"]
    response = client.post(f"extensions/{extension_id}/refuse",
                           json={"comment": "Đề nghị hoàn thành đúng hạn"})
    assert response.status_code == 200
    assert response.get_json()["status"] == "refused"
    assert response.get_json()["task"]["deadline"] == in_days(-5).isoformat()
    assert db.session.get(TaskExtension, extension_id).decision_comment == \
        "Đề nghị hoàn thành đúng hạn"


def test_extension_rules_are_422_on_their_field(api, scene):
    response = _ask(api, scene, days=-6)
    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == ["requested_deadline"]
    assert list(_ask(api, scene, reason=" ").get_json()["error"]["fields"]) == ["reason"]
    assert _ask(api, scene).status_code == 201
    waiting = _ask(api, scene, days=40)
    assert waiting.status_code == 422
    assert list(waiting.get_json()["error"]["fields"]) == ["requested_deadline"]
    bad = api(scene.lead_member).post(f"tasks/{scene.task.id}/extensions", json={
        "requested_deadline": "30/12/2026", "reason": 5})
    assert set(bad.get_json()["error"]["fields"]) == {"requested_deadline", "reason"}
    assert api(scene.coordinating_member).post(f"tasks/{scene.task.id}/extensions", json={
        "requested_deadline": in_days(50).isoformat(), "reason": "x"}).status_code == 403
    assert db.session.query(TaskExtension).count() == 1


def test_far_dates_never_fail(api, scene):
    response = api(scene.lead_member).post(f"tasks/{scene.task.id}/extensions", json={
        "requested_deadline": "9999-12-31", "reason": "Lâu dài"})
    assert response.status_code == 422  # past the range every date lies in (1900–2100)
    assert list(response.get_json()["error"]["fields"]) == ["requested_deadline"]
    response = api(scene.lead_member).post(f"tasks/{scene.task.id}/extensions", json={
        "requested_deadline": "2100-12-31", "reason": "Lâu dài"})
    assert response.status_code == 201, response.get_json()
    response = api(scene.chair).post(f"extensions/{response.get_json()['id']}/grant")
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["task"]["deadline"] == "2100-12-31"
    assert api(scene.chair).get(f"tasks/{scene.task.id}").status_code == 200
    assert api(scene.chair).get(f"committees/{scene.committee.id}/dashboard").status_code == 200


def test_extensions_of_another_committee_are_invisible(api, scene):
    extension_id = _ask(api, scene).get_json()["id"]
    client = api(scene.outsider)
    assert client.get(f"extensions/{extension_id}").status_code == 404
    assert client.post(f"extensions/{extension_id}/grant").status_code == 404
    assert client.get(f"tasks/{scene.task.id}/extensions").status_code == 404
    assert api(scene.chair).post("extensions/2147483647/grant").status_code == 404
    assert db.session.get(TaskExtension, extension_id).status == "pending"


# --- History -------------------------------------------------------------------------------


def test_the_history_says_when_who_what_from_and_to(api, scene):
    api(scene.lead_member).post(f"tasks/{scene.task.id}/updates",
                                json={"text": "Đang làm", "progress": 30})
    api(scene.lead_member).post(f"tasks/{scene.task.id}/completion")
    api(scene.chair).post(f"tasks/{scene.task.id}/completion/return",
                          json={"comment": "Bổ sung hồ sơ"})
    body = api(scene.viewer).get(f"tasks/{scene.task.id}/history").get_json()
    assert [e["action"] for e in body["items"]] == ["progress_reported", "submitted", "returned"]
    first, submitted, returned = body["items"]
    assert first["actor"] == {"id": scene.lead_member.id, "name": "Hoàng Thị Lan"}
    assert first["changes"] == {"progress": [0, 30]} and first["comment"] == "Đang làm"
    assert submitted["changes"]["submitted_on"] == [None, today().isoformat()]
    assert returned["comment"] == "Bổ sung hồ sơ" and returned["at"].endswith("+00:00")
    assert api(scene.outsider).get(f"tasks/{scene.task.id}/history").status_code == 404
    page = api(scene.viewer).get(f"tasks/{scene.task.id}/history?per_page=1&page=3").get_json()
    assert [e["action"] for e in page["items"]] == ["returned"] and page["total"] == 3


def test_every_409_carries_the_task_with_iso_dates(api, scene):
    """``error.current`` is dumped by the task schema: dates YYYY-MM-DD, not HTTP dates."""
    client = api(scene.secretary)
    assert client.patch(f"tasks/{scene.task.id}", json={"priority": "high"}).status_code == 200
    stale = client.patch(f"tasks/{scene.task.id}", json={"priority": "low", "version": 1})
    assert stale.status_code == 409
    current = stale.get_json()["error"]["current"]
    assert current["deadline"] == in_days(-5).isoformat() and current["version"] == 2
    assert "T" in current["updated_at"]


# --- Who is told (issue 13): the API goes through the same services as the site ------------


def test_a_completion_or_a_request_through_the_api_tells_those_who_decide(api, scene):
    task = scene.add_task(title="Lễ hội Kỳ Lừa", deadline=in_days(10))
    assert api(scene.lead_member).post(f"tasks/{scene.task.id}/completion").status_code == 200
    assert api(scene.lead_member).post(f"tasks/{task.id}/extensions", json={
        "requested_deadline": in_days(40).isoformat(),
        "reason": "Chờ kinh phí."}).status_code == 201

    def told(user):
        return sorted((n.kind, n.task_id) for n in db.session.scalars(
            select(Notification).where(Notification.user_id == user.id)))

    assert told(scene.chair) == sorted([("completion_reported", scene.task.id),
                                        ("extension_requested", task.id)])
    assert told(scene.secretary) == [("completion_reported", scene.task.id)]
    assert (waiting_count(scene.chair), waiting_count(scene.secretary)) == (2, 1)
