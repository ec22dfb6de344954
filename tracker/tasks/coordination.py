"""A coordinating agency's own part of a task: its progress, its last report, part done.

The part lives on the ``task_coordinator`` row (progress, part_done_on, updated_at); a
coordinating agency's progress report moves its part, never the task's own percentage,
which follows the lead agency. The task page shows the lead and every coordinating
agency side by side.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from tracker.clock import local_today, utcnow
from tracker.committees.models import Agency
from tracker.domain import DomainError, StateError
from tracker.extensions import db
from tracker.history.services import record
from tracker.tasks import workflow
from tracker.tasks.models import Task, task_coordinator


class PartError(DomainError):
    pass


class PartStateError(PartError, StateError):
    """The task's state, or the part's (already done), does not allow reporting it done."""


@dataclass
class Part:
    """One agency's share of a task, as the side-by-side table shows it."""

    agency: Agency
    is_lead: bool
    progress: int
    last_report: object | None  # the agency's latest ProgressReport
    done_on: date | None  # part done (coordinating) / reported done (lead)


def _row(task: Task, agency_id: int):
    return db.session.execute(
        select(task_coordinator.c.progress, task_coordinator.c.part_done_on)
        .where(task_coordinator.c.task_id == task.id,
               task_coordinator.c.agency_id == agency_id)).first()


def coordinates(task: Task, agency_id: int | None) -> bool:
    """True when the agency coordinates (not leads) the task."""
    return agency_id is not None and agency_id != task.lead_agency_id and any(
        a.id == agency_id for a in task.coordinating_agencies)


def record_part_progress(task: Task, agency_id: int, percent: int, *,
                         now: datetime | None = None) -> dict:
    """Move a coordinating agency's part to ``percent``; returns the history changes.

    Reporting less than 100 % on a part marked done opens it again.
    """
    row = _row(task, agency_id)
    if row is None:
        return {}
    values = {"progress": percent, "updated_at": now or utcnow()}
    changes = {}
    if row.progress != percent:
        changes["part_progress"] = [row.progress, percent]
    if row.part_done_on is not None and percent < 100:
        values["part_done_on"] = None
        changes["part_done_on"] = [row.part_done_on.isoformat(), None]
    db.session.execute(
        update(task_coordinator)
        .where(task_coordinator.c.task_id == task.id, task_coordinator.c.agency_id == agency_id)
        .values(**values))
    return changes


def mark_part_done(task: Task, *, actor, now: datetime | None = None) -> date:
    """The actor's coordinating agency reports its part done (today, locally; 100 %)."""
    workflow.ensure_state(workflow.COMPLETE_PART, task, error=PartStateError)
    if not coordinates(task, actor.agency_id):
        raise PartError("state", _l("Only a coordinating agency can report its part done."))
    row = _row(task, actor.agency_id)
    if row.part_done_on is not None:
        raise PartStateError("state", _l("Your agency's part is already reported done."))
    today = local_today(task.committee.timezone, now)
    db.session.execute(
        update(task_coordinator)
        .where(task_coordinator.c.task_id == task.id,
               task_coordinator.c.agency_id == actor.agency_id)
        .values(progress=100, part_done_on=today, updated_at=now or utcnow()))
    db.session.flush()
    changes = {"part_done_on": [None, today.isoformat()]}
    if row.progress != 100:
        changes["part_progress"] = [row.progress, 100]
    agency = db.session.get(Agency, actor.agency_id)
    record("task", task.id, "part_done", actor=actor, changes=changes, comment=agency.label)
    return today


def parts_of(task: Task, reports: list) -> list[Part]:
    """The lead agency first, then each coordinating agency by name, with its part;
    ``reports`` are the task's progress reports, newest first (``queries.reports_query``)."""
    latest: dict[int, object] = {}
    for report in reports:
        latest.setdefault(report.agency_id, report)
    parts = [Part(agency=task.lead_agency, is_lead=True, progress=task.progress,
                  last_report=latest.get(task.lead_agency_id),
                  done_on=task.completed_on or task.submitted_on)]
    rows = db.session.execute(
        select(Agency, task_coordinator.c.progress, task_coordinator.c.part_done_on)
        .join(task_coordinator, task_coordinator.c.agency_id == Agency.id)
        .where(task_coordinator.c.task_id == task.id,
               task_coordinator.c.agency_id != task.lead_agency_id)
        .order_by(Agency.name, Agency.id)).all()
    parts += [Part(agency=agency, is_lead=False, progress=progress,
                   last_report=latest.get(agency.id), done_on=done_on)
              for agency, progress, done_on in rows]
    return parts
