"""Two people editing the same record: what the one who saves second is shown.

Tasks and resolutions carry a version (``version_id_col``). A save made on an older copy
is refused, either by the service (the form's version is behind) or by the database (the
row changed between loading and writing: ``StaleDataError``). Either way nothing is
overwritten; the form comes back (409) with the user's text still in it and, per field,
the value saved meanwhile next to the one they submitted, so they can copy their text,
reload and make their change again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from tracker import labels
from tracker.auth.models import User
from tracker.committees.models import Agency
from tracker.extensions import db
from tracker.history.display import FIELD_LABELS
from tracker.history.models import HistoryEntry
from tracker.resolutions.models import Meeting
from tracker.tasks import services as task_services

TASK_FIELDS = ("title", "lead_agency", "coordinating_agencies", "assignees", "deadline",
               "priority", "expected_output", "description")
RESOLUTION_FIELDS = ("kind", "number", "issued_on", "signer", "title", "meeting_id", "text")


@dataclass
class Difference:
    label: str
    theirs: object  # the value stored now (saved by someone else meanwhile)
    yours: object  # the value this user submitted

    @property
    def theirs_is_date(self) -> bool:  # the template shows dates in the user's format
        return isinstance(self.theirs, date)

    @property
    def yours_is_date(self) -> bool:
        return isinstance(self.yours, date)


@dataclass
class Conflict:
    """What the conflict box shows: who saved last, when, and the fields that differ."""

    differences: list[Difference]
    saved_by: str | None
    saved_at: datetime | None


def _words(field: str, value):
    """A value as the page shows it: codes as labels, lists joined, empty as None."""
    if value in (None, "", []):
        return None
    if field == "priority":
        return labels.PRIORITY_LABELS.get(value, value)
    if field == "kind":
        return labels.RESOLUTION_KIND_LABELS.get(value, value)
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return value


def _differences(fields, stored: dict, submitted: dict) -> list[Difference]:
    rows = []
    for name in fields:
        theirs, yours = _words(name, stored.get(name)), _words(name, submitted.get(name))
        if theirs != yours:
            rows.append(Difference(FIELD_LABELS.get(name, name), theirs, yours))
    return rows


def _last_save(subject_type: str, subject_id: int) -> tuple[str | None, datetime | None]:
    entry = db.session.scalars(
        select(HistoryEntry)
        .where(HistoryEntry.subject_type == subject_type, HistoryEntry.subject_id == subject_id)
        .order_by(HistoryEntry.created_at.desc(), HistoryEntry.id.desc()).limit(1)).first()
    if entry is None:
        return None, None
    actor = db.session.get(User, entry.actor_id) if entry.actor_id else None
    return (actor.name if actor else None), entry.created_at


def _agency_labels(ids) -> list[str]:
    ids = [i for i in ids or () if i is not None]
    if not ids:
        return []
    return sorted(a.label for a in db.session.scalars(select(Agency).where(Agency.id.in_(ids))))


def task_conflict(task, spec) -> Conflict:
    """The task as stored now against the submitted ``TaskSpec``."""
    # As the history records it: agencies and people by name (only TASK_FIELDS are compared).
    stored = task_services.snapshot(task)
    lead = _agency_labels([spec.lead_agency_id])
    coordinating = set(spec.coordinating_agency_ids or ()) - {spec.lead_agency_id}
    assignee_ids = [int(i) for i in spec.assignee_ids or ()]
    submitted = {
        "title": spec.title,
        "description": spec.description,
        "lead_agency": lead[0] if lead else None,
        "coordinating_agencies": _agency_labels(coordinating),
        "assignees": sorted(db.session.scalars(
            select(User.name).where(User.id.in_(assignee_ids)))) if assignee_ids else [],
        "deadline": spec.deadline,
        "priority": spec.priority,
        "expected_output": spec.expected_output,
    }
    if stored["deadline"] is None:
        stored["deadline"] = _l("Standing duty (no deadline)")
    if submitted["deadline"] is None:
        submitted["deadline"] = _l("Standing duty (no deadline)")
    return Conflict(_differences(TASK_FIELDS, stored, submitted), *_last_save("task", task.id))


def resolution_conflict(resolution, values: dict) -> Conflict:
    """The resolution as stored now against the submitted field values."""
    stored = {name: getattr(resolution, name) for name in RESOLUTION_FIELDS}
    submitted = dict(values)
    meeting_ids = {v for v in (stored["meeting_id"], submitted.get("meeting_id")) if v}
    titles = {m.id: f"{m.held_on.strftime('%d/%m/%Y')} – {m.title}" for m in db.session.scalars(
        select(Meeting).where(Meeting.id.in_(meeting_ids)))} if meeting_ids else {}
    for side in (stored, submitted):
        side["meeting_id"] = titles.get(side.get("meeting_id"))
    return Conflict(_differences(RESOLUTION_FIELDS, stored, submitted),
                    *_last_save("resolution", resolution.id))
