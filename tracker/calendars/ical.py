"""A feed as an iCalendar (RFC 5545) document: one all-day event per task deadline.

Each event's UID is ``task-<id>@<host of BASE_URL>``, so a calendar updates the event
in place when the deadline changes instead of adding another (SEQUENCE and LAST-MODIFIED
follow the task's version and update time).
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from tracker.clock import utcnow
from tracker.labels import CATEGORY_LABELS

if TYPE_CHECKING:
    from icalendar import Event

log = logging.getLogger(__name__)


def _base_url() -> str:
    return current_app.config["BASE_URL"].rstrip("/")


def task_uid(task_id: int) -> str:
    host = urlsplit(_base_url()).hostname or "localhost"
    return f"task-{task_id}@{host}"


def feed_url(token: str) -> str:
    return _base_url() + url_for("calendars.feed", token=token)


def _name(feed) -> str:
    if feed.committee is not None:
        return _("Deadlines: %(committee)s", committee=feed.committee.name)
    agency = feed.user.agency
    return _("Deadlines: %(agency)s", agency=agency.name if agency else feed.user.name)


def render(feed, rows) -> bytes:
    """The feed's calendar, in its owner's language."""
    # icalendar is imported by the first feed a process serves, not at boot: it costs
    # 0.05–0.1 s of CPU (with dateutil, which it brings), paid by every gunicorn and
    # Celery process otherwise.
    from icalendar import Calendar

    with force_locale(feed.user.language or "vi"):
        calendar = Calendar()
        calendar.add("prodid", "-//bcd-tracker//calendar feed//VI")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", _name(feed))
        now = utcnow()
        for task, category, _days_left in rows:
            try:
                event = _event(task, category, now)
            except Exception:  # one task's odd stored data must not break everyone's feed
                log.exception("calendar feed %s: task %s left out", feed.id, task.id)
                continue
            calendar.add_component(event)
        return calendar.to_ical()


def _event(task, category: str, now) -> Event:
    """The all-day event of one task's deadline."""
    from icalendar import Event

    link = _base_url() + url_for("tasks.detail", task_id=task.id)
    event = Event()
    event.add("uid", task_uid(task.id))
    event.add("dtstamp", now)
    event.add("last-modified", task.updated_at or now)
    event.add("sequence", max(task.version - 1, 0))  # bumped by every change
    event.add("dtstart", task.deadline)
    # RFC 5545: an all-day event without DTEND lasts its one day, so the last day Python
    # can represent (stored before dates were range-checked) simply goes without.
    if task.deadline < date.max:
        event.add("dtend", task.deadline + timedelta(days=1))
    event.add("summary", task.title)
    event.add("description", "\n".join([
        _("Lead agency: %(agency)s", agency=task.lead_agency.name),
        _("Category: %(category)s", category=CATEGORY_LABELS.get(category, category)),
        _("Resolution: %(number)s", number=task.resolution.number),
        link,
    ]))
    event.add("url", link)
    event.add("transp", "TRANSPARENT")
    return event
