"""Reminder jobs: the sweep that fills the outbox, and the sender that empties it.

Both are thin: the rules live in ``tracker.reminders``. The sweep is idempotent (the
outbox's unique key), and the sender claims digests with a lease, so two beats, two
workers or a redelivered message never send a digest twice.
"""

from __future__ import annotations

import time

from flask import current_app

from tracker.reminders.sending import send_pending_digests
from tracker.reminders.sweep import sweep_reminders as sweep
from tracker.reminders.transport import transport_from_config
from workers import job, parse_now, worker_id


@job("reminders.sweep_reminders", bind=True)
def sweep_reminders(self, now: str | None = None) -> dict:
    """Write today's reminders and digests; ``now`` (ISO) replaces the clock."""
    result = sweep(now=parse_now(now))  # a unit of work per step
    return {"rows_written": result.rows_written, "digests_created": result.digests_created}


@job("reminders.send_reminder_digests", bind=True)
def send_reminder_digests(self, now: str | None = None) -> dict:
    """Send every digest that is due, a batch at a time, until none is left.

    ``send_pending_digests`` claims, sends and marks each digest in its own short
    transaction. The loop stops when a batch comes back short, or after
    ``REMINDER_SEND_BUDGET_SECONDS`` (the next beat tick carries on), well within the
    job's time limit. ``now`` (ISO) replaces the clock.
    """
    config = current_app.config
    owner = worker_id(self)
    limit = config["REMINDER_BATCH_SIZE"]
    deadline = time.monotonic() + config["REMINDER_SEND_BUDGET_SECONDS"]
    totals = {"sent": 0, "retried": 0, "failed": 0, "skipped": 0}
    # One SMTP connection and one set of rendered items for the whole run, not per batch.
    transport, shared = transport_from_config(), {}
    with transport:
        while True:
            result = send_pending_digests(owner, now=parse_now(now), limit=limit,
                                          lease_seconds=config["REMINDER_LEASE_SECONDS"],
                                          transport=transport,
                                          claim_size=config["REMINDER_CLAIM_SIZE"],
                                          shared=shared)
            for outcome in totals:
                totals[outcome] += getattr(result, outcome)
            if result.claimed < limit or time.monotonic() > deadline:
                return totals
