"""The bell: the unread count, reading notifications, summary ready, the e-mail choice."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tests.factories import UserFactory
from tests.tasks.scenes import lang_son_scene
from tracker.extensions import db
from tracker.notifications.models import Notification
from tracker.notifications.services import notify
from tracker.summaries.models import Summary


def test_summary_ready_tells_whoever_asked(app):
    scene = lang_son_scene()
    summary = Summary(committee=scene.committee, period_kind="month",
                      starts_on=date(2026, 10, 15), ends_on=date(2026, 11, 14),
                      status="pending", requested_by=scene.secretary)
    db.session.add(summary)
    db.session.flush()
    from tracker.summaries.services import _notify_ready

    _notify_ready(summary)
    [notice] = db.session.scalars(select(Notification).where(
        Notification.user_id == scene.secretary.id)).all()
    assert (notice.kind, notice.summary_id) == ("summary_ready", summary.id)


def test_nobody_is_told_of_their_own_action_and_inactive_accounts_get_nothing():
    scene = lang_son_scene()
    assert notify(scene.chair, "mentioned", scene.task, actor=scene.chair) is None
    gone = UserFactory(is_active_account=False)
    assert notify(gone, "assigned", scene.task) is None


def test_bell_counts_unread_and_the_page_marks_them_read(login):
    scene = lang_son_scene()
    first = notify(scene.lead_member, "mentioned", scene.task, actor=scene.chair,
                   payload={"excerpt": "Đề nghị báo cáo sớm."})
    notify(scene.lead_member, "returned", scene.task, actor=scene.chair)
    browser = login(scene.lead_member)
    home = browser.get("/my-agency").get_data(as_text=True)
    assert "2 unread" in home

    page = browser.get("/notifications").get_data(as_text=True)
    assert "Mentioned in a comment" in page and "Completion returned" in page
    assert scene.task.title in page and f"/tasks/{scene.task.id}" in page
    assert "Đề nghị báo cáo sớm." in page

    response = browser.post(f"/notifications/{first.id}/read", {"next": "/notifications"},
                            form_url="/notifications")
    assert response.status_code == 302
    assert first.read_at is not None
    assert "1 unread" in browser.get("/my-agency").get_data(as_text=True)

    browser.post("/notifications/read-all", {}, form_url="/notifications")
    assert "unread" not in browser.get("/my-agency").get_data(as_text=True).split("<main")[0]
    assert "You have no unread notifications." in browser.get(
        "/notifications?unread=1").get_data(as_text=True)


def test_someone_elses_notification_cannot_be_marked_read(login):
    scene = lang_son_scene()
    notice = notify(scene.lead_member, "assigned", scene.task, actor=scene.chair)
    browser = login(scene.coordinating_member)
    response = browser.post(f"/notifications/{notice.id}/read", {}, form_url="/notifications")
    assert response.status_code == 404
    assert notice.read_at is None
    assert scene.task.title not in browser.get("/notifications").get_data(as_text=True)
    assert browser.post("/notifications/999999/read", {},
                        form_url="/notifications").status_code == 404


def test_each_user_chooses_which_notifications_come_by_email(login):
    # The daily digest carries the chosen kinds (tests/reminders/test_notification_mail.py).
    scene = lang_son_scene()
    browser = login(scene.lead_member)
    profile = browser.get("/profile").get_data(as_text=True)
    assert 'name="kinds" value="assigned" checked' in profile  # the defaults
    assert 'name="kinds" value="mentioned">' in profile
    response = browser.post("/notifications/email", {"kinds": ["mentioned", "summary_ready"]},
                            form_url="/profile")
    assert response.status_code == 302
    assert scene.lead_member.notification_email_kinds == ["mentioned", "summary_ready"]
    browser.post("/notifications/email", {"kinds": ["nonsense"]}, form_url="/profile")
    assert scene.lead_member.notification_email_kinds == ["mentioned", "summary_ready"]
    browser.post("/notifications/email", {}, form_url="/profile")
    assert scene.lead_member.notification_email_kinds == []
