"""Recurring duties: the job that makes the next occurrences ahead of their due dates.

Thin: the rules live in ``tracker.tasks.recurrence``. Idempotent: one task per series and
period (a unique key), so a re-run, a doubled beat or two workers at once make nothing twice.
"""

from __future__ import annotations

from tracker.tasks.recurrence.scheduler import create_due_occurrences
from workers import job, parse_now


@job("recurrence.create_due_occurrences", bind=True)
def create_occurrences(self, now: str | None = None) -> dict:
    """Make every live series' occurrences due within the lead time; ``now`` (ISO) replaces
    the clock."""
    return {"created": create_due_occurrences(now=parse_now(now))}
