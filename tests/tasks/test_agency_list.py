"""One agency's list by urgency ("my agency's tasks", the API's ``agency=``): read per
urgency rank from the agency's index, page by page it shows what the whole sorted list
shows, and its count is the number of its rows. The expected answer is the rule written
again here in Python (led or coordinated, in the user's committees, by category then
deadline then id), on boundary days, two "due soon" windows, finished and cancelled tasks,
standing duties, tasks the agency coordinates under another lead, one and two zones."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tests.factories import (
    AgencyFactory,
    CommitteeFactory,
    CommitteeRoleFactory,
    ResolutionFactory,
    TaskFactory,
    UserFactory,
    member_of,
)
from tracker.extensions import db
from tracker.tasks.queries import TaskFilters, counted_task_list, paginate_rows

NOW = datetime(2025, 3, 31, 3, 0, tzinfo=UTC)  # 10:00 on 31 March in Hà Nội
NOW_ACROSS_MIDNIGHT = datetime(2025, 3, 31, 18, 30, tzinfo=UTC)  # 1 April in Hà Nội
TODAY = date(2025, 3, 31)
URGENCY = {"overdue": 0, "due_soon": 1, "in_progress": 2, "standing": 3}
OFFSETS = (None, -40, -1, 0, 1, 3, 4, 10, 11, 30)
STATES = ("open", "submitted", "done", "cancelled")


def _world(zones: tuple[str, ...]):
    """The user's agency leads, coordinates, or does both, or neither, tasks in committees
    the user sits on (windows of 3 and 10 days, so that "due soon" in one comes after "in
    progress" in the other by deadline), and in one the user does not sit on."""
    ours, other = AgencyFactory(name="Sở Du lịch"), AgencyFactory(name="Sở Tài chính")
    committees = [CommitteeFactory(timezone=zone, due_soon_days=days)
                  for zone in zones for days in (3, 10)]
    unseen = CommitteeFactory(timezone=zones[0])
    user = member_of(committees[0], "member", agency=ours)
    for committee in committees[1:]:
        CommitteeRoleFactory(committee=committee, user=user, role="member")
    for committee in [*committees, unseen]:
        resolution = ResolutionFactory(committee=committee)
        for offset in OFFSETS:
            deadline = None if offset is None else TODAY + timedelta(days=offset)
            for state in STATES:
                for lead, coordinating in ((ours, []), (other, [ours]), (other, []),
                                           (ours, [ours, other])):
                    completed = (TODAY + timedelta(days=(offset or 0) % 3 - 1)
                                 if state == "done" else None)
                    task = TaskFactory(resolution=resolution, committee=committee,
                                       lead_agency=lead, deadline=deadline,
                                       original_deadline=deadline, state=state,
                                       completed_on=completed)
                    task.coordinating_agencies = coordinating
    db.session.flush()
    return user, ours, {c.id for c in committees}


def _expected(rows_of_all, ours, visible, lead_only: bool) -> list[int]:
    """The rule again: the tasks the agency leads (or coordinates), in the user's
    committees, by urgency rank, standing duties last, deadline, id."""
    chosen = [row for row in rows_of_all if row.Task.committee_id in visible and (
        row.Task.lead_agency_id == ours.id or (not lead_only and any(
            a.id == ours.id for a in row.Task.coordinating_agencies)))]
    chosen.sort(key=lambda row: (URGENCY.get(row.category, 4), row.Task.deadline is None,
                                 row.Task.deadline or date.min, row.Task.id))
    return [row.Task.id for row in chosen]


@pytest.mark.parametrize(("zones", "now"), [
    (("Asia/Ho_Chi_Minh",), NOW),
    (("Asia/Ho_Chi_Minh", "Europe/London"), NOW_ACROSS_MIDNIGHT),
], ids=["one zone", "two zones across midnight"])
@pytest.mark.parametrize("lead_only", [False, True], ids=["involving", "lead agency"])
def test_agency_list_pages_are_the_whole_lists_pages(zones, now, lead_only):
    user, ours, visible = _world(zones)
    admin = UserFactory(is_admin=True)
    everything = db.session.execute(counted_task_list(admin, TaskFilters(), now=now).rows).all()
    expected = _expected(everything, ours, visible, lead_only)
    filters = (TaskFilters(agency_id=ours.id) if lead_only
               else TaskFilters(involving_agency_id=ours.id))
    assert 50 < len(expected) < len(everything)
    for per_page, pages in ((1, 12), (13, None), (200, None)):
        shown = []
        for page in range(1, pages or len(expected) // per_page + 3):
            listed = counted_task_list(user, filters, "urgency", now, window=page * per_page)
            rows = paginate_rows(listed, page, per_page)
            assert rows.total == len(expected)
            shown += [row.Task.id for row in rows.items]
        assert shown == expected[:len(shown)], per_page
        assert pages or len(shown) == len(expected)


OTHER_FILTERS = (
    {"category": "overdue"}, {"category": "due_soon"}, {"category": "in_time"},
    {"category": "done_late"}, {"category": "standing"}, {"states": ["submitted"]},
    {"due_from": TODAY, "due_to": TODAY + timedelta(days=4)},
)


def test_agency_list_with_other_filters_is_the_whole_lists():
    user, ours, _ = _world(("Asia/Ho_Chi_Minh",))
    for filters in OTHER_FILTERS:
        narrowed = TaskFilters(involving_agency_id=ours.id, **filters)
        whole = db.session.execute(counted_task_list(user, narrowed, "urgency", NOW).rows).all()
        for per_page in (3, 25):
            for page in (1, 2, 3):
                listed = counted_task_list(user, narrowed, "urgency", NOW,
                                           window=page * per_page)
                rows = paginate_rows(listed, page, per_page)
                assert rows.total == len(whole), filters
                start = (page - 1) * per_page
                assert [row.Task.id for row in rows.items] == [
                    row.Task.id for row in whole[start:start + per_page]], (filters, page)
