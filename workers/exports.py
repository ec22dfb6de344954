"""Background list exports: write one export's file, and delete the old ones by beat."""

from __future__ import annotations

from tracker.lists import services
from workers import job, parse_now


@job("exports.write_export")
def write_export(export_id: int) -> None:
    """Write the file of export ``export_id`` (asked for on a long list's export link)."""
    services.write_export(export_id)


@job("exports.delete_old_exports")
def delete_old_exports(now: str | None = None) -> None:
    """Delete the exports (files and rows) older than a day."""
    services.delete_old_exports(now=parse_now(now))
