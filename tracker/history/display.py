"""Any record's history made readable: field names, codes and ids turned into words.

History keeps values as plain JSON (ISO dates, codes, ids, labels). This module,
used by every screen that shows a history, decides how each field reads; ids of
agencies and meetings are looked up once per page, whatever the number of entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from tracker import labels
from tracker.committees.models import Agency
from tracker.extensions import db
from tracker.history.models import HistoryEntry
from tracker.meetings.labels import MEETING_STATE_LABELS
from tracker.resolutions.models import Meeting
from tracker.tasks.recurrence.periods import FREQUENCY_LABELS

FIELD_LABELS = {
    # tasks
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
    "part_progress": _l("Progress of their agency's part"),
    "part_done_on": _l("Part done on"),
    "requested_deadline": _l("New deadline asked for"),
    "refused_deadline": _l("New deadline refused"),
    # meetings and resolutions
    "held_on": _l("Date"),
    "place": _l("Place"),
    "chaired_by": _l("Chaired by"),
    "minutes": _l("Minutes"),
    "attending_agencies": _l("Attending agencies"),
    "number": _l("Official number"),
    "issued_on": _l("Issue date"),
    "signer": _l("Signed by"),
    "text": _l("Full text"),
    "meeting_id": _l("Meeting"),
    "meeting_state": _l("State of the meeting"),
    "agenda_item": _l("Agenda item"),
    # committees, agencies, users
    "name": _l("Name"),
    "short_name": _l("Short name"),
    "email": _l("E-mail"),
    "parent_body": _l("Parent body"),
    "timezone": _l("Time zone"),
    "standing_agency_id": _l("Standing agency"),
    "member_agency_ids": _l("Member agencies"),
    "due_soon_days": _l("Due-soon window (days)"),
    "max_extensions": _l("Extensions a task may be granted"),
    "four_eyes": _l("Four eyes"),
    "agency_id": _l("Agency"),
    "language": _l("Language"),
    "is_admin": _l("Administrator"),
    "is_active_account": _l("Account active"),
    "head_email": _l("Head of agency e-mail"),
    "mail_optional": _l("Non-essential reminders"),
    # reminder policies and holidays
    "days_before": _l("Days before the deadline"),
    "on_the_day": _l("On the day"),
    "overdue_every_days": _l("Overdue: every (days)"),
    "escalate_after_days": _l("Escalate after (days)"),
    "standing_stale_days": _l("Standing duty nudged after (days)"),
    "working_days_only": _l("Working days only"),
    "weekly_summary": _l("Weekly summary"),
    "on": _l("Date"),
    # recurring duties
    "frequency": _l("How often"),
    "due_day": _l("Due on day of the month"),
    "due_after_period": _l("Due in the month after the period (not in its last month)"),
    "interval": _l("N (days or weeks apart)"),
    "starts_on": _l("Starts on"),
    "ends_on": _l("Until"),
    "stopped_at": _l("Stopped"),
}
# "kind" is a document kind on resolutions and an agency kind on agencies.
KIND_LABELS = {"resolution": labels.RESOLUTION_KIND_LABELS, "agency": labels.AGENCY_KIND_LABELS,
               "holiday": labels.HOLIDAY_KIND_LABELS}
CODE_LABELS = {
    "state": labels.STATE_LABELS,
    "priority": labels.PRIORITY_LABELS,
    "meeting_state": MEETING_STATE_LABELS,
    "language": {"vi": "Tiếng Việt", "en": "English"},
    "frequency": FREQUENCY_LABELS,
}
DATE_FIELDS = {"deadline", "original_deadline", "submitted_on", "completed_on", "held_on",
               "part_done_on", "requested_deadline", "refused_deadline",
               "issued_on", "on", "starts_on", "ends_on"}
REFERENCES = {"agency_id": Agency, "standing_agency_id": Agency, "member_agency_ids": Agency,
              "meeting_id": Meeting}
ROLE_PREFIX = "role:"


@dataclass
class Change:
    label: str
    old: object
    new: object
    is_date: bool = False  # the template shows dates in the user's format


@dataclass
class HistoryRow:
    entry: HistoryEntry
    changes: list[Change]


def _names_of(entries) -> dict[type, dict[int, str]]:
    """Labels of every agency and meeting the entries mention, one query per model."""
    wanted: dict[type, set[int]] = {}
    for entry in entries:
        for field, pair in (entry.changes or {}).items():
            model = REFERENCES.get(field)
            if model is None or not isinstance(pair, list):
                continue
            for value in pair:
                values = value if isinstance(value, list) else [value]
                wanted.setdefault(model, set()).update(v for v in values if isinstance(v, int))
    names = {}
    for model, ids in wanted.items():
        rows = db.session.scalars(select(model).where(model.id.in_(ids))) if ids else []
        names[model] = {
            row.id: (row.label if isinstance(row, Agency) else row.title) for row in rows
        }
    return names


def _display(subject_type: str, field: str, value, names):
    """None stays None (shown as a dash); dates become dates; codes and ids become words."""
    if value is None or value == [] or value == "":
        return None
    if field in DATE_FIELDS and isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    if field in REFERENCES:
        lookup = names.get(REFERENCES[field], {})
        values = value if isinstance(value, list) else [value]
        return ", ".join(str(lookup.get(v, f"#{v}")) for v in values)
    if field == "kind" and subject_type in KIND_LABELS:
        return KIND_LABELS[subject_type].get(value, value)
    if field.startswith(ROLE_PREFIX):
        return labels.ROLE_LABELS.get(value, value)
    if field in CODE_LABELS:
        return CODE_LABELS[field].get(value, value)
    if isinstance(value, bool):
        return _l("Yes") if value else _l("No")
    if field == "progress":
        return f"{value}%"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return value


def _label(field: str):
    if field.startswith(ROLE_PREFIX):
        return _l("Role of %(person)s", person=field[len(ROLE_PREFIX):])
    if field == "kind":
        return _l("Kind")
    return FIELD_LABELS.get(field, field)


def history_rows(entries, newest_first: bool = True) -> list[HistoryRow]:
    """Entries with their readable changes, ready for the ``history_timeline`` macro."""
    entries = list(entries)
    names = _names_of(entries)
    rows = []
    for entry in entries:
        changes = []
        for field, pair in (entry.changes or {}).items():
            old, new = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
            changes.append(Change(
                label=_label(field),
                old=_display(entry.subject_type, field, old, names),
                new=_display(entry.subject_type, field, new, names),
                is_date=field in DATE_FIELDS,
            ))
        rows.append(HistoryRow(entry=entry, changes=changes))
    return list(reversed(rows)) if newest_first else rows
