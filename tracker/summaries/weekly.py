"""The weekly summary by beat: compile last week's summary and mail it, once per week.

For each committee whose reminder policy has ``weekly_summary`` on, Monday's beat
compiles the summary of the week before (or reuses it when it is already there) and
mails it to the chair(s) and the standing agency — its focal-point mailbox and the
users holding ``secretary`` in the committee — through the reminders' transport (SMTP
or the local sink): the figures in the body (text and HTML), the PDF attached, links
to the page, the XLSX and the DOCX.

Sent once: a ``weekly_summary_mail`` row per (committee, week) under a unique key is
claimed with a lease, the mail handed to the server, and only then marked sent. A
second run, a second beat or a retried job finds the row sent (or leased) and sends
nothing; a temporary failure leaves it pending for the next run of the week, a
permanent one marks it failed. As for digests, the one possible duplicate is a crash
between the server's acceptance and the commit, and it carries the same Message-ID.
"""

from __future__ import annotations

import email.utils
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from urllib.parse import urlsplit

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import and_, or_, select, update

from tracker.auth.models import User
from tracker.clock import local_today, utcnow
from tracker.committees.models import Agency, Committee, CommitteeRole, RoleName
from tracker.extensions import db
from tracker.reminders.dialect import insert_ignoring_conflicts
from tracker.reminders.models import ReminderPolicy
from tracker.reminders.transport import MAIL_POLICY, DeliveryError, transport_from_config
from tracker.summaries.document import day_text, document_context, rate_text
from tracker.summaries.models import (
    Summary,
    SummaryStatus,
    WeeklyMailStatus,
    WeeklySummaryMail,
)
from tracker.summaries.periods import PeriodKind, period_containing, period_of
from tracker.summaries.services import compile_summary, file_path, request_summary
from tracker.unit_of_work import step

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=10)
TOP_LATE = 5  # agencies named in the mail, most overdue tasks first


@dataclass
class WeeklyResult:
    sent: int = 0
    retried: int = 0  # temporary failure: pending, sent by the next run of the week
    failed: int = 0  # refused for good
    skipped: int = 0  # already sent or being sent, nobody to send to, or compile failed


def message_id_for(committee_id: int, week_starts_on) -> str:
    """``<weekly-summary.<committee>.<YYYYMMDD>@<host of BASE_URL>>``: from the key."""
    host = urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"
    return f"<weekly-summary.{committee_id}.{week_starts_on:%Y%m%d}@{host}>"


def weekly_recipients(committee: Committee) -> list[str]:
    """The chair(s), the standing agency's mailbox and the committee's secretaries.

    Lower-cased and de-duplicated, in that order. The weekly summary is optional mail:
    active accounts that switched optional mail off are left out (an agency mailbox that
    is such a user's login too)."""
    holders = db.session.execute(
        select(CommitteeRole.role, User.email)
        .join(User, User.id == CommitteeRole.user_id)
        .where(CommitteeRole.committee_id == committee.id,
               CommitteeRole.role.in_((RoleName.CHAIR, RoleName.SECRETARY)),
               User.is_active_account.is_(True), User.mail_optional.is_(True))
        .order_by(CommitteeRole.id)
    ).all()
    addresses = [e for role, e in holders if role == RoleName.CHAIR]
    mailbox = db.session.scalar(select(Agency.email).where(
        Agency.id == committee.standing_agency_id)) if committee.standing_agency_id else None
    if mailbox:
        owner = db.session.scalar(select(User).where(User.email == mailbox.lower()))
        if owner is None or owner.mail_optional:
            addresses.append(mailbox)
    addresses += [e for role, e in holders if role == RoleName.SECRETARY]
    return list(dict.fromkeys(a.strip().lower() for a in addresses if a and a.strip()))


def _links(summary: Summary) -> dict:
    base = current_app.config["BASE_URL"].rstrip("/")
    page = f"{base}/summaries/{summary.id}"
    return {"page": page, "xlsx": f"{page}/download/xlsx", "docx": f"{page}/download/docx"}


def _late_agencies(agencies: list[dict]) -> list[dict]:
    late = [a for a in agencies if a["overdue"]]
    return sorted(late, key=lambda a: (-a["overdue"], a["label"].casefold()))[:TOP_LATE]


def _overall_rate(agencies: list[dict]) -> float | None:
    """The committee's on-time rate, by the scorecard's rule summed over its agencies."""
    rated = sum(a["rated"] for a in agencies)
    return sum(a["done_on_time"] for a in agencies) / rated if rated else None


def compose(summary: Summary, recipients: list[str], week_starts_on,
            now: datetime) -> EmailMessage:
    """The weekly e-mail of ``summary``: text and HTML parts, the PDF attached."""
    with force_locale(summary.language):
        doc = document_context(summary)
        figures = summary.figures
        period = period_of(summary)
        subject = _("[Weekly summary] %(committee)s, %(period)s",
                    committee=figures["committee"]["name"], period=period.name())
        # One line whatever is stored: a name saved before names refused line breaks may
        # hold one, and a header cannot (the mail then failed silently).
        subject = " ".join(subject.split())
        context = {
            "doc": doc, "figures": figures, "subject": subject, "links": _links(summary),
            "period_label": period.label(), "as_of": day_text(figures["as_of_date"]),
            "overdue": figures["totals"]["overdue"],
            "rate": rate_text(_overall_rate(figures["agencies"]), doc["language"]),
            "late_agencies": _late_agencies(figures["agencies"]),
            "agency_rate": lambda r: rate_text(r, doc["language"]),
        }
        text = render_template("summaries/weekly_mail.txt", **context)
        html = render_template("summaries/weekly_mail.html", **context)
    message = EmailMessage(policy=MAIL_POLICY)
    message["Subject"] = subject
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = ", ".join(recipients)
    message["Date"] = email.utils.format_datetime(now)
    message["Message-ID"] = message_id_for(summary.committee_id, week_starts_on)
    message["Content-Language"] = summary.language
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text, charset="utf-8")
    message.add_alternative(html, subtype="html", charset="utf-8")
    stem = "bao-cao" if summary.language == "vi" else "summary"
    message.add_attachment(
        file_path(summary, "pdf").read_bytes(), maintype="application", subtype="pdf",
        filename=f"{stem}-{summary.id}-{summary.starts_on:%Y%m%d}-{summary.ends_on:%Y%m%d}.pdf")
    return message


def _committees_wanting_it():
    """Committees whose policy has the weekly summary on (no policy yet: the default, on)."""
    return db.session.scalars(
        select(Committee).outerjoin(ReminderPolicy, ReminderPolicy.committee_id == Committee.id)
        .where(or_(ReminderPolicy.id.is_(None), ReminderPolicy.weekly_summary.is_(True)))
        .order_by(Committee.id)
    ).all()


def _week_summary(committee: Committee, period, now: datetime) -> Summary | None:
    """Last week's scheduled summary, compiled now unless it is ready already."""
    with step(writing=True):  # two runs at once: one records it, the other finds it
        summary = db.session.scalars(select(Summary).where(
            Summary.committee_id == committee.id, Summary.period_kind == PeriodKind.WEEK,
            Summary.starts_on == period.starts_on, Summary.requested_by_id.is_(None),
        ).order_by(Summary.id)).first()
        if summary is None:
            summary = request_summary(committee, period)
    if summary.status != SummaryStatus.READY:
        summary = compile_summary(summary.id, now)
    return summary if summary is not None and summary.is_ready else None


def _set(mail_id: int, **values) -> None:
    with step(writing=True):  # after reading: SQLite's write lock first
        db.session.execute(update(WeeklySummaryMail).where(WeeklySummaryMail.id == mail_id)
                           .values(**values).execution_options(synchronize_session=False))


def _claim(mail_id: int, owner: str, now: datetime) -> bool:
    claimable = or_(WeeklySummaryMail.status == WeeklyMailStatus.PENDING,
                    and_(WeeklySummaryMail.status == WeeklyMailStatus.SENDING,
                         WeeklySummaryMail.lease_until < now))
    with step(writing=True):
        claimed = db.session.execute(
            update(WeeklySummaryMail).where(WeeklySummaryMail.id == mail_id, claimable)
            .values(status=WeeklyMailStatus.SENDING, lease_owner=owner, lease_until=now + LEASE)
            .execution_options(synchronize_session=False)
        ).rowcount == 1
    return claimed


def send_weekly_summary(committee: Committee, now: datetime, transport,
                        result: WeeklyResult) -> None:
    """Compile and mail ``committee``'s summary of the week before ``now``'s, once."""
    week = period_containing(PeriodKind.WEEK, local_today(committee.timezone, now)
                             - timedelta(days=7))
    with step(writing=True):
        db.session.execute(insert_ignoring_conflicts(WeeklySummaryMail).values(
            committee_id=committee.id, week_starts_on=week.starts_on,
            status=WeeklyMailStatus.PENDING, attempts=0, created_at=now))
    mail = db.session.scalars(select(WeeklySummaryMail).where(
        WeeklySummaryMail.committee_id == committee.id,
        WeeklySummaryMail.week_starts_on == week.starts_on,
    ).execution_options(populate_existing=True)).one()
    claimable = mail.status == WeeklyMailStatus.PENDING or (
        mail.status == WeeklyMailStatus.SENDING and mail.lease_until < now)
    if not claimable:
        result.skipped += 1
        return
    summary = _week_summary(committee, week, now)
    recipients = weekly_recipients(committee)
    owner = uuid.uuid4().hex
    if summary is None or not _claim(mail.id, owner, now):
        result.skipped += 1  # the compile failed (see the summary), or another run has it
        return
    if not recipients:
        _set(mail.id, status=WeeklyMailStatus.SKIPPED, summary_id=summary.id, recipients=[],
             last_error="no recipient: no chair, secretary or standing agency mailbox")
        result.skipped += 1
        return
    message = compose(summary, recipients, week.starts_on, now)
    _set(mail.id, summary_id=summary.id, recipients=recipients,
         message_id=message["Message-ID"])
    try:
        transport.send(message)  # no transaction is open while the server talks
    except DeliveryError as error:
        permanent = error.permanent
        _set(mail.id, attempts=mail.attempts + 1, last_error=str(error)[:2000],
             status=WeeklyMailStatus.FAILED if permanent else WeeklyMailStatus.PENDING,
             lease_owner=None, lease_until=None)
        if permanent:
            result.failed += 1
        else:
            result.retried += 1
        return
    with step(writing=True):  # marked sent only while this run still holds the lease
        db.session.execute(
            update(WeeklySummaryMail)
            .where(WeeklySummaryMail.id == mail.id, WeeklySummaryMail.lease_owner == owner)
            .values(status=WeeklyMailStatus.SENT, sent_at=now, attempts=mail.attempts + 1,
                    last_error=None).execution_options(synchronize_session=False))
    result.sent += 1


def send_weekly_summaries(now: datetime | None = None, transport=None) -> WeeklyResult:
    """Every committee that wants it: last week's summary, compiled and mailed once."""
    now = now or utcnow()
    transport = transport or transport_from_config()
    result = WeeklyResult()
    for committee in _committees_wanting_it():
        try:
            with step():  # what a failing committee left half done is rolled back
                send_weekly_summary(committee, now, transport, result)
        except Exception:  # one committee's trouble must not keep the others' mail back
            log.exception("weekly summary of committee %s", committee.id)
            result.skipped += 1
    return result
