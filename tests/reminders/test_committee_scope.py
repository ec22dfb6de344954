"""Mail never tells more than the site shows (issue #10): a person taken off a committee
stops receiving its reminders, and an agency that no longer sits on it stops too."""

from __future__ import annotations

from tests.reminders.builders import NOW, ladder
from tests.reminders.test_coordinator_recipients import coordinator
from tests.reminders.test_sweep import addresses
from tracker.committees import services as committee_services
from tracker.extensions import db
from tracker.reminders.models import MailDigest
from tracker.reminders.sweep import sweep_reminders


def test_an_assignee_whose_role_is_removed_gets_no_more_digests_of_the_committee():
    org = ladder()
    soon, late = org.task(7), org.task(-1)
    committee_services.remove_committee_role(org.committee, org.assignee)
    sweep_reminders(NOW)
    for task, kind in ((soon, "due_before"), (late, "overdue")):
        got = addresses(task, kind)
        assert org.assignee.email not in got
        assert org.lead.email.lower() in got  # the agency still sits on the committee
    assert db.session.scalar(db.select(MailDigest).where(
        MailDigest.recipient_email == org.assignee.email)) is None


def test_an_assignee_with_a_role_still_gets_them():
    org = ladder()
    task = org.task(7)
    sweep_reminders(NOW)
    assert org.assignee.email in addresses(task, "due_before")


def test_agencies_no_longer_on_the_committee_get_nothing_of_it():
    org = ladder()
    police = coordinator(org, "scope")
    task = org.task(-8, coordinating_agencies=[police])  # overdue, head already escalated
    # Taken off through the committee's member list (which does not ask about open tasks).
    org.committee.member_agencies = [org.committee.standing_agency]
    db.session.flush()
    sweep_reminders(NOW)
    got = addresses(task)
    assert org.lead.email.lower() not in got
    assert org.lead.head_email not in got
    assert police.email.lower() not in got
    assert org.assignee.email in got  # the person still holds a role


def test_a_digest_filled_before_the_role_was_removed_tells_nothing_of_the_committee(
        smtp_server):
    from tests.reminders.test_notification_mail import _scene, _send
    from tracker.notifications.services import notify

    org, user, task = _scene()
    notify(user, "returned", task=task, actor=org.secretary,
           payload={"comment": "Thiếu biên bản nghiệm thu hạng mục Mẫu Sơn"})
    db.session.commit()
    assert sweep_reminders(NOW).notifications_attached == 1
    committee_services.remove_committee_role(org.committee, user)  # before the mail goes
    db.session.commit()
    _send(smtp_server)
    for mail in smtp_server.messages():
        assert "Thiếu biên bản nghiệm thu" not in mail.text + mail.html
        assert task.title not in mail.text + mail.html
