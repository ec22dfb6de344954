"""Progress-summary jobs: compile one summary, and the weekly summaries by beat."""

from __future__ import annotations

from tracker.summaries import services, weekly
from workers import job, parse_now


@job("summaries.compile_summary")
def compile_summary(summary_id: int) -> None:
    """Compute and store the figures and files of summary ``summary_id`` (started on the site)."""
    services.compile_summary(summary_id)


@job("summaries.send_weekly_summaries")
def send_weekly_summaries(now: str | None = None) -> None:
    """Compile and mail last week's summary of every committee whose policy asks for it."""
    weekly.send_weekly_summaries(now=parse_now(now))
