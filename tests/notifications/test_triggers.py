"""Who is told what when a task is assigned, returned or accepted."""

from __future__ import annotations

from sqlalchemy import select

from tests.factories import UserFactory
from tests.tasks.scenes import in_days, lang_son_scene, person
from tracker.extensions import db
from tracker.notifications.models import Notification
from tracker.tasks import services
from tracker.tasks.services import TaskSpec


def kinds_of(user) -> list[tuple[str, int | None]]:
    return [(n.kind, n.task_id) for n in db.session.scalars(
        select(Notification).where(Notification.user_id == user.id).order_by(Notification.id))]


def spec_of(task, **changes) -> TaskSpec:
    fields = dict(title=task.title, lead_agency_id=task.lead_agency_id, deadline=task.deadline,
                  coordinating_agency_ids=[a.id for a in task.coordinating_agencies],
                  assignee_ids=[u.id for u in task.assignees])
    fields.update(changes)
    return TaskSpec(**fields)


def test_assignees_are_told_when_a_task_is_assigned_and_when_added_later():
    scene = lang_son_scene()
    staff = UserFactory(agency=scene.lead, name="Hoàng Văn Tú")
    task = services.assign_task(scene.resolution, TaskSpec(
        title="Xây dựng kế hoạch quảng bá", lead_agency_id=scene.lead.id, deadline=in_days(30),
        assignee_ids=[scene.lead_member.id]), actor=scene.secretary)
    assert kinds_of(scene.lead_member) == [("assigned", task.id)]
    services.update_task(task, spec_of(task, assignee_ids=[scene.lead_member.id, staff.id]),
                         actor=scene.secretary)
    assert kinds_of(staff) == [("assigned", task.id)]
    assert kinds_of(scene.lead_member) == [("assigned", task.id)]  # not told twice


def test_returned_and_accepted_reach_the_lead_agencys_acting_members_only():
    scene = lang_son_scene()
    lead_secretary = person(scene.committee, "secretary", scene.lead)
    lead_viewer = person(scene.committee, "viewer", scene.lead)
    services.submit_completion(scene.task, actor=scene.lead_member)
    services.return_completion(scene.task, "Thiếu biên bản.", actor=scene.chair)
    assert kinds_of(scene.lead_member) == [("returned", scene.task.id)]
    # A secretary may also decide, so the report reached them too (issue 13).
    assert kinds_of(lead_secretary) == [("completion_reported", scene.task.id),
                                        ("returned", scene.task.id)]
    assert kinds_of(lead_viewer) == []
    assert kinds_of(scene.coordinating_member) == []
    notice = db.session.scalars(select(Notification).where(
        Notification.user_id == scene.lead_member.id)).one()
    assert notice.payload == {"comment": "Thiếu biên bản."}
    assert notice.actor_id == scene.chair.id

    services.submit_completion(scene.task, actor=scene.lead_member)
    services.accept_completion(scene.task, actor=scene.chair)
    assert kinds_of(scene.lead_member)[-1] == ("completion_accepted", scene.task.id)


def test_a_reported_completion_reaches_the_people_who_may_accept_it():
    scene = lang_son_scene()
    vice_chair = person(scene.committee, "vice_chair", scene.committee.standing_agency)
    gone = person(scene.committee, "secretary", scene.committee.standing_agency,
                  is_active_account=False)
    services.submit_completion(scene.task, actor=scene.lead_member)
    reported = [("completion_reported", scene.task.id)]
    assert kinds_of(scene.chair) == reported
    assert kinds_of(vice_chair) == reported
    assert kinds_of(scene.secretary) == reported
    for nobody in (gone, scene.lead_member, scene.coordinating_member, scene.viewer,
                   scene.outsider):
        assert kinds_of(nobody) == []


def test_a_secretary_reporting_done_is_not_told_of_their_own_report():
    scene = lang_son_scene()
    lead_secretary = person(scene.committee, "secretary", scene.lead)
    services.submit_completion(scene.task, actor=lead_secretary)
    assert kinds_of(lead_secretary) == []
    assert kinds_of(scene.chair) == [("completion_reported", scene.task.id)]


def test_an_extension_request_reaches_the_chair_and_vice_chairs_who_decide_it():
    from tracker.tasks.extensions import services as extensions

    scene = lang_son_scene()
    vice_chair = person(scene.committee, "vice_chair")
    extensions.request_extension(scene.task, actor=scene.lead_member,
                                 requested_deadline=in_days(40), reason="Chờ kinh phí.")
    asked = [("extension_requested", scene.task.id)]
    assert kinds_of(scene.chair) == asked
    assert kinds_of(vice_chair) == asked
    # Secretaries accept completions but do not decide extensions (the workflow table).
    assert kinds_of(scene.secretary) == []
    assert kinds_of(scene.lead_member) == []
    notice = db.session.scalars(select(Notification).where(
        Notification.user_id == scene.chair.id)).one()
    assert notice.payload == {"requested_deadline": in_days(40).isoformat(),
                              "comment": "Chờ kinh phí."}
    assert notice.actor_id == scene.lead_member.id
