"""The dashboard's tally against the old rule, on generated data.

The dashboard counts a committee's tasks with one GROUP BY on the committee's own today and
due-soon window (``reports.queries.committee_tally``), and lists each agency's most late
tasks with one LIMIT per agency. The old answer is every task's category by the task lists'
expression (committees joined, each in its own zone, its window read from the row), counted
and sorted here in Python. Two committees in two zones whose dates differ at this instant,
with different due-soon windows, and every boundary: today, the window's last day and the
day after, yesterday, standing duties, submitted, done on the day / a day late / with no
deadline, cancelled; agencies leading tasks in both committees.
"""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy import select

from tests.factories import AgencyFactory, CommitteeFactory, ResolutionFactory, TaskFactory
from tracker.auth import tokens
from tracker.clock import local_today
from tracker.committees.models import Committee
from tracker.extensions import db
from tracker.reports.queries import (
    OVERDUE_LISTED_PER_AGENCY,
    agency_scorecard,
    category_counts,
    committee_figures,
    overdue_by_agency,
)
from tracker.tasks.categories import (
    IN_TIME,
    Category,
    category_expression,
    days_left_expression,
    local_today_expression,
)
from tracker.tasks.models import Task

# 23:30 on 31 March in Hà Nội, 01:30 on 1 April in Tokyo: the two committees' todays differ.
NOW = datetime(2025, 3, 31, 16, 30, tzinfo=UTC)
ZONES = (("Asia/Ho_Chi_Minh", 3), ("Asia/Tokyo", 7))  # (zone, due-soon window)


def _boundary_offsets(window: int) -> list[int | None]:
    return [-400, -30, -2, -1, 0, 1, window - 1, window, window + 1, 30, None]


def _generate(seed: int = 12) -> tuple[list[Committee], list]:
    """Two committees, four agencies shared between them, every boundary in every state."""
    rng = random.Random(seed)
    agencies = [AgencyFactory(short_name=name) for name in
                ("Sở Tài chính", "sở Xây dựng", "UBND Cao Lộc", "Công an tỉnh")]
    committees = []
    for zone, window in ZONES:
        committee = CommitteeFactory(timezone=zone, due_soon_days=window)
        resolution = ResolutionFactory(committee=committee)
        today = _today(zone)

        def task(agency, offset, state="open", completed_shift=None, _c=committee,
                 _r=resolution, _t=today):
            """A task due ``offset`` days from today (None: standing); a done one completed
            ``completed_shift`` days after its deadline (or today), None: no date."""
            deadline = None if offset is None else _t + timedelta(days=offset)
            fields = {"state": state}
            if state == "done":
                fields["completed_on"] = (None if completed_shift is None
                                          else (deadline or _t) + timedelta(days=completed_shift))
                fields["submitted_on"] = fields["completed_on"]
            if state == "submitted":
                fields["submitted_on"] = _t
            if state == "cancelled":
                fields["cancel_reason"] = "Không còn phù hợp"
            TaskFactory(resolution=_r, committee=_c, lead_agency=agency, deadline=deadline,
                        original_deadline=deadline, **fields)

        for agency in agencies[:3]:
            for offset in _boundary_offsets(window):
                for state in ("open", "submitted", "cancelled"):
                    task(agency, offset, state)
                for shift in (0, 1, -1, None):  # on the day, a day late, early, no date
                    task(agency, offset, "done", shift)
        # More overdue than the dashboard lists, several on one day (the id breaks the tie).
        for _ in range(OVERDUE_LISTED_PER_AGENCY + 4):
            task(agencies[3], rng.choice([-1, -5, -5, -5, -60]))
        for _ in range(5):
            task(rng.choice(agencies), rng.randint(-40, 40),
                 rng.choice(["open", "submitted", "cancelled"]))
        committees.append(committee)
    db.session.flush()
    return committees, agencies


def _today(zone: str):
    return local_today(zone, NOW)


def _old_answer(committee: Committee):
    """Counts, scorecard figures and overdue lists by the task lists' own expression."""
    today = local_today_expression(NOW)
    days_left = days_left_expression(today)
    rows = db.session.execute(
        select(Task.id, Task.lead_agency_id, category_expression(today), days_left)
        .join(Committee, Committee.id == Task.committee_id)
        .where(Task.committee_id == committee.id)
        .order_by(days_left.asc(), Task.id.asc())
    ).all()
    counts = {c.value: 0 for c in Category}
    by_agency: dict[int, dict[str, int]] = {}
    overdue: dict[int, list[tuple[int, int]]] = {}
    for task_id, agency_id, category, left in rows:
        counts[category] += 1
        per = by_agency.setdefault(agency_id, dict.fromkeys(counts, 0))
        per[category] += 1
        if category == Category.OVERDUE:
            overdue.setdefault(agency_id, []).append((task_id, -left))
    counts["in_time"] = sum(counts[c.value] for c in IN_TIME)
    return counts, by_agency, overdue


def _figures(score) -> dict[str, int]:
    return {"done_on_time": score.done_on_time, "done_late": score.done_late,
            "in_progress": score.in_progress, "due_soon": score.due_soon,
            "overdue": score.overdue, "standing": score.standing, "cancelled": score.cancelled,
            "assigned": score.assigned}


def _expected_figures(per: dict[str, int]) -> dict[str, int]:
    in_time = per["in_progress"] + per["due_soon"]
    return {"done_on_time": per["done_on_time"], "done_late": per["done_late"],
            "in_progress": in_time, "due_soon": per["due_soon"], "overdue": per["overdue"],
            "standing": per["standing"], "cancelled": per["cancelled"],
            "assigned": per["done_on_time"] + per["done_late"] + in_time + per["overdue"]
            + per["standing"]}


def test_the_two_committees_see_different_days_at_this_instant():
    assert _today(ZONES[0][0]) != _today(ZONES[1][0])


@pytest.mark.parametrize("seed", [12, 2025])
def test_tally_counts_and_scorecard_agree_with_the_old_rule(seed):
    committees, _ = _generate(seed)
    for committee in committees:
        counts, by_agency, _ = _old_answer(committee)

        assert category_counts(committee.id, NOW) == counts
        scores = agency_scorecard(committee.id, NOW)
        assert {s.agency.id: _figures(s) for s in scores} == {
            agency_id: _expected_figures(per) for agency_id, per in by_agency.items()}
        # Every category was met, so each boundary was counted somewhere.
        assert all(counts.values())


@pytest.mark.parametrize("per_agency", [OVERDUE_LISTED_PER_AGENCY, 1000])
def test_overdue_lists_are_the_old_lists_first_rows_with_the_full_totals(per_agency):
    committees, agencies = _generate()
    labels = {a.id: a.label.casefold() for a in agencies}
    for committee in committees:
        _, _, overdue = _old_answer(committee)

        groups = overdue_by_agency(committee.id, NOW, per_agency=per_agency)

        expected = sorted(overdue.items(), key=lambda item: (-len(item[1]), labels[item[0]]))
        assert [(g.agency.id, g.total, [(t.task.id, t.days_late) for t in g.tasks])
                for g in groups] == [
            (agency_id, len(tasks), tasks[:per_agency]) for agency_id, tasks in expected]
        assert any(g.total > OVERDUE_LISTED_PER_AGENCY for g in groups)


def test_committee_figures_are_the_three_answers():
    committees, _ = _generate()
    for committee in committees:
        figures = committee_figures(committee.id, NOW)
        assert figures.as_of == _today(committee.timezone)
        assert figures.counts == category_counts(committee.id, NOW)
        assert [(s.agency, s.rank, s.assigned) for s in figures.scores] == [
            (s.agency, s.rank, s.assigned) for s in agency_scorecard(committee.id, NOW)]
        assert figures.overdue == overdue_by_agency(committee.id, NOW)


def _world(agencies: int, overdue_each: int):
    committee = CommitteeFactory()
    resolution = ResolutionFactory(committee=committee)
    today = local_today(committee.timezone)
    for n in range(agencies):
        agency = AgencyFactory()
        for k in range(overdue_each):
            TaskFactory(resolution=resolution, committee=committee, lead_agency=agency,
                        deadline=today - timedelta(days=1 + k))
        TaskFactory(resolution=resolution, committee=committee, lead_agency=agency,
                    deadline=today + timedelta(days=n))
    db.session.flush()
    return committee


def _statements(get) -> int:
    db.session.expunge_all()
    seen = []

    def count(conn, cursor, statement, *args):
        if "SAVEPOINT" not in statement:
            seen.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = get()
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    assert response.status_code == 200
    return len(seen)


def test_dashboard_runs_as_many_statements_for_one_agency_as_for_a_dozen(app, login):
    from tests.factories import UserFactory

    admin = UserFactory(is_admin=True, agency=None, language="en")
    _, secret = tokens.create_token(admin, "tally")
    browser = login(admin)
    api = app.test_client(use_cookies=False)
    headers = {"Authorization": f"Bearer {secret}"}
    small, large = _world(1, 1).id, _world(12, OVERDUE_LISTED_PER_AGENCY + 3).id
    for committee_id in (small, large):  # warm-up: what a first request does once
        browser.get(f"/committees/{committee_id}/dashboard")
        api.get(f"/api/v1/committees/{committee_id}/dashboard", headers=headers)

    def page(committee_id):
        return lambda: browser.get(f"/committees/{committee_id}/dashboard")

    def json(committee_id):
        return lambda: api.get(f"/api/v1/committees/{committee_id}/dashboard", headers=headers)

    assert _statements(page(small)) == _statements(page(large))
    assert _statements(json(small)) == _statements(json(large))


def test_dashboard_lists_the_most_late_of_each_agency_and_links_to_all(app, login):
    from tests.factories import UserFactory

    committee = _world(1, OVERDUE_LISTED_PER_AGENCY + 2)
    admin = UserFactory(is_admin=True, agency=None, language="en")
    html = login(admin).get(f"/committees/{committee.id}/dashboard").get_data(as_text=True)
    overdue = html.split('id="overdue-heading"')[1].split('id="agencies-heading"')[0]
    total = OVERDUE_LISTED_PER_AGENCY + 2
    assert f"{total} overdue tasks" in overdue
    assert len(re.findall(r'href="/tasks/\d+"', overdue)) == OVERDUE_LISTED_PER_AGENCY
    assert f"See all {total} overdue tasks" in overdue
    assert "category=overdue" in overdue.split("See all")[0].rsplit("<a ", 1)[1]

    _, secret = tokens.create_token(admin, "tally")
    body = app.test_client(use_cookies=False).get(
        f"/api/v1/committees/{committee.id}/dashboard",
        headers={"Authorization": f"Bearer {secret}"}).get_json()
    [group] = body["overdue"]
    assert len(group["tasks"]) == body["overdue_listed_per_agency"] == OVERDUE_LISTED_PER_AGENCY
    assert [a["overdue"] for a in body["agencies"]] == [total]
    assert [t["days_late"] for t in group["tasks"]] == list(
        range(total, total - OVERDUE_LISTED_PER_AGENCY, -1))
