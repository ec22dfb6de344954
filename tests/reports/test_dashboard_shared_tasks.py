"""A task on the dashboard twice: late (in its agency's overdue list) and with a request
for a new deadline waiting. Both lists share the one Task object of the session, so the
overdue list must not load it in a way that forbids what the request's row reads (its
committee, for the "four eyes" rule of the decision buttons): that was a 500."""

from __future__ import annotations

from tests.tasks.scenes import in_days, lang_son_scene
from tracker.extensions import db
from tracker.tasks.models import TaskExtension


def test_an_overdue_task_with_a_pending_request_shows_in_both_lists(login):
    scene = lang_son_scene()
    scene.task.deadline = scene.task.original_deadline = in_days(-5)
    db.session.add(TaskExtension(task_id=scene.task.id, agency_id=scene.lead.id,
                                 requested_by_id=scene.lead_member.id,
                                 requested_deadline=in_days(20), previous_deadline=in_days(-5),
                                 reason="Chờ thẩm định hồ sơ", status="pending"))
    db.session.commit()
    page = login(scene.chair).get(f"/committees/{scene.committee.id}/dashboard")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Chờ thẩm định hồ sơ" in html and html.count(scene.task.title) >= 2
