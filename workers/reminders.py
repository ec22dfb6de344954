"""Reminder jobs: the sweep that fills the outbox, and the sender that empties it.

Both are thin: the rules live in ``tracker.reminders``. The sweep is idempotent (the
outbox's unique key), and the sender claims digests with a lease, so two beats, two
workers or a redelivered message never send a digest twice.
"""

from __future__ import annotations

import time

from flask import current_app

from tracker.extensions import db
from workers import job, parse_now, worker_id


@job("reminders.sweep_reminders", bind=True)
def sweep_reminders(self, now: str | None = None) -> dict:
    """Write today's reminders and digests; ``now`` (ISO) replaces the clock."""
    from tracker.reminders.sweep import sweep_reminders as sweep

    result = sweep(now=parse_now(now))
    db.session.commit()
    return {"rows_written": result.rows_written, "digests_created": result.digests_created}


@job("reminders.send_reminder_digests", bind=True)
def send_reminder_digests(self, now: str | None = None) -> int:
    """Send every digest that is due, a batch at a time, until none is left.

    Each digest is claimed, sent and marked in its own short transaction by
    ``send_pending_digests``. The loop stops when a batch claims nothing, or after
    ``REMINDER_SEND_BUDGET_SECONDS`` (the next beat tick carries on), well within the
    job's time limit.
    """
    from tracker.reminders.sending import send_pending_digests

    config = current_app.config
    owner = worker_id(self)
    deadline = time.monotonic() + config["REMINDER_SEND_BUDGET_SECONDS"]
    total = 0
    while time.monotonic() < deadline:
        claimed = send_pending_digests(
            owner, now=parse_now(now), limit=config["REMINDER_BATCH_SIZE"],
            lease_seconds=config["REMINDER_LEASE_SECONDS"],
        )
        db.session.commit()
        if not claimed:
            break
        total += claimed
    return total
