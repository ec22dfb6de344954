"""A person taken off a committee no longer reads its titles, comments and excerpts in the
bell, on the notifications page or in the daily e-mail (issue #10)."""

from __future__ import annotations

from tests.factories import UserFactory
from tests.tasks.scenes import lang_son_scene
from tracker.committees import services as committee_services
from tracker.extensions import db
from tracker.notifications import queries
from tracker.notifications.services import notify

EXCERPT = "Đề nghị Công an tỉnh báo cáo tình hình an ninh khu du lịch Mẫu Sơn."


def _mentioned(scene):
    note = notify(scene.coordinating_member, "mentioned", scene.task, actor=scene.chair,
                  payload={"excerpt": EXCERPT})
    returned = notify(scene.coordinating_member, "returned", scene.task, actor=scene.chair,
                      payload={"comment": "Thiếu số liệu quý III"})
    summary = notify(scene.coordinating_member, "summary_ready", summary_id=7,
                     payload={"committee_id": scene.committee.id})
    return note, returned, summary


def test_removed_from_the_committee_the_bell_and_the_page_forget_its_notifications(login):
    scene = lang_son_scene()
    _note, _returned, summary = _mentioned(scene)
    person = scene.coordinating_member
    assert queries.unread_count(person) == 3
    committee_services.remove_committee_role(scene.committee, person)
    db.session.flush()
    assert queries.unread_count(person) == 1  # only the one about no task
    listed = db.session.scalars(queries.notifications_of(person)).all()
    assert listed == [summary]
    page = login(person).get("/notifications").get_data(as_text=True)
    assert EXCERPT not in page and "Thiếu số liệu quý III" not in page
    assert scene.task.title not in page


def test_removed_from_the_committee_no_mail_of_its_notifications():
    scene = lang_son_scene()
    scene.coordinating_member.notification_email_kinds = ["mentioned", "returned"]
    note, returned, _summary = _mentioned(scene)
    person = scene.coordinating_member
    assert queries.notifications_to_mail()[person.id][2] == [note.id, returned.id]
    committee_services.remove_committee_role(scene.committee, person)
    db.session.flush()
    assert person.id not in queries.notifications_to_mail()


def test_the_role_given_back_brings_them_back_and_admins_always_see_theirs():
    scene = lang_son_scene()
    _mentioned(scene)
    person = scene.coordinating_member
    committee_services.remove_committee_role(scene.committee, person)
    committee_services.set_committee_role(scene.committee, person, "member")
    assert queries.unread_count(person) == 3
    admin = UserFactory(is_admin=True, agency=None)
    notify(admin, "mentioned", scene.task, actor=scene.chair, payload={"excerpt": EXCERPT})
    assert queries.unread_count(admin) == 1
