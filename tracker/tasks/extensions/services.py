"""Deadline extensions: the lead agency asks for a later date, the chair decides.

The deadline in force (``Task.deadline``) changes only when an extension is granted;
``Task.original_deadline`` never moves here. A task has at most one pending request, and
the committee's ``max_extensions`` caps how many may be granted. Every verb writes its
history entry on the task in the caller's transaction and flushes; who may call which
verb, and in which states of the task and the request, is the workflow table's
(``tracker.tasks.workflow``), checked before the call and again here under the lock.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, selectinload

from tracker import rules
from tracker.clock import utcnow
from tracker.domain import DomainError, StateError, checked_date
from tracker.extensions import db
from tracker.history.services import record
from tracker.notifications.models import NotificationKind
from tracker.notifications.services import committee_people, lead_agency_actors, notify_all
from tracker.rights import SECOND_PERSON_EXTENSION, ensure_second_person
from tracker.tasks import uploads, workflow
from tracker.tasks.models import ExtensionStatus, Task, TaskExtension
from tracker.tasks.queries import extensions_query


class ExtensionError(DomainError):
    pass


class ExtensionStateError(ExtensionError, StateError):
    """The task's state, or the request's (already decided), does not allow the verb."""


def _lock(task: Task) -> None:
    """Serialise decisions on one task (PostgreSQL row lock; SQLite writes one at a time)."""
    db.session.execute(select(Task.id).where(Task.id == task.id).with_for_update())


def granted_count(task: Task) -> int:
    return db.session.scalar(
        select(func.count(TaskExtension.id)).where(
            TaskExtension.task_id == task.id, TaskExtension.status == ExtensionStatus.GRANTED)
    ) or 0


def pending_for(task: Task) -> TaskExtension | None:
    return db.session.scalars(
        select(TaskExtension).where(TaskExtension.task_id == task.id,
                                    TaskExtension.status == ExtensionStatus.PENDING)
        .order_by(TaskExtension.id).limit(1)
    ).first()


def _cap_reached(task: Task) -> ExtensionError | None:
    limit = task.committee.max_extensions
    if granted_count(task) >= limit:
        return ExtensionError("requested_deadline", _l(
            "This task has already been granted %(num)d extension(s), the most this "
            "committee allows; no further extension can be given.", num=limit))
    return None


def _clean_text(value: str | None, field: str, rule: rules.TextRule) -> str | None:
    return rule.check(field, value, error=ExtensionError)


def request_extension(task: Task, *, actor, requested_deadline: date | None,
                      reason: str | None, files=()) -> TaskExtension:
    """The lead agency asks for ``requested_deadline`` instead of the deadline in force.

    ``files`` are optional supporting papers as (filename, bytes) pairs, checked and stored
    like a progress report's evidence (``tracker.tasks.uploads``); one bad file refuses the
    whole request and nothing is written.
    """
    _lock(task)
    workflow.ensure_state(workflow.REQUEST_EXTENSION, task, error=ExtensionStateError)
    if task.deadline is None:
        raise ExtensionError("requested_deadline",
                             _l("A standing duty has no deadline to extend."))
    if pending_for(task) is not None:
        raise ExtensionError("requested_deadline", _l(
            "A request for a new deadline is already waiting for a decision on this task."))
    if (error := _cap_reached(task)) is not None:
        raise error
    if not isinstance(requested_deadline, date):
        raise ExtensionError("requested_deadline", _l("Please give the new deadline you ask for."))
    checked_date("requested_deadline", requested_deadline, error=ExtensionError)
    if requested_deadline <= task.deadline:
        raise ExtensionError("requested_deadline", _l(
            "The new deadline must be after the deadline in force (%(date)s).",
            date=task.deadline.strftime("%d/%m/%Y")))
    reason = _clean_text(reason, "reason", rules.EXTENSION_REASON)
    checked = uploads.check_files(files)
    extension = TaskExtension(
        task_id=task.id, requested_by_id=actor.id if actor is not None else None,
        agency_id=task.lead_agency_id, requested_deadline=requested_deadline,
        previous_deadline=task.deadline, reason=reason, status=ExtensionStatus.PENDING,
        created_at=utcnow())
    db.session.add(extension)
    stored: list[str] = []
    try:
        extension.attachments.extend(uploads.store_attachments(checked, stored, uploader=actor,
                                                               task=task))
        db.session.flush()
    except Exception:
        uploads.discard(stored)
        raise
    record("task", task.id, "extension_requested", actor=actor,
           changes={"requested_deadline": [None, requested_deadline.isoformat()]},
           comment=reason)
    # The people who may grant or refuse it are told (the workflow table's roles).
    notify_all(committee_people(task, workflow.GRANT_EXTENSION.roles),
               NotificationKind.EXTENSION_REQUESTED, task=task, actor=actor,
               payload={"requested_deadline": requested_deadline.isoformat(),
                        "comment": reason[:500] if reason else None})
    return extension


def _check_decidable(verb: workflow.Verb, extension: TaskExtension, actor) -> Task:
    task = extension.task
    _lock(task)
    db.session.refresh(extension)
    workflow.ensure_state(verb, task, extension, error=ExtensionStateError)
    # The committee's "four eyes": whoever asked does not decide.
    ensure_second_person(actor, task.committee, extension.requested_by_id,
                         SECOND_PERSON_EXTENSION)
    return task


def _decide(extension: TaskExtension, status: str, actor, comment: str | None) -> None:
    extension.status = status
    extension.decided_by_id = actor.id if actor is not None else None
    extension.decision_comment = comment
    extension.decided_at = utcnow()
    # The bell: whoever asked, and the lead agency's people acting on the task.
    notify_all([extension.requested_by, *lead_agency_actors(extension.task)],
               NotificationKind.EXTENSION_DECIDED, task=extension.task, actor=actor,
               payload={"decision": status,
                        "requested_deadline": extension.requested_deadline.isoformat(),
                        "comment": comment})


def grant_extension(extension: TaskExtension, *, actor,
                    comment: str | None = None) -> TaskExtension:
    """Grant: the requested date becomes the deadline in force; the original stays."""
    task = _check_decidable(workflow.GRANT_EXTENSION, extension, actor)
    comment = _clean_text(comment, "comment", rules.DECISION_COMMENT)
    if (error := _cap_reached(task)) is not None:
        raise ExtensionError("comment", error.message)
    try:  # asked for before dates were range-checked
        checked_date("requested_deadline", extension.requested_deadline, error=ExtensionError)
    except ExtensionError:
        raise ExtensionError("comment", _l(
            "The requested date is not a possible deadline; refuse this request instead.")
        ) from None
    if task.deadline is not None and extension.requested_deadline <= task.deadline:
        raise ExtensionError("comment", _l(
            "The deadline in force (%(date)s) is already on or after the requested date; "
            "refuse this request instead.", date=task.deadline.strftime("%d/%m/%Y")))
    old = task.deadline
    _decide(extension, ExtensionStatus.GRANTED, actor, comment)
    task.deadline = extension.requested_deadline
    db.session.flush()
    record("task", task.id, "extension_granted", actor=actor,
           changes={"deadline": [old.isoformat() if old else None,
                                 task.deadline.isoformat()]},
           comment=comment)
    return extension


def refuse_extension(extension: TaskExtension, *, actor, comment: str | None) -> TaskExtension:
    """Refuse, with the reason the lead agency will read; the deadline stays as it is."""
    task = _check_decidable(workflow.REFUSE_EXTENSION, extension, actor)
    comment = _clean_text(comment, "comment", rules.REFUSAL_COMMENT)
    _decide(extension, ExtensionStatus.REFUSED, actor, comment)
    db.session.flush()
    record("task", task.id, "extension_refused", actor=actor,
           changes={"refused_deadline": [None, extension.requested_deadline.isoformat()]},
           comment=comment)
    return extension


def extensions_of(task: Task) -> list[TaskExtension]:
    """The task's requests, newest first, with who asked and who decided."""
    return list(db.session.scalars(extensions_query(task.id)))


def pending_in_committee(committee_id: int) -> list[TaskExtension]:
    """Requests waiting for the chair, oldest first (the dashboard's list)."""
    return list(db.session.scalars(
        select(TaskExtension).join(Task, Task.id == TaskExtension.task_id)
        # What the dashboard shows of each request, loaded with the list, not per row.
        .options(contains_eager(TaskExtension.task), selectinload(TaskExtension.attachments),
                 selectinload(TaskExtension.agency), selectinload(TaskExtension.requested_by))
        .where(Task.committee_id == committee_id,
               TaskExtension.status == ExtensionStatus.PENDING,
               Task.state.in_(workflow.GRANT_EXTENSION.states))
        .order_by(TaskExtension.created_at, TaskExtension.id)))
