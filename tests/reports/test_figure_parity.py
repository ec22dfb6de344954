"""One number everywhere: the dashboard, its API and the summary documents count alike.

A walk through the demo saw 9 tasks "in progress, on time" in the PDF summary against 11 on
the dashboard. Both counted on the same day, with the same window (the committee's calendar
days) and the same states; the PDF's line was the "in progress" category alone, the
dashboard's tile the due-soon tasks too (DOMAIN.md: due soon is "of which" in progress, on
time). Both now read categories.reported_figures; these tests put tasks on each edge of the
due-soon window and read the figures where a user reads them.
"""

from __future__ import annotations

import re
from datetime import timedelta

from flask_babel import force_locale

from tests.api.conftest import api  # noqa: F401 — the fixture
from tests.factories import (
    AgencyFactory,
    CommitteeFactory,
    ResolutionFactory,
    TaskFactory,
    member_of,
)
from tracker.clock import local_today, utcnow
from tracker.labels import REPORTED_LABELS
from tracker.summaries.document import document_context
from tracker.summaries.periods import period_containing
from tracker.summaries.services import compile_summary, request_summary
from tracker.tasks.categories import REPORTED_FIGURES

WINDOW = 3  # the committee's due-soon window, in calendar days


def _committee_around_the_window():
    """Tasks on both sides of every edge: today, the window's last day and the day after,
    yesterday; a submitted one, an extended one, a standing duty, done and cancelled."""
    culture = AgencyFactory(name="Sở Văn hóa, Thể thao và Du lịch", short_name="Sở VHTTDL")
    police = AgencyFactory(name="Công an tỉnh Lạng Sơn", short_name="Công an tỉnh")
    committee = CommitteeFactory(name="Ban Chỉ đạo Phát triển du lịch tỉnh Lạng Sơn",
                                 parent_body="UBND tỉnh Lạng Sơn", standing_agency=culture,
                                 due_soon_days=WINDOW)
    committee.member_agencies = [culture, police]
    resolution = ResolutionFactory(committee=committee, number="12/TB-BCĐ")
    today = local_today(committee.timezone)

    def task(agency, offset, state="open", original=None, **fields):
        deadline = None if offset is None else today + timedelta(days=offset)
        TaskFactory(resolution=resolution, committee=committee, lead_agency=agency,
                    deadline=deadline, state=state,
                    original_deadline=deadline if original is None
                    else today + timedelta(days=original), **fields)

    task(culture, 0)  # due today: due soon
    task(culture, WINDOW)  # the window's last day: due soon
    task(culture, WINDOW + 1)  # the day after: in progress
    task(police, 2, "submitted", submitted_on=today)  # reported done, not reviewed: due soon
    task(police, WINDOW + 2, original=1)  # extended past the window: in progress
    task(police, 30)  # in progress
    task(police, -1)  # yesterday: overdue
    task(culture, -1, "submitted", submitted_on=today)  # overdue, awaiting review
    task(culture, None)  # standing duty
    task(culture, -5, "done", completed_on=today - timedelta(days=6), submitted_on=today)
    task(police, -5, "done", completed_on=today - timedelta(days=1), submitted_on=today)
    task(police, 1, "cancelled", cancel_reason="Dừng theo kết luận")
    chair = member_of(committee, "chair", culture, name="Dương Xuân Huyên", language="en")
    return committee, chair


EXPECTED = {"overdue": 2, "in_time": 6, "due_soon": 3, "done_on_time": 1, "done_late": 1,
            "standing": 1, "cancelled": 1}


def _dashboard_tiles(html: str) -> dict[str, int]:
    return {cat: int(count) for cat, count in re.findall(
        r'class="tile tile-(\w+)"[^>]*>\s*<span class="count">(\d+)</span>', html)}


def test_dashboard_api_and_summary_count_the_window_alike(login, api):  # noqa: F811
    committee, chair = _committee_around_the_window()

    tiles = _dashboard_tiles(
        login(chair).get(f"/committees/{committee.id}/dashboard").get_data(as_text=True))
    counts = api(chair).get(f"committees/{committee.id}/dashboard").get_json()["counts"]
    period = period_containing("month", local_today(committee.timezone))
    summary = compile_summary(request_summary(committee, period, chair, "vi").id, utcnow())
    with force_locale("vi"):
        lines = [(row["label"], row["count"]) for row in document_context(summary)["categories"]]

    assert tiles == EXPECTED
    assert {name: counts[name] for name in REPORTED_FIGURES} == EXPECTED
    assert {name: summary.figures["totals"][name] for name in REPORTED_FIGURES} == EXPECTED
    with force_locale("vi"):
        expected_lines = [(str(REPORTED_LABELS[name]), EXPECTED[name])
                          for name in REPORTED_FIGURES]
    # The PDF, DOCX and XLSX print these lines; "in progress, on time" is 6, as on screen.
    assert lines == [*expected_lines, ("Tổng số", 12)]
    assert ("Đang thực hiện trong hạn", 6) in lines
    assert ("trong đó sắp đến hạn", 3) in lines


def test_the_summarys_agency_table_counts_in_time_as_the_dashboards(login, api):  # noqa: F811
    committee, chair = _committee_around_the_window()
    body = api(chair).get(f"committees/{committee.id}/dashboard").get_json()
    period = period_containing("month", local_today(committee.timezone))
    summary = compile_summary(request_summary(committee, period, chair, "vi").id, utcnow())

    on_screen = {a["agency"]["id"]: (a["rank"], a["in_progress"], a["due_soon"], a["overdue"])
                 for a in body["agencies"]}
    in_summary = {a["agency_id"]: (a["rank"], a["in_progress"], a["due_soon"], a["overdue"])
                  for a in summary.figures["agencies"]}
    assert on_screen == in_summary
    assert sum(in_progress for _, in_progress, _, _ in on_screen.values()) == EXPECTED["in_time"]
