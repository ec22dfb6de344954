"""Composing a digest: one e-mail listing a recipient's reminders, grouped by committee.

Text and HTML parts, UTF-8, the subject encoded per RFC 2047 by Python's email package
(policy SMTP: CRLF line ends), in the recipient's language. The Message-ID derives
from the digest's key (recipient, day), so a digest sent again after a crash carries
the same Message-ID and the duplicate can be recognised.
"""

from __future__ import annotations

import email.utils
import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from jinja2 import FileSystemLoader
from sqlalchemy import select

from tracker.clock import local_today, utcnow
from tracker.committees.models import Committee
from tracker.extensions import db
from tracker.reminders.models import MailDigest, Reminder, ReminderKind
from tracker.reminders.transport import MAIL_POLICY
from tracker.tasks.models import Task
from tracker.template_helpers import days_phrase

TEMPLATES = Path(__file__).resolve().parent / "templates"
# When a task has several reminders in one digest, the most pressing one is shown.
KIND_RANK = {ReminderKind.ESCALATED: 0, ReminderKind.OVERDUE: 1, ReminderKind.DUE_TODAY: 2,
             ReminderKind.DUE_BEFORE: 3, ReminderKind.STANDING_STALE: 4}


def message_id_for(recipient_email: str, digest_on: date) -> str:
    """``<digest.YYYYMMDD.<sha256(recipient)[:20]>@<host of BASE_URL>>``."""
    host = urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"
    hashed = hashlib.sha256(recipient_email.lower().encode()).hexdigest()[:20]
    return f"<digest.{digest_on:%Y%m%d}.{hashed}@{host}>"


@dataclass
class DigestItem:
    """One task in a digest, as the templates show it."""

    task_id: int
    title: str
    kind: str
    deadline: date | None
    days_left: int | None
    link: str
    quiet_days: int | None = None  # standing duties: days since the last progress report
    # Filled by ``compose_digest`` in the recipient's language (see ``_label``).
    phrase: str = ""
    deadline_text: str = ""  # dd/mm/yyyy in Vietnamese
    deadline_line: str = ""  # "Deadline: …" (the text part)

    def describe(self) -> str:
        """The phrase next to the deadline, in the current locale."""
        if self.kind == ReminderKind.STANDING_STALE:
            return ngettext("no progress report for %(num)d day",
                            "no progress report for %(num)d days", self.quiet_days or 0)
        if self.kind == ReminderKind.ESCALATED:
            return _("escalated to you: %(late)s", late=days_phrase(self.days_left))
        return days_phrase(self.days_left)


@dataclass
class CommitteeGroup:
    name: str
    items: list[DigestItem] = field(default_factory=list)


def digest_groups(digest: MailDigest, now: datetime) -> list[CommitteeGroup]:
    """The digest's tasks, one entry per task, grouped by committee (by name), most late
    first."""
    # Only the columns shown: a secretary's digest may list hundreds of tasks.
    rows = db.session.execute(
        select(Reminder.kind, Task.id, Task.title, Task.deadline, Task.last_progress_at,
               Task.created_at, Committee.id, Committee.name, Committee.timezone)
        .join(Task, Task.id == Reminder.task_id)
        .join(Committee, Committee.id == Reminder.committee_id)
        .where(Reminder.digest_id == digest.id)
    ).all()
    base_url = current_app.config["BASE_URL"].rstrip("/")
    best: dict[int, tuple] = {}
    for row in rows:
        task_id, kind = row[1], row[0]
        if task_id not in best or KIND_RANK[kind] < KIND_RANK[best[task_id][0]]:
            best[task_id] = row
    groups: dict[int, CommitteeGroup] = {}
    todays: dict[str, tuple[date, ZoneInfo]] = {}
    for kind, task_id, title, deadline, last_progress_at, created_at, committee_id, \
            committee_name, zone in best.values():
        if zone not in todays:
            todays[zone] = (local_today(zone, now), ZoneInfo(zone))
        today, tz = todays[zone]
        reference = last_progress_at or created_at
        item = DigestItem(
            task_id=task_id, title=title, kind=kind, deadline=deadline,
            days_left=(deadline - today).days if deadline else None,
            link=f"{base_url}/tasks/{task_id}",
            quiet_days=(today - reference.astimezone(tz).date()).days if reference else None,
        )
        groups.setdefault(committee_id, CommitteeGroup(committee_name)).items.append(item)
    for group in groups.values():
        group.items.sort(key=lambda i: (i.days_left is None, i.days_left or 0, i.task_id))
    return sorted(groups.values(), key=lambda g: g.name)


def _label(groups: list[CommitteeGroup], format_date) -> None:
    """Each item's translated phrase and deadline, in the current locale.

    Computed once per distinct value: a digest may have hundreds of items but few
    distinct deadlines and phrases, and translating each item in the templates took a
    fifth of the composition time.
    """
    phrases: dict[tuple, str] = {}
    deadlines: dict[date, tuple[str, str]] = {}
    for group in groups:
        for item in group.items:
            key = (item.kind, item.days_left,
                   item.quiet_days if item.kind == ReminderKind.STANDING_STALE else None)
            if key not in phrases:
                phrases[key] = item.describe()
            item.phrase = phrases[key]
            if item.deadline is not None:
                if item.deadline not in deadlines:
                    text = format_date(item.deadline)
                    deadlines[item.deadline] = (text, _("Deadline: %(date)s", date=text))
                item.deadline_text, item.deadline_line = deadlines[item.deadline]


def _environment():
    """The app's Jinja environment (filters, gettext) reading this package's templates."""
    env = current_app.extensions.get("reminders_jinja")
    if env is None:
        env = current_app.jinja_env.overlay(loader=FileSystemLoader(str(TEMPLATES)))
        current_app.extensions["reminders_jinja"] = env
    return env


def compose_digest(digest: MailDigest, now: datetime | None = None) -> EmailMessage | None:
    """The e-mail for ``digest``, or None when it has no item left (then nothing is sent)."""
    now = now or utcnow()
    groups = digest_groups(digest, now)
    count = sum(len(g.items) for g in groups)
    if not count:
        return None
    env = _environment()
    with force_locale(digest.language or "vi"):
        day = env.filters["date"](digest.digest_on)
        _label(groups, env.filters["date"])
        subject = ngettext("[Reminder] %(num)d task needs attention — %(day)s",
                           "[Reminder] %(num)d tasks need attention — %(day)s", count, day=day)
        context = {"groups": groups, "count": count, "day": digest.digest_on,
                   "base_url": current_app.config["BASE_URL"].rstrip("/"), "subject": subject}
        text = env.get_template("reminders/digest.txt").render(context)
        html = env.get_template("reminders/digest.html").render(context)
    message = EmailMessage(policy=MAIL_POLICY)
    message["Subject"] = subject
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = digest.recipient_email
    message["Date"] = email.utils.format_datetime(now)
    message["Message-ID"] = message_id_for(digest.recipient_email, digest.digest_on)
    message["Content-Language"] = digest.language or "vi"
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies, please
    message.set_content(text, charset="utf-8")
    message.add_alternative(html, subtype="html", charset="utf-8")
    return message
