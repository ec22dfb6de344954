"""Real workers, real Redis, a real SMTP server: re-runs and concurrency send nothing twice.

Every test asserts the exact e-mails the SMTP server received.
"""

from __future__ import annotations

from datetime import date

from tests.workers.harness import wait_until
from tests.workers.scenario import (
    agencies_with_tasks_due,
    all_sent,
    digest_statuses,
    iso,
    local,
    reminder_keys,
)

SWEEP = "reminders.sweep_reminders"
SEND = "reminders.send_reminder_digests"
# Tuesday 10 March 2026, 10:00 in Hà Nội; the tasks are due the next day.
NOW = local(2026, 3, 10, 10)
TOMORROW = date(2026, 3, 11)


def test_each_agency_gets_one_digest_from_a_worker(clean_db, broker, smtp, start_worker):
    emails = agencies_with_tasks_due(clean_db, 3, TOMORROW)
    worker = start_worker()

    broker.send(SWEEP, iso(NOW))
    worker.wait_finished(SWEEP, 1)
    broker.send(SEND, iso(NOW))
    wait_until(lambda: all_sent(clean_db, 3), 15, "three digests sent")

    assert smtp.recipients() == emails
    assert smtp.duplicate_count() == 0
    subject = str(smtp.emails[0]["Subject"])
    assert "11/03/2026" in subject or "10/03/2026" in subject, subject


def test_the_sweep_run_twice_writes_and_sends_nothing_new(clean_db, broker, smtp,
                                                           start_worker):
    emails = agencies_with_tasks_due(clean_db, 3, TOMORROW)
    worker = start_worker()

    broker.send(SWEEP, iso(NOW))
    worker.wait_finished(SWEEP, 1)
    first = reminder_keys(clean_db)
    broker.send(SWEEP, iso(NOW))
    worker.wait_finished(SWEEP, 2)
    assert reminder_keys(clean_db) == first and len(first) == 3
    assert digest_statuses(clean_db) == {"pending": 3}

    broker.send(SEND, iso(NOW))
    wait_until(lambda: all_sent(clean_db, 3), 15, "three digests sent")
    broker.send(SWEEP, iso(NOW))  # a third sweep after the mail went out
    broker.send(SEND, iso(NOW))
    worker.wait_finished(SEND, 2)

    assert reminder_keys(clean_db) == first
    assert smtp.recipients() == emails
    assert smtp.duplicate_count() == 0


def test_two_beats_sweeping_at_once_write_every_reminder_once(clean_db, broker, smtp,
                                                                start_worker):
    emails = agencies_with_tasks_due(clean_db, 8, TOMORROW)
    worker = start_worker(concurrency=2)  # two pool processes: both sweeps run together

    broker.send(SWEEP, iso(NOW))
    broker.send(SWEEP, iso(NOW))
    worker.wait_finished(SWEEP, 2)
    assert "raised" not in worker.log()
    assert len(reminder_keys(clean_db)) == 8
    assert digest_statuses(clean_db) == {"pending": 8}

    broker.send(SEND, iso(NOW))
    wait_until(lambda: all_sent(clean_db, 8), 15, "eight digests sent")
    assert smtp.recipients() == emails
    assert smtp.duplicate_count() == 0


def test_two_workers_sending_the_same_outbox_send_each_digest_once(clean_db, broker, smtp,
                                                                     start_worker):
    emails = agencies_with_tasks_due(clean_db, 12, TOMORROW)
    first = start_worker("w1", concurrency=2)
    second = start_worker("w2", concurrency=2)
    broker.send(SWEEP, iso(NOW))
    wait_until(lambda: first.finished(SWEEP) + second.finished(SWEEP), 15, "the sweep")

    for _ in range(4):  # four senders at once, over two worker processes
        broker.send(SEND, iso(NOW))
    wait_until(lambda: all_sent(clean_db, 12), 20, "twelve digests sent")
    wait_until(lambda: first.finished(SEND) + second.finished(SEND) == 4, 15, "all senders")

    assert smtp.recipients() == emails
    assert smtp.duplicate_count() == 0
    assert first.finished(SEND) and second.finished(SEND), "both workers took part"
