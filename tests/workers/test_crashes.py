"""Workers that die, and a broker that restarts, in the middle of a batch of digests.

Nothing is lost: the digests a process had claimed when it died (the one being sent, and
with the default claim of ten the unsent rest of its claim) stay claimed until their lease
runs out (60 s in these workers), and the next run after that (``now`` two minutes later,
as the next beat ticks would be) sends them. The SMTP server stops at the third message
(``hold_message``) so that the kill lands mid-batch, before that message was accepted:
so no duplicate is allowed either. Each kill runs with a claim of one and of ten.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.workers.conftest import Broker
from tests.workers.harness import PrivateRedis, wait_until
from tests.workers.scenario import (
    agencies_with_tasks_due,
    all_sent,
    digest_statuses,
    iso,
    later,
    local,
)

SWEEP = "reminders.sweep_reminders"
SEND = "reminders.send_reminder_digests"
NOW = local(2026, 3, 10, 10)
TOMORROW = date(2026, 3, 11)
# A held message must outlast the kill: the sender waits up to SMTP_TIMEOUT for a reply.
PATIENT = {"SMTP_TIMEOUT": "10"}
# Claim size → the digests held by the killed process: the one in flight, or with it the
# two others of a claim of ten (five digests in all, two sent before the kill).
CLAIMS = pytest.mark.parametrize("claim_size, held", [(1, 1), (10, 3)])


def _sent(clean_db) -> int:
    return digest_statuses(clean_db).get("sent", 0)


def _sweep(clean_db, broker, worker, count: int) -> list[str]:
    emails = agencies_with_tasks_due(clean_db, count, TOMORROW)
    broker.send(SWEEP, iso(NOW))
    worker.wait_finished(SWEEP, 1)
    return emails


@CLAIMS
def test_a_pool_process_killed_mid_batch_loses_no_digest(clean_db, broker, smtp,
                                                         start_worker, claim_size, held):
    worker = start_worker(REMINDER_CLAIM_SIZE=str(claim_size), **PATIENT)
    emails = _sweep(clean_db, broker, worker, 5)
    smtp.hold_message(3)

    broker.send(SEND, iso(NOW))
    wait_until(smtp.holding.is_set, 15, "the third message")
    worker.kill_pool_child()
    smtp.release()
    # The job's message is rejected back to the queue (acks_late + reject_on_worker_lost)
    # and a fresh pool process runs it again: it sends the digests nobody held.
    wait_until(lambda: worker.succeeded(SEND), 20, "the re-delivered job to succeed")
    assert "WorkerLostError" in worker.log()
    assert digest_statuses(clean_db) == {"sent": 5 - held, "sending": held}

    broker.send(SEND, later(NOW, minutes=2))
    wait_until(lambda: all_sent(clean_db, 5), 15, "the digest whose lease ran out")
    assert smtp.recipients() == emails
    assert smtp.duplicate_count() == 0


@CLAIMS
def test_a_whole_worker_killed_mid_batch_loses_no_digest(clean_db, broker, smtp,
                                                         start_worker, claim_size, held):
    worker = start_worker(REMINDER_CLAIM_SIZE=str(claim_size), **PATIENT)
    emails = _sweep(clean_db, broker, worker, 5)
    smtp.hold_message(3)

    broker.send(SEND, iso(NOW))
    wait_until(smtp.holding.is_set, 15, "the third message")
    worker.kill()  # main process and pool at once: no chance to requeue anything
    smtp.release()
    expected = {"sent": 2, "sending": held, "pending": 3 - held}
    assert digest_statuses(clean_db) == {k: n for k, n in expected.items() if n}

    restarted = start_worker("w1-restarted", **PATIENT)
    broker.send(SEND, later(NOW, minutes=2))
    wait_until(lambda: all_sent(clean_db, 5), 15, "every digest after the restart")
    # The job marks its last digest sent a moment before the worker logs its end.
    wait_until(lambda: restarted.finished(SEND) >= 1, 5, "the job's end in the log")
    assert restarted.finished(SEND) == 1
    assert smtp.recipients() == emails
    assert smtp.duplicate_count() == 0


def test_redis_restarted_mid_batch_loses_no_digest(clean_db, smtp, start_worker, queue,
                                                   tmp_path):
    redis = PrivateRedis(tmp_path).start()  # never the shared Redis: this one we may restart
    broker = Broker(redis.url, queue)
    try:
        worker = start_worker(REDIS_URL=redis.url, CELERY_BROKER_URL=redis.url, **PATIENT)
        emails = _sweep(clean_db, broker, worker, 5)
        smtp.hold_message(3)
        broker.send(SEND, iso(NOW))
        wait_until(smtp.holding.is_set, 15, "the third message")

        redis.restart()  # without persistence: the job's message is gone for good
        smtp.release()
        wait_until(lambda: worker.log().count("Connected to redis") >= 2, 20,
                   "the worker to reconnect")
        broker.send(SEND, later(NOW, minutes=2))  # the next beat tick
        wait_until(lambda: all_sent(clean_db, 5), 20, "every digest after the restart")
        assert worker.alive
        assert smtp.recipients() == emails
        assert smtp.duplicate_count() == 0
    finally:
        broker.close()
        redis.stop()
