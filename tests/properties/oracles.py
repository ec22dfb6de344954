"""What the services and forms should make of an input, written independently of them."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

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


# Direction embeddings, overrides and isolates: refused in every text (they reorder what a
# reader sees); in one-line names also the marks, zero-width characters and the BOM.
DIRECTION_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
INVISIBLE = DIRECTION_CONTROLS | {"\u061c", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f",
                                  "\u2060", "\u2061", "\u2062", "\u2063", "\u2064", "\ufeff"}


def fits(text, limit: int, *, required: bool) -> bool:
    value = stored(text)
    return ((bool(value) or not required) and len(value) <= limit
            and not DIRECTION_CONTROLS & set(value))


def name_fits(text, limit: int, *, required: bool) -> bool:
    """A one-line name: as ``fits``, and no control character (tab and line breaks
    included), no line or paragraph separator, no invisible character."""
    value = stored(text)
    return fits(text, limit, required=required) and not any(
        unicodedata.category(ch) == "Cc" or ch in "\u2028\u2029" or ch in INVISIBLE
        for ch in value)


def in_range(day) -> bool:
    """A date a user may give: 1900 to 2100 (or none)."""
    return day is None or date(1900, 1, 1) <= day <= date(2100, 12, 31)


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
