"""Sending digests: claim with a lease, send, mark sent only after the server accepted.

Each step its own short unit of work (``unit_of_work.step``; each begins with its write,
so on SQLite it queues for the write lock instead of failing):
  claim   — UPDATE … SET status='sending', lease WHERE id IN (the oldest pending digest
            due now, or a 'sending' one whose lease ran out — ``claim_size`` of them,
            ten by default; FOR UPDATE SKIP LOCKED on PostgreSQL, so two senders never
            take the same row) RETURNING id …;
  compose — in the claim's transaction, read the claimed digests' items and build
            their e-mails (a task's lines rendered once serve every later digest); commit;
  send    — hand one to the transport (no transaction open while the server talks);
  mark    — UPDATE … SET status='sent' WHERE id=? AND lease_owner=? ; commit; the next.
Temporary failures (4xx, timeouts, refused connections) go back to pending with a backoff;
permanent ones (5xx) become 'failed' until an admin calls ``retry_digest``. A sender that
dies mid-way leaves its claimed rows 'sending' until the lease expires, then the claim
takes them again: a crash between the server's acceptance and the commit is the one case
where a digest goes out twice — with the same Message-ID.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import time
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, bindparam, delete, func, or_, select, update

from tracker.clock import utcnow
from tracker.db_types import UTCDateTime
from tracker.domain import DomainError, is_id
from tracker.extensions import db
from tracker.history.services import record
from tracker.reminders.dialect import dialect_name
from tracker.reminders.mail import compose_digests, message_id_for
from tracker.reminders.models import DigestStatus, MailDigest
from tracker.reminders.transport import DeliveryError, transport_from_config
from tracker.unit_of_work import step

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


@dataclass(frozen=True)
class ClaimedDigest:
    """A digest this sender holds: what composing and marking it need."""

    id: int
    attempts: int
    recipient_email: str
    digest_on: date
    language: str


# The outbox table itself: statements on it run as plain SQL, without the ORM's bulk
# update machinery (a sizeable share of a sender's CPU per e-mail).
_DIGEST = MailDigest.__table__

# PostgreSQL: the claim's and the mark's commits return once their WAL is written, without
# waiting for the disk (flushed a moment later, within ~3 × ``wal_writer_delay``). Said
# inside each UPDATE, for its own transaction only (an uncorrelated subquery: it runs
# once), as a ``SET LOCAL`` before it would cost a round trip per e-mail.
# Every other session sees the change at commit all the same; only a database server
# crash in that moment can lose it. A lost claim leaves its digests pending. A lost mark
# leaves its digest 'sending' and it goes out again when the lease runs out, with the
# same Message-ID: the one duplicate the outbox admits, a crash between the server's
# acceptance and the durable commit, with a window of a fraction of a second instead of
# one fsync. Waiting for the fsync of every mark halved the sending rate.
_NO_FLUSH_WAIT = select(
    func.set_config("synchronous_commit", "off", True)).scalar_subquery().is_not(None)


def claim_statement(table, postgresql: bool, returning):
    """UPDATE … RETURNING claiming ``:count`` due rows of an outbox ``table`` (its columns
    id, status, next_attempt_at, lease_owner, lease_until; the statuses of DigestStatus):
    pending and due, or sending with a lease that ran out. Built once per table and dialect;
    the meeting invitations' outbox claims with it too."""
    now = bindparam("now", type_=UTCDateTime)
    due = or_(
        and_(table.c.status == DigestStatus.PENDING, table.c.next_attempt_at <= now),
        and_(table.c.status == DigestStatus.SENDING, table.c.lease_until < now),
    )
    pick = select(table.c.id).where(due).order_by(table.c.id).limit(bindparam("count"))
    if postgresql:
        pick = pick.with_for_update(skip_locked=True)
    claim = update(table).where(table.c.id.in_(pick.scalar_subquery()))
    if postgresql:
        claim = claim.where(_NO_FLUSH_WAIT)
    return (
        claim
        .values(status=DigestStatus.SENDING, lease_owner=bindparam("owner"),
                lease_until=bindparam("until", type_=UTCDateTime))
        .returning(*returning)
    )


def claim_rows(statements: dict, worker_id: str, now: datetime, lease_seconds: int,
               count: int) -> list:
    """Run the dialect's ``claim_statement`` of ``statements`` ({postgresql: statement}):
    the claimed rows, as RETURNING gives them."""
    return db.session.execute(statements[dialect_name() == "postgresql"], {
        "now": now, "count": count, "owner": worker_id,
        "until": now + timedelta(seconds=lease_seconds)}).all()


_CLAIM = {postgresql: claim_statement(_DIGEST, postgresql, (
    _DIGEST.c.id, _DIGEST.c.attempts, _DIGEST.c.recipient_email, _DIGEST.c.digest_on,
    _DIGEST.c.language)) for postgresql in (False, True)}
_SKIP = delete(_DIGEST).where(_DIGEST.c.id == bindparam("digest"),
                              _DIGEST.c.lease_owner == bindparam("owner"))


def claim_batch(worker_id: str, now: datetime, lease_seconds: int = 300,
                count: int = 1) -> list[ClaimedDigest]:
    """Take up to ``count`` digests due at ``now`` for ``worker_id``, oldest first.

    Does not commit: the caller reads the digests' items in the same unit of work
    (``compose_claimed``), one round trip and one commit fewer per digest.
    """
    rows = claim_rows(_CLAIM, worker_id, now, lease_seconds, count)
    return sorted((ClaimedDigest(*row) for row in rows), key=lambda d: d.id)


@functools.cache
def _finish_statement(table, columns: tuple[str, ...], postgresql: bool):
    """The outcome of a row of ``table`` we hold, setting ``columns`` (from
    ``:new_<column>``) and freeing the lease, only while we still hold it; built once per
    table and set of columns (building a statement costs more than running this one)."""
    statement = update(table).where(
        table.c.id == bindparam("digest"), table.c.lease_owner == bindparam("owner"),
        table.c.status == DigestStatus.SENDING,
    ).values(lease_owner=None, lease_until=None, **{
        name: bindparam(f"new_{name}", type_=table.c[name].type) for name in columns})
    if postgresql:
        statement = statement.where(_NO_FLUSH_WAIT)
    return statement


def finish(table, row_id: int, worker_id: str, **values) -> bool:
    """Write the outcome of an outbox row if we still hold its lease; commits. False if
    the lease was lost."""
    with step():
        done = db.session.execute(
            _finish_statement(table, tuple(sorted(values)), dialect_name() == "postgresql"),
            {"digest": row_id, "owner": worker_id,
             **{f"new_{name}": value for name, value in values.items()}}).rowcount
    return bool(done)


def _finish(digest_id: int, worker_id: str, **values) -> bool:
    return finish(_DIGEST, digest_id, worker_id, **values)


def release(table, row_ids: list[int], worker_id: str) -> None:
    """Give claimed rows back (pending, no attempt counted) while we still hold them."""
    if row_ids:
        with step():
            db.session.execute(
                update(table)
                .where(table.c.id.in_(row_ids), table.c.lease_owner == worker_id,
                       table.c.status == DigestStatus.SENDING)
                .values(status=DigestStatus.PENDING, lease_owner=None, lease_until=None))


def _release(digest_ids: list[int], worker_id: str) -> None:
    release(_DIGEST, digest_ids, worker_id)


def compose_claimed(claimed: list[ClaimedDigest], now: datetime,
                    shared: dict | None = None) -> dict[int, tuple]:
    """{id: (message or None, Message-ID)} for claimed digests, read in the claim's unit of
    work (committed with it, before the server is talked to). ``shared``: see
    ``compose_digests``."""
    messages = compose_digests(claimed, now, shared) if claimed else {}
    return {d.id: (messages[d.id], message_id_for(d.recipient_email, d.digest_on))
            for d in claimed}


def send_one(digest_id: int, attempts: int, worker_id: str, now: datetime, transport,
             after_accept, composed: tuple) -> str:
    """Send and mark one claimed and composed digest; the outcome's name."""
    message, message_id = composed
    if message is None:
        with step():
            db.session.execute(_SKIP, {"digest": digest_id, "owner": worker_id})
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
                         after_accept=None, claim_size: int = 10,
                         shared: dict | None = None) -> SendResult:
    """Send up to ``limit`` due digests; commits after every step.

    Claims ``claim_size`` digests at a time and composes them together (one read for
    all their items), then sends and marks each on its own: a digest is marked sent right
    after its own acceptance, in its own commit, so a crash can double at most the one
    digest between acceptance and commit. If sending raises, the claimed digests not yet
    handed to the server are given back at once; a sender killed outright leaves them
    waiting for the lease to run out (nothing lost, only late). Claimed digests not yet
    sent when half the lease has gone by are given back too, so no lease runs out under a
    slow server. Items rendered once serve every later digest of the call that lists the
    same task.

    ``now`` (default: the clock at each claim) decides what is due; ``transport``
    defaults to the configured one; ``after_accept(digest_id)`` runs between the server's
    acceptance and the commit (tests inject a crash there).
    """
    transport = transport or transport_from_config()
    result = SendResult()
    # One SMTP connection for the batch, not a TCP and SMTP handshake per e-mail; each
    # digest is still its own SMTP transaction, marked sent only after its acceptance.
    with transport if hasattr(transport, "__enter__") else nullcontext(transport):
        remaining = limit
        shared = {} if shared is None else shared  # rendered items serve later batches
        while remaining > 0:
            moment = now or utcnow()
            # The claim and the read of what to send: one unit of work, committed before
            # anything is sent (a failure while composing undoes the claim).
            with step():
                claimed = claim_batch(worker_id, moment, lease_seconds,
                                      max(1, min(claim_size, remaining)))
                composed = compose_claimed(claimed, moment, shared)
            if not claimed:
                break
            remaining -= len(claimed)
            started = time.monotonic()
            untouched = 0  # claimed[untouched:] have not been handed to the server
            try:
                for position, digest in enumerate(claimed):
                    if time.monotonic() - started > lease_seconds / 2:
                        _release([d.id for d in claimed[position:]], worker_id)
                        return result
                    untouched = position + 1
                    outcome = send_one(digest.id, digest.attempts, worker_id, moment,
                                       transport, after_accept, composed[digest.id])
                    setattr(result, outcome, getattr(result, outcome) + 1)
            except Exception:
                # Every write above is a step of its own, rolled back if it failed.
                # The one in flight may have been accepted: it waits for its lease (and
                # goes out again, with the same Message-ID, if it was). The rest never
                # reached the server.
                with contextlib.suppress(Exception):
                    _release([d.id for d in claimed[untouched:]], worker_id)
                raise
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
