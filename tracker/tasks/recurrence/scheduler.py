"""The scheduler's sweep over recurring duties: make each live series' occurrences due
within the lead time (``RECURRENCE_LEAD_DAYS``), one unit of work per series.

The job (``workers/recurrence.py``) calls ``create_due_occurrences``; a series' "today" is
its committee's calendar date at ``now`` (the clock's, or the job's argument).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import or_, select

from tracker.clock import local_today, utcnow
from tracker.extensions import db
from tracker.tasks.recurrence.models import TaskSeries
from tracker.tasks.recurrence.services import make_occurrences
from tracker.unit_of_work import end_read, step


def live_series_ids(now: datetime) -> list[int]:
    """Series not stopped and not ended a year ago or more (a generous bound: the exact end
    is the committee's date, checked per series)."""
    recent = now.date() - timedelta(days=366)
    return list(db.session.scalars(
        select(TaskSeries.id)
        .where(TaskSeries.stopped_at.is_(None),
               or_(TaskSeries.ends_on.is_(None), TaskSeries.ends_on >= recent))
        .order_by(TaskSeries.id)))


def create_due_occurrences(now: datetime | None = None) -> int:
    """Make every live series' occurrences due within the lead time; how many were made."""
    now = now or utcnow()
    lead_days = current_app.config["RECURRENCE_LEAD_DAYS"]
    ids = live_series_ids(now)
    end_read()
    created = 0
    for series_id in ids:
        with step(writing=True):
            series = db.session.get(TaskSeries, series_id)
            if series is None:
                continue
            created += make_occurrences(series, today=local_today(series.committee.timezone,
                                                                  now),
                                        lead_days=lead_days)
    return created
