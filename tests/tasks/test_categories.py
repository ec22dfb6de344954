"""The reporting categories at their boundaries, in the committee's time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tests.factories import CommitteeFactory, ResolutionFactory, TaskFactory
from tracker.tasks.categories import Category, category_of, days_left_of

# 31 March 2025, 10:00 in Hà Nội (03:00 UTC).
NOW = datetime(2025, 3, 31, 3, 0, tzinfo=UTC)
TODAY = date(2025, 3, 31)


def make_task(committee=None, **fields):
    committee = committee or CommitteeFactory()
    resolution = ResolutionFactory(committee=committee)
    fields.setdefault("original_deadline", fields.get("deadline"))
    return TaskFactory(resolution=resolution, committee=committee, **fields)


def test_task_due_today_is_due_soon_not_overdue():
    task = make_task(deadline=TODAY)
    assert category_of(task, NOW) == Category.DUE_SOON
    assert days_left_of(task, NOW) == 0


def test_task_due_yesterday_is_overdue_by_one_day():
    task = make_task(deadline=TODAY - timedelta(days=1))
    assert category_of(task, NOW) == Category.OVERDUE
    assert days_left_of(task, NOW) == -1


def test_due_soon_window_is_the_committees_setting():
    committee = CommitteeFactory(due_soon_days=3)
    inside = make_task(committee, deadline=TODAY + timedelta(days=3))
    outside = make_task(committee, deadline=TODAY + timedelta(days=4))
    assert category_of(inside, NOW) == Category.DUE_SOON
    assert category_of(outside, NOW) == Category.IN_PROGRESS


def test_submitted_task_past_its_deadline_is_still_overdue():
    task = make_task(deadline=TODAY - timedelta(days=5), state="submitted",
                     submitted_on=TODAY)
    assert category_of(task, NOW) == Category.OVERDUE


def test_completed_on_the_deadline_day_is_on_time():
    task = make_task(deadline=TODAY, state="done", completed_on=TODAY)
    assert category_of(task, NOW) == Category.DONE_ON_TIME


def test_completed_the_day_after_the_deadline_is_late():
    task = make_task(deadline=TODAY, state="done", completed_on=TODAY + timedelta(days=1))
    assert category_of(task, NOW + timedelta(days=2)) == Category.DONE_LATE


def test_standing_duty_has_no_deadline_and_is_never_overdue():
    task = make_task(deadline=None)
    assert category_of(task, NOW) == Category.STANDING
    assert days_left_of(task, NOW) is None


def test_cancelled_wins_over_an_overdue_deadline():
    task = make_task(deadline=TODAY - timedelta(days=30), state="cancelled",
                     cancel_reason="Không còn phù hợp")
    assert category_of(task, NOW) == Category.CANCELLED


def test_deadline_in_force_counts_not_the_original():
    task = make_task(deadline=TODAY + timedelta(days=10),
                     original_deadline=TODAY - timedelta(days=10))
    assert category_of(task, NOW) == Category.IN_PROGRESS


@pytest.mark.parametrize(
    ("utc_instant", "expected"),
    [
        # 31 March 16:59 UTC is 23:59 in Hà Nội: still the deadline day.
        (datetime(2025, 3, 31, 16, 59, tzinfo=UTC), Category.DUE_SOON),
        # 31 March 17:00 UTC is 1 April 00:00 in Hà Nội: overdue, though UTC says 31 March.
        (datetime(2025, 3, 31, 17, 0, tzinfo=UTC), Category.OVERDUE),
    ],
)
def test_a_task_due_31_march_is_overdue_from_1_april_midnight_local_time(utc_instant, expected):
    task = make_task(deadline=TODAY)
    assert category_of(task, utc_instant) == expected


def test_each_committee_counts_days_in_its_own_time_zone():
    hanoi = CommitteeFactory(timezone="Asia/Ho_Chi_Minh")
    london = CommitteeFactory(timezone="Europe/London")
    at = datetime(2025, 3, 31, 18, 0, tzinfo=UTC)  # 1 April in Hà Nội, 31 March in London
    assert category_of(make_task(hanoi, deadline=TODAY), at) == Category.OVERDUE
    assert category_of(make_task(london, deadline=TODAY), at) == Category.DUE_SOON


def test_each_category_condition_selects_exactly_the_tasks_the_case_names():
    """Lists filter by one condition; dashboards name the category: they must agree."""
    from itertools import product

    from sqlalchemy import select

    from tracker.committees.models import Committee
    from tracker.extensions import db
    from tracker.tasks.categories import (
        category_conditions,
        category_expression,
        local_today_expression,
    )
    from tracker.tasks.models import Task

    committee = CommitteeFactory(due_soon_days=3)
    offsets = [None, -8, -1, 0, 1, 3, 4, 30]
    completions = [None, -2, 0, 2]
    for state, deadline, completed in product(
            ("open", "submitted", "done", "cancelled"), offsets, completions):
        if state != "done" and completed is not None:
            continue
        make_task(committee, state=state,
                  deadline=None if deadline is None else TODAY + timedelta(days=deadline),
                  completed_on=None if completed is None or deadline is None
                  else TODAY + timedelta(days=deadline + completed))
    today = local_today_expression(NOW)
    base = (select(Task.id).join(Committee, Committee.id == Task.committee_id)
            .where(Task.committee_id == committee.id))
    named = dict(db.session.execute(base.add_columns(category_expression(today))).all())
    selected = {}
    for category, condition in category_conditions(today).items():
        for task_id in db.session.scalars(base.where(condition)):
            assert task_id not in selected, "two categories claim one task"
            selected[task_id] = category.value
    assert selected == named
    assert set(named.values()) == {c.value for c in Category}
