"""The ``celery -A workers worker`` / ``celery -A workers beat`` target.

It builds the Flask app with ``create_app(serve_requests=False)`` (config from the
environment, as for the web app; no routes, which no job serves), takes its Celery app
(``tracker.jobs.celery_for``, kept in ``app.extensions["celery"]``), and registers the
jobs on it. Every job runs inside
the Flask app context as one unit of work (``AppContextTask``: committed when it returns,
rolled back when it raises; a job that commits item by item does so in
``unit_of_work.step()`` blocks), takes ids or ISO timestamps, reloads what it needs and is
safe to run twice: the broker delivers at least once.
"""

from __future__ import annotations

import gc
import os
import socket
from datetime import UTC, datetime

# Built with the garbage collector paused, then frozen, as the web app is (wsgi.py): the
# pool processes forked from this one then share those pages instead of copying them
# when a collection touches their objects.
gc.disable()

from celery import Task  # noqa: E402 (imported with the collector paused)
from celery.signals import worker_process_init  # noqa: E402

from tracker import create_app, jobs, unit_of_work  # noqa: E402
from tracker.extensions import db  # noqa: E402
from workers.schedule import beat_schedule  # noqa: E402

flask_app = create_app(serve_requests=False)  # what jobs use, without the routes
celery_app = jobs.celery_for(flask_app)
celery_app.conf.beat_schedule = beat_schedule(flask_app.config)


class AppContextTask(Task):
    """A job body runs inside the Flask app context as one unit of work: what it left
    uncommitted is committed when it returns and rolled back when it raises; its session
    is removed at the end."""

    abstract = True

    def __call__(self, *args, **kwargs):
        with flask_app.app_context(), unit_of_work.step():
            return super().__call__(*args, **kwargs)


def job(name: str, **options):
    """Register a job under its stable ``name`` (the one ``tracker.jobs.enqueue`` uses)."""
    return celery_app.task(name=name, base=AppContextTask, **options)


def worker_id(task: Task) -> str:
    """Who holds a lease: host, process and the job's id, for the outbox screen and logs."""
    request_id = (task.request.id or "local")[:36]
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{request_id}"


def parse_now(value: str | None) -> datetime | None:
    """A job's ``now`` argument: an ISO 8601 instant (naive means UTC), or None for the clock.

    Tests and replays pass the instant through the job's arguments instead of touching
    the clock; beat passes nothing.
    """
    if value is None:
        return None
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@worker_process_init.connect
def _fresh_connections_in_child(**_kwargs) -> None:
    # A forked pool child must not share the parent's pooled database connections.
    with flask_app.app_context():
        for engine in db.engines.values():
            engine.dispose(close=False)


# Register the jobs (they import ``job`` from here).
from workers import (  # noqa: E402, F401
    broker,
    exports,
    meetings,
    recurrence,
    reminders,
    summaries,
    tallies,
)

gc.freeze()
gc.enable()
