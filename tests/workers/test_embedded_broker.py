"""``make run`` without any server: worker and beat on the embedded SQLite broker, mail to
the local sink. Beat's ticks are shortened through BEAT_SCHEDULE_OVERRIDES."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from datetime import timedelta

from tests.workers.harness import ROOT, Worker, wait_until
from tests.workers.scenario import digest_statuses, task_due
from tracker.clock import local_today


def test_worker_and_beat_deliver_a_reminder_with_no_server_at_all(clean_db, worker_env, queue,
                                                                  tmp_path):
    # Real clock here: beat passes no `now`. A task due tomorrow is reminded today.
    email = task_due(clean_db, local_today("Asia/Ho_Chi_Minh") + timedelta(days=1))
    on_queue = {"options": {"queue": queue}}
    env = {**worker_env, "REDIS_URL": "", "CELERY_BROKER_URL": "", "SMTP_URL": "",
           "BEAT_SCHEDULE_OVERRIDES": json.dumps({
               "sweep-reminders": {"schedule": 1.0, **on_queue},
               "send-reminder-digests": {"schedule": 1.0, **on_queue},
               "purge-broker": {"schedule": 2.0, **on_queue},
               "send-weekly-summaries": None,
           })}
    worker = Worker(env, queue, tmp_path / "worker.log").start()
    with open(tmp_path / "beat.log", "wb") as log:
        beat = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "workers", "beat", "--loglevel=INFO",
             f"--schedule={tmp_path / 'beat-schedule'}"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_until(lambda: digest_statuses(clean_db).get("sent") == 1, 25,
                   "the digest sent through the embedded broker")
        assert "sqla+sqlite:///" in worker.log()
        messages = list(tmp_path.glob("instance/**/*.eml"))  # the test config's mail sink
        assert len(messages) == 1
        assert f"To: {email}" in messages[0].read_text()
        wait_until(lambda: worker.finished("broker.purge_consumed"), 10, "a broker purge")
    finally:
        beat.send_signal(signal.SIGTERM)
        beat.wait(timeout=15)
        worker.stop()
    assert "raised" not in worker.log(), worker.log()[-3000:]
