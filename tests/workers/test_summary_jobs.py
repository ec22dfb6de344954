"""A summary requested on the site is compiled by a real worker, enqueued by name."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tests.factories import CommitteeFactory, ResolutionFactory, TaskFactory
from tests.workers.harness import wait_until
from tracker.summaries.models import Summary
from tracker.summaries.periods import PeriodKind, period_containing
from tracker.summaries.services import request_summary


def test_a_requested_summary_is_compiled_by_the_worker_twice_safely(clean_db, broker,
                                                                    start_worker):
    with clean_db.session():
        committee = CommitteeFactory()
        TaskFactory(resolution=ResolutionFactory(committee=committee))
        summary_id = request_summary(committee, period_containing(PeriodKind.MONTH,
                                                                  date(2026, 10, 1))).id
    worker = start_worker()

    def status():
        return clean_db.scalar(select(Summary.status).where(Summary.id == summary_id))

    broker.send("summaries.compile_summary", summary_id)
    wait_until(lambda: status() in ("ready", "failed"), 60, "the summary to be compiled")
    assert status() == "ready", worker.log()[-3000:]
    broker.send("summaries.compile_summary", summary_id)  # a redelivered message
    worker.wait_finished("summaries.compile_summary", 2, timeout=60)
    assert status() == "ready"
    assert "raised" not in worker.log()
