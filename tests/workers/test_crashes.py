"""Workers that die, and a broker that restarts, in the middle of a batch of digests.

Nothing is lost: a digest being sent when its process died stays claimed until its lease
runs out (60 s in these workers), and the next run after that (``now`` two minutes later,
as the next beat ticks would be) sends it. The SMTP server stops at the third message
(``hold_message``) so that the kill lands mid-batch, before that message was accepted:
so no duplicate is allowed either.
"""

from __future__ import annotations

from datetime import date

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


def _sent(clean_db) -> int:
    return digest_statuses(clean_db).get("sent", 0)


def _sweep(clean_db, broker, worker, count: int) -> list[str]:
    emails = agencies_with_tasks_due(clean_db, count, TOMORROW)
    broker.send(SWEEP, iso(NOW))
    worker.wait_finished(SWEEP, 1)
    return emails


def test_a_pool_process_killed_mid_batch_loses_no_digest(clean_db, broker, smtp,
                                                         start_worker):
    worker = start_worker(**PATIENT)
    emails = _sweep(clean_db, broker, worker, 5)
    smtp.hold_message(3)

    broker.send(SEND, iso(NOW))
    wait_until(smtp.holding.is_set, 15, "the third message")
    worker.kill_pool_child()
    smtp.release()
    # The job's message is rejected back to the queue (acks_late + reject_on_worker_lost)
    # and a fresh pool process runs it again: it sends the two digests nobody held.
    wait_until(lambda: _sent(clean_db) == 4, 20, "the re-delivered job to send the rest")
    assert "WorkerLostError" in worker.log()
    assert digest_statuses(clean_db) == {"sent": 4, "sending": 1}

    broker.send(SEND, later(NOW, minutes=2))
    wait_until(lambda: all_sent(clean_db, 5), 15, "the digest whose lease ran out")
    assert smtp.recipients() == emails
    assert smtp.duplicate_count() == 0


def test_a_whole_worker_killed_mid_batch_loses_no_digest(clean_db, broker, smtp,
                                                         start_worker):
    worker = start_worker(**PATIENT)
    emails = _sweep(clean_db, broker, worker, 5)
    smtp.hold_message(3)

    broker.send(SEND, iso(NOW))
    wait_until(smtp.holding.is_set, 15, "the third message")
    worker.kill()  # main process and pool at once: no chance to requeue anything
    smtp.release()
    assert digest_statuses(clean_db) == {"sent": 2, "sending": 1, "pending": 2}

    restarted = start_worker("w1-restarted", **PATIENT)
    broker.send(SEND, later(NOW, minutes=2))
    wait_until(lambda: all_sent(clean_db, 5), 15, "every digest after the restart")
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
