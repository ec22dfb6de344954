"""The task lists' lean read path gives what the plain one gave: every category, filter and
sort, boundary days included, in one time zone and in two (the count without the list's
joins is the number of rows; the order without the terms that are constant under a filter
is the order of the full sort key, computed here independently in Python)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tests.factories import CommitteeFactory, ResolutionFactory, TaskFactory, UserFactory
from tracker.extensions import db
from tracker.paging import count_rows
from tracker.tasks.categories import Category
from tracker.tasks.queries import SORT_KEYS, VALID_CATEGORIES, TaskFilters, counted_task_list

# 31 March 2025, 10:00 in Hà Nội (03:00 UTC); 04:00 in London (still the 31st there too,
# but 23:30 UTC makes the two zones' dates differ: see NOW_ACROSS_MIDNIGHT).
NOW = datetime(2025, 3, 31, 3, 0, tzinfo=UTC)
NOW_ACROSS_MIDNIGHT = datetime(2025, 3, 31, 18, 30, tzinfo=UTC)  # 1 April in Hà Nội
TODAY = date(2025, 3, 31)
URGENCY = {Category.OVERDUE: 0, Category.DUE_SOON: 1, Category.IN_PROGRESS: 2,
           Category.STANDING: 3}


def _world(zones: tuple[str, ...]) -> None:
    """Tasks on every boundary: standing, done, cancelled, late, due today, due in the
    "due soon" window and past it, in two committees per zone whose windows differ (so "due
    soon" in one comes after "in progress" in the other by deadline)."""
    for zone, due_soon_days in ((zone, days) for zone in zones for days in (3, 10)):
        committee = CommitteeFactory(timezone=zone, due_soon_days=due_soon_days)
        resolution = ResolutionFactory(committee=committee)
        for offset in (None, -40, -2, -1, -1, 0, 1, 3, 4, 7, 11, 30):
            deadline = None if offset is None else TODAY + timedelta(days=offset)
            for state in ("open", "submitted", "done", "cancelled"):
                TaskFactory(resolution=resolution, committee=committee, deadline=deadline,
                            original_deadline=deadline, state=state,
                            completed_on=TODAY if state == "done" else None,
                            progress=(offset or 0) % 7 * 10)
    db.session.flush()


def _expected_order(rows, sort: str) -> list[int]:
    """The full sort key of the list, applied in Python."""
    descending = sort.startswith("-")
    key = sort.lstrip("-")

    def deadline_key(row):
        return (row.Task.deadline is None, row.Task.deadline or date.min)

    keys = {
        "urgency": lambda row: (URGENCY.get(row.category, 4), *deadline_key(row)),
        "deadline": deadline_key,
        "title": lambda row: (row.Task.title,),
        "agency": lambda row: (row.Task.lead_agency.short_name or row.Task.lead_agency.name,),
        "created": lambda row: (row.Task.created_at,),
        "progress": lambda row: (row.Task.progress,),
    }
    ordered = sorted(rows, key=lambda row: (*keys[key](row), row.Task.id), reverse=descending)
    return [row.Task.id for row in ordered]


@pytest.mark.parametrize(("zones", "now"), [
    (("Asia/Ho_Chi_Minh",), NOW),
    (("Asia/Ho_Chi_Minh", "Europe/London"), NOW_ACROSS_MIDNIGHT),
], ids=["one zone", "two zones across midnight"])
def test_counts_and_orders_match_the_full_query(zones, now):
    _world(zones)
    admin = UserFactory(is_admin=True)
    filter_sets = [TaskFilters(category=category) for category in sorted(VALID_CATEGORIES)]
    filter_sets += [TaskFilters(), TaskFilters(due_from=TODAY, due_to=TODAY + timedelta(days=3)),
                    TaskFilters(states=["open"], category="overdue")]
    checked = 0
    for filters in filter_sets:
        for sort in (*SORT_KEYS, *(f"-{key}" for key in SORT_KEYS)):
            listed = counted_task_list(admin, filters, sort, now)
            rows = db.session.execute(listed.rows).all()
            assert count_rows(listed.count) == len(rows), (filters, sort)
            if sort.lstrip("-") in ("urgency", "deadline", "progress"):
                assert [row.Task.id for row in rows] == _expected_order(rows, sort), (filters, sort)
            checked += len(rows)
    assert checked > 0
    overdue = counted_task_list(admin, TaskFilters(category="overdue"), "-deadline", now)
    assert count_rows(overdue.count) > 0


def test_a_list_of_the_same_shape_reuses_its_statements():
    """The statements of a list are built once per shape (the committees seen, the filters,
    the sort, today's dates) and kept; any change of these builds others."""
    _world(("Asia/Ho_Chi_Minh",))
    admin = UserFactory(is_admin=True)
    member = UserFactory()
    overdue = TaskFilters(category="overdue")
    first = counted_task_list(admin, overdue, "-deadline", NOW)
    assert counted_task_list(admin, TaskFilters(category="overdue"), "-deadline", NOW) is first
    assert counted_task_list(admin, overdue, "-deadline", NOW + timedelta(hours=1)) is first
    assert counted_task_list(admin, overdue, "-deadline", NOW + timedelta(days=1)) is not first
    assert counted_task_list(admin, overdue, "deadline", NOW) is not first
    assert counted_task_list(admin, TaskFilters(category="overdue", states=["open"]),
                             "-deadline", NOW) is not first
    assert counted_task_list(member, overdue, "-deadline", NOW) is not first
    # The member sees no committee: the same shape gives the same (empty) answer.
    assert count_rows(counted_task_list(member, overdue, "-deadline", NOW).count) == 0
    assert count_rows(first.count) == count_rows(
        counted_task_list(admin, overdue, "-deadline", NOW + timedelta(hours=1)).count) > 0
