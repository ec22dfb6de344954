"""What the reminder screens change and read: a committee's policy, the holiday calendar,
the outbox listing and the local mail sink.

The sweep, the sender and their date math live in the other modules of this package;
these are the verbs and lists behind the secretary's and the admin's pages. Services
validate everything first, flush and record history; the request commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from email import message_from_bytes, policy
from email.parser import BytesHeaderParser
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker import rules
from tracker.domain import BAD_DATE, DomainError
from tracker.extensions import db
from tracker.history.services import apply_changes, diff, record
from tracker.reminders.models import (
    DigestStatus,
    Holiday,
    HolidayKind,
    MailDigest,
    Reminder,
    ReminderPolicy,
    default_days_before,
)
from tracker.tasks.models import Task

# --- the committee's policy -----------------------------------------------------------

MAX_DAYS_BEFORE = 5
POLICY_LIMITS = {  # field: (lowest, highest)
    "days_before": (1, 60),
    "overdue_every_days": (1, 60),
    "escalate_after_days": (1, 90),
    "standing_stale_days": (7, 365),
    "decision_waiting_days": (1, 30),
}
POLICY_FIELDS = ("days_before", "on_the_day", "overdue_every_days", "escalate_after_days",
                 "standing_stale_days", "working_days_only", "weekly_summary",
                 "decision_waiting_days")


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_days_before(days) -> list[int]:
    low, high = POLICY_LIMITS["days_before"]
    if not isinstance(days, list | tuple) or not all(_whole(d) for d in days):
        raise DomainError("days_before", _l("Enter whole numbers separated by commas."))
    if any(not low <= d <= high for d in days):
        raise DomainError("days_before",
                          _l("Each number must be from %(min)d to %(max)d.", min=low, max=high))
    if len(set(days)) != len(days):
        raise DomainError("days_before", _l("Each number may appear only once."))
    if len(days) > MAX_DAYS_BEFORE:
        raise DomainError("days_before",
                          _l("Give at most %(max)d numbers.", max=MAX_DAYS_BEFORE))
    return sorted(days, reverse=True)  # "7, 1": the earliest reminder first


def saved_policy(committee):
    """The committee's stored policy, or None (without creating one)."""
    return db.session.scalar(
        select(ReminderPolicy).where(ReminderPolicy.committee_id == committee.id))


def policy_to_show(committee) -> ReminderPolicy:
    """The stored policy, or an unsaved one with the defaults: showing the page writes nothing."""
    return saved_policy(committee) or ReminderPolicy(
        committee_id=committee.id, days_before=default_days_before(), on_the_day=True,
        overdue_every_days=7, escalate_after_days=7, standing_stale_days=90,
        working_days_only=False, weekly_summary=True, decision_waiting_days=3)


def update_policy(reminder_policy, *, actor, **values) -> dict[str, list]:
    """Change when a committee's tasks are reminded; returns what moved (also in history).

    Rules: up to 5 distinct "days before" from 1 to 60; overdue reminders every 1–60
    days; escalation after 1–90 overdue days; standing duties nudged after 7–365 days.
    """
    unknown = set(values) - set(POLICY_FIELDS)
    if unknown:
        raise TypeError(f"update_policy cannot change {sorted(unknown)}")
    fields = {"days_before": _check_days_before(values["days_before"])}
    for name in ("overdue_every_days", "escalate_after_days", "standing_stale_days",
                 "decision_waiting_days"):
        if name not in values and name == "decision_waiting_days":
            continue  # callers from before the setting keep the stored value
        low, high = POLICY_LIMITS[name]
        value = values[name]
        if not _whole(value) or not low <= value <= high:
            raise DomainError(name, _l("Enter a number from %(min)d to %(max)d.",
                                       min=low, max=high))
        fields[name] = value
    for name in ("on_the_day", "working_days_only", "weekly_summary"):
        fields[name] = bool(values[name])
    return apply_changes(reminder_policy, "reminder_policy", fields, actor=actor)


# --- the holiday calendar -------------------------------------------------------------

FIRST_YEAR, LAST_YEAR = 2000, 2100  # a calendar, not a time machine: typos are refused


def _holiday_fields(on, name, kind, holiday_id=None) -> dict:
    if not isinstance(on, date) or isinstance(on, datetime):
        raise DomainError("on", BAD_DATE)
    if not FIRST_YEAR <= on.year <= LAST_YEAR:
        raise DomainError("on", _l("Enter a date from %(first)d to %(last)d.",
                                   first=FIRST_YEAR, last=LAST_YEAR))
    name = rules.HOLIDAY_NAME.check("name", name)
    if kind not in set(HolidayKind):
        raise DomainError("kind", _l("Please choose from the list."))
    taken = db.session.scalar(select(Holiday).where(Holiday.on == on, Holiday.id != holiday_id))
    if taken is not None:
        raise DomainError("on", _l("This day is already a holiday: %(name)s.", name=taken.name))
    return {"on": on, "name": name, "kind": str(kind)}


def add_holiday(*, on: date, name: str, kind: str, actor) -> Holiday:
    """Add a day off to the calendar that working-day reminders skip."""
    fields = _holiday_fields(on, name, kind)
    holiday = Holiday(**fields)
    db.session.add(holiday)
    db.session.flush()
    record("holiday", holiday.id, "created", actor=actor, changes=diff({}, fields))
    return holiday


def update_holiday(holiday: Holiday, *, on: date, name: str, kind: str, actor) -> Holiday:
    """Correct a holiday's date, name or kind."""
    fields = _holiday_fields(on, name, kind, holiday_id=holiday.id)
    apply_changes(holiday, "holiday", fields, actor=actor)
    return holiday


def delete_holiday(holiday: Holiday, *, actor) -> None:
    """Take a day off the calendar (it becomes a working day again)."""
    before = {"on": holiday.on, "name": holiday.name, "kind": holiday.kind}
    holiday_id = holiday.id
    db.session.delete(holiday)
    db.session.flush()
    record("holiday", holiday_id, "deleted", actor=actor, changes=diff(before, dict.fromkeys(
        before)))


def holiday_years() -> list[int]:
    """The years the calendar has days for, newest first."""
    dates = db.session.scalars(select(Holiday.on)).all()
    return sorted({d.year for d in dates}, reverse=True)


def holidays_in(year: int | None):
    """The calendar's days of one year (or all), in date order."""
    stmt = select(Holiday).order_by(Holiday.on)
    if year is not None:
        stmt = stmt.where(Holiday.on >= date(year, 1, 1), Holiday.on <= date(year, 12, 31))
    return stmt


# --- the outbox -----------------------------------------------------------------------

@dataclass(frozen=True)
class OutboxFilters:
    status: str | None = None
    on: date | None = None
    q: str = ""

    @classmethod
    def from_args(cls, args) -> OutboxFilters:
        status = args.get("status") or None
        try:
            on = date.fromisoformat(args.get("on") or "")
        except ValueError:
            on = None
        return cls(status=status if status in set(DigestStatus) else None, on=on,
                   q=(args.get("q") or "").strip().lower()[:100])

    def as_args(self) -> dict:
        args = {"status": self.status, "on": self.on.isoformat() if self.on else None,
                "q": self.q or None}
        return {k: v for k, v in args.items() if v}


def outbox_query(filters: OutboxFilters):
    """Digests, newest first, narrowed by status, day and recipient."""
    stmt = (select(MailDigest).options(selectinload(MailDigest.recipient_user))
            .order_by(MailDigest.digest_on.desc(), MailDigest.id.desc()))
    if filters.status:
        stmt = stmt.where(MailDigest.status == filters.status)
    if filters.on:
        stmt = stmt.where(MailDigest.digest_on == filters.on)
    if filters.q:
        escaped = filters.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        stmt = stmt.where(MailDigest.recipient_email.like(f"%{escaped}%", escape="\\"))
    return stmt


def items_of(digest_ids) -> dict[int, list]:
    """Each digest's reminders with their task's title, in one query for a page of digests."""
    items: dict[int, list] = {digest_id: [] for digest_id in digest_ids}
    if not items:
        return items
    rows = db.session.execute(
        select(Reminder, Task.title).join(Task, Task.id == Reminder.task_id)
        .where(Reminder.digest_id.in_(list(items))).order_by(Reminder.id)
    ).all()
    for reminder, title in rows:
        items[reminder.digest_id].append((reminder, title))
    return items


# --- the local mail sink (demo mode) ----------------------------------------------------

def sink_dir() -> Path:
    configured = current_app.config.get("MAIL_SINK_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "mail-sink"


@dataclass(frozen=True)
class SinkEntry:
    name: str
    written_at: datetime
    size: int
    subject: str
    to: str


def _sink_files() -> dict[str, Path]:
    folder = sink_dir()
    if not folder.is_dir():
        return {}
    return {p.name: p for p in folder.iterdir() if p.suffix == ".eml" and p.is_file()}


def sink_entries(page: int, per_page: int) -> tuple[list[SinkEntry], int]:
    """One page of the messages the local sink holds, newest first, and how many it holds.

    Only the page's files are opened (for their decoded subject and recipient).
    """
    files = []
    for name, path in _sink_files().items():
        stat = path.stat()
        files.append((stat.st_mtime, name, stat.st_size, path))
    files.sort(reverse=True)
    entries = []
    for mtime, name, size, path in files[(page - 1) * per_page: page * per_page]:
        with path.open("rb") as f:
            headers = BytesHeaderParser(policy=policy.default).parse(f)
        entries.append(SinkEntry(
            name=name, written_at=datetime.fromtimestamp(mtime).astimezone(), size=size,
            subject=str(headers.get("Subject", "")), to=str(headers.get("To", "")),
        ))
    return entries, len(files)


def sink_path(name: str) -> Path | None:
    """The file of a message named in a URL, only if the sink really holds it."""
    return _sink_files().get(name)


@dataclass(frozen=True)
class SinkMessage:
    name: str
    subject: str
    sender: str
    to: str
    date: str
    message_id: str
    text: str
    html: str | None


def read_sink_message(path: Path) -> SinkMessage:
    """A sink message decoded: headers per RFC 2047, the text part, the HTML part (as text)."""
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    text_part = message.get_body(preferencelist=("plain",))
    html_part = message.get_body(preferencelist=("html",))
    return SinkMessage(
        name=path.name, subject=str(message.get("Subject", "")),
        sender=str(message.get("From", "")), to=str(message.get("To", "")),
        date=str(message.get("Date", "")), message_id=str(message.get("Message-ID", "")),
        text=text_part.get_content() if text_part is not None else "",
        html=html_part.get_content() if html_part is not None else None,
    )
