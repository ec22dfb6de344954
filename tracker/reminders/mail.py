"""Composing a digest: one e-mail listing a recipient's reminders, grouped by committee.

Text and HTML parts, UTF-8, the subject encoded per RFC 2047 by Python's email package
(policy SMTP: CRLF line ends), in the recipient's language. The Message-ID derives
from the digest's key (recipient, day), so a digest sent again after a crash carries
the same Message-ID and the duplicate can be recognised.
"""

from __future__ import annotations

import email.policy
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

    @property
    def phrase(self) -> str:
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
    rows = db.session.execute(
        select(Reminder.kind, Task, Committee)
        .join(Task, Task.id == Reminder.task_id)
        .join(Committee, Committee.id == Reminder.committee_id)
        .where(Reminder.digest_id == digest.id)
    ).all()
    base_url = current_app.config["BASE_URL"].rstrip("/")
    best: dict[int, tuple] = {}
    for kind, task, committee in rows:
        if task.id not in best or KIND_RANK[kind] < KIND_RANK[best[task.id][0]]:
            best[task.id] = (kind, task, committee)
    groups: dict[int, CommitteeGroup] = {}
    for kind, task, committee in best.values():
        today = local_today(committee.timezone, now)
        reference = task.last_progress_at or task.created_at
        item = DigestItem(
            task_id=task.id, title=task.title, kind=kind, deadline=task.deadline,
            days_left=(task.deadline - today).days if task.deadline else None,
            link=f"{base_url}/tasks/{task.id}",
            quiet_days=(today - reference.astimezone(ZoneInfo(committee.timezone)).date()).days
            if reference else None,
        )
        groups.setdefault(committee.id, CommitteeGroup(committee.name)).items.append(item)
    for group in groups.values():
        group.items.sort(key=lambda i: (i.days_left is None, i.days_left or 0, i.task_id))
    return sorted(groups.values(), key=lambda g: g.name)


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
        subject = ngettext("[Reminder] %(num)d task needs attention — %(day)s",
                           "[Reminder] %(num)d tasks need attention — %(day)s", count, day=day)
        context = {"groups": groups, "count": count, "day": digest.digest_on,
                   "base_url": current_app.config["BASE_URL"].rstrip("/"), "subject": subject}
        text = env.get_template("reminders/digest.txt").render(context)
        html = env.get_template("reminders/digest.html").render(context)
    message = EmailMessage(policy=email.policy.SMTP)
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
