"""Meeting jobs: send the invitation e-mails waiting in the meetings' outbox.

Thin: the rules live in ``tracker.meetings.sending``. Enqueued by the site after the
commit that marks a meeting invited, and woken by beat to retry what a temporary failure
left pending; rows are claimed with a lease, so a doubled run sends nothing twice.
"""

from __future__ import annotations

from flask import current_app

from tracker.meetings.sending import send_pending_invitations
from workers import job, parse_now, worker_id


@job("meetings.send_invitations", bind=True)
def send_invitations(self, now: str | None = None) -> dict:
    """Send every invitation e-mail that is due; ``now`` (ISO) replaces the clock."""
    config = current_app.config
    result = send_pending_invitations(worker_id(self), now=parse_now(now),
                                      limit=config["REMINDER_BATCH_SIZE"],
                                      lease_seconds=config["REMINDER_LEASE_SECONDS"])
    return {"sent": result.sent, "retried": result.retried, "failed": result.failed,
            "skipped": result.skipped}
