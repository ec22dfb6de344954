"""Time, in one place: UTC for timestamps, the committee's zone for calendar dates.

Categories, reminders and summaries all ask "what day is it for this committee";
they must ask here, so a test (or the demo) can reason about one clock.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"


def utcnow() -> datetime:
    """The current instant, timezone-aware, in UTC."""
    return datetime.now(UTC)


def local_today(timezone: str | None, now: datetime | None = None) -> date:
    """The calendar date at ``now`` (default: this instant) in ``timezone``."""
    now = now or utcnow()
    return now.astimezone(ZoneInfo(timezone or DEFAULT_TIMEZONE)).date()
