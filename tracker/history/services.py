"""Writing history entries. Called by every service that changes a record, in its transaction."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any

from tracker.extensions import db
from tracker.history.models import HistoryEntry


def _plain(value: Any) -> Any:
    """A JSON-safe form of a column value, readable in the history view."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    return value


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list]:
    """``{field: [old, new]}`` for every field whose value differs."""
    changes = {}
    for field, new in after.items():
        old = before.get(field)
        if _plain(old) != _plain(new):
            changes[field] = [_plain(old), _plain(new)]
    return changes


def record(
    subject_type: str,
    subject_id: int,
    action: str,
    actor=None,
    changes: dict[str, list] | None = None,
    comment: str | None = None,
) -> HistoryEntry:
    """Add a history entry to the current transaction (flushed, not committed)."""
    entry = HistoryEntry(
        subject_type=subject_type,
        subject_id=subject_id,
        actor_id=actor.id if actor is not None else None,
        action=action,
        changes=changes or {},
        comment=comment,
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def entries_for(subject_type: str, subject_id: int) -> list[HistoryEntry]:
    """The full history of one record, oldest first."""
    return list(db.session.scalars(entries_query(subject_type, subject_id)))


def entries_query(subject_type: str, subject_id: int):
    """The history of one record, oldest first: the record's page and the API list it so."""
    return (db.select(HistoryEntry)
            .where(HistoryEntry.subject_type == subject_type,
                   HistoryEntry.subject_id == subject_id)
            .order_by(HistoryEntry.created_at, HistoryEntry.id))


def apply_changes(subject, subject_type: str, fields: dict[str, Any], *, actor,
                  action: str = "updated") -> dict[str, list]:
    """Set ``fields`` on a record and, if anything really changed, write its history entry.

    The one way services update plain columns: the entry names exactly the fields that
    moved, from what to what, in the same transaction. Returns those changes.
    """
    before = {field: getattr(subject, field) for field in fields}
    for field, value in fields.items():
        setattr(subject, field, value)
    db.session.flush()
    changes = diff(before, fields)
    if changes:
        record(subject_type, subject.id, action, actor=actor, changes=changes)
    return changes
