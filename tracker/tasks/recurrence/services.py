"""Verbs on recurring duties: start a series, change it, stop it, and make its occurrences.

Each occurrence is an ordinary task (``tasks.services.assign_task``) with its own deadline,
linked to its series by ``(series_id, series_period)``, which the database keeps unique: a
re-run, or two schedulers at once, create nothing twice (``make_occurrences``). Changing a
series changes its template and the occurrences not started yet; what was made and started
stays as it is, and stopping a series only stops making new ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from tracker import rules
from tracker.clock import local_today, utcnow
from tracker.database import claiming_unique
from tracker.domain import DomainError, EditConflict, StateError, checked_date
from tracker.extensions import db
from tracker.history.services import diff, record
from tracker.resolutions.models import Resolution
from tracker.tasks import services as task_services
from tracker.tasks.models import Task
from tracker.tasks.recurrence import periods
from tracker.tasks.recurrence.models import TaskSeries
from tracker.tasks.recurrence.periods import Frequency, Rule

# A series made long after its start catches up a few periods per run, not thousands.
MAX_PER_RUN = 24


class SeriesError(DomainError):
    pass


class SeriesStateError(SeriesError, StateError):
    """The series is stopped: it can no longer be changed or stopped again."""


class SeriesConflict(SeriesError, EditConflict):
    """The series was saved by someone else since the copy being edited was loaded."""


class _AlreadyMade(DomainError):
    """Another run made this period's occurrence first (the unique key refused ours)."""


@dataclass
class RuleSpec:
    """What a secretary chooses for the rule: a preset's name, or the rule's parts."""

    frequency: str | None = None
    due_day: int | None = None
    due_after_period: bool = False
    interval: int | None = None
    preset: str | None = None


def checked_rule(spec: RuleSpec) -> Rule:
    """The rule ``spec`` describes, or a SeriesError naming the field."""
    if spec.preset:
        preset = periods.PRESETS_BY_KEY.get(spec.preset)
        if preset is None:
            raise SeriesError("preset", _l("Choose one of the offered rules."))
        return preset.rule
    try:
        frequency = Frequency(spec.frequency)
    except ValueError:
        raise SeriesError("frequency", _l("Choose how often the duty recurs.")) from None
    if frequency in periods.CALENDAR:
        day = rules.SERIES_DUE_DAY.check("due_day", spec.due_day, error=SeriesError)
        return Rule(frequency, due_day=day, due_after_period=bool(spec.due_after_period))
    interval = rules.SERIES_INTERVAL.check("interval", spec.interval, error=SeriesError)
    return Rule(frequency, interval=interval)


def snapshot(series: TaskSeries) -> dict:
    """The series' editable fields in history form."""
    return {
        "title": series.title, "description": series.description,
        "lead_agency": series.lead_agency.label if series.lead_agency else None,
        "coordinating_agencies": sorted(a.label for a in series.coordinating_agencies),
        "assignees": sorted(u.name for u in series.assignees),
        "priority": series.priority, "expected_output": series.expected_output,
        "frequency": series.frequency, "due_day": series.due_day,
        "due_after_period": series.due_after_period, "interval": series.interval,
        "starts_on": series.starts_on, "ends_on": series.ends_on,
    }


def _apply_template(series: TaskSeries, spec: task_services.TaskSpec) -> None:
    """Check the task template as a task's fields are checked, and copy it onto the series."""
    checked = Task()
    try:
        task_services.check_spec(checked, series.committee, spec)
    except task_services.TaskError as error:
        raise SeriesError(error.field, error.message) from None
    series.title = checked.title
    series.description = checked.description
    series.lead_agency_id = checked.lead_agency_id
    series.lead_agency = checked.lead_agency
    series.coordinating_agencies = list(checked.coordinating_agencies)
    series.assignees = list(checked.assignees)
    series.priority = checked.priority
    series.expected_output = checked.expected_output


def _check_dates(starts_on, ends_on) -> None:
    checked_date("starts_on", starts_on, required=_l("Enter the date the duty starts."),
                 error=SeriesError)
    checked_date("ends_on", ends_on, error=SeriesError)
    if ends_on is not None and ends_on < starts_on:
        raise SeriesError("ends_on", _l("The end date cannot be before the start date."))


def create_series(resolution: Resolution, template: task_services.TaskSpec, rule_spec: RuleSpec,
                  *, starts_on: date, ends_on: date | None = None, actor,
                  lead_days: int = 0, now: datetime | None = None) -> TaskSeries:
    """Start a recurring duty on a resolution, and make its occurrences due within
    ``lead_days`` at once (the scheduler makes the later ones)."""
    rule = checked_rule(rule_spec)
    _check_dates(starts_on, ends_on)
    series = TaskSeries(resolution_id=resolution.id, committee_id=resolution.committee_id,
                        committee=resolution.committee, resolution=resolution,
                        frequency=rule.frequency.value, due_day=rule.due_day,
                        due_after_period=rule.due_after_period, interval=rule.interval,
                        starts_on=starts_on, ends_on=ends_on,
                        created_by_id=actor.id if actor is not None else None)
    _apply_template(series, template)
    db.session.add(series)
    db.session.flush()
    record("task_series", series.id, "created", actor=actor, changes=diff({}, snapshot(series)))
    make_occurrences(series, today=local_today(series.committee.timezone, now),
                     lead_days=lead_days, actor=actor)
    return series


def _template_spec(series: TaskSeries, deadline: date | None) -> task_services.TaskSpec:
    return task_services.TaskSpec(
        title=series.title, lead_agency_id=series.lead_agency_id, deadline=deadline,
        description=series.description,
        coordinating_agency_ids=[a.id for a in series.coordinating_agencies],
        assignee_ids=[u.id for u in series.assignees], priority=series.priority,
        expected_output=series.expected_output)


def not_started(task: Task, today: date) -> bool:
    """An occurrence still to come: open, nothing reported on it, not due yet."""
    return (task.is_open and task.progress == 0 and task.last_progress_at is None
            and task.deadline is not None and task.deadline >= today)


def update_series(series: TaskSeries, template: task_services.TaskSpec, *, due_day=None,
                  due_after_period: bool = False, ends_on: date | None = None, actor,
                  expected_version: int | None = None, now: datetime | None = None) -> int:
    """Change a series' template, its due day and its end. Past occurrences, and those
    already started, are left as they are; the ones made but not started yet follow (their
    fields and their period's new due date). How often it recurs is fixed: a duty that
    changes rhythm is a new series. Returns how many made occurrences followed."""
    if expected_version is not None and expected_version != series.version:
        raise SeriesConflict("version", _l("Someone else changed this recurring duty "
                                           "meanwhile. Reload the page to see their change."))
    if series.is_stopped:
        raise SeriesStateError("state", _l("This recurring duty is stopped; it can no longer "
                                           "be changed."))
    before = snapshot(series)
    rule = series.rule
    if rule.is_calendar:
        rule = checked_rule(RuleSpec(frequency=rule.frequency.value, due_day=due_day,
                                     due_after_period=due_after_period))
    _check_dates(series.starts_on, ends_on)
    _apply_template(series, template)
    series.due_day, series.due_after_period = rule.due_day, rule.due_after_period
    series.ends_on = ends_on
    try:
        db.session.flush()
    except StaleDataError:
        raise SeriesConflict("version", _l("Someone else changed this recurring duty "
                                           "meanwhile. Reload the page to see their change.")
                             ) from None
    changes = diff(before, snapshot(series))
    if changes:
        record("task_series", series.id, "updated", actor=actor, changes=changes)
    today = local_today(series.committee.timezone, now)
    followed = 0
    for task in db.session.scalars(select(Task).where(Task.series_id == series.id,
                                                      Task.deadline >= today)):
        if not not_started(task, today):
            continue
        deadline = periods.due_on(rule, task.series_period or "") or task.deadline
        task_services.update_task(task, _template_spec(series, deadline), actor=actor)
        followed += 1
    return followed


def stop_series(series: TaskSeries, *, actor, now: datetime | None = None) -> TaskSeries:
    """Make no more occurrences. The ones made (past, in work or to come) are kept."""
    if series.is_stopped:
        raise SeriesStateError("state", _l("This recurring duty is already stopped."))
    series.stopped_at = now or utcnow()
    series.stopped_by_id = actor.id if actor is not None else None
    db.session.flush()
    record("task_series", series.id, "stopped", actor=actor,
           changes={"stopped_at": [None, series.stopped_at.isoformat()]})
    return series


def make_occurrences(series: TaskSeries, *, today: date, lead_days: int, actor=None) -> int:
    """Create the occurrences due from the series' start up to ``today + lead_days`` that do
    not exist yet; returns how many this call created.

    Safe to run twice and at once: each occurrence is flushed in a savepoint, and one that
    another run made first (the unique ``(series_id, series_period)``) is skipped."""
    if series.is_stopped:
        return 0
    made = set(db.session.scalars(select(Task.series_period)
                                  .where(Task.series_id == series.id)))
    created = 0
    horizon = today + timedelta(days=max(lead_days, 0))
    for key, due in periods.occurrences(series.rule, series.starts_on, horizon,
                                        ends_on=series.ends_on):
        if created >= MAX_PER_RUN:
            break
        if key in made:
            continue
        try:
            with claiming_unique(_AlreadyMade("series_period", "")):
                task_services.assign_task(series.resolution, _template_spec(series, due),
                                          actor=actor, series_id=series.id, series_period=key)
        except _AlreadyMade:
            continue
        created += 1
    return created
