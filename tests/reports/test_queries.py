"""The chair's figures: counts per category, overdue by agency, the ranking, pending reviews.

The clock is fixed at 31 March 2025, 10:00 in Hà Nội, so every boundary is exact.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from tests.factories import AgencyFactory, CommitteeFactory, ResolutionFactory, TaskFactory
from tracker.extensions import db
from tracker.reports.queries import (
    agency_scorecard,
    category_counts,
    overdue_by_agency,
    pending_completions,
)

NOW = datetime(2025, 3, 31, 3, 0, tzinfo=UTC)
TODAY = date(2025, 3, 31)


def days(n: int) -> date:
    return TODAY + timedelta(days=n)


def task_in(committee, agency=None, **fields):
    fields.setdefault("original_deadline", fields.get("deadline"))
    if agency is not None:
        fields["lead_agency"] = agency
    resolution = ResolutionFactory(committee=committee)
    return TaskFactory(resolution=resolution, committee=committee, **fields)


def test_counts_every_category_at_its_boundaries():
    committee = CommitteeFactory(due_soon_days=3)
    task_in(committee, deadline=TODAY)  # due today: due soon, not overdue
    task_in(committee, deadline=days(3))  # last day of the due-soon window
    task_in(committee, deadline=days(4))  # in progress
    task_in(committee, deadline=days(-1))  # due yesterday: overdue
    task_in(committee, deadline=days(-10), state="submitted", submitted_on=TODAY)  # still overdue
    task_in(committee, deadline=days(-5), state="done", completed_on=days(-5))  # on the day
    task_in(committee, deadline=days(-5), state="done", completed_on=days(-4))  # a day late
    task_in(committee, deadline=None)  # standing duty
    task_in(committee, deadline=days(-30), state="cancelled", cancel_reason="Không phù hợp")
    task_in(CommitteeFactory(), deadline=days(-1))  # another committee's: not counted

    counts = category_counts(committee.id, NOW)

    assert counts == {
        "overdue": 2, "due_soon": 2, "in_progress": 1, "in_time": 3,
        "done_on_time": 1, "done_late": 1, "standing": 1, "cancelled": 1,
    }


def test_counts_of_an_empty_committee_are_all_zero():
    counts = category_counts(CommitteeFactory().id, NOW)
    assert set(counts) == {"overdue", "due_soon", "in_progress", "in_time", "done_on_time",
                           "done_late", "standing", "cancelled"}
    assert not any(counts.values())


def test_a_task_due_on_31_march_is_overdue_from_1_april_midnight_in_hanoi():
    committee = CommitteeFactory()
    task_in(committee, deadline=date(2025, 3, 31))
    just_before = datetime(2025, 3, 31, 16, 59, tzinfo=UTC)  # 23:59 in Hà Nội
    just_after = datetime(2025, 3, 31, 17, 0, tzinfo=UTC)  # 00:00 on 1 April
    assert category_counts(committee.id, just_before)["overdue"] == 0
    assert category_counts(committee.id, just_after)["overdue"] == 1


def test_overdue_tasks_are_grouped_by_agency_most_late_first():
    committee = CommitteeFactory()
    police = AgencyFactory(name="Công an tỉnh Lạng Sơn", short_name="Công an tỉnh")
    border = AgencyFactory(name="Bộ Chỉ huy Bộ đội Biên phòng tỉnh", short_name="BĐBP tỉnh")
    tourism = AgencyFactory(name="Sở Văn hóa, Thể thao và Du lịch", short_name="Sở VHTTDL")
    a = task_in(committee, police, deadline=days(-3))
    b = task_in(committee, police, deadline=days(-10), state="submitted", submitted_on=TODAY)
    c = task_in(committee, border, deadline=days(-1))
    d = task_in(committee, border, deadline=days(-40))
    e = task_in(committee, tourism, deadline=days(-20))
    task_in(committee, tourism, deadline=TODAY)  # due today: not overdue
    task_in(committee, tourism, deadline=days(-9), state="done", completed_on=days(-2))

    groups = overdue_by_agency(committee.id, NOW)

    # Two overdue each for the border guard (41 days late in all) and the police (13), then
    # one for tourism.
    assert [g.agency for g in groups] == [border, police, tourism]
    assert [(t.task, t.days_late) for t in groups[0].tasks] == [(d, 40), (c, 1)]
    assert [(t.task, t.days_late) for t in groups[1].tasks] == [(b, 10), (a, 3)]
    assert [(t.task, t.days_late) for t in groups[2].tasks] == [(e, 20)]


def test_no_overdue_tasks_gives_no_groups():
    committee = CommitteeFactory()
    task_in(committee, deadline=days(5))
    assert overdue_by_agency(committee.id, NOW) == []


def _agency(short_name):
    return AgencyFactory(name=f"{short_name} (đầy đủ)", short_name=short_name)


def test_scorecard_counts_each_agency_and_ranks_by_on_time_rate_ties_broken_by_overdue():
    committee = CommitteeFactory()
    perfect, half_late, half_overdue, none_on_time, unrated, only_cancelled = (
        _agency(n) for n in ("A Sở Tài chính", "B Sở Công Thương", "C Sở Xây dựng",
                             "D UBND Tràng Định", "E UBND Cao Lộc", "F Sở Y tế")
    )
    on_time = {"state": "done", "deadline": days(-5), "completed_on": days(-6)}
    late = {"state": "done", "deadline": days(-5), "completed_on": days(-1)}
    for _ in range(2):
        task_in(committee, perfect, **on_time)
    task_in(committee, perfect, deadline=days(20))
    task_in(committee, half_late, **on_time)
    task_in(committee, half_late, **late)
    task_in(committee, half_overdue, **on_time)
    task_in(committee, half_overdue, deadline=days(-2))
    task_in(committee, half_overdue, deadline=days(1))  # due soon
    task_in(committee, none_on_time, deadline=days(-2))
    task_in(committee, unrated, deadline=days(10))
    task_in(committee, unrated, deadline=None)
    task_in(committee, only_cancelled, deadline=days(-9), state="cancelled", cancel_reason="x")
    task_in(CommitteeFactory(), perfect, **late)  # another committee's task does not count

    scores = agency_scorecard(committee.id, NOW)
    table = [(s.agency, s.rank, s.on_time_rate) for s in scores]

    assert table == [
        (perfect, 1, 1.0),
        (half_late, 2, 0.5),  # 1 on time out of 2 done, nothing overdue
        (half_overdue, 3, 0.5),  # the same rate, but 1 overdue: the tie is broken against it
        (none_on_time, 4, 0.0),
        (unrated, 5, None),  # nothing done or overdue yet: ranked last
        (only_cancelled, None, None),  # nothing assigned: listed, not ranked
    ]
    by_agency = {s.agency: s for s in scores}
    c = by_agency[half_overdue]
    assert (c.assigned, c.done_on_time, c.done_late, c.in_progress, c.due_soon, c.overdue,
            c.standing) == (3, 1, 0, 1, 1, 1, 0)
    assert by_agency[unrated].assigned == 2 and by_agency[unrated].standing == 1
    assert by_agency[only_cancelled].assigned == 0
    assert by_agency[only_cancelled].cancelled == 1


def test_scorecard_is_one_grouped_query_however_many_agencies():
    committee = CommitteeFactory()
    for n in range(6):
        task_in(committee, _agency(f"Agency {n}"), deadline=days(n - 3))
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    engine = db.session.get_bind()
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        scores = agency_scorecard(committee.id, NOW)
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)

    assert len(scores) == 6
    # One read of the committees' time zones, one GROUP BY for the figures.
    assert len(statements) == 2
    assert "GROUP BY" in statements[-1].upper()


def test_pending_completions_oldest_submission_first_and_only_submitted():
    committee = CommitteeFactory()
    recent = task_in(committee, state="submitted", submitted_on=days(-1))
    oldest = task_in(committee, state="submitted", submitted_on=days(-12))
    middle = task_in(committee, state="submitted", submitted_on=days(-4))
    task_in(committee, state="open")
    task_in(committee, state="done", completed_on=days(-3))
    task_in(CommitteeFactory(), state="submitted", submitted_on=days(-20))

    assert pending_completions(committee.id) == [oldest, middle, recent]


def test_ranking_ties_are_broken_by_overdue_tasks_then_days_late_and_equal_ones_share():
    committee = CommitteeFactory()
    two_overdue, one_long, one_short, twin, nothing = (
        _agency(n) for n in ("A Sở Nội vụ", "B Sở Tư pháp", "C Sở Y tế", "D Sở Du lịch",
                             "E Sở Ngoại vụ"))
    for agency in (two_overdue, one_long, one_short, twin):
        task_in(committee, agency, state="done", deadline=days(-5), completed_on=days(-6))
    task_in(committee, two_overdue, deadline=days(-1))
    task_in(committee, two_overdue, deadline=days(-1))
    task_in(committee, two_overdue, state="done", deadline=days(-5), completed_on=days(-6))
    task_in(committee, one_long, deadline=days(-30))
    task_in(committee, one_short, deadline=days(-2))
    task_in(committee, twin, deadline=days(-2))  # as one_short in every respect
    task_in(committee, nothing, deadline=days(-3), state="cancelled", cancel_reason="x")

    scores = agency_scorecard(committee.id, NOW)

    # All at 50 %: fewer overdue tasks first, then fewer days late; still equal, one rank.
    assert [(s.agency, s.rank, s.overdue, s.days_late) for s in scores] == [
        (one_short, 1, 1, 2), (twin, 1, 1, 2), (one_long, 3, 1, 30),
        (two_overdue, 4, 2, 2), (nothing, None, 0, 0)]


def test_overdue_groups_with_as_many_tasks_put_the_most_days_late_first():
    committee = CommitteeFactory()
    early, late, named_first = (_agency(n) for n in ("B Sở Tư pháp", "C Sở Y tế", "A Sở Nội vụ"))
    task_in(committee, early, deadline=days(-2))
    task_in(committee, late, deadline=days(-9))
    task_in(committee, named_first, deadline=days(-2))
    task_in(committee, named_first, deadline=days(-1))

    groups = overdue_by_agency(committee.id, NOW)

    # A has two overdue tasks: first. C and B have one each: C's is 9 days late, B's 2.
    assert [(g.agency, g.total) for g in groups] == [(named_first, 2), (late, 1), (early, 1)]
