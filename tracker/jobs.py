"""Background jobs as seen from the web app: enqueue by name, after the commit.

The web app never imports ``workers`` (dependencies point one way). It names a job,
e.g. ``enqueue("summaries.compile_summary", summary.id)``, and the name is handed to
the broker only once the surrounding transaction has committed, so a worker never
reloads a row that does not exist yet, and a rolled-back request enqueues nothing.
Job names are the ones in ``workers/`` (``JOB_NAMES`` below lists them).

``celery_for(app)`` builds the Celery app from ``app.config["CELERY"]`` on first use and
keeps it in ``app.extensions["celery"]``; ``workers/__init__.py`` registers the jobs on it.
With ``JOBS_DISPATCH = "record"`` (the test config) jobs are not sent but appended
to ``app.extensions["jobs_recorded"]`` as ``(name, args)``, for tests to assert on.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from flask import Flask, current_app
from sqlalchemy import event, orm

from tracker.extensions import db

if TYPE_CHECKING:
    from celery import Celery

JOB_NAMES = (
    "reminders.sweep_reminders",
    "reminders.send_reminder_digests",
    "summaries.compile_summary",
    "summaries.send_weekly_summaries",
    "broker.purge_consumed",
    "meetings.send_invitations",
    "reports.check_tallies",
    "recurrence.create_due_occurrences",
    "exports.write_export",
    "exports.delete_old_exports",
)

_PENDING = "tracker.jobs.pending"
log = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    app.extensions["jobs_recorded"] = []


def celery_for(app: Flask) -> Celery:
    """The app's Celery instance (sending side and worker side), made from its config on
    first use.

    Importing Celery brings kombu, billiard (with multiprocessing) and PyYAML: 0.1–0.2 s of
    CPU, a tenth of a web process's boot, for the few requests that enqueue a job.
    """
    celery = app.extensions.get("celery")
    if celery is None:
        from celery import Celery

        celery = Celery(app.import_name)
        celery.conf.update(app.config["CELERY"])
        # Two threads of a gthread worker may get here at once: both keep the first one.
        celery = app.extensions.setdefault("celery", celery)
    return celery


def enqueue(name: str, *args) -> None:
    """Send job ``name`` with ``args`` (ids, ISO strings: JSON) once the transaction commits.

    Outside a transaction the job is sent at once. Jobs must be safe to run twice.
    """
    if name not in JOB_NAMES:
        raise ValueError(f"unknown job {name!r}")
    session = db.session()
    if session.in_transaction():
        session.info.setdefault(_PENDING, []).append((current_app._get_current_object(), name,
                                                      args))
    else:
        _dispatch(current_app._get_current_object(), name, args)


def _dispatch(app: Flask, name: str, args: tuple) -> None:
    if app.config.get("JOBS_DISPATCH", "celery") == "record":
        app.extensions["jobs_recorded"].append((name, args))
        return
    try:
        celery_for(app).send_task(name, args=list(args))
    except Exception:
        # The data is committed already; failing the request now would only hide that.
        # A periodic job picks up what is due; a summary can be restarted from its page.
        log.exception("could not enqueue job %s%r", name, args)


@event.listens_for(orm.Session, "after_commit")
def _send_after_commit(session: orm.Session) -> None:
    for app, name, args in session.info.pop(_PENDING, []):
        _dispatch(app, name, args)


@event.listens_for(orm.Session, "after_soft_rollback")
def _drop_on_rollback(session: orm.Session, previous_transaction) -> None:
    # Only the outermost rollback discards: a savepoint rolled back inside a request does
    # not undo the work the request still commits.
    if previous_transaction.parent is None:
        session.info.pop(_PENDING, None)
