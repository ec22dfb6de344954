"""The date math: which deadlines fire which reminder today, in calendar or working days."""

from __future__ import annotations

from datetime import date, timedelta

from tracker.reminders.holidays import holidays_for
from tracker.reminders.policy import PolicyValues, WorkCalendar, firing_plan

D = date
HOLIDAYS_2026 = frozenset(day for day, _name, _kind in holidays_for(2026))
WORKING = PolicyValues(working_days_only=True)


def single(day):
    return [(day, day)]


def test_default_policy_reminds_seven_days_before_one_day_before_and_on_the_day():
    today = D(2026, 11, 22)
    plan = firing_plan(PolicyValues(), today)
    assert plan.due_today == single(today)
    assert plan.due_before == [(D(2026, 11, 23),) * 2, (D(2026, 11, 29),) * 2]
    assert plan.overdue == {} and plan.escalated == {} and plan.standing_stale == []


def test_month_end_one_day_before_crosses_into_the_next_month():
    plan = firing_plan(PolicyValues(days_before=(1,)), D(2026, 1, 31))
    assert plan.due_before == single(D(2026, 2, 1))


def test_overdue_every_seven_days_from_day_one_and_the_ladder_every_seven_days():
    today = D(2026, 3, 31)
    plan = firing_plan(PolicyValues(), today, earliest_deadline=today - timedelta(days=40))

    def late(*days):
        return [(today - timedelta(days=n),) * 2 for n in sorted(days, reverse=True)]

    # Overdue on days 1, 8, 15, 22, 29, 36 late; level j once step j (j × 7 days) is behind.
    assert plan.overdue[0] == late(1, 8, 15, 22, 29, 36)
    assert plan.overdue[1] == late(8, 15, 22, 29, 36)
    assert plan.overdue[2] == late(15, 22, 29, 36)
    assert plan.overdue[3] == late(22, 29, 36)
    # Escalation on the day a step is reached: 7 → head, 14 → secretaries, 21 → chair.
    assert plan.escalated == {1: late(7), 2: late(14), 3: late(21)}


def test_overdue_stops_looking_back_at_the_oldest_deadline():
    today = D(2026, 3, 31)
    plan = firing_plan(PolicyValues(), today, earliest_deadline=D(2026, 3, 30))
    assert plan.overdue == {0: single(D(2026, 3, 30))}


def test_a_daily_overdue_policy_gives_one_range_not_hundreds_of_dates():
    today = D(2026, 3, 31)
    plan = firing_plan(PolicyValues(overdue_every_days=1, escalate_after_days=100), today,
                       earliest_deadline=D(2025, 1, 1))
    assert plan.overdue[0] == [(D(2025, 1, 1), D(2026, 3, 30))]
    # Ladder steps at 100, 200, 300 days late: levels reached before today, one range each.
    assert plan.overdue[1] == [(D(2025, 1, 1), today - timedelta(days=101))]
    assert plan.overdue[3] == [(D(2025, 1, 1), today - timedelta(days=301))]


def test_working_days_nothing_fires_on_a_weekend_or_a_holiday():
    assert firing_plan(WORKING, D(2026, 4, 25), HOLIDAYS_2026).is_empty()  # Saturday
    assert firing_plan(WORKING, D(2026, 4, 30), HOLIDAYS_2026).is_empty()  # 30/4
    assert firing_plan(WORKING, D(2026, 4, 27), HOLIDAYS_2026).is_empty()  # Giỗ Tổ made up


def test_working_days_count_skips_weekends_and_holidays():
    # Friday 24/4/2026: Giỗ Tổ falls on Sunday 26/4 and is made up on Monday 27/4;
    # 30/4 and 1/5 are holidays, then a weekend.
    plan = firing_plan(WORKING, D(2026, 4, 24), HOLIDAYS_2026)
    # Due "today": deadlines today and on the days off that follow (last chance is now).
    assert plan.due_today == [(D(2026, 4, 24), D(2026, 4, 27))]
    # 1 working day before: Tuesday 28/4; 7 working days: 28, 29/4, 4, 5, 6, 7, 8/5 →
    # deadlines from Friday 8/5 over its weekend.
    assert plan.due_before == [(D(2026, 4, 28), D(2026, 4, 28)), (D(2026, 5, 8), D(2026, 5, 10))]


def test_working_days_a_deadline_on_a_holiday_is_due_the_working_day_before():
    plan = firing_plan(WORKING, D(2026, 4, 29), HOLIDAYS_2026)  # Wednesday before 30/4
    # Today and the days off up to the next working day (Monday 4/5), holiday included.
    assert plan.due_today == [(D(2026, 4, 29), D(2026, 5, 3))]
    assert plan.due_before[0] == single(D(2026, 5, 4))[0]


def test_working_days_lateness_counts_only_working_days():
    # Monday 4/5/2026: the first working day after 30/4, 1/5 and the weekend.
    plan = firing_plan(WORKING, D(2026, 5, 4), HOLIDAYS_2026, earliest_deadline=D(2026, 4, 1))
    # Deadlines from Wednesday 29/4 to Sunday 3/5 are one working day late.
    assert plan.overdue[0][-1] == (D(2026, 4, 29), D(2026, 5, 3))
    # Seven working days late (escalation to the agency head): 4/5 back over 29, 28, 24,
    # 23, 22, 21/4 → deadline Monday 20/4.
    assert plan.escalated[1] == single(D(2026, 4, 20))


def test_standing_duty_nudged_after_ninety_quiet_days_then_weekly():
    today = D(2026, 6, 30)
    plan = firing_plan(PolicyValues(), today, earliest_reference=today - timedelta(days=200))
    quiet = [today - timedelta(days=n) for n in (90, 97, 104, 111, 118, 125, 132, 139, 146, 153,
                                                 160, 167, 174, 181, 188, 195)]
    assert plan.standing_stale == [(d, d) for d in sorted(quiet)]


def test_policy_switched_to_no_day_before_and_not_on_the_day():
    plan = firing_plan(PolicyValues(days_before=(), on_the_day=False), D(2026, 6, 30))
    assert plan.is_empty()


def test_work_calendar_counts_every_day_unless_working_days_only():
    assert WorkCalendar().counts(D(2026, 4, 25))
    assert not WorkCalendar(True, HOLIDAYS_2026).counts(D(2026, 9, 1))
    assert WorkCalendar(True, HOLIDAYS_2026).counts(D(2026, 9, 3))
