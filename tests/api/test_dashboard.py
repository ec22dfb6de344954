"""The committee dashboard through the API: the site's own figures (reports.queries)."""

from __future__ import annotations

from tests.tasks.scenes import in_days, today
from tracker.extensions import db
from tracker.reports.queries import agency_scorecard, category_counts
from tracker.tasks.models import TaskExtension


def _scene_with_figures(scene):
    scene.add_task(title="Đón khách dịp Tết", deadline=in_days(-20), state="done",
                   completed_on=in_days(-25), submitted_on=in_days(-25))
    scene.add_task(title="Bảo đảm an ninh lễ hội", lead_agency=scene.coordinating,
                   deadline=in_days(-10), state="done", completed_on=in_days(-8),
                   submitted_on=in_days(-8))
    scene.add_task(title="Tuyên truyền", lead_agency=scene.coordinating, deadline=in_days(2))
    scene.add_task(title="Kiểm tra thường xuyên", lead_agency=scene.other, deadline=None)
    scene.add_task(title="Chờ nghiệm thu", state="submitted", submitted_on=in_days(-3))
    db.session.add(TaskExtension(task_id=scene.task.id, agency_id=scene.lead.id,
                                 requested_by_id=scene.lead_member.id,
                                 requested_deadline=in_days(20), previous_deadline=in_days(-5),
                                 reason="Chờ thẩm định", status="pending"))
    db.session.flush()


def test_counts_and_ranking_are_the_sites(api, scene):
    _scene_with_figures(scene)
    response = api(scene.viewer).get(f"committees/{scene.committee.id}/dashboard")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["as_of"] == today().isoformat() and body["committee_id"] == scene.committee.id
    assert body["counts"] == category_counts(scene.committee.id)
    assert body["counts"] == {"done_on_time": 1, "done_late": 1, "in_progress": 1,
                              "due_soon": 1, "overdue": 1, "standing": 1, "cancelled": 0,
                              "in_time": 2}
    scores = agency_scorecard(scene.committee.id)
    assert [(a["agency"]["id"], a["rank"], a["on_time_rate"], a["assigned"])
            for a in body["agencies"]] == [
        (s.agency.id, s.rank, s.on_time_rate, s.assigned) for s in scores]
    lead = body["agencies"][0]
    assert lead["agency"]["short_name"] == "UBND Cao Lộc" and lead["rank"] == 1
    assert lead["on_time_rate"] == 0.5 and lead["overdue"] == 1 and lead["assigned"] == 3
    assert [a["on_time_rate"] for a in body["agencies"]] == [0.5, 0.0, None]
    assert body["overdue"] == [{"agency": {"id": scene.lead.id, "name": scene.lead.name,
                                           "short_name": "UBND Cao Lộc"},
                                "tasks": [{"id": scene.task.id, "title": scene.task.title,
                                           "deadline": in_days(-5).isoformat(),
                                           "days_late": 5}]}]
    [pending] = body["pending_completions"]
    assert pending["title"] == "Chờ nghiệm thu" and pending["days_waiting"] == 3
    [extension] = body["pending_extensions"]
    assert extension["task_id"] == scene.task.id
    assert extension["requested_deadline"] == in_days(20).isoformat()


def test_an_empty_committee_has_zeros(api, scene):
    scene.task.state = "cancelled"
    db.session.flush()
    body = api(scene.chair).get(f"committees/{scene.committee.id}/dashboard").get_json()
    assert body["counts"]["cancelled"] == 1 and body["counts"]["overdue"] == 0
    assert body["agencies"][0]["on_time_rate"] is None and body["overdue"] == []


def test_only_the_committees_people_see_it(api, scene):
    assert api(scene.outsider).get(f"committees/{scene.committee.id}/dashboard"
                                   ).status_code == 404
    assert api(scene.chair).get("committees/2147483647/dashboard").status_code == 404
    assert api(scene.chair).get("committees/0/dashboard").status_code == 404
    assert api(scene.chair).post(f"committees/{scene.committee.id}/dashboard"
                                 ).status_code == 405
