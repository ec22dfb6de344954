"""What the services and forms should make of an input, written independently of them."""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import func, select

from tracker.extensions import db
from tracker.history.models import HistoryEntry
from tracker.resolutions.models import Resolution
from tracker.tasks.models import ProgressReport, Task

_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def stored(text) -> str:
    """Our rule for stored text: controls (but tab and line breaks) and lone surrogates
    dropped, NFC, trimmed."""
    return unicodedata.normalize("NFC", _UNSTORABLE.sub("", text or "")).strip()


def fits(text, limit: int, *, required: bool) -> bool:
    value = stored(text)
    return (bool(value) or not required) and len(value) <= limit


def percent(value) -> int | None:
    """The whole percentage 0–100 a value stands for, or None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        value = int(value) if value.is_integer() else None
    elif isinstance(value, str):
        text = value.strip()
        value = int(text) if text.isdecimal() and len(text) <= 3 else None
    return value if isinstance(value, int) and 0 <= value <= 100 else None


def counts() -> tuple[int, ...]:
    """Rows a refused input must leave as they were."""
    return tuple(db.session.scalar(select(func.count()).select_from(model))
                 for model in (Resolution, Task, ProgressReport, HistoryEntry))
