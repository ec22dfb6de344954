"""The nightly check of the dashboard's maintained counts, run by a real worker."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select, update

from tests.factories import CommitteeFactory, ResolutionFactory, TaskFactory
from tests.workers.harness import wait_until
from tracker.reports.models import TaskTally
from tracker.tasks.models import Task


def _counted_on(clean_db, deadline) -> int:
    return clean_db.scalar(select(func.coalesce(func.sum(TaskTally.tasks), 0))
                           .where(TaskTally.deadline == deadline))


def test_the_worker_fixes_drifted_counts_and_logs_what_it_fixed(clean_db, broker, start_worker):
    with clean_db.session() as session:
        committee = CommitteeFactory()
        task = TaskFactory(resolution=ResolutionFactory(committee=committee))
        session.flush()
        task_id, deadline = task.id, task.deadline
    later = deadline + timedelta(days=1)
    with clean_db.session() as session:  # around the session's flush: the counts drift
        session.execute(update(Task.__table__).where(Task.id == task_id).values(deadline=later))
    assert (_counted_on(clean_db, deadline), _counted_on(clean_db, later)) == (1, 0)

    worker = start_worker()
    broker.send("reports.check_tallies")
    wait_until(lambda: _counted_on(clean_db, later) == 1, 60, "the counts to be fixed")
    assert _counted_on(clean_db, deadline) == 0
    worker.wait_finished("reports.check_tallies", 1, timeout=60)
    assert "task tally drift fixed" in worker.log()
    broker.send("reports.check_tallies")  # a second run: nothing left to fix
    worker.wait_finished("reports.check_tallies", 2, timeout=60)
    assert worker.log().count("task tally drift fixed") == 2  # the first run's two keys
    assert "raised" not in worker.log()
