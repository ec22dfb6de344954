"""The Celery glue without a worker: settings, the schedule, enqueue-after-commit, purge."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from celery import Celery

from config import Config, _celery_settings
from tests.factories import AgencyFactory
from tracker import jobs
from workers.broker import purge_consumed_rows
from workers.schedule import PURGE_BROKER, SEND_REMINDER_DIGESTS, beat_schedule


def test_the_celery_settings_deliver_every_job_at_least_once(clean_db):
    conf = jobs.celery_for(clean_db.app).conf
    assert conf.task_acks_late and conf.task_reject_on_worker_lost
    assert conf.worker_prefetch_multiplier == 1
    assert 0 < conf.task_soft_time_limit < conf.task_time_limit
    assert conf.worker_cancel_long_running_tasks_on_connection_loss
    settings = _celery_settings("redis://127.0.0.1:6379/0", Path("/srv/instance"))
    # Redis must not hand a running job to a second worker before the job's time limit.
    assert settings["broker_transport_options"]["visibility_timeout"] > conf.task_time_limit


def test_without_redis_jobs_go_through_an_embedded_sqlite_broker(monkeypatch):
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    settings = _celery_settings(None, Path("/srv/instance"))
    assert settings["broker_url"] == "sqla+sqlite:////srv/instance/broker.sqlite"


def test_the_schedule_has_stable_names_and_config_overrides_them():
    config = {"CELERY": {"broker_url": "redis://x"}, "BEAT_SCHEDULE_OVERRIDES": {
        SEND_REMINDER_DIGESTS: {"schedule": 5.0}, "send-weekly-summaries": None}}
    schedule = beat_schedule(config)
    assert schedule[SEND_REMINDER_DIGESTS] == {
        "task": "reminders.send_reminder_digests", "schedule": 5.0, "options": {"expires": 55}}
    assert "send-weekly-summaries" not in schedule
    assert PURGE_BROKER not in schedule  # Redis needs no purging
    assert {entry["task"] for entry in beat_schedule({"CELERY": Config.CELERY}).values()} \
        <= set(jobs.JOB_NAMES)


def test_a_job_is_sent_only_when_its_transaction_commits(clean_db):
    recorded = clean_db.app.extensions["jobs_recorded"]
    recorded.clear()
    with clean_db.session():
        AgencyFactory()  # a flushed change: the transaction is open
        jobs.enqueue("summaries.compile_summary", 7)
        assert recorded == []
    assert recorded == [("summaries.compile_summary", (7,))]

    recorded.clear()
    with clean_db.app.app_context():
        AgencyFactory()
        jobs.enqueue("summaries.compile_summary", 8)
        clean_db.app.extensions["sqlalchemy"].session.rollback()
        jobs.enqueue("summaries.compile_summary", 9)  # no transaction: sent at once
    assert recorded == [("summaries.compile_summary", (9,))]


def test_an_unknown_job_name_is_refused(clean_db):
    with clean_db.app.app_context(), pytest.raises(ValueError):
        jobs.enqueue("reminders.send_everything")


def test_purging_the_embedded_broker_keeps_undelivered_messages(tmp_path):
    url = f"sqla+sqlite:///{tmp_path / 'broker.sqlite'}"
    client = Celery("purge-test", broker=url, set_as_current=False)
    for _ in range(3):
        client.send_task("reminders.send_reminder_digests", queue="purge-test")
    client.close()
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'broker.sqlite'}")
    with engine.begin() as conn:  # as the transport marks a delivered message
        conn.execute(sa.text("UPDATE kombu_message SET visible = 0 WHERE id IN "
                             "(SELECT id FROM kombu_message ORDER BY id LIMIT 2)"))
    assert purge_consumed_rows(url) == 2
    with engine.connect() as conn:
        assert conn.scalar(sa.text("SELECT count(*) FROM kombu_message")) == 1
    engine.dispose()
    assert purge_consumed_rows("redis://127.0.0.1:6379/10") == 0
