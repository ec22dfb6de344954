"""The scheduler's job makes each live duty's occurrences ahead of time, once: run twice,
or twice at once (two beats, two workers), it creates nothing twice.

These tests commit (``committed_app``): the job's steps commit, and the concurrent runs
need two connections that see each other's rows.
"""

from __future__ import annotations

import contextlib
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

from sqlalchemy import func, select

from tests.reminders.conftest import committed_app  # noqa: F401 — the fixture
from tests.tasks.recurrence.scene import at, monthly_duty
from tests.tasks.scenes import lang_son_scene
from tracker import jobs
from tracker.extensions import db
from tracker.tasks.models import Task
from tracker.tasks.recurrence import scheduler, services
from tracker.tasks.recurrence.services import RuleSpec
from workers.schedule import CREATE_RECURRING_OCCURRENCES, beat_schedule

SERIES = 4
RUNS = 4


def _duties(app, count: int) -> list[int]:
    """``count`` monthly duties from 1 January 2026, nothing made yet; their ids."""
    with app.app_context():
        scene = lang_son_scene()
        ids = [monthly_duty(scene, starts_on=date(2026, 1, 1), now=at(date(2025, 12, 1))).id
               for _ in range(count)]
        db.session.commit()
        return ids


def _periods(app) -> list[tuple[int, str]]:
    with app.app_context():
        rows = db.session.execute(select(Task.series_id, Task.series_period)
                                  .where(Task.series_id.is_not(None))
                                  .order_by(Task.series_id, Task.series_period))
        return [tuple(row) for row in rows]


def test_the_job_is_on_the_beat_under_a_stable_name():
    from config import Config

    entry = beat_schedule({"CELERY": Config.CELERY})[CREATE_RECURRING_OCCURRENCES]
    assert entry["task"] == "recurrence.create_due_occurrences"
    assert entry["task"] in jobs.JOB_NAMES


def test_the_job_run_twice_makes_each_occurrence_once(committed_app):  # noqa: F811
    from workers.recurrence import create_occurrences

    ids = _duties(committed_app, 2)
    committed_app.config["RECURRENCE_LEAD_DAYS"] = 20
    with committed_app.app_context():
        # 1 March 2026 in Hà Nội: January's and February's are due, March's within 20 days.
        first = create_occurrences.run(now=at(date(2026, 3, 1)).isoformat())
        again = create_occurrences.run(now=at(date(2026, 3, 1)).isoformat())
    assert (first, again) == ({"created": 6}, {"created": 0})
    assert _periods(committed_app) == [(i, p) for i in ids
                                       for p in ("2026-01", "2026-02", "2026-03")]


def test_two_runs_at_once_make_each_occurrence_once(committed_app, monkeypatch):  # noqa: F811
    ids = _duties(committed_app, SERIES)
    committed_app.config["RECURRENCE_LEAD_DAYS"] = 0
    # Every run reads what exists, then waits for the others before its first write, so the
    # runs really race for the same periods (on SQLite the write lock taken first makes the
    # others wait outside: the barrier then times out and they go on one after another).
    barrier = threading.Barrier(RUNS, timeout=2)
    assign = services.task_services.assign_task
    waited = threading.local()

    def racing_assign(*args, **kwargs):
        if not getattr(waited, "done", False):
            waited.done = True
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait()
        return assign(*args, **kwargs)

    monkeypatch.setattr(services.task_services, "assign_task", racing_assign)

    def run(_):
        with committed_app.app_context():
            return scheduler.create_due_occurrences(now=at(date(2026, 3, 16)))

    with ThreadPoolExecutor(RUNS) as pool:
        created = list(pool.map(run, range(RUNS)))

    assert sum(created) == SERIES * 3
    assert _periods(committed_app) == [(i, p) for i in ids
                                       for p in ("2026-01", "2026-02", "2026-03")]
    with committed_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Task)
                                 .where(Task.series_id.in_(ids))) == SERIES * 3


def test_a_stopped_or_ended_duty_gets_nothing_new(committed_app):  # noqa: F811
    with committed_app.app_context():
        scene = lang_son_scene()
        stopped = monthly_duty(scene, now=at(date(2025, 12, 1)))
        services.stop_series(stopped, actor=scene.secretary)
        ended = services.create_series(
            scene.resolution, services.task_services.TaskSpec(
                title="Báo cáo quý I", lead_agency_id=scene.lead.id),
            RuleSpec(preset="quarterly_20"), starts_on=date(2026, 1, 1),
            ends_on=date(2026, 4, 30), actor=scene.secretary, now=at(date(2025, 12, 1)))
        db.session.commit()
        ended_id = ended.id
    committed_app.config["RECURRENCE_LEAD_DAYS"] = 30
    with committed_app.app_context():
        assert scheduler.create_due_occurrences(now=at(date(2026, 12, 1))) == 1
    assert _periods(committed_app) == [(ended_id, "2026-Q1")]
