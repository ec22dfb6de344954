"""The weekly summary by beat, through a real SMTP server: the exact mail, once per week."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from tests.factories import UserFactory, member_of
from tracker.extensions import db
from tracker.reminders.policy import policy_for
from tracker.reminders.transport import SmtpTransport
from tracker.reports.queries import category_counts
from tracker.summaries.models import Summary, WeeklyMailStatus, WeeklySummaryMail
from tracker.summaries.weekly import message_id_for, send_weekly_summaries

BASE_URL = "https://nhiemvu.langson.gov.vn"
MONDAY = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)  # 07:00 in Hà Nội: the beat's hour
LAST_WEEK = date(2026, 11, 16)  # Monday 16 – Sunday 22 November


@pytest.fixture(autouse=True)
def base_url(app, monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", BASE_URL)


def smtp(server):
    return SmtpTransport(server.url, timeout=5.0)


def _mail_row(committee) -> WeeklySummaryMail:
    return db.session.scalar(select(WeeklySummaryMail).where(
        WeeklySummaryMail.committee_id == committee.id)
        .execution_options(populate_existing=True))


def test_monday_mails_last_weeks_summary_to_the_chair_and_the_standing_agency(
        scene, smtp_server):
    result = send_weekly_summaries(MONDAY, transport=smtp(smtp_server))

    assert (result.sent, result.retried, result.failed) == (1, 0, 0)
    [mail] = smtp_server.messages()
    chair, secretary = scene.chair.email.lower(), scene.secretary.email.lower()
    mailbox = scene.culture.email.lower()
    assert mail.rcpt_tos == [chair, mailbox, secretary]
    assert scene.viewer.email.lower() not in mail.to
    summary = db.session.scalar(select(Summary).where(Summary.committee_id == scene.committee.id))
    assert (summary.period_kind, summary.starts_on, summary.ends_on) == (
        "week", LAST_WEEK, date(2026, 11, 22))
    with force_locale("vi"):
        subject = _("[Weekly summary] %(committee)s, %(period)s",
                    committee="Ban Chỉ đạo Phát triển du lịch tỉnh Lạng Sơn",
                    period=_("week %(week)d/%(year)d", week=47, year=2026))
    assert mail.subject == subject
    assert mail.raw_subject.isascii() and "=?utf-8?" in mail.raw_subject.lower()
    assert mail.message_id == message_id_for(scene.committee.id, LAST_WEEK)
    assert mail.message_id.endswith("@nhiemvu.langson.gov.vn>")
    # The figures in the body are the dashboard's at the beat's instant.
    counts = category_counts(scene.committee.id, MONDAY)
    text, html = mail.text, mail.html
    assert f"Đang thực hiện quá hạn: {counts['overdue']}" in text
    assert f"Hoàn thành đúng hạn: {counts['done_on_time']}" in text
    # On time: 2 of the 5 rated (2 on time, 1 late, 2 overdue), by the scorecard's rule.
    assert "40,0%" in text and "40,0%" in html
    assert "Công an tỉnh Lạng Sơn" in text and "Công an tỉnh Lạng Sơn" in html
    for fmt in ("xlsx", "docx"):
        assert f"{BASE_URL}/summaries/{summary.id}/download/{fmt}" in text
        assert f'href="{BASE_URL}/summaries/{summary.id}/download/{fmt}"' in html
    for part in (mail.part("plain"), mail.part("html")):
        assert part.get_content_charset() == "utf-8"
    [attachment] = list(mail.message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == f"bao-cao-{summary.id}-20261116-20261122.pdf"
    assert attachment.get_content().startswith(b"%PDF")
    row = _mail_row(scene.committee)
    assert (row.status, row.sent_at, row.summary_id) == (WeeklyMailStatus.SENT, MONDAY,
                                                          summary.id)


def test_running_twice_or_later_in_the_week_sends_once(scene, smtp_server):
    transport = smtp(smtp_server)
    send_weekly_summaries(MONDAY, transport=transport)
    again = send_weekly_summaries(MONDAY, transport=transport)
    later = send_weekly_summaries(MONDAY + timedelta(days=2), transport=transport)

    assert (again.sent, later.sent) == (0, 0)
    assert len(smtp_server.messages()) == 1 and smtp_server.attempts == 1
    assert db.session.scalar(select(func.count(Summary.id))) == 1  # not compiled again
    # The next Monday is another week: one more mail.
    send_weekly_summaries(MONDAY + timedelta(days=7), transport=transport)
    assert [m.message_id for m in smtp_server.messages()] == [
        message_id_for(scene.committee.id, LAST_WEEK),
        message_id_for(scene.committee.id, LAST_WEEK + timedelta(days=7))]


def test_a_temporary_failure_is_sent_by_the_next_run_and_a_550_fails(scene, smtp_server):
    transport = smtp(smtp_server)
    smtp_server.fail_next(1)
    assert send_weekly_summaries(MONDAY, transport=transport).retried == 1
    row = _mail_row(scene.committee)
    assert (row.status, row.attempts) == (WeeklyMailStatus.PENDING, 1)
    assert row.last_error.startswith("451") and not smtp_server.messages()

    assert send_weekly_summaries(MONDAY + timedelta(hours=1), transport=transport).sent == 1
    assert len(smtp_server.messages()) == 1 and smtp_server.attempts == 2

    smtp_server.reject()
    next_week = MONDAY + timedelta(days=7)
    assert send_weekly_summaries(next_week, transport=transport).failed == 1
    assert send_weekly_summaries(next_week, transport=transport).failed == 0
    assert smtp_server.attempts == 3 and len(smtp_server.messages()) == 1


def test_a_committee_that_switched_it_off_gets_nothing(scene, smtp_server):
    policy_for(scene.committee).weekly_summary = False
    db.session.flush()
    result = send_weekly_summaries(MONDAY, transport=smtp(smtp_server))
    assert (result.sent, result.skipped) == (0, 0)
    assert not smtp_server.messages() and Summary.query.count() == 0


def test_users_who_switched_optional_mail_off_are_left_out(scene, smtp_server):
    scene.secretary.mail_optional = False
    second_chair = member_of(scene.committee, "chair", scene.police, name="Hoàng Văn Nam")
    UserFactory(email="inactive@langson.gov.vn", is_active_account=False)
    db.session.flush()
    send_weekly_summaries(MONDAY, transport=smtp(smtp_server))
    [mail] = smtp_server.messages()
    assert mail.rcpt_tos == [scene.chair.email.lower(), second_chair.email.lower(),
                             scene.culture.email.lower()]


def test_a_name_stored_with_a_line_break_still_gets_its_mail_on_one_subject_line(
        scene, smtp_server):
    """Names are refused with control characters now; one stored before must not stop the
    committee's weekly mail (it failed silently on the header)."""
    scene.committee.name = "Ban Chỉ đạo Phát triển\r\ndu lịch\ttỉnh Lạng Sơn"
    db.session.flush()
    result = send_weekly_summaries(MONDAY, transport=smtp(smtp_server))
    assert (result.sent, result.failed) == (1, 0)
    [mail] = smtp_server.messages()
    assert "Ban Chỉ đạo Phát triển du lịch tỉnh Lạng Sơn" in mail.subject
    assert "\n" not in mail.subject and "\r" not in mail.subject
