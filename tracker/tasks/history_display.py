"""A task's history made readable: field names and stored codes turned into labels.

History keeps values as plain JSON (ISO dates, state codes, agency labels); this
module only decides how each field is shown, the template formats dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from tracker import labels

FIELD_LABELS = {
    "title": _l("Title"),
    "description": _l("Description"),
    "lead_agency": _l("Lead agency"),
    "coordinating_agencies": _l("Coordinating agencies"),
    "assignees": _l("Assignees"),
    "deadline": _l("Deadline in force"),
    "original_deadline": _l("Original deadline"),
    "priority": _l("Priority"),
    "expected_output": _l("Expected output"),
    "state": _l("State"),
    "progress": _l("Progress"),
    "submitted_on": _l("Reported done on"),
    "completed_on": _l("Completed on"),
    "cancel_reason": _l("Reason for cancelling"),
}
_DATE_FIELDS = {"deadline", "original_deadline", "submitted_on", "completed_on"}
_CODE_LABELS = {"state": labels.STATE_LABELS, "priority": labels.PRIORITY_LABELS}


@dataclass
class Change:
    label: str
    old: object
    new: object
    is_date: bool = False  # the template shows dates in the user's format


def _display(field: str, value):
    """None stays None (shown as a dash); dates become dates; codes become labels."""
    if value is None or value == [] or value == "":
        return None
    if field in _DATE_FIELDS and isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    if field in _CODE_LABELS:
        return _CODE_LABELS[field].get(value, value)
    if field == "progress":
        return f"{value}%"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return value


def changes_of(entry) -> list[Change]:
    """The entry's field changes, in a stable order, ready for the template."""
    result = []
    for field, pair in (entry.changes or {}).items():
        old, new = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        result.append(Change(label=FIELD_LABELS.get(field, field),
                             old=_display(field, old), new=_display(field, new),
                             is_date=field in _DATE_FIELDS))
    return result
