"""Summaries and reminders on separate queues: a reminder job never waits behind reports.

The app routes every ``summaries.*`` and ``exports.*`` job to the summaries queue and the
rest to the default queue (``config.celery_queues``); each test has its own pair of queue
names.
"""

from __future__ import annotations

import json
from datetime import date

import redis
from celery import Celery
from sqlalchemy import func, select

from config import Config, celery_queues
from tests.factories import CommitteeFactory, ResolutionFactory, TaskFactory
from tests.workers.harness import wait_until
from tests.workers.scenario import iso, local
from tracker import create_app, jobs
from tracker.summaries.models import Summary, SummaryStatus
from tracker.summaries.periods import PeriodKind, period_containing
from tracker.summaries.services import request_summary


def test_the_production_routes_put_summaries_on_their_own_queue():
    app = Celery("routes", set_as_current=False)
    app.conf.update(Config.CELERY)
    route = app.amqp.router.route
    assert Config.CELERY["task_default_queue"] == "celery"
    for name in ("summaries.compile_summary", "summaries.send_weekly_summaries",
                 "exports.write_export", "exports.delete_old_exports"):
        assert route({}, name)["queue"].name == "summaries", name
    # A meeting's invitation is mail to send now, like the reminders: the default queue. So
    # are the hourly occurrences of recurring duties (a few inserts) and the nightly check of
    # the dashboard's counts (seconds at 1M tasks, at 02:30 when no reminder is due).
    for name in ("reminders.sweep_reminders", "reminders.send_reminder_digests",
                 "broker.purge_consumed", "meetings.send_invitations",
                 "recurrence.create_due_occurrences", "reports.check_tallies"):
        assert route({}, name)["queue"].name == "celery", name
    assert set(jobs.JOB_NAMES) == {
        "summaries.compile_summary", "summaries.send_weekly_summaries",
        "reminders.sweep_reminders", "reminders.send_reminder_digests",
        "broker.purge_consumed", "meetings.send_invitations",
        "reports.check_tallies", "recurrence.create_due_occurrences",
        "exports.write_export", "exports.delete_old_exports"}  # a new job: decide its queue


def test_jobs_the_web_app_enqueues_land_on_their_queue_in_redis(clean_db, redis_url, broker):
    settings = {**clean_db.app.config["CELERY"], "broker_url": redis_url,
                **celery_queues(broker.queue, broker.summaries_queue)}
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=clean_db.url, JOBS_DISPATCH="celery",
                     CELERY=settings)
    with app.app_context():
        jobs.enqueue("summaries.compile_summary", 7)
        jobs.enqueue("reminders.send_reminder_digests")
        jobs.enqueue("summaries.send_weekly_summaries")
        jobs.enqueue("reminders.sweep_reminders")
    jobs.celery_for(app).close()
    client = redis.Redis.from_url(redis_url)
    try:
        def waiting(queue):
            return sorted(json.loads(raw)["headers"]["task"] for raw in client.lrange(queue, 0, -1))

        assert waiting(broker.summaries_queue) == ["summaries.compile_summary",
                                                   "summaries.send_weekly_summaries"]
        assert waiting(broker.queue) == ["reminders.send_reminder_digests",
                                         "reminders.sweep_reminders"]
    finally:
        client.close()


def test_a_reminder_job_runs_while_reports_occupy_the_summaries_worker(clean_db, broker,
                                                                       start_worker):
    # Three monthly summaries of a committee with some tasks: seconds of compiling each.
    with clean_db.session():
        committee = CommitteeFactory()
        resolution = ResolutionFactory(committee=committee)
        for day in range(1, 21):
            TaskFactory(resolution=resolution, deadline=date(2026, 10, day),
                        original_deadline=date(2026, 10, day))
        summary_ids = [request_summary(committee, period_containing(
            PeriodKind.MONTH, date(2026, month, 1))).id for month in range(1, 4)]
    summaries = start_worker("summaries", queues=broker.summaries_queue)
    reminders = start_worker("reminders", queues=broker.queue)

    def ready() -> int:
        return clean_db.scalar(select(func.count(Summary.id))
                               .where(Summary.status == SummaryStatus.READY))

    for summary_id in summary_ids:
        broker.send("summaries.compile_summary", summary_id)
    wait_until(lambda: clean_db.scalar(select(func.count(Summary.id)).where(
        Summary.status != SummaryStatus.PENDING)), 30, "the summaries worker to start")
    broker.send("reminders.sweep_reminders", iso(local(2026, 10, 19, 8)))
    reminders.wait_finished("reminders.sweep_reminders", 1, timeout=20)
    assert reminders.succeeded("reminders.sweep_reminders") == 1, reminders.log()[-3000:]
    assert ready() < len(summary_ids)  # the reports were still being compiled meanwhile
    # Each worker took only its own queue's jobs.
    assert summaries.finished("reminders.sweep_reminders") == 0
    assert reminders.finished("summaries.compile_summary") == 0
    summaries.wait_finished("summaries.compile_summary", len(summary_ids), timeout=90)
    assert ready() == len(summary_ids), summaries.log()[-3000:]
