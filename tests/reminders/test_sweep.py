"""The sweep writes each reminder once, to the right people, on the right local day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import delete, func, select

from tests.factories import (
    AgencyFactory,
    CommitteeRoleFactory,
    TaskFactory,
    UserFactory,
    member_of,
)
from tests.reminders.builders import NOW, ladder
from tracker.extensions import db
from tracker.reminders.holidays import seed_holidays
from tracker.reminders.models import DigestStatus, MailDigest, Reminder
from tracker.reminders.policy import policy_for
from tracker.reminders.sweep import sweep_reminders
from tracker.tasks.models import Task


def sent_to(task=None, kind=None) -> set[tuple]:
    """{(recipient, kind, level, due_on)} written for a task (or all)."""
    query = select(Reminder.recipient_email, Reminder.kind, Reminder.level, Reminder.due_on)
    if task is not None:
        query = query.where(Reminder.task_id == task.id)
    if kind is not None:
        query = query.where(Reminder.kind == kind)
    return set(db.session.execute(query).all())


def addresses(task, kind=None) -> set[str]:
    return {row[0] for row in sent_to(task, kind)}


def test_due_in_seven_days_reaches_the_assignee_and_the_agency_mailbox_once():
    org = ladder()
    task = org.task(7)
    result = sweep_reminders(NOW)
    today = org.today
    assert sent_to(task) == {
        (org.assignee.email, "due_before", 0, today),
        (org.lead.email.lower(), "due_before", 0, today),  # stored lower-cased
    }
    assert (result.rows_written, result.digests_created, result.items_attached) == (2, 2, 2)

    again = sweep_reminders(NOW)
    assert (again.rows_written, again.digests_created, again.items_attached) == (0, 0, 0)
    assert db.session.scalar(select(func.count(Reminder.id))) == 2


def test_one_day_before_and_on_the_day_but_not_on_other_days():
    org = ladder()
    tomorrow, today, in_three_days = org.task(1), org.task(0), org.task(3)
    sweep_reminders(NOW)
    assert addresses(tomorrow, "due_before") == {org.assignee.email, org.lead.email.lower()}
    assert addresses(today, "due_today") == {org.assignee.email, org.lead.email.lower()}
    assert sent_to(in_three_days) == set()


def test_overdue_tasks_climb_the_escalation_ladder():
    org = ladder()
    head, secretary = org.lead.head_email, org.secretary.email
    chair, vice = org.chair.email, org.vice_chair.email
    level0 = {org.assignee.email, org.lead.email.lower()}
    late = {days: org.task(-days) for days in (1, 7, 8, 14, 15, 21, 22, 23)}
    sweep_reminders(NOW)

    assert addresses(late[1], "overdue") == level0
    assert addresses(late[7], "escalated") == {head} and not addresses(late[7], "overdue")
    assert addresses(late[8], "overdue") == level0 | {head}
    assert addresses(late[14], "escalated") == {secretary}
    assert addresses(late[15], "overdue") == level0 | {head, secretary}
    assert addresses(late[21], "escalated") == {chair, vice}
    assert addresses(late[22], "overdue") == level0 | {head, secretary, chair, vice}
    assert sent_to(late[23]) == set()  # between two weekly reminders
    levels = {r[0]: r[2] for r in sent_to(late[22])}
    assert levels[head] == 1 and levels[secretary] == 2 and levels[chair] == 3


def test_someone_on_two_rungs_gets_one_reminder_at_the_nearer_one():
    org = ladder()
    task = org.task(-22, assignees=[org.assignee, org.secretary])
    sweep_reminders(NOW)
    rows = [r for r in sent_to(task) if r[0] == org.secretary.email]
    assert rows == [(org.secretary.email, "overdue", 0, org.today)]


def test_optional_mail_switched_off_keeps_the_overdue_ones():
    org = ladder()
    org.assignee.mail_optional = False
    soon, late = org.task(7), org.task(-1)
    sweep_reminders(NOW)
    assert org.assignee.email not in addresses(soon)
    assert org.assignee.email in addresses(late, "overdue")


def test_agency_mailbox_that_is_a_users_login_follows_that_users_choice():
    org = ladder()
    UserFactory(email=org.lead.email.lower(), agency=org.lead, mail_optional=False,
                language="en")
    soon, late = org.task(7), org.task(-1)
    sweep_reminders(NOW)
    assert addresses(soon) == {org.assignee.email}
    assert org.lead.email.lower() in addresses(late)
    digest = db.session.scalar(select(MailDigest).where(
        MailDigest.recipient_email == org.lead.email.lower()))
    assert digest.language == "en"


def test_finished_cancelled_and_submitted_tasks():
    org = ladder()
    done = org.task(7, state="done", completed_on=NOW.date())
    cancelled = org.task(-1, state="cancelled", cancel_reason="Dừng theo kết luận")
    submitted_soon, submitted_late = org.task(7, state="submitted"), org.task(-1, state="submitted")
    sweep_reminders(NOW)
    assert sent_to(done) == sent_to(cancelled) == sent_to(submitted_soon) == set()
    # Still overdue until accepted: the committee must act on it.
    assert addresses(submitted_late, "overdue")


def test_inactive_staff_get_nothing_and_agencies_without_accounts_still_do():
    org = ladder()
    org.assignee.is_active_account = False
    partner = AgencyFactory(name="Hợp tác xã Chè Bản Lìm", email="htx.banlim@gmail.com",
                            kind="cooperative")
    org.committee.member_agencies.append(partner)
    task = TaskFactory(resolution=org.resolution, lead_agency=partner,
                       deadline=org.today + timedelta(days=7), assignees=[])
    mine = org.task(7)
    sweep_reminders(NOW)
    assert addresses(task) == {"htx.banlim@gmail.com"}
    assert addresses(mine) == {org.lead.email.lower()}


def test_standing_duty_nudged_after_ninety_quiet_days_then_weekly():
    org = ladder()
    quiet = {days: org.task(None, last_progress_at=NOW - timedelta(days=days))
             for days in (89, 90, 96, 97)}
    sweep_reminders(NOW)
    assert addresses(quiet[90], "standing_stale") == {org.assignee.email,
                                                      org.lead.email.lower()}
    assert addresses(quiet[97], "standing_stale")
    assert not sent_to(quiet[89]) and not sent_to(quiet[96])


def test_local_midnight_at_month_end_decides_due_today_or_overdue():
    hanoi, london = ladder(), ladder("Europe/London")
    deadline = date(2026, 3, 31)
    in_hanoi = hanoi.task(0, today=deadline)
    in_london = london.task(0, today=deadline)

    # 23:59 on 31 March in Hà Nội (16:59 UTC): due today there, and in London.
    sweep_reminders(datetime(2026, 3, 31, 16, 59, tzinfo=UTC))
    assert {r[1:] for r in sent_to(in_hanoi)} == {("due_today", 0, deadline)}
    # 00:01 on 1 April in Hà Nội: one day late there; still 31 March (18:01) in London.
    sweep_reminders(datetime(2026, 3, 31, 17, 1, tzinfo=UTC))
    assert {r[1:] for r in sent_to(in_hanoi)} == {("due_today", 0, deadline),
                                                  ("overdue", 0, date(2026, 4, 1))}
    assert {r[1:] for r in sent_to(in_london)} == {("due_today", 0, deadline)}


def test_working_days_policy_skips_weekends_and_holidays():
    org = ladder()
    seed_holidays([2026])
    policy = policy_for(org.committee)
    policy.working_days_only = True
    on_holiday = org.task(0, today=date(2026, 4, 30))  # 30/4, a public holiday (Thursday)
    db.session.flush()

    sweep_reminders(datetime(2026, 4, 30, 1, 0, tzinfo=UTC))  # the holiday itself
    assert sent_to(on_holiday) == set()
    sweep_reminders(datetime(2026, 4, 29, 1, 0, tzinfo=UTC))  # Wednesday: last working day
    assert {r[1:] for r in sent_to(on_holiday)} == {("due_today", 0, date(2026, 4, 29))}
    sweep_reminders(datetime(2026, 5, 4, 1, 0, tzinfo=UTC))  # Monday: first working day after
    assert ("overdue", 0, date(2026, 5, 4)) in {r[1:] for r in sent_to(on_holiday)}


def test_one_digest_per_recipient_for_all_committees_never_empty():
    tourism, border = ladder(), ladder()
    shared = member_of(tourism.committee, "member", agency=tourism.lead,
                       email="canbo.chung@langson.gov.vn")
    CommitteeRoleFactory(committee=border.committee, user=shared, role="member")
    tourism.task(7, assignees=[shared])
    border.task(-1, assignees=[shared])
    sweep_reminders(NOW)
    digests = db.session.scalars(select(MailDigest)).all()
    assert len({d.recipient_email for d in digests}) == len(digests)
    mine = [d for d in digests if d.recipient_email == shared.email]
    assert len(mine) == 1 and len(mine[0].reminders) == 2
    assert all(d.reminders for d in digests)
    assert all(d.status == DigestStatus.PENDING and d.digest_on == date(2026, 11, 22)
               for d in digests)


def test_a_reminders_committee_is_its_tasks_and_goes_with_it():
    # The reminder's committee has no foreign key of its own (migration b1fk0a1b2c3d): the
    # sweep copies it from the task, and the task's cascade takes the reminders away.
    tourism, border = ladder(), ladder()
    tourism.task(7), tourism.task(-1), border.task(0), border.task(-8)
    sweep_reminders(NOW)
    rows = db.session.execute(select(Reminder.committee_id, Task.committee_id)
                              .join(Task, Task.id == Reminder.task_id)).all()
    assert {mine for mine, _ in rows} == {tourism.committee.id, border.committee.id}
    assert all(mine == tasks for mine, tasks in rows)

    db.session.execute(delete(Task).where(Task.committee_id == border.committee.id))
    left = db.session.scalars(select(Reminder.committee_id).distinct()).all()
    assert left == [tourism.committee.id]


def test_items_found_after_todays_digest_was_sent_wait_for_tomorrows():
    org = ladder()
    org.task(7)
    sweep_reminders(NOW)
    digest = db.session.scalar(select(MailDigest).where(
        MailDigest.recipient_email == org.assignee.email))
    digest.status = DigestStatus.SENT
    db.session.commit()

    later = org.task(1)  # recorded after this morning's mail went out
    result = sweep_reminders(NOW + timedelta(hours=5))
    item = db.session.scalar(select(Reminder).where(
        Reminder.task_id == later.id, Reminder.recipient_email == org.assignee.email))
    assert item.digest_id is None and result.rows_written == 2
    assert len(digest.reminders) == 1

    tomorrow = sweep_reminders(NOW + timedelta(days=1))
    db.session.refresh(item)
    assert item.digest.digest_on == date(2026, 11, 23)
    assert tomorrow.items_attached >= 1


def test_policy_is_created_once_with_the_defaults():
    org = ladder()
    policy = policy_for(org.committee)
    assert policy_for(org.committee).id == policy.id
    assert (policy.days_before, policy.on_the_day, policy.overdue_every_days,
            policy.escalate_after_days, policy.standing_stale_days, policy.working_days_only,
            policy.weekly_summary) == ([7, 1], True, 7, 7, 90, False, True)
