"""Notifications by e-mail: the daily digest carries a user's unread notifications of the
kinds they chose, each once, through a real SMTP server; the exact mails received."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import select

from tests.factories import member_of
from tests.reminders.builders import NOW, ladder
from tracker.clock import utcnow
from tracker.extensions import db
from tracker.notifications.labels import KIND_LABELS
from tracker.notifications.models import Notification
from tracker.notifications.services import mark_read, notify
from tracker.reminders.models import DigestStatus, MailDigest
from tracker.reminders.sending import send_pending_digests
from tracker.reminders.sweep import sweep_reminders
from tracker.reminders.transport import SmtpTransport

BASE_URL = "https://nhiemvu.langson.gov.vn"
TOMORROW = NOW + timedelta(days=1)


def _send(server, now=NOW):
    return send_pending_digests("w1", now, transport=SmtpTransport(server.url, timeout=5))


def _scene(**member):
    """A committee whose member is told about one task that no reminder is due for."""
    org = ladder()
    org.lead.email = None  # no agency mailbox: only the people below get mail
    org.lead.head_email = None
    user = member_of(org.committee, "member", agency=org.lead,
                     email="le.van.minh@langson.gov.vn", name="Lê Văn Minh", **member)
    task = org.task(40, assignees=[user], title="Xây dựng Đề án phát triển du lịch Mẫu Sơn")
    return org, user, task


def _notification(user) -> Notification:
    return db.session.scalar(select(Notification).where(Notification.user_id == user.id)
                             .execution_options(populate_existing=True))


def test_a_user_with_only_notifications_gets_one_digest_listing_them_once(smtp_server, app,
                                                                           monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", BASE_URL)
    org, user, task = _scene()
    notify(user, "assigned", task=task, actor=org.secretary)  # a default e-mail kind
    db.session.commit()

    sweep = sweep_reminders(NOW)
    assert (sweep.rows_written, sweep.notifications_attached) == (0, 1)
    assert _send(smtp_server).sent == 1

    [mail] = smtp_server.messages()
    assert mail.to == user.email
    with force_locale("vi"):
        news = ngettext("%(num)d new notification", "%(num)d new notifications", 1)
        subject = _("[Notifications] %(news)s — %(day)s", news=news, day="22/11/2026")
        label = str(KIND_LABELS["assigned"])
        intro = ngettext("You have %(num)d new notification:",
                         "You have %(num)d new notifications:", 1)
        heading = _("Notifications")
        by = _("by %(name)s", name=org.secretary.name)
    assert mail.subject == subject and mail.raw_subject.isascii()
    text, html = mail.text.replace("\r\n", "\n"), mail.html
    assert f"{intro}\n\n== {heading} ==\n\n- {label}: {task.title}\n" in text
    assert f"\n  {BASE_URL}/tasks/{task.id}\n" in text and by in text
    assert f'<a href="{BASE_URL}/tasks/{task.id}">{label}: {task.title}</a>' in html
    assert "tasks you follow" not in text and "<table>" not in html  # no reminder section
    assert _notification(user).digest_id == db.session.scalar(
        select(MailDigest.id).where(MailDigest.recipient_email == user.email))

    # Mailed at most once: another sweep and send today, and tomorrow, send nothing more.
    assert sweep_reminders(NOW + timedelta(hours=1)).notifications_attached == 0
    assert _send(smtp_server, NOW + timedelta(hours=1)).claimed == 0
    assert sweep_reminders(TOMORROW).digests_created == 0
    assert _send(smtp_server, TOMORROW).claimed == 0
    assert len(smtp_server.messages()) == 1


def test_notifications_join_the_days_reminder_digest_in_the_users_language(smtp_server, app,
                                                                           monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", BASE_URL)
    org, user, task = _scene(language="en", notification_email_kinds=["mentioned"])
    due = org.task(7, assignees=[user], title="Báo cáo sơ kết 6 tháng")  # reminded today
    notify(user, "mentioned", task=task, actor=org.chair,
           payload={"comment_id": 1, "excerpt": "@le.van.minh please send the\ndraft"})
    notify(user, "assigned", task=task, actor=org.chair)  # not a kind they chose
    db.session.commit()

    sweep_reminders(NOW)
    assert _send(smtp_server).sent == 1

    [mail] = smtp_server.by_recipient()[user.email]
    assert len(smtp_server.messages()) == 1
    assert mail.subject == "[Reminder] 1 task needs attention, 1 new notification — 22 Nov 2026"
    text, html = mail.text.replace("\r\n", "\n"), mail.html
    assert f"- {due.title}\n" in text and f"{BASE_URL}/tasks/{due.id}\n" in text
    assert (f"You have 1 new notification:\n\n== Notifications ==\n\n"
            f"- Mentioned in a comment: {task.title}\n"
            f"  @le.van.minh please send the draft\n") in text
    assert f"  {BASE_URL}/tasks/{task.id}#comments\n" in text
    assert "Assigned to you" not in text
    assert f'href="{BASE_URL}/tasks/{task.id}#comments"' in html
    assert "You can choose which notifications also come by e-mail" in text


def test_no_chosen_kind_no_mail_and_nothing_extra_in_a_reminder_digest(smtp_server):
    org, user, task = _scene(notification_email_kinds=[])
    reminded = member_of(org.committee, "member", agency=org.lead,
                         email="hoang.thi.lan@langson.gov.vn")
    org.task(7, assignees=[reminded])
    notify(user, "assigned", task=task, actor=org.secretary)
    notify(reminded, "mentioned", task=task, actor=org.secretary)  # not a default kind
    db.session.commit()

    sweep = sweep_reminders(NOW)
    assert sweep.notifications_attached == 0
    assert _send(smtp_server).sent == 1
    [mail] = smtp_server.messages()
    assert mail.to == reminded.email
    with force_locale("vi"):
        heading = _("Notifications")
    assert f"== {heading} ==" not in mail.text and f"<h2>{heading}</h2>" not in mail.html
    assert _notification(user).digest_id is None


def test_a_notification_read_before_the_digest_goes_is_not_mailed(smtp_server):
    org, user, task = _scene()
    notification = notify(user, "assigned", task=task, actor=org.secretary)
    db.session.commit()
    sweep_reminders(NOW)
    mark_read(notification, user=user)
    db.session.commit()

    result = _send(smtp_server)
    assert (result.sent, result.skipped) == (0, 1)  # nothing left in it: never an empty mail
    assert smtp_server.messages() == []


def test_a_notification_after_the_days_digest_went_waits_for_the_next_one(smtp_server):
    org, user, task = _scene()
    notify(user, "assigned", task=task, actor=org.secretary)
    db.session.commit()
    sweep_reminders(NOW)
    _send(smtp_server)
    returned = notify(user, "returned", task=task, actor=org.chair,
                      payload={"comment": "Bổ sung số liệu quý IV"})
    returned.created_at = utcnow()
    db.session.commit()

    assert sweep_reminders(NOW + timedelta(hours=2)).notifications_attached == 0  # sent today
    assert _send(smtp_server, NOW + timedelta(hours=2)).claimed == 0
    assert sweep_reminders(TOMORROW).notifications_attached == 1
    assert _send(smtp_server, TOMORROW).sent == 1

    first, second = smtp_server.messages()
    with force_locale("vi"):
        returned_label = str(KIND_LABELS["returned"])
        comment = f'{_("Comment:")} Bổ sung số liệu quý IV'
    assert returned_label not in first.text
    assert f"- {returned_label}: {task.title}\n  {comment}\n" in second.text.replace("\r\n", "\n")
    assert second.text.count(task.title) == 1  # the first notification is not mailed again
    assert db.session.scalars(select(MailDigest.status)).all() == [DigestStatus.SENT] * 2
