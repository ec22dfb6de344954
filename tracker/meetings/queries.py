"""Read side of a meeting's preparation: the agenda, the carry-over (live, or as frozen when
the invitation went out), the tasks assigned from each agenda item, the invitation's
recipients and outbox."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, literal, select, union_all
from sqlalchemy.orm import Load, aliased, selectinload

from tracker.auth.models import User
from tracker.clock import DEFAULT_TIMEZONE
from tracker.committees.models import Agency, Committee, CommitteeRole, committee_agency
from tracker.extensions import db
from tracker.meetings.models import AgendaItem, CarryOverEntry, CarryOverKind, MeetingInvitation
from tracker.resolutions.models import Meeting, Resolution, ResolutionKind, meeting_attendee
from tracker.tasks.categories import (
    Category,
    category_conditions,
    category_expression,
    days_left_expression,
    local_today_expression,
)
from tracker.tasks.models import ExtensionStatus, Task, TaskExtension
from tracker.tasks.workflow import IN_WORK


@dataclass
class CarryOverLine:
    """One line of the carry-over; the fields of ``CarryOverEntry``, which freezes it."""

    kind: str
    position: int
    task_id: int | None
    title: str
    lead_agency: str
    deadline: date | None
    days_late: int | None
    category: str
    task_state: str
    progress: int
    decision: str | None = None
    requested_deadline: date | None = None
    decided_on: date | None = None

    @property
    def is_overdue(self) -> bool:
        return self.category == Category.OVERDUE


@dataclass
class CarryOver:
    """The carry-over of a meeting: tasks still in work, extensions decided since the last
    meeting; ``frozen`` when read back from what the invitation carried."""

    tasks: list = field(default_factory=list)
    extensions: list = field(default_factory=list)
    frozen: bool = False

    @property
    def overdue(self) -> int:
        return sum(1 for line in self.tasks if line.is_overdue)


@dataclass(frozen=True)
class LiveState:
    """A task's state now, shown beside what the members saw."""

    category: str
    days_left: int | None
    progress: int
    deadline: date | None


def _label(short_name, name) -> str:
    return short_name or name


def _local_date(moment: datetime | None, timezone: str | None) -> date | None:
    if moment is None:
        return None
    return moment.astimezone(ZoneInfo(timezone or DEFAULT_TIMEZONE)).date()


def previous_meeting_day(meeting: Meeting) -> date | None:
    """The day of the committee's meeting before this one, if any."""
    return db.session.scalar(
        select(func.max(Meeting.held_on))
        .where(Meeting.committee_id == meeting.committee_id, Meeting.held_on < meeting.held_on))


def carry_over(meeting: Meeting, now: datetime | None = None) -> CarryOver:
    """What the next meeting reviews first, computed now: every task still in work from the
    committee's resolutions issued before the meeting's day, overdue first (most late first)
    then by deadline (standing duties last); and every extension granted or refused since
    the committee's previous meeting. Categories and days late by ``tasks.categories``.

    A fixed number of statements whatever the number of tasks."""
    today = local_today_expression(now)
    category = category_expression(today).label("category")
    days_left = days_left_expression(today).label("days_left")
    overdue = category_conditions(today)[Category.OVERDUE]
    rows = db.session.execute(
        select(Task.id, Task.title, Agency.short_name, Agency.name, Task.deadline, category,
               days_left, Task.state, Task.progress)
        .join(Committee, Committee.id == Task.committee_id)
        .join(Agency, Agency.id == Task.lead_agency_id)
        .join(Resolution, Resolution.id == Task.resolution_id)
        .where(Task.committee_id == meeting.committee_id,
               Resolution.issued_on < meeting.held_on, Task.state.in_(IN_WORK))
        .order_by(case((overdue, 0), else_=1), Task.deadline.is_(None), Task.deadline,
                  Task.id)
    ).all()
    result = CarryOver()
    for position, row in enumerate(rows, 1):
        result.tasks.append(CarryOverLine(
            kind=CarryOverKind.TASK, position=position, task_id=row.id, title=row.title,
            lead_agency=_label(row.short_name, row.name), deadline=row.deadline,
            days_late=-row.days_left if row.category == Category.OVERDUE else None,
            category=row.category, task_state=row.state, progress=row.progress))
    result.extensions = _decided_extensions(meeting, today)
    return result


def _decided_extensions(meeting: Meeting, today) -> list[CarryOverLine]:
    timezone = db.session.scalar(select(Committee.timezone)
                                 .where(Committee.id == meeting.committee_id))
    since = previous_meeting_day(meeting)
    query = (
        select(TaskExtension.task_id, TaskExtension.status, TaskExtension.requested_deadline,
               TaskExtension.decided_at, Task.title, Task.deadline, Task.state, Task.progress,
               Agency.short_name, Agency.name, category_expression(today).label("category"),
               days_left_expression(today).label("days_left"))
        .join(Task, Task.id == TaskExtension.task_id)
        .join(Committee, Committee.id == Task.committee_id)
        .join(Agency, Agency.id == Task.lead_agency_id)
        .where(Task.committee_id == meeting.committee_id,
               TaskExtension.status.in_([ExtensionStatus.GRANTED, ExtensionStatus.REFUSED]),
               TaskExtension.decided_at.is_not(None))
        .order_by(TaskExtension.decided_at, TaskExtension.id))
    if since is not None:
        zone = ZoneInfo(timezone or DEFAULT_TIMEZONE)
        start = datetime.combine(since, time(0), tzinfo=zone).astimezone(UTC)
        query = query.where(TaskExtension.decided_at >= start)
    lines = []
    for position, row in enumerate(db.session.execute(query).all(), 1):
        lines.append(CarryOverLine(
            kind=CarryOverKind.EXTENSION, position=position, task_id=row.task_id,
            title=row.title, lead_agency=_label(row.short_name, row.name),
            deadline=row.deadline,
            days_late=-row.days_left if row.category == Category.OVERDUE else None,
            category=row.category, task_state=row.state, progress=row.progress,
            decision=row.status, requested_deadline=row.requested_deadline,
            decided_on=_local_date(row.decided_at, timezone)))
    return lines


def frozen_carry_over(meeting: Meeting) -> CarryOver:
    """The carry-over as the invitation carried it (one statement)."""
    entries = db.session.scalars(
        select(CarryOverEntry).where(CarryOverEntry.meeting_id == meeting.id)
        .order_by(CarryOverEntry.kind.desc(), CarryOverEntry.position)).all()
    result = CarryOver(frozen=True)
    for entry in entries:
        line = CarryOverLine(**{name: getattr(entry, name) for name in CARRY_OVER_FIELDS})
        (result.tasks if entry.kind == CarryOverKind.TASK else result.extensions).append(line)
    return result


CARRY_OVER_FIELDS = tuple(CarryOverLine.__dataclass_fields__)


def meeting_carry_over(meeting: Meeting, now: datetime | None = None) -> CarryOver:
    """What the meeting page shows: live while the meeting is prepared, frozen once sent."""
    return carry_over(meeting, now) if meeting.is_draft else frozen_carry_over(meeting)


def live_states(task_ids, now: datetime | None = None) -> dict[int, LiveState]:
    """The state now of the tasks of a frozen carry-over (one statement, and the zones)."""
    ids = sorted({i for i in task_ids if i is not None})
    if not ids:
        return {}
    today = local_today_expression(now)
    rows = db.session.execute(
        select(Task.id, category_expression(today), days_left_expression(today),
               Task.progress, Task.deadline)
        .join(Committee, Committee.id == Task.committee_id)
        .where(Task.id.in_(ids))).all()
    return {row[0]: LiveState(*row[1:]) for row in rows}


# --- The agenda and the tasks assigned from it ---------------------------------------------


def agenda(meeting: Meeting) -> list[AgendaItem]:
    """The meeting's agenda items in order, each with its presenter agency."""
    return list(db.session.scalars(agenda_query(meeting.id)))


def agenda_minutes(items) -> int:
    return sum(item.minutes_allotted or 0 for item in items)


def tasks_by_item(meeting: Meeting, now: datetime | None = None) -> dict[int, list]:
    """``{agenda item id: [(task id, title, lead agency label, deadline, category)]}``."""
    today = local_today_expression(now)
    rows = db.session.execute(
        select(Task.agenda_item_id, Task.id, Task.title, Agency.short_name, Agency.name,
               Task.deadline, category_expression(today))
        .join(AgendaItem, AgendaItem.id == Task.agenda_item_id)
        .join(Committee, Committee.id == Task.committee_id)
        .join(Agency, Agency.id == Task.lead_agency_id)
        .where(AgendaItem.meeting_id == meeting.id)
        .order_by(Task.id)).all()
    found: dict[int, list] = defaultdict(list)
    for item_id, task_id, title, short_name, name, deadline, category in rows:
        found[item_id].append((task_id, title, _label(short_name, name), deadline, category))
    return dict(found)


def conclusion_notice(meeting: Meeting) -> Resolution | None:
    """The meeting's conclusion notice: the first one recorded, if any."""
    return db.session.scalars(
        select(Resolution).where(Resolution.meeting_id == meeting.id,
                                 Resolution.kind == ResolutionKind.CONCLUSION_NOTICE)
        .order_by(Resolution.issued_on, Resolution.id).limit(1)).first()


# --- The invitation ------------------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    email: str
    user_id: int | None
    language: str


def invitation_recipients(meeting: Meeting) -> list[Recipient]:
    """Who is invited: the mailbox of every attending agency that still sits on the
    committee, and the active people of those agencies who hold a role in the committee.

    As for reminders (``reminders.recipients``): addresses lower-cased, one mail per
    address, an agency mailbox that is also a user's login linked to that user (their
    language). An invitation is not optional mail: everyone invited gets it."""
    attending = (select(meeting_attendee.c.agency_id)
                 .where(meeting_attendee.c.meeting_id == meeting.id))
    owner = aliased(User)
    mailboxes = (
        select(func.lower(Agency.email).label("email"), owner.id.label("user_id"),
               owner.language.label("language"), literal(1).label("source"))
        .join(committee_agency, (committee_agency.c.agency_id == Agency.id)
              & (committee_agency.c.committee_id == meeting.committee_id))
        .outerjoin(owner, owner.email == func.lower(Agency.email))
        .where(Agency.id.in_(attending), Agency.email.is_not(None), Agency.email != ""))
    people = (
        select(func.lower(User.email).label("email"), User.id.label("user_id"),
               User.language.label("language"), literal(0).label("source"))
        .join(CommitteeRole, (CommitteeRole.user_id == User.id)
              & (CommitteeRole.committee_id == meeting.committee_id))
        .where(User.agency_id.in_(attending), User.is_active_account.is_(True)))
    rows = union_all(people, mailboxes).subquery()
    found: dict[str, Recipient] = {}
    for email, user_id, language, _source in db.session.execute(
            select(rows).order_by(rows.c.email, rows.c.source, rows.c.user_id)):
        if email and email not in found:
            found[email] = Recipient(email, user_id, language or "vi")
    return list(found.values())


def invitations(meeting: Meeting) -> list[MeetingInvitation]:
    """The invitation e-mails of the meeting's latest sending, by address."""
    return list(db.session.scalars(
        select(MeetingInvitation)
        .where(MeetingInvitation.meeting_id == meeting.id,
               MeetingInvitation.round == meeting.invitation_round)
        .order_by(MeetingInvitation.recipient_email)))


def agenda_item_of(committee_id: int, item_id) -> AgendaItem | None:
    """The agenda item numbered ``item_id`` if it belongs to a meeting of the committee."""
    if not item_id:
        return None
    return db.session.scalars(
        select(AgendaItem).join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(AgendaItem.id == item_id, Meeting.committee_id == committee_id)).first()


def preparation(meeting: Meeting, now: datetime | None = None) -> dict:
    """What the meeting page shows of the meeting's preparation: the agenda with the tasks
    assigned from each item, the carry-over (live while prepared, else frozen, with each
    task's state now) and the invitation e-mails. A fixed number of statements."""
    # A meeting recorded after the fact was never prepared here: it has no carry-over.
    carry = meeting_carry_over(meeting, now) \
        if meeting.is_draft or meeting.invitation_round else None
    live = live_states((line.task_id for line in (*carry.tasks, *carry.extensions)), now) \
        if carry is not None and carry.frozen else {}
    items = agenda(meeting)
    return {"agenda": items, "agenda_minutes": agenda_minutes(items),
            "item_tasks": tasks_by_item(meeting, now), "carry": carry, "live": live,
            "invitations": invitations(meeting) if meeting.invitation_round else []}


def agenda_query(meeting_id: int):
    """The meeting's agenda items in order, with their presenter agency (the API's list)."""
    return (select(AgendaItem).where(AgendaItem.meeting_id == meeting_id)
            .options(selectinload(AgendaItem.presenter_agency),
                     Load(AgendaItem).raiseload("*", sql_only=True))
            .order_by(AgendaItem.position, AgendaItem.id))
