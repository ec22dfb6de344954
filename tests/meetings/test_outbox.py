"""The invitation through a real SMTP server: one mail per address, in its language, never
twice, a temporary failure retried."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tracker.clock import utcnow
from tracker.extensions import db
from tracker.meetings import services
from tracker.meetings.models import MeetingInvitation
from tracker.meetings.sending import message_id_for, send_pending_invitations
from tracker.reminders.transport import SmtpTransport

BASE_URL = "https://nhiemvu.langson.gov.vn"


@pytest.fixture(autouse=True)
def base_url(app, monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", BASE_URL)


def smtp(server):
    return SmtpTransport(server.url, timeout=5.0)


def rows():
    return db.session.scalars(select(MeetingInvitation).order_by(MeetingInvitation.id)
                              .execution_options(populate_existing=True)).all()


def invited(prep):
    w = prep.world
    services.add_agenda_item(prep.meeting, actor=w.secretary,
                             title="Công tác chuẩn bị Lễ hội Hoa Đào Xứ Lạng",
                             presenter_agency_id=w.vhttdl.id, minutes_allotted=30)
    services.send_invitation(prep.meeting, actor=w.secretary)
    return prep


def test_each_invited_address_gets_one_mail_with_the_agenda_and_the_carry_over(
        prep, smtp_server):
    invited(prep)
    now = utcnow()

    result = send_pending_invitations("w1", now, transport=smtp(smtp_server))

    assert result.sent == 5 and len(smtp_server.messages()) == 5
    by_recipient = smtp_server.by_recipient()
    assert all(len(mails) == 1 for mails in by_recipient.values())
    mail = by_recipient["sovhttdl@langson.gov.vn"][0]  # an agency mailbox: Vietnamese
    assert mail.subject == "[Giấy mời] Phiên họp thường kỳ quý IV năm 2026"
    assert mail.raw_subject.isascii()
    for body in (mail.text, mail.html):
        assert "Trân trọng kính mời dự hội nghị" in body
        assert "Trụ sở UBND tỉnh Lạng Sơn" in body
        assert "Kiểm điểm các nhiệm vụ chuyển tiếp" in body
        assert "Công tác chuẩn bị Lễ hội Hoa Đào Xứ Lạng" in body
        assert prep.very_late.title in body and "25 ngày" in body
        assert f"{BASE_URL}/meetings/{prep.meeting.id}" in body
    assert mail.text.index(prep.very_late.title) < mail.text.index(prep.soon.title)
    assert mail.message_id == message_id_for(prep.meeting.id, 1, "sovhttdl@langson.gov.vn")
    english = by_recipient[prep.world.secretary.email][0]  # the secretary reads English
    assert english.subject == "[Invitation] Phiên họp thường kỳ quý IV năm 2026"
    assert "Review of the tasks carried over" in english.text
    assert {r.status for r in rows()} == {"sent"}


def test_a_second_run_sends_nothing_twice(prep, smtp_server):
    invited(prep)
    now = utcnow()
    send_pending_invitations("w1", now, transport=smtp(smtp_server))
    again = send_pending_invitations("w2", now + timedelta(minutes=5),
                                     transport=smtp(smtp_server))
    assert again.claimed == 0
    assert len(smtp_server.messages()) == 5 and smtp_server.duplicates() == {}


def test_a_temporary_failure_is_retried_later_with_the_same_message_id(prep, smtp_server):
    invited(prep)
    now = utcnow()
    smtp_server.fail_next(1)

    first = send_pending_invitations("w1", now, transport=smtp(smtp_server))

    assert first.sent == 4 and first.retried == 1
    waiting = [r for r in rows() if r.status == "pending"]
    assert len(waiting) == 1 and waiting[0].attempts == 1 and waiting[0].last_error
    assert send_pending_invitations("w1", now, transport=smtp(smtp_server)).claimed == 0
    later = send_pending_invitations("w1", now + timedelta(minutes=2),
                                     transport=smtp(smtp_server))
    assert later.sent == 1
    assert {r.status for r in rows()} == {"sent"}
    assert len(smtp_server.messages()) == 5 and smtp_server.duplicates() == {}
    assert waiting[0].message_id in {m.message_id for m in smtp_server.messages()}


def test_a_crash_after_acceptance_resends_only_that_mail_with_the_same_message_id(
        prep, smtp_server):
    invited(prep)
    now = utcnow()

    def crash(row_id):
        raise RuntimeError("worker killed")

    with pytest.raises(RuntimeError):
        send_pending_invitations("w1", now, transport=smtp(smtp_server), after_accept=crash)
    assert len(smtp_server.messages()) == 1
    assert send_pending_invitations("w2", now, transport=smtp(smtp_server)).sent == 4
    # The one in flight waits for its lease to run out, then goes again, recognisably.
    late = send_pending_invitations("w2", now + timedelta(minutes=6),
                                    transport=smtp(smtp_server))
    assert late.sent == 1
    assert list(smtp_server.duplicates().values()) == [2]
    assert {r.status for r in rows()} == {"sent"}


def test_a_refused_address_is_marked_failed_and_not_retried(prep, smtp_server):
    invited(prep)
    smtp_server.reject()
    result = send_pending_invitations("w1", utcnow(), transport=smtp(smtp_server))
    assert result.failed == 5 and {r.status for r in rows()} == {"failed"}
    smtp_server.accept()
    assert send_pending_invitations("w1", utcnow() + timedelta(hours=2),
                                    transport=smtp(smtp_server)).claimed == 0
