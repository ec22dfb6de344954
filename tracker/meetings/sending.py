"""Sending a meeting's invitations from its outbox (``MeetingInvitation``).

The outbox rows are written with the meeting's change to "invited" (``services.
send_invitation``). This sender is the reminder digests' (``reminders.sending``), on
another table: the same claim with a lease (``claim_statement``, SKIP LOCKED on
PostgreSQL), the same transport, backoff and outcome marking (``finish``, only while the
lease is held), each row marked sent in its own commit right after the server accepted it.
A row's Message-ID comes from (meeting, sending, address), so the one possible duplicate,
a crash between acceptance and commit, is recognisable as such.
"""

from __future__ import annotations

import contextlib
import email.utils
import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.clock import utcnow
from tracker.extensions import db
from tracker.meetings import queries
from tracker.meetings.labels import EXTENSION_DECISION_LABELS
from tracker.meetings.models import InvitationStatus, MeetingInvitation
from tracker.reminders.sending import (
    SendResult,
    backoff,
    claim_rows,
    claim_statement,
    finish,
    release,
)
from tracker.reminders.transport import DeliveryError, serialize, transport_from_config
from tracker.resolutions.models import Meeting
from tracker.unit_of_work import step

log = logging.getLogger(__name__)

_TABLE = MeetingInvitation.__table__
_CLAIM = {postgresql: claim_statement(_TABLE, postgresql, (
    _TABLE.c.id, _TABLE.c.attempts, _TABLE.c.meeting_id, _TABLE.c.round,
    _TABLE.c.recipient_email, _TABLE.c.language)) for postgresql in (False, True)}


@dataclass(frozen=True)
class ClaimedInvitation:
    id: int
    attempts: int
    meeting_id: int
    round: int
    recipient_email: str
    language: str


def message_id_for(meeting_id: int, sending: int, recipient_email: str) -> str:
    """``<meeting-invitation.<meeting>.<sending>.<sha256(address)[:20]>@<host of BASE_URL>>``."""
    host = urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"
    hashed = hashlib.sha256(recipient_email.lower().encode()).hexdigest()[:20]
    return f"<meeting-invitation.{meeting_id}.{sending}.{hashed}@{host}>"


def _meetings(ids) -> dict[int, Meeting]:
    return {m.id: m for m in db.session.scalars(
        select(Meeting).where(Meeting.id.in_(sorted(set(ids))))
        .options(selectinload(Meeting.attending_agencies), selectinload(Meeting.committee)))}


def _bodies(meeting: Meeting, language: str) -> tuple[str, str, str]:
    """(subject, text, HTML) of a meeting's invitation in ``language``: the same for every
    recipient of that language."""
    base_url = current_app.config["BASE_URL"].rstrip("/")
    with force_locale(language):
        subject = _("[Invitation] %(title)s", title=meeting.title)
        subject = " ".join(subject.split())
        items = queries.agenda(meeting)
        context = {
            "meeting": meeting, "subject": subject, "mail_language": language,
            "agenda": items, "agenda_minutes": queries.agenda_minutes(items),
            "carry": queries.frozen_carry_over(meeting),
            "link": f"{base_url}/meetings/{meeting.id}",
            "decisions": EXTENSION_DECISION_LABELS,
        }
        text = render_template("meetings/invitation_mail.txt", **context)
        html = render_template("meetings/invitation_mail.html", **context)
    return subject, text, html


def compose(claimed: list[ClaimedInvitation], now: datetime) -> dict[int, object]:
    """{row id: the e-mail (or None when its meeting is gone)} for claimed rows; one
    rendering per meeting and language."""
    meetings = _meetings(c.meeting_id for c in claimed)
    rendered: dict[tuple[int, str], tuple[str, str, str]] = {}
    messages = {}
    for row in claimed:
        meeting = meetings.get(row.meeting_id)
        if meeting is None:
            messages[row.id] = None
            continue
        key = (meeting.id, row.language or "vi")
        if key not in rendered:
            rendered[key] = _bodies(meeting, key[1])
        subject, text, html = rendered[key]
        messages[row.id] = serialize({
            "Subject": subject,
            "From": current_app.config["MAIL_FROM"],
            "To": row.recipient_email,
            "Date": email.utils.format_datetime(now),
            "Message-ID": message_id_for(row.meeting_id, row.round, row.recipient_email),
            "Content-Language": key[1],
            "Auto-Submitted": "auto-generated",
        }, text, html)
    return messages


def _send_one(row: ClaimedInvitation, message, worker_id: str, now: datetime, transport,
              after_accept) -> str:
    message_id = message_id_for(row.meeting_id, row.round, row.recipient_email)
    if message is None:
        finish(_TABLE, row.id, worker_id, status=InvitationStatus.FAILED,
               last_error="the meeting is gone")
        return "skipped"
    try:
        transport.send(message)
    except DeliveryError as error:
        if error.permanent:
            finish(_TABLE, row.id, worker_id, status=InvitationStatus.FAILED,
                   attempts=row.attempts + 1, last_error=str(error)[:2000],
                   message_id=message_id)
            log.warning("invitation %s refused for good: %s", row.id, error)
            return "failed"
        finish(_TABLE, row.id, worker_id, status=InvitationStatus.PENDING,
               attempts=row.attempts + 1, next_attempt_at=now + backoff(row.attempts + 1),
               last_error=str(error)[:2000], message_id=message_id)
        return "retried"
    if after_accept is not None:
        after_accept(row.id)  # the fault tests' seam: accepted, not yet marked
    if not finish(_TABLE, row.id, worker_id, status=InvitationStatus.SENT, sent_at=now,
                  attempts=row.attempts + 1, message_id=message_id, last_error=None):
        log.warning("invitation %s was sent after its lease ran out", row.id)
    return "sent"


def send_pending_invitations(worker_id: str, now: datetime | None = None, limit: int = 100,
                             lease_seconds: int = 300, transport=None,
                             after_accept=None, claim_size: int = 10) -> SendResult:
    """Send up to ``limit`` due invitation e-mails; commits after every step (as
    ``reminders.sending.send_pending_digests``)."""
    transport = transport or transport_from_config()
    result = SendResult()
    with transport if hasattr(transport, "__enter__") else contextlib.nullcontext(transport):
        remaining = limit
        while remaining > 0:
            moment = now or utcnow()
            with step():
                claimed = sorted((ClaimedInvitation(*row) for row in claim_rows(
                    _CLAIM, worker_id, moment, lease_seconds,
                    max(1, min(claim_size, remaining)))), key=lambda c: c.id)
                messages = compose(claimed, moment)
            if not claimed:
                break
            remaining -= len(claimed)
            untouched = 0
            try:
                for position, row in enumerate(claimed):
                    untouched = position + 1
                    outcome = _send_one(row, messages[row.id], worker_id, moment, transport,
                                        after_accept)
                    setattr(result, outcome, getattr(result, outcome) + 1)
            except Exception:
                with contextlib.suppress(Exception):
                    release(_TABLE, [c.id for c in claimed[untouched:]], worker_id)
                raise
    return result

