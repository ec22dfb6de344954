"""A real worker against a misbehaving SMTP server: every digest arrives, exactly once,
except the one duplicate the design allows (a crash between acceptance and commit).

``now`` travels in the jobs' arguments: "two minutes later" is a later ISO instant, past
the 30 s backoff and the 60 s lease the worker runs with.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from datetime import date

import pytest
import sqlalchemy as sa

from tests.workers.harness import free_port, wait_until
from tests.workers.mailserver import FaultySMTP, SilentServer
from tests.workers.scenario import (
    agencies_with_tasks_due,
    all_sent,
    digest_statuses,
    digests,
    iso,
    later,
    local,
)
from tracker.reminders.sending import retry_digest

SWEEP = "reminders.sweep_reminders"
SEND = "reminders.send_reminder_digests"
NOW = local(2026, 3, 10, 10)
TOMORROW = date(2026, 3, 11)


def _swept(clean_db, broker, worker, count: int) -> list[str]:
    emails = agencies_with_tasks_due(clean_db, count, TOMORROW)
    broker.send(SWEEP, iso(NOW))
    worker.wait_finished(SWEEP, 1)
    assert digest_statuses(clean_db) == {"pending": count}
    return emails


def test_a_451_is_retried_after_the_backoff_and_then_delivered(clean_db, broker, smtp,
                                                               start_worker):
    worker = start_worker()
    emails = _swept(clean_db, broker, worker, 2)
    smtp.replies = ["451 4.3.0 Mailbox busy, try again later"]

    broker.send(SEND, iso(NOW))
    worker.wait_finished(SEND, 1)
    assert digest_statuses(clean_db) == {"sent": 1, "pending": 1}
    waiting = [d for d in digests(clean_db) if d.status == "pending"][0]
    assert waiting.attempts == 1 and "451" in waiting.last_error
    assert smtp.recipients() == [e for e in emails if e != waiting.recipient_email]

    broker.send(SEND, later(NOW, seconds=10))  # still within the backoff: nothing to do
    worker.wait_finished(SEND, 2)
    assert len(smtp.emails) == 1

    broker.send(SEND, later(NOW, minutes=2))
    wait_until(lambda: all_sent(clean_db, 2), 15, "the retried digest")
    assert smtp.recipients() == emails
    assert smtp.duplicate_count() == 0
    assert smtp.attempts == 3


def test_a_550_fails_for_good_until_an_admin_retries_it(clean_db, broker, smtp,
                                                        start_worker):
    worker = start_worker()
    emails = _swept(clean_db, broker, worker, 2)
    smtp.replies = ["550 5.1.1 No such mailbox"]

    broker.send(SEND, iso(NOW))
    worker.wait_finished(SEND, 1)
    broker.send(SEND, later(NOW, hours=3))  # no backoff brings a failed digest back
    worker.wait_finished(SEND, 2)
    assert digest_statuses(clean_db) == {"sent": 1, "failed": 1}
    failed = [d for d in digests(clean_db) if d.status == "failed"][0]
    assert "550" in failed.last_error
    assert smtp.recipients() == [e for e in emails if e != failed.recipient_email]

    with clean_db.session():
        retry_digest(failed.id, now=NOW)
    broker.send(SEND, later(NOW, hours=3, minutes=1))
    wait_until(lambda: all_sent(clean_db, 2), 15, "the digest retried by the admin")
    assert smtp.recipients() == emails
    assert smtp.duplicate_count() == 0


@pytest.mark.parametrize("fault", ["down", "silent"])
def test_an_smtp_server_down_or_silent_never_hangs_the_worker(clean_db, broker, fault,
                                                             start_worker):
    port = free_port()
    silent = SilentServer(port).start() if fault == "silent" else None
    worker = start_worker(SMTP_URL=f"smtp://127.0.0.1:{port}", SMTP_TIMEOUT="1")
    emails = _swept(clean_db, broker, worker, 2)

    started = time.monotonic()
    broker.send(SEND, iso(NOW))
    worker.wait_finished(SEND, 1, timeout=10)
    assert time.monotonic() - started < 8  # two attempts of at most SMTP_TIMEOUT each
    assert digest_statuses(clean_db) == {"pending": 2}
    assert all(d.attempts == 1 and d.last_error for d in digests(clean_db))

    if silent is not None:
        silent.stop()
    server = FaultySMTP(port).start()
    try:
        broker.send(SEND, later(NOW, minutes=2))
        wait_until(lambda: all_sent(clean_db, 2), 15, "delivery once the server is back")
        assert server.recipients() == emails
        assert server.duplicate_count() == 0
    finally:
        server.stop()


def test_a_server_slower_than_the_jobs_time_limit_is_cut_off(clean_db, broker, start_worker):
    silent = SilentServer().start()
    try:
        worker = start_worker(SMTP_URL=silent.url, SMTP_TIMEOUT="600",
                              CELERY_TASK_SOFT_TIME_LIMIT="2", CELERY_TASK_TIME_LIMIT="4")
        _swept(clean_db, broker, worker, 1)
        broker.send(SEND, iso(NOW))
        worker.wait_finished(SEND, 1, timeout=10)
    finally:
        silent.stop()
    assert "SoftTimeLimitExceeded" in worker.log()
    # The digest stays claimed until its lease runs out, then it is sent as usual.
    assert digest_statuses(clean_db) == {"sending": 1}


class _CommitBlocker:
    """Lets the SMTP server accept a message, then makes the worker's commit fail.

    PostgreSQL: lock the digest's row when the message arrives, and once the worker
    waits on that lock, terminate its database connection. SQLite: take the database's
    write lock; the worker's UPDATE gives up after its busy timeout ("database is locked").
    """

    def __init__(self, clean_db):
        self.db = clean_db
        self.armed = True
        self.locked = threading.Event()
        self.connection = None

    def __call__(self, message) -> None:
        if not self.armed:
            return
        self.armed = False
        self.recipient = str(message["To"]).lower()
        if self.db.is_sqlite:
            path = self.db.url.split("sqlite:///", 1)[1]
            self.connection = sqlite3.connect(path, isolation_level=None,
                                              check_same_thread=False)
            self.connection.execute("BEGIN IMMEDIATE")
        else:
            engine = sa.create_engine(self.db.url.replace("postgresql://",
                                                          "postgresql+psycopg://", 1))
            self.connection = engine.connect()
            self.connection.execute(sa.text(
                "SELECT id FROM mail_digest WHERE recipient_email = :r FOR UPDATE"),
                {"r": self.recipient})
        self.locked.set()

    def break_the_commit(self) -> None:
        if self.db.is_sqlite:
            return  # the busy timeout does it
        with sa.create_engine(self.db.url).connect() as admin:
            query = sa.text("SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                            " AND wait_event_type = 'Lock'")
            pid = wait_until(lambda: admin.execute(query).scalar(), 10,
                             "the worker waiting on the locked digest")
            admin.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})

    def release(self) -> None:
        if self.connection is not None:
            self.connection.rollback()
            self.connection.close()


def test_a_crash_between_acceptance_and_commit_resends_with_the_same_message_id(
        clean_db, broker, smtp, start_worker):
    worker = start_worker()
    emails = _swept(clean_db, broker, worker, 3)
    blocker = _CommitBlocker(clean_db)
    smtp.on_accept = blocker

    broker.send(SEND, iso(NOW))
    wait_until(blocker.locked.is_set, 15, "the first message to be accepted")
    blocker.break_the_commit()
    worker.wait_finished(SEND, 1, timeout=15)
    blocker.release()
    assert "raised" in worker.log()
    # Accepted, but not marked sent: it waits for its lease. The two others of the claim
    # are given back at once on PostgreSQL; on SQLite the database is still locked when the
    # sender tries, so they wait for the lease too.
    waiting = 3 if clean_db.is_sqlite else 1
    expected = {"sending": waiting, "pending": 3 - waiting}
    assert digest_statuses(clean_db) == {k: n for k, n in expected.items() if n}

    broker.send(SEND, later(NOW, minutes=2))  # after the lease ran out
    wait_until(lambda: all_sent(clean_db, 3), 15, "every digest sent")
    assert sorted(set(smtp.recipients())) == emails
    counts = smtp.message_ids()
    assert smtp.duplicate_count() == 1
    repeated = [m for m in smtp.emails if counts[str(m["Message-ID"])] == 2]
    assert {str(m["To"]).lower() for m in repeated} == {blocker.recipient}
