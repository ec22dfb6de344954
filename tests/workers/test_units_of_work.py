"""Jobs as units of work: the job runner commits what a job leaves and rolls back what a
failing job wrote; on SQLite a job's step that reads and then writes takes the write lock
first (``BEGIN IMMEDIATE``), so it queues behind another writer instead of failing."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import event, select

import workers
from tests.factories import AgencyFactory, CommitteeFactory, ResolutionFactory, TaskFactory
from tracker.committees.models import Agency
from tracker.extensions import db
from tracker.reminders.sweep import sweep_reminders
from tracker.summaries.models import Summary
from tracker.summaries.periods import PeriodKind, period_containing
from tracker.summaries.services import compile_summary, request_summary
from tracker.summaries.weekly import send_weekly_summaries

WRITES = ("INSERT", "UPDATE", "DELETE")


def test_a_job_commits_what_it_leaves_and_a_failing_job_writes_nothing(clean_db, monkeypatch):
    monkeypatch.setattr(workers, "flask_app", clean_db.app)

    @workers.celery_app.task(name="tests.record_agency", base=workers.AppContextTask)
    def record_agency(name: str, fail: bool = False) -> None:
        AgencyFactory(name=name)  # flushed only: the runner commits
        if fail:
            raise RuntimeError("the job broke after writing")

    record_agency("Sở Tư pháp")
    with pytest.raises(RuntimeError):
        record_agency("Sở Y tế", fail=True)

    assert clean_db.all(select(Agency.name)) == [("Sở Tư pháp",)]


@contextmanager
def transactions_on(engine):
    """Each committed transaction as (how it began, whether it read before its first write,
    whether it wrote)."""
    seen: list[tuple[str, bool, bool]] = []
    current: dict = {}

    def statement(_conn, _cursor, sql, *_args):
        words = sql.lstrip().upper()
        if words.startswith("BEGIN"):
            current.update(begin=words.strip(), read_first=False, wrote=False)
        elif current and words.startswith(WRITES):
            current["wrote"] = True
        elif current and words.startswith("SELECT") and not current["wrote"]:
            current["read_first"] = True

    def commit(_conn):
        if current:
            seen.append((current["begin"], current["read_first"], current["wrote"]))
            current.clear()

    event.listen(engine, "before_cursor_execute", statement)
    event.listen(engine, "commit", commit)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", statement)
        event.remove(engine, "commit", commit)


def test_on_sqlite_a_jobs_read_then_write_takes_the_write_lock_first(clean_db):
    if not clean_db.is_sqlite:
        pytest.skip("SQLite's write lock (PostgreSQL locks rows)")
    with clean_db.session():
        committee = CommitteeFactory()
        TaskFactory(resolution=ResolutionFactory(committee=committee))
        summary_id = request_summary(committee, period_containing(PeriodKind.MONTH,
                                                                  date(2026, 10, 1))).id
    with clean_db.app.app_context(), transactions_on(db.engine) as seen:
        compile_summary(summary_id)
        send_weekly_summaries(datetime(2026, 11, 23, tzinfo=UTC), transport=_NoMail())
        sweep_reminders(datetime(2026, 11, 23, tzinfo=UTC))
        db.session.remove()

    assert clean_db.scalar(select(Summary.status).where(Summary.id == summary_id)) == "ready"
    read_then_wrote = [begin for begin, read_first, wrote in seen if read_first and wrote]
    assert read_then_wrote, "the compilation, the weekly run and the sweep read, then write"
    assert set(read_then_wrote) == {"BEGIN IMMEDIATE"}


class _NoMail:
    """The weekly run finds nobody to mail here; sending anything would be a bug."""

    def send(self, message):
        raise AssertionError("no mail expected")
