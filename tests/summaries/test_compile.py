"""Compiling a summary: the dashboard's figures, the period's flows, the previous period."""

from datetime import date

from tests.summaries.conftest import NOW
from tracker.extensions import db
from tracker.reports.queries import agency_scorecard, category_counts
from tracker.summaries.models import SummaryStatus
from tracker.summaries.periods import period_containing
from tracker.summaries.services import compile_summary, file_path, request_summary

NOVEMBER = period_containing("month", date(2026, 11, 22))


def _compiled(scene, period=NOVEMBER, now=NOW, language="vi"):
    summary = request_summary(scene.committee, period, scene.secretary, language)
    return compile_summary(summary.id, now)


def test_a_compiled_summary_has_the_dashboards_figures(scene):
    summary = _compiled(scene)
    assert summary.status == SummaryStatus.READY and summary.progress == 100
    figures = summary.figures
    counts = category_counts(scene.committee.id, NOW)
    assert {k: v for k, v in figures["totals"].items() if k != "total"} == counts
    assert figures["totals"]["total"] == 10
    assert counts["overdue"] == 2 and counts["done_on_time"] == 2
    scores = agency_scorecard(scene.committee.id, NOW)
    assert [(a["agency_id"], a["rank"], a["on_time_rate"], a["assigned"], a["overdue"])
            for a in figures["agencies"]] == [
        (s.agency.id, s.rank, s.on_time_rate, s.assigned, s.overdue) for s in scores]


def test_the_overdue_list_counts_days_late_per_agency(scene):
    overdue = _compiled(scene).figures["overdue"]
    by_agency = {g["name"]: [(t["id"], t["days_late"]) for t in g["tasks"]] for g in overdue}
    assert by_agency == {
        "Sở Văn hóa, Thể thao và Du lịch tỉnh Lạng Sơn": [(scene.tasks["overdue_12"].id, 12)],
        "Công an tỉnh Lạng Sơn": [(scene.tasks["overdue_21"].id, 21)],
    }
    assert overdue[0]["tasks"][0]["resolution"] == "12/TB-BCĐ"


def test_completed_and_due_next_follow_the_period(scene):
    figures = _compiled(scene).figures
    completed = {t["id"] for g in figures["completed"] for t in g["tasks"]}
    assert completed == {scene.tasks["on_time"].id, scene.tasks["late"].id}
    due_next = {t["id"] for g in figures["due_next"]["groups"] for t in g["tasks"]}
    assert due_next == {scene.tasks["far"].id, scene.tasks["december"].id}
    assert figures["due_next"]["starts_on"] == "2026-12-01"
    assert figures["extensions"] == {"granted": 0, "items": []}


def test_the_previous_period_is_compared(scene):
    october = _compiled(scene, period_containing("month", date(2026, 10, 31)))
    november = _compiled(scene)
    current, previous = november.figures["current"], november.figures["previous"]
    assert (current["completed_on_time"], current["completed_late"]) == (1, 1)
    assert (previous["completed_on_time"], previous["completed_late"]) == (1, 0)
    assert previous["starts_on"] == "2026-10-01" and previous["ends_on"] == "2026-10-31"
    # Snapshot totals come from the summary compiled for October, not recomputed.
    assert previous["summary_id"] == october.id
    assert previous["totals"] == october.figures["totals"]
    assert [p["summary_id"] for p in november.figures["trend"]] == [october.id, november.id]


def test_compiling_again_overwrites_the_same_record(scene):
    summary = _compiled(scene)
    scene.tasks["far"].state = "cancelled"
    db.session.flush()
    again = compile_summary(summary.id, NOW)
    assert again.id == summary.id and again.status == SummaryStatus.READY
    assert again.figures["totals"]["cancelled"] == 2
    assert all(file_path(again, fmt).is_file() for fmt in ("pdf", "xlsx", "docx"))


def test_a_summary_that_no_longer_exists_is_ignored():
    assert compile_summary(987654, NOW) is None
