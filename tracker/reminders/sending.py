"""Sending digests: claim with a lease, send, mark sent only after the server accepted.

One digest at a time, each step its own short transaction:
  claim  — UPDATE … SET status='sending', lease WHERE id = (the oldest pending digest due
           now, or a 'sending' one whose lease ran out; FOR UPDATE SKIP LOCKED on
           PostgreSQL, so two senders never take the same row) RETURNING id;
  send   — compose, hand to the transport (no transaction open while the server talks);
  mark   — UPDATE … SET status='sent' WHERE id=? AND lease_owner=? ; commit.
Temporary failures (4xx, timeouts, refused connections) go back to pending with a backoff;
permanent ones (5xx) become 'failed' until an admin calls ``retry_digest``. A sender that
dies mid-way leaves its row 'sending' until the lease expires, then the claim takes it
again: a crash between the server's acceptance and the commit is the one case where a
digest goes out twice — with the same Message-ID.
"""

from __future__ import annotations

import logging
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, delete, or_, select, text, update

from tracker.clock import utcnow
from tracker.domain import DomainError, is_id
from tracker.extensions import db
from tracker.history.services import record
from tracker.reminders.dialect import dialect_name
from tracker.reminders.mail import compose_digest, message_id_for
from tracker.reminders.models import DigestStatus, MailDigest
from tracker.reminders.transport import DeliveryError, transport_from_config

log = logging.getLogger(__name__)

BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_MAX = timedelta(hours=1)


class OutboxError(DomainError):
    pass


@dataclass
class SendResult:
    sent: int = 0
    retried: int = 0  # temporary failure: back to pending with a backoff
    failed: int = 0  # permanent failure
    skipped: int = 0  # nothing left to send in it (its tasks were deleted)

    @property
    def claimed(self) -> int:
        return self.sent + self.retried + self.failed + self.skipped


def backoff(attempts: int) -> timedelta:
    """Wait before attempt ``attempts + 1``: 30 s, 1 min, 2 min … at most 1 h."""
    return min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_MAX)


def claim_next(worker_id: str, now: datetime, lease_seconds: int = 300) -> tuple[int, int] | None:
    """Take one digest due at ``now`` for ``worker_id``; (id, attempts) or None. Commits."""
    due = or_(
        and_(MailDigest.status == DigestStatus.PENDING, MailDigest.next_attempt_at <= now),
        and_(MailDigest.status == DigestStatus.SENDING, MailDigest.lease_until < now),
    )
    pick = select(MailDigest.id).where(due).order_by(MailDigest.id).limit(1)
    if dialect_name() == "postgresql":
        pick = pick.with_for_update(skip_locked=True)
        # Other senders see the claim at commit all the same; only its flush to disk is
        # not waited for. A claim lost in a database crash just leaves the digest pending
        # (nothing is marked without it), and the mark's own commit, which does wait,
        # flushes every claim before it: one disk flush per digest instead of two.
        db.session.execute(text("SET LOCAL synchronous_commit TO OFF"))
    row = db.session.execute(
        update(MailDigest)
        .where(MailDigest.id.in_(pick.scalar_subquery()))
        .values(status=DigestStatus.SENDING, lease_owner=worker_id,
                lease_until=now + timedelta(seconds=lease_seconds))
        .returning(MailDigest.id, MailDigest.attempts)
        .execution_options(synchronize_session=False)
    ).first()
    db.session.commit()
    return (row[0], row[1]) if row else None


def _finish(digest_id: int, worker_id: str, **values) -> bool:
    """Write the outcome if we still hold the lease; commits. False if the lease was lost."""
    done = db.session.execute(
        update(MailDigest)
        .where(MailDigest.id == digest_id, MailDigest.lease_owner == worker_id,
               MailDigest.status == DigestStatus.SENDING)
        .values(lease_owner=None, lease_until=None, **values)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return bool(done)


def send_one(digest_id: int, attempts: int, worker_id: str, now: datetime, transport,
             after_accept=None) -> str:
    """Compose, send and mark one claimed digest; returns the outcome's name."""
    digest = db.session.get(MailDigest, digest_id, populate_existing=True)
    message = compose_digest(digest, now) if digest is not None else None
    message_id = message_id_for(digest.recipient_email, digest.digest_on) if digest else None
    db.session.commit()  # end the read: no transaction stays open while the server talks
    if message is None:
        db.session.execute(delete(MailDigest).where(MailDigest.id == digest_id,
                                                    MailDigest.lease_owner == worker_id))
        db.session.commit()
        return "skipped"
    try:
        transport.send(message)
    except DeliveryError as error:
        if error.permanent:
            _finish(digest_id, worker_id, status=DigestStatus.FAILED, attempts=attempts + 1,
                    last_error=str(error)[:2000], message_id=message_id)
            log.warning("digest %s refused for good: %s", digest_id, error)
            return "failed"
        _finish(digest_id, worker_id, status=DigestStatus.PENDING, attempts=attempts + 1,
                next_attempt_at=now + backoff(attempts + 1), last_error=str(error)[:2000],
                message_id=message_id)
        log.info("digest %s will be retried: %s", digest_id, error)
        return "retried"
    if after_accept is not None:
        # A seam for the fault tests: the server has the message, the database not yet.
        after_accept(digest_id)
    if not _finish(digest_id, worker_id, status=DigestStatus.SENT, sent_at=now,
                   message_id=message_id, last_error=None):
        log.warning("digest %s was sent after its lease ran out", digest_id)
    return "sent"


def send_pending_digests(worker_id: str, now: datetime | None = None, limit: int = 50,
                         lease_seconds: int = 300, transport=None,
                         after_accept=None) -> SendResult:
    """Send up to ``limit`` due digests, one at a time; commits after every step.

    ``now`` (default: the clock at each claim) decides what is due; ``transport``
    defaults to the configured one; ``after_accept(digest_id)`` runs between the server's
    acceptance and the commit (tests inject a crash there).
    """
    transport = transport or transport_from_config()
    result = SendResult()
    # One SMTP connection for the batch, not a TCP and SMTP handshake per e-mail; each
    # digest is still its own SMTP transaction, marked sent only after its acceptance.
    with transport if hasattr(transport, "__enter__") else nullcontext(transport):
        for _ in range(limit):
            moment = now or utcnow()
            claimed = claim_next(worker_id, moment, lease_seconds)
            if claimed is None:
                break
            try:
                outcome = send_one(claimed[0], claimed[1], worker_id, moment, transport,
                                   after_accept)
            except Exception:
                db.session.rollback()  # the row stays 'sending' until its lease runs out
                raise
            setattr(result, outcome, getattr(result, outcome) + 1)
    return result


def retry_digest(digest_id: int, *, actor=None, now: datetime | None = None) -> MailDigest:
    """An admin sends a failed digest again: back to pending, due now. Flushes."""
    digest = db.session.get(MailDigest, digest_id) if is_id(digest_id) else None
    if digest is None or digest.status != DigestStatus.FAILED:
        raise OutboxError("digest", _l("Only an e-mail that failed can be sent again."))
    digest.status = DigestStatus.PENDING
    digest.attempts = 0
    digest.next_attempt_at = now or utcnow()
    db.session.flush()
    record("mail_digest", digest.id, "retried", actor=actor,
           changes={"status": [DigestStatus.FAILED.value, DigestStatus.PENDING.value]},
           comment=digest.last_error)
    return digest
