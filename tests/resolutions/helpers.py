"""Small helpers shared by the resolution tests."""

from __future__ import annotations

import re
from html import unescape

from sqlalchemy import func, select

from tracker.extensions import db
from tracker.history.models import HistoryEntry
from tracker.resolutions.models import Resolution
from tracker.tasks.models import Task


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def counts() -> tuple[int, int, int]:
    """Resolutions, tasks and history entries: what a refused save must leave unchanged."""
    return count(Resolution), count(Task), count(HistoryEntry)


def error_next_to(response, field_id: str) -> str | None:
    """The error text shown under the field with this id (the field() macro's <p>), or None."""
    html = response.get_data(as_text=True)
    match = re.search(rf'<p class="error" id="{re.escape(field_id)}-error">(.*?)</p>', html, re.S)
    return unescape(match.group(1)).strip() if match else None


def text_of(response) -> str:
    return unescape(response.get_data(as_text=True))
