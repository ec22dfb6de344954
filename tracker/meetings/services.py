"""Verbs on a meeting's preparation: the agenda, sending the invitation (which freezes the
carry-over and fills the outbox), marking the meeting held, and tasks assigned from an
agenda item. They flush, never commit; each writes its history on the meeting."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, update

from tracker import rules
from tracker.clock import utcnow
from tracker.domain import DomainError, StateError
from tracker.extensions import db
from tracker.history.services import record
from tracker.meetings import queries
from tracker.meetings.models import (
    AgendaItem,
    CarryOverEntry,
    InvitationStatus,
    MeetingInvitation,
)
from tracker.reminders.dialect import insert_ignoring_conflicts
from tracker.resolutions.models import Meeting, MeetingState, Resolution
from tracker.tasks import services as task_services
from tracker.tasks.models import Task

AGENDA_FIELDS = ("title", "presenter_agency_id", "notes", "minutes_allotted")


class MeetingError(DomainError):
    pass


class MeetingStateError(MeetingError, StateError):
    """The meeting's state does not allow it (the agenda of a meeting already invited)."""


AGENDA_FROZEN = _l("The invitation has been sent: the agenda can no longer change.")
ALREADY_SENT = _l("The invitation of this meeting has already been sent.")


def _ensure_draft(meeting: Meeting, message=AGENDA_FROZEN) -> None:
    if not meeting.is_draft:
        raise MeetingStateError("state", message)


def _checked(meeting: Meeting, fields: dict) -> dict:
    """The agenda item's fields under their rules; the presenter must sit on the committee."""
    values = dict(fields)
    if "title" in values:
        values["title"] = rules.AGENDA_TITLE.check("title", values["title"], error=MeetingError)
    if "notes" in values:
        values["notes"] = rules.AGENDA_NOTES.check("notes", values["notes"], error=MeetingError)
    if values.get("minutes_allotted") is not None:
        values["minutes_allotted"] = rules.AGENDA_MINUTES.check(
            "minutes_allotted", values["minutes_allotted"], error=MeetingError)
    agency_id = values.get("presenter_agency_id")
    if agency_id is not None and agency_id not in {
            a.id for a in meeting.committee.member_agencies}:
        raise MeetingError("presenter_agency_id",
                           _l("Choose the presenter among the committee's member agencies."))
    return values


def _log(meeting: Meeting, actor, changes: dict) -> None:
    record("meeting", meeting.id, "updated", actor=actor, changes=changes)


def add_agenda_item(meeting: Meeting, *, actor, title: str, presenter_agency_id=None,
                    notes: str | None = None, minutes_allotted: int | None = None) -> AgendaItem:
    """Add an item at the end of the agenda of a meeting being prepared."""
    _ensure_draft(meeting)
    values = _checked(meeting, dict(title=title, presenter_agency_id=presenter_agency_id,
                                    notes=notes, minutes_allotted=minutes_allotted))
    last = db.session.scalar(select(func.max(AgendaItem.position))
                             .where(AgendaItem.meeting_id == meeting.id)) or 0
    item = AgendaItem(meeting_id=meeting.id, position=last + 1, **values)
    db.session.add(item)
    db.session.flush()
    _log(meeting, actor, {"agenda_item": [None, item.title]})
    return item


def update_agenda_item(item: AgendaItem, *, actor, **fields) -> AgendaItem:
    """Change an agenda item's fields (any of AGENDA_FIELDS)."""
    unknown = set(fields) - set(AGENDA_FIELDS)
    if unknown:
        raise TypeError(f"unknown agenda item fields {sorted(unknown)}")
    meeting = item.meeting
    _ensure_draft(meeting)
    values = _checked(meeting, fields)
    before = item.title
    for key, value in values.items():
        setattr(item, key, value)
    db.session.flush()
    _log(meeting, actor, {"agenda_item": [before, item.title]})
    return item


def move_agenda_item(item: AgendaItem, direction: str, *, actor) -> AgendaItem:
    """Swap the item with the one above (``up``) or below (``down``); at an end, nothing."""
    meeting = item.meeting
    _ensure_draft(meeting)
    items = queries.agenda(meeting)
    index = next(i for i, other in enumerate(items) if other.id == item.id)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(items):
        return item
    items[index], items[other] = items[other], items[index]
    for position, each in enumerate(items, 1):
        each.position = position
    db.session.flush()
    return item


def delete_agenda_item(item: AgendaItem, *, actor) -> None:
    """Take an item off the agenda; tasks assigned from it stay, unlinked."""
    meeting = item.meeting
    _ensure_draft(meeting)
    db.session.execute(update(Task).where(Task.agenda_item_id == item.id)
                       .values(agenda_item_id=None).execution_options(synchronize_session=False))
    title = item.title
    db.session.delete(item)
    db.session.flush()
    for position, each in enumerate(queries.agenda(meeting), 1):
        each.position = position
    db.session.flush()
    _log(meeting, actor, {"agenda_item": [title, None]})


# --- The invitation ----------------------------------------------------------------------


def send_invitation(meeting: Meeting, *, actor, now: datetime | None = None) -> int:
    """Send the invitation of a meeting being prepared: freeze the carry-over into the
    meeting, write one outbox row per recipient (``queries.invitation_recipients``) and mark
    the meeting invited, all in the caller's transaction. The number of e-mails queued.

    The sender (``meetings.sending``, a job enqueued after the commit) delivers them. A
    second click, or two at once, is refused: the state moves from draft only once."""
    _ensure_draft(meeting, ALREADY_SENT)
    now = now or utcnow()
    recipients = queries.invitation_recipients(meeting)
    if not recipients:
        raise MeetingError("attending_agency_ids", _l(
            "Nobody to invite: choose the attending agencies (with a mailbox, or people "
            "holding a role in the committee) first."))
    carry = queries.carry_over(meeting, now)
    # The state changes from draft once: a concurrent sender waits for this row, then
    # finds it changed and is refused, so a meeting is never invited twice at once.
    moved = db.session.execute(
        update(Meeting).where(Meeting.id == meeting.id, Meeting.state == MeetingState.DRAFT)
        .values(state=MeetingState.INVITED, invited_at=now,
                invitation_round=Meeting.invitation_round + 1)
        .execution_options(synchronize_session=False)).rowcount
    if moved != 1:
        raise MeetingStateError("state", ALREADY_SENT)
    db.session.refresh(meeting, ["state", "invited_at", "invitation_round"])
    db.session.execute(delete(CarryOverEntry).where(CarryOverEntry.meeting_id == meeting.id))
    db.session.add_all(CarryOverEntry(meeting_id=meeting.id, **asdict(line))
                       for line in (*carry.tasks, *carry.extensions))
    db.session.execute(insert_ignoring_conflicts(MeetingInvitation).values([
        {"meeting_id": meeting.id, "round": meeting.invitation_round,
         "recipient_email": r.email, "recipient_user_id": r.user_id, "language": r.language,
         "status": InvitationStatus.PENDING.value, "attempts": 0, "next_attempt_at": now,
         "created_at": now} for r in recipients]))
    db.session.flush()
    _log(meeting, actor, {"meeting_state": [MeetingState.DRAFT.value,
                                            MeetingState.INVITED.value]})
    return len(recipients)


def mark_held(meeting: Meeting, *, actor) -> Meeting:
    """The meeting took place (from draft or invited)."""
    if meeting.is_held:
        raise MeetingStateError("state", _l("This meeting is already marked as held."))
    before = meeting.state
    meeting.state = MeetingState.HELD
    db.session.flush()
    _log(meeting, actor, {"meeting_state": [before, MeetingState.HELD.value]})
    return meeting


# --- From the agenda to tasks ------------------------------------------------------------


def _link(item: AgendaItem, meeting_id: int | None, tasks: list[Task]) -> None:
    if meeting_id != item.meeting_id:
        raise MeetingError("meeting_id", _l(
            "Tasks of an agenda item belong to a document of the same meeting."))
    for task in tasks:
        task.agenda_item_id = item.id
    db.session.flush()


def assign_tasks_from_item(resolution: Resolution, item: AgendaItem, task_specs, *,
                           actor) -> list[Task]:
    """Add tasks to the meeting's document (``tasks.services.assign_tasks``), each
    remembering the agenda item it came from; all or nothing."""
    tasks = task_services.assign_tasks(resolution, task_specs, actor=actor)
    _link(item, resolution.meeting_id, tasks)
    return tasks


def record_notice_from_item(committee, item: AgendaItem, *, actor, resolution_fields: dict,
                            task_specs) -> Resolution:
    """Record the meeting's document with its first tasks
    (``tasks.services.record_resolution_with_tasks``), the tasks linked to the item."""
    resolution = task_services.record_resolution_with_tasks(
        committee, actor=actor, resolution_fields=resolution_fields, task_specs=task_specs)
    _link(item, resolution.meeting_id, list(resolution.tasks))
    return resolution
