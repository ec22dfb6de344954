"""Recurring duties: occurrences are ordinary tasks, made once, changed only ahead, kept."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from tests.tasks.recurrence.scene import at, monthly_duty, template
from tests.tasks.scenes import lang_son_scene
from tracker.extensions import db
from tracker.history.models import HistoryEntry
from tracker.reports.queries import agency_scorecard, committee_figures
from tracker.tasks import services as task_services
from tracker.tasks.categories import Category, category_of
from tracker.tasks.models import Task
from tracker.tasks.recurrence import services
from tracker.tasks.recurrence.services import RuleSpec, SeriesError


@pytest.fixture
def scene():
    return lang_son_scene()


def occurrences(series) -> list[tuple[str, date, str]]:
    return [tuple(row) for row in db.session.execute(
        select(Task.series_period, Task.deadline, Task.title)
        .where(Task.series_id == series.id).order_by(Task.deadline))]


def test_starting_a_duty_makes_the_occurrences_due_within_the_lead_time(scene):
    series = monthly_duty(scene, starts_on=date(2026, 1, 1), lead_days=20)
    assert [(p, d) for p, d, _ in occurrences(series)] == [("2026-01", date(2026, 1, 15))]
    task = db.session.scalar(select(Task).where(Task.series_id == series.id))
    assert task.resolution_id == scene.resolution.id and task.lead_agency_id == scene.lead.id
    assert [a.id for a in task.coordinating_agencies] == [scene.coordinating.id]
    assert [u.id for u in task.assignees] == [scene.lead_member.id]
    assert task.priority == "high" and task.original_deadline == date(2026, 1, 15)
    assert db.session.scalar(select(func.count()).select_from(HistoryEntry).where(
        HistoryEntry.subject_type == "task", HistoryEntry.subject_id == task.id)) == 1


def test_making_occurrences_twice_creates_nothing_twice(scene):
    series = monthly_duty(scene)
    first = services.make_occurrences(series, today=date(2026, 3, 1), lead_days=20)
    again = services.make_occurrences(series, today=date(2026, 3, 1), lead_days=20)
    assert (first, again) == (3, 0)
    assert [p for p, _, _ in occurrences(series)] == ["2026-01", "2026-02", "2026-03"]


def test_a_period_made_by_another_run_meanwhile_is_skipped_not_an_error(scene):
    series = monthly_duty(scene)
    # Another run made February's between this run's read and its write.
    task_services.assign_task(scene.resolution, template(scene, deadline=date(2026, 2, 15)),
                              actor=None, series_id=series.id, series_period="2026-02")
    assert services.make_occurrences(series, today=date(2026, 2, 20), lead_days=0) == 1
    assert [p for p, _, _ in occurrences(series)] == ["2026-01", "2026-02"]


def test_the_rule_is_checked_and_named_in_the_error(scene):
    with pytest.raises(SeriesError) as error:
        services.create_series(scene.resolution, template(scene),
                               RuleSpec(frequency="monthly", due_day=32),
                               starts_on=date(2026, 1, 1), actor=scene.secretary)
    assert error.value.field == "due_day"
    with pytest.raises(SeriesError) as error:
        services.create_series(scene.resolution, template(scene),
                               RuleSpec(frequency="weeks", interval=0),
                               starts_on=date(2026, 1, 1), actor=scene.secretary)
    assert error.value.field == "interval"
    with pytest.raises(SeriesError) as error:
        services.create_series(scene.resolution, template(scene, lead_agency_id=None),
                               RuleSpec(preset="quarterly_20"), starts_on=date(2026, 1, 1),
                               actor=scene.secretary)
    assert error.value.field == "lead_agency_id"
    with pytest.raises(SeriesError) as error:
        services.create_series(scene.resolution, template(scene), RuleSpec(preset="quarterly_20"),
                               starts_on=date(2026, 3, 1), ends_on=date(2026, 2, 1),
                               actor=scene.secretary)
    assert error.value.field == "ends_on"


def test_changing_the_duty_changes_only_the_occurrences_not_started(scene):
    series = monthly_duty(scene)
    services.make_occurrences(series, today=date(2026, 3, 1), lead_days=20)
    by_period = {t.series_period: t for t in
                 db.session.scalars(select(Task).where(Task.series_id == series.id))}
    # February's report is started: its agency reported progress.
    task_services.report_progress(by_period["2026-02"], actor=scene.lead_member,
                                  text="Đang tổng hợp số liệu", progress=40,
                                  now=at(date(2026, 2, 10)))

    followed = services.update_series(
        series, template(scene, title="Báo cáo du lịch tháng (mẫu mới)"), due_day=20,
        actor=scene.secretary, expected_version=series.version, now=at(date(2026, 2, 10)))

    assert followed == 1  # March's only
    jan, feb, mar = (by_period[p] for p in ("2026-01", "2026-02", "2026-03"))
    assert (jan.title, jan.deadline) == (template(scene).title, date(2026, 1, 15))  # past
    assert (feb.title, feb.deadline) == (template(scene).title, date(2026, 2, 15))  # started
    assert (mar.title, mar.deadline) == ("Báo cáo du lịch tháng (mẫu mới)", date(2026, 3, 20))
    services.make_occurrences(series, today=date(2026, 4, 1), lead_days=20)
    april = db.session.scalar(select(Task).where(Task.series_id == series.id,
                                                 Task.series_period == "2026-04"))
    assert (april.title, april.deadline) == ("Báo cáo du lịch tháng (mẫu mới)",
                                             date(2026, 4, 20))


def test_a_stale_copy_of_the_duty_is_refused(scene):
    series = monthly_duty(scene)
    with pytest.raises(services.SeriesConflict):
        services.update_series(series, template(scene), due_day=15, actor=scene.secretary,
                               expected_version=series.version - 1)


def test_stopping_the_duty_keeps_every_occurrence_and_makes_no_more(scene):
    series = monthly_duty(scene)
    services.make_occurrences(series, today=date(2026, 3, 1), lead_days=20)
    services.stop_series(series, actor=scene.secretary, now=at(date(2026, 3, 2)))
    assert services.make_occurrences(series, today=date(2026, 6, 1), lead_days=20) == 0
    tasks = list(db.session.scalars(select(Task).where(Task.series_id == series.id)))
    assert len(tasks) == 3 and all(t.is_open for t in tasks)
    with pytest.raises(SeriesError):
        services.stop_series(series, actor=scene.secretary)
    with pytest.raises(SeriesError):
        services.update_series(series, template(scene), due_day=15, actor=scene.secretary)


def test_occurrences_count_on_their_own_in_the_overdue_list_and_the_dashboard(scene):
    series = monthly_duty(scene)
    services.make_occurrences(series, today=date(2026, 3, 1), lead_days=20)
    march_10 = at(date(2026, 3, 10))
    jan, feb, mar = db.session.scalars(select(Task).where(Task.series_id == series.id)
                                       .order_by(Task.deadline)).all()
    assert [category_of(t, march_10) for t in (jan, feb, mar)] == [
        Category.OVERDUE, Category.OVERDUE, Category.IN_PROGRESS]

    figures = committee_figures(scene.committee.id, now=march_10)
    overdue_ids = {item.task.id for group in figures.overdue for item in group.tasks}
    # The scene's own task falls due in December: in time on 10 March.
    assert figures.counts["overdue"] == 2
    assert {jan.id, feb.id} <= overdue_ids and mar.id not in overdue_ids
    score = next(s for s in agency_scorecard(scene.committee.id, now=march_10)
                 if s.agency.id == scene.lead.id)
    assert (score.overdue, score.in_progress) == (2, 2)
