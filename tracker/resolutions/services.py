"""Verbs on meetings and resolutions. They flush, never commit; each writes its history."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from tracker import rules
from tracker.clock import local_today
from tracker.committees.models import Agency, Committee
from tracker.database import claiming_unique
from tracker.domain import BAD_DATE, DomainError, EditConflict, checked_date
from tracker.extensions import db
from tracker.history.services import apply_changes, diff, record
from tracker.resolutions.models import Meeting, MeetingState, Resolution, ResolutionKind

MEETING_FIELDS = ("title", "held_on", "place", "chaired_by", "minutes")
RESOLUTION_FIELDS = ("kind", "number", "issued_on", "signer", "title", "text", "meeting_id")


class ResolutionError(DomainError):
    pass


# The text fields' rules (``tracker.rules``). Checked here, not only in the forms, for every
# caller.
MEETING_TEXTS = {
    "title": rules.MEETING_TITLE,
    "place": rules.MEETING_PLACE,
    "chaired_by": rules.MEETING_CHAIR,
    "minutes": rules.MEETING_MINUTES,
}
RESOLUTION_TEXTS = {
    "number": rules.RESOLUTION_NUMBER,
    "title": rules.RESOLUTION_TITLE,
    "signer": rules.RESOLUTION_SIGNER,
    "text": rules.RESOLUTION_TEXT,
}


def _clean_texts(values: dict, texts: dict) -> dict:
    """The given text fields cleaned (``domain.clean_text``) and checked, in place."""
    for name, rule in texts.items():
        if name in values:
            values[name] = rule.check(name, values[name], error=ResolutionError)
    return values


class ResolutionConflict(ResolutionError, EditConflict):
    """The document was saved by someone else since the copy being edited was loaded."""


STALE = _l("Someone else changed this document meanwhile. Reload the page to see their change.")


def _member_agencies(committee: Committee, agency_ids) -> list[Agency]:
    """The agencies for these ids, refusing any that does not sit on the committee."""
    ids = {int(i) for i in agency_ids or ()}
    if not ids:
        return []
    member_ids = {a.id for a in committee.member_agencies}
    if not ids <= member_ids:
        raise ResolutionError("attending_agency_ids",
                              _l("Only member agencies of this committee can be chosen."))
    return list(db.session.scalars(select(Agency).where(Agency.id.in_(ids))))


def _check_meeting(title: str | None, held_on: date | None) -> None:
    if not (title or "").strip():
        raise ResolutionError("title", rules.MEETING_TITLE.required)
    checked_date("held_on", held_on, required=BAD_DATE,
                 error=ResolutionError)


def create_meeting(committee: Committee, *, actor, title: str, held_on: date,
                   place: str | None = None, chaired_by: str | None = None,
                   minutes: str | None = None, attending_agency_ids=(),
                   now: datetime | None = None) -> Meeting:
    """Record a meeting of the committee and which agencies attended. One before the
    committee's today (at ``now``) was held; one to come is being prepared (draft)."""
    texts = _clean_texts(dict(title=title, place=place, chaired_by=chaired_by,
                              minutes=minutes), MEETING_TEXTS)
    _check_meeting(texts["title"], held_on)
    # A meeting recorded after its day was held; one still to come is being prepared.
    state = MeetingState.HELD if held_on < local_today(committee.timezone, now) \
        else MeetingState.DRAFT
    meeting = Meeting(committee_id=committee.id, held_on=held_on, state=state, **texts)
    meeting.attending_agencies = _member_agencies(committee, attending_agency_ids)
    db.session.add(meeting)
    db.session.flush()
    after = {f: getattr(meeting, f) for f in MEETING_FIELDS}
    after["attending_agencies"] = sorted(a.label for a in meeting.attending_agencies)
    record("meeting", meeting.id, "created", actor=actor, changes=diff({}, after))
    return meeting


def update_meeting(meeting: Meeting, *, actor, attending_agency_ids=None, **fields) -> Meeting:
    """Change a meeting's fields (any of MEETING_FIELDS) and, if given, its attendance."""
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"unknown meeting fields {sorted(unknown)}")
    _clean_texts(fields, MEETING_TEXTS)
    _check_meeting(fields.get("title", meeting.title), fields.get("held_on", meeting.held_on))
    before = {f: getattr(meeting, f) for f in fields}
    after = dict(fields)
    if attending_agency_ids is not None:
        before["attending_agencies"] = sorted(a.label for a in meeting.attending_agencies)
        agencies = _member_agencies(meeting.committee, attending_agency_ids)
        after["attending_agencies"] = sorted(a.label for a in agencies)
        meeting.attending_agencies = agencies
    for key, value in fields.items():
        setattr(meeting, key, value)
    db.session.flush()
    changes = diff(before, after)
    if changes:
        record("meeting", meeting.id, "updated", actor=actor, changes=changes)
    return meeting


def _number_taken(number: str) -> ResolutionError:
    return ResolutionError("number", _l("This committee already has a document numbered "
                                        "%(number)s.", number=number))


def _check_resolution(committee_id: int, values: dict, resolution_id: int | None = None) -> None:
    if values.get("kind") not in {k.value for k in ResolutionKind}:
        raise ResolutionError("kind", _l("Please choose the kind of document."))
    number = (values.get("number") or "").strip()
    if not number:
        raise ResolutionError("number", rules.RESOLUTION_NUMBER.required)
    checked_date("issued_on", values.get("issued_on"), required=BAD_DATE,
                 error=ResolutionError)
    if not (values.get("title") or "").strip():
        raise ResolutionError("title", rules.RESOLUTION_TITLE.required)
    clash = db.session.scalar(
        select(Resolution.id).where(Resolution.committee_id == committee_id,
                                    Resolution.number == number)
    )
    if clash is not None and clash != resolution_id:
        raise _number_taken(number)
    meeting_id = values.get("meeting_id")
    if meeting_id is not None:
        meeting = db.session.get(Meeting, meeting_id)
        if meeting is None or meeting.committee_id != committee_id:
            raise ResolutionError("meeting_id", _l("Choose a meeting of this committee."))


def create_resolution(committee: Committee, *, actor, kind: str, number: str, issued_on: date,
                      title: str, signer: str | None = None, text: str | None = None,
                      meeting_id: int | None = None) -> Resolution:
    """Record a directive document; its number must be unique in the committee."""
    values = _clean_texts(dict(kind=kind, number=number, issued_on=issued_on, title=title,
                               signer=signer, text=text, meeting_id=meeting_id),
                          RESOLUTION_TEXTS)
    _check_resolution(committee.id, values)
    resolution = Resolution(committee_id=committee.id, **values)
    with claiming_unique(_number_taken(values["number"])):
        db.session.add(resolution)
    record("resolution", resolution.id, "created", actor=actor, changes=diff({}, values))
    return resolution


def update_resolution(resolution: Resolution, *, actor, expected_version: int | None = None,
                      **fields) -> Resolution:
    """Change a resolution. ``expected_version`` refuses an edit made on a stale copy."""
    unknown = set(fields) - set(RESOLUTION_FIELDS)
    if unknown:
        raise TypeError(f"unknown resolution fields {sorted(unknown)}")
    if expected_version is not None and expected_version != resolution.version:
        raise ResolutionConflict("version", STALE)
    _clean_texts(fields, RESOLUTION_TEXTS)
    values = {f: getattr(resolution, f) for f in RESOLUTION_FIELDS} | fields
    _check_resolution(resolution.committee_id, values, resolution.id)
    try:
        with claiming_unique(_number_taken(values["number"])):
            apply_changes(resolution, "resolution", fields, actor=actor)
    except StaleDataError:  # saved by someone else between the version check and the write
        raise ResolutionConflict("version", STALE) from None
    return resolution
