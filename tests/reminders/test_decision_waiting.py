"""A decision left waiting: after the committee's number of working days the people who may
take it are reminded, once, through the outbox and the daily digest (issue 13)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from tests.reminders.builders import ladder
from tracker.extensions import db
from tracker.reminders.models import Holiday, Reminder
from tracker.reminders.policy import policy_for
from tracker.reminders.sending import send_pending_digests
from tracker.reminders.sweep import decision_cutoff, sweep_reminders
from tracker.reminders.transport import SmtpTransport
from tracker.tasks import services
from tracker.tasks.extensions import services as extensions

MONDAY = date(2026, 11, 23)


def at(day: date) -> datetime:
    """08:00 in Hà Nội on ``day``."""
    return datetime(day.year, day.month, day.day, 1, 0, tzinfo=UTC)


def waiting(kind: str) -> set[tuple]:
    return set(db.session.execute(
        select(Reminder.recipient_email, Reminder.level, Reminder.due_on)
        .where(Reminder.kind == kind)).all())


def _reported_on_monday(org):
    task = org.task(30)
    services.submit_completion(task, actor=org.assignee, now=at(MONDAY))
    assert task.submitted_on == MONDAY
    return task


def test_the_cutoff_counts_working_days_and_skips_days_off():
    assert decision_cutoff(date(2026, 11, 26), 3, frozenset()) == MONDAY  # Thursday
    assert decision_cutoff(date(2026, 11, 25), 3, frozenset()) == date(2026, 11, 20)
    assert decision_cutoff(date(2026, 11, 30), 1, frozenset()) == date(2026, 11, 27)  # Mon→Fri
    assert decision_cutoff(date(2026, 11, 28), 3, frozenset()) is None  # a Saturday
    holiday = frozenset({date(2026, 11, 24)})
    assert decision_cutoff(date(2026, 11, 27), 3, holiday) == MONDAY


def test_a_completion_waiting_three_working_days_reminds_those_who_may_accept_it_once():
    org = ladder()
    task = _reported_on_monday(org)
    sweep_reminders(at(date(2026, 11, 25)))  # Wednesday: two working days
    assert waiting("review_waiting") == set()

    sweep_reminders(at(date(2026, 11, 26)))  # Thursday: three
    assert waiting("review_waiting") == {(org.secretary.email, 2, MONDAY),
                                         (org.chair.email, 3, MONDAY),
                                         (org.vice_chair.email, 3, MONDAY)}
    assert db.session.scalar(select(Reminder.task_id).where(
        Reminder.kind == "review_waiting").limit(1)) == task.id

    # Never twice: later sweeps, the same day and the next ones, write nothing more.
    for day in (date(2026, 11, 26), date(2026, 11, 27), date(2026, 11, 30)):
        assert sweep_reminders(at(day)).rows_written == 0
    assert db.session.scalar(select(func.count(Reminder.id))) == 3


def test_a_decided_completion_reminds_nobody_and_a_new_report_waits_afresh():
    org = ladder()
    task = _reported_on_monday(org)
    services.return_completion(task, "Thiếu biên bản.", actor=org.chair)
    sweep_reminders(at(date(2026, 11, 26)))
    assert waiting("review_waiting") == set()
    services.submit_completion(task, actor=org.assignee, now=at(date(2026, 11, 26)))
    sweep_reminders(at(date(2026, 12, 1)))  # Thursday → Tuesday: three working days
    assert {row[2] for row in waiting("review_waiting")} == {date(2026, 11, 26)}


def test_an_extension_request_waiting_reminds_the_chair_and_vice_chairs_only():
    org = ladder()
    task = org.task(30)
    request = extensions.request_extension(task, actor=org.assignee,
                                           requested_deadline=task.deadline + timedelta(days=30),
                                           reason="Chờ kinh phí.")
    request.created_at = at(MONDAY)
    db.session.flush()
    sweep_reminders(at(date(2026, 11, 26)))
    assert waiting("extension_waiting") == {(org.chair.email, 3, MONDAY),
                                            (org.vice_chair.email, 3, MONDAY)}
    assert sweep_reminders(at(date(2026, 11, 27))).rows_written == 0  # never twice


def test_the_committee_sets_the_working_days_and_holidays_do_not_count():
    org = ladder()
    policy_for(org.committee).decision_waiting_days = 1
    _reported_on_monday(org)
    sweep_reminders(at(date(2026, 11, 24)))  # Tuesday: one working day
    assert len(waiting("review_waiting")) == 3

    other = ladder()
    db.session.add(Holiday(on=date(2026, 11, 24), name="Nghỉ bù"))
    db.session.flush()
    _reported_on_monday(other)
    before = len(waiting("review_waiting"))
    sweep_reminders(at(date(2026, 11, 26)))  # Thursday: Tuesday was a day off
    assert len(waiting("review_waiting")) == before
    sweep_reminders(at(date(2026, 11, 27)))
    assert len(waiting("review_waiting")) == before + 3


def test_the_chair_gets_it_by_mail_saying_what_to_do(smtp_server):
    org = ladder()
    org.chair.language = "en"
    task = _reported_on_monday(org)
    db.session.commit()
    thursday = at(date(2026, 11, 26))
    sweep_reminders(thursday)
    send_pending_digests("w1", thursday, transport=SmtpTransport(smtp_server.url, timeout=5))
    mail = smtp_server.by_recipient()[org.chair.email][0]
    text = mail.text.replace("\r\n", "\n")
    assert f"- {task.title}\n" in text
    assert "reported done, waiting for your decision: accept or return it" in text
    assert f"/tasks/{task.id}\n" in text
    assert "accept or return it" in mail.html


def test_each_digest_item_says_whose_it_is_how_far_along_and_what_to_do(smtp_server):
    """Issue 13: lead agency, progress, days late and an action line, in each reader's
    language: the agency is asked to report, the secretary to urge it, and a task waiting
    for review asks the decider to review it while its agency only waits."""
    org = ladder()
    org.lead.short_name = "UBND Cao Lộc"
    org.secretary.language = "en"
    policy_for(org.committee).escalate_after_days = 1
    # Eight days late: the weekly overdue reminder, to every rung reached (escalation: 1 day).
    late = org.task(-8, title="Tu bổ di tích Đền Mẫu", progress=40)
    reported = org.task(-8, title="Hồ sơ UNESCO", progress=90)
    services.submit_completion(reported, actor=org.assignee, now=at(date(2026, 11, 20)))
    db.session.commit()
    sunday = at(date(2026, 11, 22))
    sweep_reminders(sunday)
    send_pending_digests("w1", sunday, transport=SmtpTransport(smtp_server.url, timeout=5))
    mails = smtp_server.by_recipient()

    member = mails[org.assignee.email][0].text.replace("\r\n", "\n")  # Vietnamese
    assert f"- {late.title}\n  UBND Cao Lộc · 40 % · " in member
    assert "14/11/2026" in member and "quá hạn 8 ngày" in member
    assert "\n  Cần: báo cáo tiến độ\n" in member
    assert "\n  Không cần xử lý: báo cáo hoàn thành đang được xem xét\n" in member

    secretary = mails[org.secretary.email][0]
    text = secretary.text.replace("\r\n", "\n")
    assert f"- {late.title}\n  UBND Cao Lộc · 40 % · Deadline: 14 Nov 2026 — 8 days late\n" \
           "  Action: urge the lead agency to report\n" in text
    assert "  Action: review the completion report, accept or return it\n" in text
    assert "<strong>Action: urge the lead agency to report</strong>" in secretary.html
