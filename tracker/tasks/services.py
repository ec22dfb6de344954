"""Verbs on tasks: assign, edit, cancel, report progress, submit, accept, return.

Each verb checks its own rule (agencies of the committee, assignees of the lead agency),
writes the change and its history entry in the caller's transaction, and flushes. Who may
call which verb, and in which task states, is the workflow table's
(``tracker.tasks.workflow.check``, before the call); each verb checks the state again
through the same table (``workflow.ensure_state``), so a state changed meanwhile is
refused with the same reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from tracker import rules
from tracker.auth.models import User
from tracker.clock import local_today, utcnow
from tracker.committees.models import Agency, Committee
from tracker.domain import DomainError, EditConflict, StateError, checked_date
from tracker.extensions import db
from tracker.history.services import diff, record
from tracker.notifications.models import NotificationKind
from tracker.notifications.services import committee_people, lead_agency_actors, notify_all
from tracker.resolutions import services as resolution_services
from tracker.resolutions.models import Resolution
from tracker.rights import SECOND_PERSON_REVIEW, ensure_second_person
from tracker.tasks import coordination, photos, uploads, workflow
from tracker.tasks.models import Priority, ProgressReport, Task, TaskState


class TaskError(DomainError):
    pass


class TaskConflict(TaskError, EditConflict):
    """The task was saved by someone else since the copy being edited was loaded."""


class TaskStateError(TaskError, StateError):
    """The task's state does not allow the verb (``tasks.workflow``)."""


def _ensure_state(verb: workflow.Verb, task: Task) -> None:
    workflow.ensure_state(verb, task, error=TaskStateError)


@dataclass
class TaskSpec:
    """What a secretary writes for one task of a resolution."""

    title: str
    lead_agency_id: int | None
    deadline: date | None = None  # None = standing duty
    description: str | None = None
    coordinating_agency_ids: list[int] = field(default_factory=list)
    assignee_ids: list[int] = field(default_factory=list)
    priority: str = Priority.NORMAL
    expected_output: str | None = None


def _text(field: str, value, rule: rules.TextRule) -> str | None:
    """A text input under its rule (``tracker.rules``); None when empty."""
    return rule.check(field, value, error=TaskError)


def snapshot(task: Task) -> dict:
    """The task's editable fields in history form (agencies and people by name)."""
    return {
        "title": task.title,
        "description": task.description,
        "lead_agency": task.lead_agency.label if task.lead_agency else None,
        "coordinating_agencies": sorted(a.label for a in task.coordinating_agencies),
        "assignees": sorted(u.name for u in task.assignees),
        "deadline": task.deadline,
        "original_deadline": task.original_deadline,
        "priority": task.priority,
        "expected_output": task.expected_output,
    }


def _apply_spec(task: Task, committee: Committee, spec: TaskSpec, prefix: str = "") -> None:
    """Validate a spec against the committee and write it onto the task (but the deadline,
    which creating and editing set each their own way, once checked here)."""
    checked_date(prefix + "deadline", spec.deadline, error=TaskError)
    title = _text(prefix + "title", spec.title, rules.TASK_TITLE)
    description = _text(prefix + "description", spec.description, rules.TASK_DESCRIPTION)
    expected_output = _text(prefix + "expected_output", spec.expected_output,
                            rules.TASK_EXPECTED_OUTPUT)
    member_ids = {a.id for a in committee.member_agencies}
    if spec.lead_agency_id is None or spec.lead_agency_id not in member_ids:
        raise TaskError(prefix + "lead_agency_id",
                        _l("Choose the lead agency among the committee's members."))
    coordinating = {int(i) for i in spec.coordinating_agency_ids or ()}
    coordinating.discard(spec.lead_agency_id)  # leading already includes coordinating
    if not coordinating <= member_ids:
        raise TaskError(prefix + "coordinating_agency_ids",
                        _l("Coordinating agencies must be members of the committee."))
    assignee_ids = {int(i) for i in spec.assignee_ids or ()}
    assignees = list(db.session.scalars(select(User).where(User.id.in_(assignee_ids)))) \
        if assignee_ids else []
    if len(assignees) != len(assignee_ids) or any(
        u.agency_id != spec.lead_agency_id or not u.is_active_account for u in assignees
    ):
        raise TaskError(prefix + "assignee_ids",
                        _l("Assignees must be active staff of the lead agency."))
    if spec.priority not in {p.value for p in Priority}:
        raise TaskError(prefix + "priority", _l("Choose a priority."))

    task.title = title
    task.description = description
    task.lead_agency_id = spec.lead_agency_id
    task.lead_agency = db.session.get(Agency, spec.lead_agency_id)
    task.coordinating_agencies = list(
        db.session.scalars(select(Agency).where(Agency.id.in_(coordinating)))
    ) if coordinating else []
    task.assignees = assignees
    task.priority = spec.priority
    task.expected_output = expected_output


def check_spec(task: Task, committee: Committee, spec: TaskSpec, prefix: str = "") -> None:
    """Check ``spec`` against the committee's rules and write it onto ``task`` (but its
    deadline): what a recurring duty's template is checked with, as a task's fields are."""
    _apply_spec(task, committee, spec, prefix)


def assign_task(resolution: Resolution, spec: TaskSpec, *, actor, prefix: str = "",
                series_id: int | None = None, series_period: str | None = None) -> Task:
    """Add a task to a resolution. Past deadlines are allowed (recording older documents).

    ``series_id`` and ``series_period`` make it one occurrence of a recurring duty
    (``tracker.tasks.recurrence``); the pair is unique, so the flush refuses a second one.
    """
    committee = resolution.committee
    task = Task(committee_id=committee.id, state=TaskState.OPEN,
                progress=0, deadline=spec.deadline, original_deadline=spec.deadline,
                series_id=series_id, series_period=series_period)
    _apply_spec(task, committee, spec, prefix)
    # Linked only once valid, so a refused row never rides into the session with its resolution.
    task.resolution = resolution
    db.session.add(task)
    db.session.flush()
    record("task", task.id, "created", actor=actor, changes=diff({}, snapshot(task)))
    notify_all(task.assignees, NotificationKind.ASSIGNED, task=task, actor=actor)
    return task


def assign_tasks(resolution: Resolution, task_specs: list[TaskSpec], *, actor) -> list[Task]:
    """Add several tasks to a resolution at once, all or nothing.

    A broken rule in spec ``i`` raises TaskError with field ``tasks-i-<name>``.
    """
    return [assign_task(resolution, spec, actor=actor, prefix=f"tasks-{index}-")
            for index, spec in enumerate(task_specs)]


def record_resolution_with_tasks(committee: Committee, *, actor, resolution_fields: dict,
                                 task_specs: list[TaskSpec]) -> Resolution:
    """The secretary's screen in one step: the document and its tasks, all or nothing.

    A broken rule in task row ``i`` raises TaskError with field ``tasks-i-<name>``.
    """
    resolution = resolution_services.create_resolution(committee, actor=actor,
                                                       **resolution_fields)
    for index, spec in enumerate(task_specs):
        assign_task(resolution, spec, actor=actor, prefix=f"tasks-{index}-")
    return resolution


def update_task(task: Task, spec: TaskSpec, *, actor, expected_version: int | None = None) -> Task:
    """Edit a task's fields. Changing the deadline here corrects the record: the original
    deadline follows it (extensions, which leave the original alone, are a separate verb)."""
    _ensure_state(workflow.EDIT, task)
    if expected_version is not None and expected_version != task.version:
        raise TaskConflict("version", _l("Someone else changed this task meanwhile. "
                                         "Reload the page to see their change."))
    before = snapshot(task)
    assigned_before = {u.id for u in task.assignees}
    _apply_spec(task, task.committee, spec)
    if spec.deadline != task.deadline:
        task.deadline = spec.deadline
        task.original_deadline = spec.deadline
    try:
        db.session.flush()
    except StaleDataError:  # saved by someone else between the version check and the write
        raise TaskConflict("version", _l("Someone else changed this task meanwhile. "
                                         "Reload the page to see their change.")) from None
    changes = diff(before, snapshot(task))
    if changes:
        record("task", task.id, "updated", actor=actor, changes=changes)
    notify_all([u for u in task.assignees if u.id not in assigned_before],
               NotificationKind.ASSIGNED, task=task, actor=actor)
    return task


def cancel_task(task: Task, reason: str, *, actor) -> Task:
    """Stop a task by decision; the reason is required and kept."""
    reason = _text("reason", reason, rules.CANCEL_REASON)
    _ensure_state(workflow.CANCEL, task)
    before_state = task.state
    task.state = workflow.CANCEL.leads_to
    task.cancel_reason = reason
    db.session.flush()
    record("task", task.id, "cancelled", actor=actor,
           changes={"state": [str(before_state), str(task.state)]}, comment=reason)
    return task


def _percent(value) -> int:
    """A whole percentage 0–100 from an int, a whole float or a string of digits; never a
    truncated 50.7, a True, an infinity or a 5,000-digit string."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdecimal() and len(value.strip()) <= 3:
        value = int(value.strip())
    return rules.PROGRESS.check("progress", value, error=TaskError)


def report_progress(task: Task, *, actor, text: str, progress, files=(), photo=None,
                    now: datetime | None = None) -> ProgressReport:
    """Post a progress report for the actor's agency, with optional evidence files.

    ``files`` are (filename, bytes) pairs; ``photo``, one more such pair, is a camera photo
    stored re-encoded without its metadata and with a thumbnail (``tracker.tasks.photos``).
    The task's own percentage follows the lead agency's reports; a coordinating agency's
    report moves its own part only (``tracker.tasks.coordination``).
    """
    # Many reports on one task at once must all land, and the task row (percentage,
    # last_progress_at, version) must end as the last one committed made it. Chosen: lock the
    # task row for the rest of the transaction and re-read it (SELECT … FOR UPDATE on
    # PostgreSQL; on SQLite the view started the transaction with the write lock,
    # ``database.begin_writing``). Concurrent reports then queue for a few milliseconds each,
    # the ORM's version check always passes (so it keeps guarding every other edit), the
    # history records the exact previous percentage, and the state check below sees a
    # submission made meanwhile. A retry loop would redo the upload checks and could still
    # give up under load; a bare UPDATE … SET version = version + 1 would leave this
    # session's copy stale and the history's "from" value a guess.
    db.session.refresh(task, with_for_update=True)
    text = _text("text", text, rules.PROGRESS_TEXT)
    percent = _percent(progress)
    _ensure_state(workflow.REPORT_PROGRESS, task)
    if actor.agency_id is None or not task.involves_agency(actor.agency_id):
        raise TaskError("state", _l("Only the lead or a coordinating agency can report."))
    checked = uploads.check_files(files)
    if photo is not None:
        checked.append(photos.prepare_photo(*photo))

    report = ProgressReport(task_id=task.id, author_id=actor.id, agency_id=actor.agency_id,
                            text=text, progress=percent, created_at=now or utcnow())
    db.session.add(report)
    stored: list[str] = []
    try:
        report.attachments.extend(uploads.store_attachments(checked, stored, uploader=actor,
                                                            task=task))
        changes = {}
        if actor.agency_id == task.lead_agency_id:
            if task.progress != percent:
                changes["progress"] = [task.progress, percent]
                task.progress = percent
        else:
            changes = coordination.record_part_progress(task, actor.agency_id, percent,
                                                        now=report.created_at)
        task.last_progress_at = report.created_at
        db.session.flush()
    except Exception:
        uploads.discard(stored)
        raise
    record("task", task.id, "progress_reported", actor=actor, changes=changes, comment=text)
    return report


def submit_completion(task: Task, *, actor, result: str, output_files=(), files=(),
                      now: datetime | None = None) -> Task:
    """The lead agency reports the task done; the completion date is today, locally.

    Reporting done is a report: ``result`` says what was achieved, ``output_files`` carry
    the task's expected output and ``files`` the evidence, both (filename, bytes) pairs. They
    are kept as the lead agency's report at 100 % (``ProgressReport.completes``), which the
    reviewer reads beside accept / return.
    """
    _ensure_state(workflow.SUBMIT_COMPLETION, task)
    result = _text("result", result, rules.COMPLETION_RESULT)
    outputs = uploads.check_files(output_files, field="output")
    evidence = uploads.check_files(files)
    created_at = now or utcnow()
    report = ProgressReport(task_id=task.id, author_id=actor.id, agency_id=task.lead_agency_id,
                            text=result, progress=100, completes=True, created_at=created_at)
    db.session.add(report)
    stored: list[str] = []
    try:
        # One call, so the storage quotas weigh the output and the evidence together.
        rows = uploads.store_attachments(outputs + evidence, stored, uploader=actor, task=task)
        for position, row in enumerate(rows):
            row.is_output = position < len(outputs)
        report.attachments.extend(rows)
        before_state, task.state = task.state, workflow.SUBMIT_COMPLETION.leads_to
        task.submitted_on = local_today(task.committee.timezone, now)
        task.submitted_by_id = actor.id
        changes = {"state": [str(before_state), str(task.state)],
                   "submitted_on": [None, task.submitted_on.isoformat()]}
        if task.progress != 100:
            changes["progress"] = [task.progress, 100]
            task.progress = 100
        task.last_progress_at = created_at
        db.session.flush()
    except Exception:
        uploads.discard(stored)
        raise
    record("task", task.id, "submitted", actor=actor, changes=changes, comment=result)
    # The people who may accept or return it are told (the workflow table's roles).
    notify_all(committee_people(task, workflow.ACCEPT_COMPLETION.roles),
               NotificationKind.COMPLETION_REPORTED, task=task, actor=actor)
    return task


def accept_completion(task: Task, *, actor, comment: str | None = None) -> Task:
    """The standing agency or chair accepts: done, completed on the submission date.
    Under the committee's "four eyes" rule, not the person who submitted it."""
    _ensure_state(workflow.ACCEPT_COMPLETION, task)
    ensure_second_person(actor, task.committee, task.submitted_by_id, SECOND_PERSON_REVIEW)
    comment = _text("comment", comment, rules.DECISION_COMMENT)
    before_state, task.state = task.state, workflow.ACCEPT_COMPLETION.leads_to
    task.completed_on = task.submitted_on
    old_progress, task.progress = task.progress, 100
    db.session.flush()
    changes = {"state": [str(before_state), str(task.state)],
               "completed_on": [None, task.completed_on.isoformat()]}
    if old_progress != 100:
        changes["progress"] = [old_progress, 100]
    record("task", task.id, "accepted", actor=actor, changes=changes, comment=comment)
    notify_all(lead_agency_actors(task), NotificationKind.COMPLETION_ACCEPTED, task=task,
               actor=actor, payload={"comment": comment[:500]} if comment else None)
    return task


def return_completion(task: Task, comment: str, *, actor) -> Task:
    """Send a reported completion back to the lead agency with what is missing.
    Under the committee's "four eyes" rule, not by the person who submitted it."""
    comment = _text("comment", comment, rules.RETURN_COMMENT)
    _ensure_state(workflow.RETURN_COMPLETION, task)
    ensure_second_person(actor, task.committee, task.submitted_by_id, SECOND_PERSON_REVIEW)
    submitted_on = task.submitted_on
    before_state, task.state = task.state, workflow.RETURN_COMPLETION.leads_to
    task.submitted_on = None
    task.submitted_by_id = None
    db.session.flush()
    record("task", task.id, "returned", actor=actor, comment=comment,
           changes={"state": [str(before_state), str(task.state)],
                    "submitted_on": [submitted_on.isoformat() if submitted_on else None, None]})
    notify_all(lead_agency_actors(task), NotificationKind.RETURNED, task=task, actor=actor,
               payload={"comment": comment[:500]})
    return task
