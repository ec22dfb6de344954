"""Composing digests: one e-mail listing a recipient's reminders, grouped by committee,
and their unread notifications of the kinds they chose to get by e-mail.

Text and HTML parts, UTF-8, the subject encoded per RFC 2047 by Python's email package
(policy SMTP: CRLF line ends), in the recipient's language. The Message-ID derives
from the digest's key (recipient, day), so a digest sent again after a crash carries
the same Message-ID and the duplicate can be recognised.

Built for throughput (a secretary's digest lists a hundred tasks or more, and the same
task appears in the digests of its assignee, its agency's head, the secretaries and the
chair): ``compose_digests`` reads the items of a whole batch of digests in one query, and
renders each task's lines once per (task, kind, language) for every digest of the batch
that lists it. Only the frame (greeting, committee headings, footer) goes through Jinja
per digest. The two parts are serialised by ``transport.serialize`` unless a line is too
long for 8bit transfer, when the email package encodes them as before.
"""

from __future__ import annotations

import email.utils
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import force_locale, get_translations, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from sqlalchemy import bindparam, case, func, select
from sqlalchemy.orm import selectinload

from tracker.access import Action, can
from tracker.clock import local_today, utcnow
from tracker.committees.models import Agency, Committee
from tracker.extensions import db
from tracker.notifications.labels import KIND_LABELS
from tracker.notifications.models import Notification
from tracker.notifications.queries import email_kinds_of
from tracker.reminders.models import MailDigest, Reminder, ReminderKind
from tracker.reminders.transport import SerializedMessage, serialize
from tracker.tasks.models import Task
from tracker.template_helpers import days_phrase

TEMPLATES = Path(__file__).resolve().parent / "templates"
# When a task has several reminders in one digest, the most pressing one is shown.
# A decision waiting for the reader comes first: it is theirs to take.
KIND_RANK = {ReminderKind.REVIEW_WAITING: -2, ReminderKind.EXTENSION_WAITING: -1,
             ReminderKind.ESCALATED: 0, ReminderKind.OVERDUE: 1, ReminderKind.DUE_TODAY: 2,
             ReminderKind.DUE_BEFORE: 3, ReminderKind.STANDING_STALE: 4}


def message_id_for(recipient_email: str, digest_on: date) -> str:
    """``<digest.YYYYMMDD.<sha256(recipient)[:20]>@<host of BASE_URL>>``."""
    host = urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"
    hashed = hashlib.sha256(recipient_email.lower().encode()).hexdigest()[:20]
    return f"<digest.{digest_on:%Y%m%d}.{hashed}@{host}>"


@dataclass(eq=False)
class DigestItem:
    """One task in a digest: everything its lines show, and the key they are shared by."""

    key: tuple  # (task, kind, title, deadline, today, quiet days): equal keys, equal lines
    task_id: int
    title: str
    kind: str
    deadline: date | None
    days_left: int | None
    quiet_days: int | None = None  # standing duties: days since the last progress report
    agency: str = ""  # the lead agency's short name
    progress: int = 0
    action: str = ""  # what the reader is to do (``ACTIONS``)

    def describe(self) -> str:
        """The phrase next to the deadline, in the current locale."""
        if self.kind == ReminderKind.STANDING_STALE:
            return ngettext("no progress report for %(num)d day",
                            "no progress report for %(num)d days", self.quiet_days or 0)
        if self.kind == ReminderKind.REVIEW_WAITING:
            return _("reported done, waiting for your decision: accept or return it")
        if self.kind == ReminderKind.EXTENSION_WAITING:
            return _("an extension is asked, waiting for your decision: grant or refuse it")
        if self.kind == ReminderKind.ESCALATED:
            return _("escalated to you: %(late)s", late=days_phrase(self.days_left))
        return days_phrase(self.days_left)


# What the reader of a digest is to do about a task: by the reminder's kind, whether the
# task waits for review, and the reader's rung (0: its agency; 1: the agency's head;
# 2, 3: the secretaries, the chair and vice-chairs, who decide).
ACTIONS = {"report": _l("Action: report progress"),
           "urge": _l("Action: urge the lead agency to report"),
           "review": _l("Action: review the completion report, accept or return it"),
           "extension": _l("Action: grant or refuse the extension request"),
           "wait": _l("Nothing to do: the completion report is being reviewed")}


def _action(kind: str, level: int, awaiting_review: bool) -> str:
    if kind == ReminderKind.EXTENSION_WAITING:
        return "extension"
    if kind == ReminderKind.REVIEW_WAITING or (awaiting_review and level >= 2):
        return "review"
    if awaiting_review:
        return "wait"
    return "report" if level == 0 else "urge"


@dataclass
class CommitteeGroup:
    name: str
    items: list[DigestItem] = field(default_factory=list)
    text: str = ""  # the items' lines of the text part
    html: Markup = Markup("")  # the items' rows of the HTML part


@dataclass
class NoteItem:
    """One notification in a digest, as the templates show it (in the digest's language)."""

    label: str  # the kind, e.g. "Assigned to you"
    title: str  # the task's title ("" without a task, or one the user may no longer see)
    detail: str  # the decision, the comment or the excerpt ("" when none)
    when: str  # when it happened, and by whom
    link: str


# Built once (statement construction is a fair share of a small query's cost), on the
# tables themselves: plain rows, without the ORM's per-row machinery.
# Only the columns shown; the reference day is shown for standing duties only.
_REMINDER, _TASK, _COMMITTEE = Reminder.__table__, Task.__table__, Committee.__table__
_AGENCY = Agency.__table__
_ITEMS = (
    select(_REMINDER.c.digest_id, _REMINDER.c.kind, _TASK.c.id, _TASK.c.title,
           _TASK.c.deadline,
           case((_REMINDER.c.kind == ReminderKind.STANDING_STALE,
                 func.coalesce(_TASK.c.last_progress_at, _TASK.c.created_at))),
           _COMMITTEE.c.id, _COMMITTEE.c.name, _COMMITTEE.c.timezone, _REMINDER.c.level,
           _TASK.c.progress, Task.is_awaiting_review,
           func.coalesce(func.nullif(_AGENCY.c.short_name, ""), _AGENCY.c.name))
    .join(_TASK, _TASK.c.id == _REMINDER.c.task_id)
    .join(_COMMITTEE, _COMMITTEE.c.id == _REMINDER.c.committee_id)
    .join(_AGENCY, _AGENCY.c.id == _TASK.c.lead_agency_id)
    .where(_REMINDER.c.digest_id.in_(bindparam("digests", expanding=True)))
)
_NOTIFICATION_IDS = (
    select(Notification.id)
    .where(Notification.digest_id.in_(bindparam("digests", expanding=True)),
           Notification.read_at.is_(None))
)


def _digest_notifications(digest_ids: list[int]) -> dict[int, list[Notification]]:
    """Each digest's notifications still worth mailing: unread, of a kind the user still
    chooses by e-mail; oldest first. Few rows: one query (and one per related table)."""
    if not digest_ids:
        return {}
    # Most digests carry none: a light query first, the objects only when there are some.
    ids = db.session.execute(_NOTIFICATION_IDS, {"digests": digest_ids}).scalars().all()
    if not ids:
        return {}
    found = db.session.scalars(
        select(Notification)
        .where(Notification.id.in_(ids))
        .options(selectinload(Notification.user), selectinload(Notification.task),
                 selectinload(Notification.actor))
        .order_by(Notification.id)).all()
    result: dict[int, list[Notification]] = defaultdict(list)
    for notification in found:
        if notification.kind in email_kinds_of(notification.user):
            result[notification.digest_id].append(notification)
    return result


def _note(notification: Notification, env, base_url: str) -> NoteItem:
    """A notification in the current locale, as the bell's page shows it."""
    task = notification.task
    visible = task is not None and can(notification.user, Action.VIEW, task)
    payload = notification.payload or {}
    if notification.kind == "summary_ready" and notification.summary_id:
        link = f"{base_url}/summaries/{notification.summary_id}"
    elif visible:
        anchor = "#comments" if notification.kind == "mentioned" else ""
        link = f"{base_url}/tasks/{task.id}{anchor}"
    else:
        link = f"{base_url}/notifications"
    detail = ""
    if notification.kind == "extension_decided" and payload.get("requested_deadline"):
        day = env.filters["date"](payload["requested_deadline"])
        detail = (_("Granted: the deadline in force is now %(date)s.", date=day)
                  if payload.get("decision") == "granted"
                  else _("Refused: the new deadline %(date)s was not granted.", date=day))
    elif notification.kind == "extension_requested" and payload.get("requested_deadline") \
            and visible:
        day = env.filters["date"](payload["requested_deadline"])
        detail = _("New deadline asked for: %(date)s.", date=day)
    elif payload.get("excerpt") and visible:
        detail = payload["excerpt"]
    elif payload.get("comment") and (visible or task is None):
        # A review's comment is the committee's too: not for someone taken off it.
        detail = f'{_("Comment:")} {payload["comment"]}'
    when = env.filters["datetime"](notification.created_at)
    if notification.actor is not None:
        when = f'{when} · {_("by %(name)s", name=notification.actor.name)}'
    return NoteItem(label=str(KIND_LABELS.get(notification.kind, notification.kind)),
                    title=task.title if visible else "", detail=" ".join(detail.split()),
                    when=when, link=link)


def _digest_items(digest_ids: list[int], now: datetime) -> dict[int, list[CommitteeGroup]]:
    """Each digest's tasks, one entry per task (its most pressing kind), grouped by
    committee (sorted by name), most late first — for all the digests in one query."""
    if not digest_ids:
        return {}
    rows = db.session.execute(_ITEMS, {"digests": digest_ids}).all()
    best: dict[int, dict[int, tuple]] = defaultdict(dict)
    for row in rows:
        per_task = best[row[0]]
        current = per_task.get(row[2])
        if current is None or KIND_RANK[row[1]] < KIND_RANK[current[1]]:
            per_task[row[2]] = row
    todays: dict[str, tuple[date, ZoneInfo]] = {}
    items: dict[tuple, DigestItem] = {}  # the same task and kind: one item for every digest
    result: dict[int, list[CommitteeGroup]] = {}
    for digest_id, per_task in best.items():
        groups: dict[int, CommitteeGroup] = {}
        for _digest, kind, task_id, title, deadline, reference, committee_id, \
                committee_name, zone, level, progress, awaiting, agency in per_task.values():
            if zone not in todays:
                todays[zone] = (local_today(zone, now), ZoneInfo(zone))
            today, tz = todays[zone]
            quiet = None
            if kind == ReminderKind.STANDING_STALE and reference is not None:
                quiet = (today - reference.astimezone(tz).date()).days
            action = _action(kind, level, bool(awaiting))
            key = (task_id, kind, title, deadline, today, quiet, agency, progress, action)
            item = items.get(key)
            if item is None:
                item = items[key] = DigestItem(
                    key=key, task_id=task_id, title=title, kind=kind, deadline=deadline,
                    days_left=(deadline - today).days if deadline else None, quiet_days=quiet,
                    agency=agency, progress=progress, action=action)
            group = groups.get(committee_id)
            if group is None:
                group = groups[committee_id] = CommitteeGroup(committee_name)
            group.items.append(item)
        for group in groups.values():
            group.items.sort(key=lambda i: (i.days_left is None, i.days_left or 0, i.task_id))
        result[digest_id] = sorted(groups.values(), key=lambda g: g.name)
    return result


class _Lines:
    """Each item's text lines and HTML row in one language, rendered once and shared.

    The phrases and dates are translated once per distinct value, the lines once per
    item: a batch of digests lists the same tasks again and again.
    """

    MAX_RENDERED = 20_000  # items kept (~10 MB); a day of the 100k data set lists ~11k

    def __init__(self, format_date, base_url: str):
        self.format_date = format_date
        self.base_url = base_url
        self.link = escape(base_url)
        # (kind, days left, quiet days) → the phrase, as text and escaped for HTML.
        self.phrases: dict[tuple, tuple[str, str]] = {}
        # deadline → (the text part's "Deadline: …" line, the HTML cell, escaped).
        self.deadlines: dict[date | None, tuple[str, str]] = {None: ("", "")}
        self.rendered: dict[tuple, tuple[str, str]] = {}  # item.key → (text, HTML)

    def __call__(self, item: DigestItem) -> tuple[str, str]:
        done = self.rendered.get(item.key)
        if done is not None:
            return done
        if len(self.rendered) >= self.MAX_RENDERED:
            self.rendered.clear()  # a long run: keep the memory bounded, start afresh
        key = (item.kind, item.days_left, item.quiet_days)
        phrase = self.phrases.get(key)
        if phrase is None:
            described = item.describe()
            phrase = self.phrases[key] = (described, str(escape(described)))
        deadline = self.deadlines.get(item.deadline)
        if deadline is None:
            shown = self.format_date(item.deadline)
            deadline = self.deadlines[item.deadline] = (
                _("Deadline: %(date)s", date=shown) + " — ", str(escape(shown)))
        link = f"{self.base_url}/tasks/{item.task_id}"
        facts, action = f"{item.agency} · {item.progress} %", str(ACTIONS[item.action])
        text = (f"\n- {item.title}\n  {facts} · {deadline[0]}{phrase[0]}\n  {action}\n"
                f"  {link}\n")
        # Every value escaped (markupsafe's C escape; Markup.format is 10× slower).
        html = (f'<tr><td><a href="{self.link}/tasks/{item.task_id}">{escape(item.title)}'
                f"</a><br><small>{escape(facts)}</small></td><td>{deadline[1]}</td>"
                f"<td>{phrase[1]}<br><strong>{escape(action)}</strong></td></tr>\n")
        done = self.rendered[item.key] = (text, html)
        return done


def _environment(language: str) -> Environment:
    """A Jinja environment reading this package's templates with the app's filters and
    globals, its gettext bound to ``language``'s catalog: Flask-Babel's looks the catalog
    up again on every call, some twenty times per digest. (Not an overlay of the app's
    environment: an overlay shares its globals, gettext included.)"""
    environments = current_app.extensions.setdefault("reminders_jinja", {})
    env = environments.get(language)
    if env is None:
        app_env = current_app.jinja_env
        env = Environment(loader=FileSystemLoader(str(TEMPLATES)),
                          autoescape=select_autoescape(("html", "htm", "xml")),
                          extensions=["jinja2.ext.i18n"])
        env.filters.update(app_env.filters)
        env.globals.update(app_env.globals)
        with force_locale(language):
            env.install_gettext_translations(get_translations(), newstyle=True)
        environments[language] = env
    return env


def compose_digests(digests: list, now: datetime | None = None, shared: dict | None = None
                    ) -> dict[int, SerializedMessage | EmailMessage | None]:
    """The e-mail of each digest (by id), or None for one with no item left (then nothing
    is sent). ``digests``: MailDigest rows or anything with their ``id``,
    ``recipient_email``, ``digest_on`` and ``language`` (the sender's claimed digests).
    Reads every digest's items in one query. ``shared`` (a dict the caller
    keeps for a few batches of the same run) carries the rendered items over to the next
    call."""
    now = now or utcnow()
    groups_of = _digest_items([d.id for d in digests], now)
    notes_of = _digest_notifications([d.id for d in digests])
    base_url = current_app.config["BASE_URL"].rstrip("/")
    by_language: dict[str, list] = defaultdict(list)
    for digest in digests:
        by_language[digest.language or "vi"].append(digest)
    messages: dict[int, SerializedMessage | EmailMessage | None] = {}
    for language, batch in by_language.items():
        env = _environment(language)
        with force_locale(language):
            lines = (shared if shared is not None else {}).get((language, base_url))
            if lines is None:
                lines = _Lines(env.filters["date"], base_url)
                if shared is not None:
                    shared[(language, base_url)] = lines
            text_template = env.get_template("reminders/digest.txt")
            html_template = env.get_template("reminders/digest.html")
            for digest in batch:
                notes = [_note(n, env, base_url) for n in notes_of.get(digest.id, [])]
                messages[digest.id] = _compose(digest, groups_of.get(digest.id, []), notes,
                                               now, env, lines, base_url, text_template,
                                               html_template)
    return messages


def _compose(digest, groups: list[CommitteeGroup], notes: list[NoteItem],
             now: datetime, env, lines, base_url: str, text_template, html_template):
    count = sum(len(g.items) for g in groups)
    if not count and not notes:
        return None
    for group in groups:
        rendered = [lines(item) for item in group.items]
        group.text = "".join(text for text, _html in rendered)
        # Rows built by _Lines from escaped values only.
        group.html = Markup("".join(html for _text, html in rendered))  # noqa: S704  # nosec B704
    day = env.filters["date"](digest.digest_on)
    if notes:
        news = ngettext("%(num)d new notification", "%(num)d new notifications", len(notes))
        if count:
            subject = ngettext("[Reminder] %(num)d task needs attention, %(news)s — %(day)s",
                               "[Reminder] %(num)d tasks need attention, %(news)s — %(day)s",
                               count, news=news, day=day)
        else:
            subject = _("[Notifications] %(news)s — %(day)s", news=news, day=day)
    else:
        subject = ngettext("[Reminder] %(num)d task needs attention — %(day)s",
                           "[Reminder] %(num)d tasks need attention — %(day)s", count, day=day)
    context = {"groups": groups, "count": count, "notes": notes, "day": digest.digest_on,
               "base_url": base_url, "subject": subject}
    headers = {
        "Subject": subject,
        "From": current_app.config["MAIL_FROM"],
        "To": digest.recipient_email,
        "Date": email.utils.format_datetime(now),
        "Message-ID": message_id_for(digest.recipient_email, digest.digest_on),
        "Content-Language": digest.language or "vi",
        "Auto-Submitted": "auto-generated",  # RFC 3834: no vacation replies, please
    }
    return serialize(headers, text_template.render(context), html_template.render(context))


def compose_digest(digest: MailDigest, now: datetime | None = None):
    """The e-mail for one digest, or None when it has no item left."""
    return compose_digests([digest], now)[digest.id]

