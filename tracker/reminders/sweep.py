"""The sweep: write today's reminders to the outbox, each already in its recipient's digest.

``sweep_reminders`` is the job the beat runs every hour. It is idempotent: every
reminder has a unique key (task, recipient, kind, day) and every digest one (recipient,
day), and both are written with INSERT … ON CONFLICT DO NOTHING, so a re-run, two beats
at once or a retried job write nothing new.

Per committee (grouped: committees with the same day and policy share one plan), Python
asks ``policy.firing_plan`` which deadline dates fire today; one SELECT per group finds
the tasks in those dates (range scans of the index of tasks in work by deadline), their
recipients (``recipients``) and which of them the outbox does not hold yet, into a
temporary table (``outbox``); the digests, then the reminders with their digest, are
written from it. A re-run finds nothing missing and writes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import Date, and_, case, func, literal, literal_column, or_, select, union_all

from tracker.clock import local_today, utcnow
from tracker.committees.models import Committee
from tracker.db_types import UTCDateTime
from tracker.extensions import db
from tracker.reminders import outbox
from tracker.reminders.models import ReminderKind, ReminderPolicy
from tracker.reminders.policy import (
    FiringPlan,
    PolicyValues,
    WorkCalendar,
    firing_plan,
    holiday_dates,
    merge,
)
from tracker.reminders.recipients import LEVEL_ROLES, constant
from tracker.tasks import workflow
from tracker.tasks.models import Task, TaskExtension
from tracker.unit_of_work import end_read, step

# Reminders look back this far at most (a deadline typed as year 0001 must not break the day).
LOOKBACK = timedelta(days=366 * 40)


@dataclass
class SweepResult:
    rows_written: int = 0  # reminders added to the outbox
    digests_created: int = 0
    items_attached: int = 0  # reminders put into a digest (today's, or a leftover's)
    notifications_attached: int = 0  # notifications chosen by e-mail, put into a digest


def sweep_reminders(now: datetime | None = None) -> SweepResult:
    """Write what is due at ``now`` to the outbox, in digests; commits.

    Reads the plans, then writes in one unit of work (``unit_of_work.step``), so call it
    from a job or a command, not inside a request's. The write takes SQLite's write lock
    first, so two sweeps at once queue instead of failing; on PostgreSQL the unique keys
    make the second skip what the first wrote.
    """
    now = now or utcnow()
    groups, waiting = _plan_groups(now)
    end_read()  # on SQLite a write must start its own transaction
    with step(writing=True), outbox.staging():
        for (today, zone, _values), (plan, committee_ids) in groups.items():
            outbox.fire(_firing_tasks(plan, today, zone, committee_ids))
        if waiting:
            outbox.fire(_decisions_waiting(waiting))
        outbox.stage()
        written = outbox.write(digest_day(now), now)
    return SweepResult(written.reminders, written.digests, written.reminders_attached,
                       written.notifications_attached)


def digest_day(now: datetime) -> date:
    """The day a digest is for: today in the app's home zone (one e-mail a day there)."""
    return local_today(current_app.config["BABEL_DEFAULT_TIMEZONE"], now)


def _earliest_in_work_deadline():
    """The committee's oldest deadline in work: one index probe per state on
    (committee, state, deadline), where a GROUP BY read every task in work (311 ms at 1M)."""
    return [select(func.min(Task.deadline))
            .where(Task.committee_id == Committee.id, Task.state == state,
                   Task.deadline.is_not(None))
            .scalar_subquery()
            for state in sorted(workflow.IN_WORK)]


def _plan_groups(now: datetime) -> tuple[dict, dict]:
    """The committees' firing plans, grouped; and the committees whose decisions waiting
    since a cutoff day are reminded today, by (cutoff, zone)."""
    rows = db.session.execute(
        select(Committee.id, Committee.timezone, ReminderPolicy, *_earliest_in_work_deadline())
        .outerjoin(ReminderPolicy, ReminderPolicy.committee_id == Committee.id)
    ).all()
    values_of = {cid: PolicyValues.of(policy) for cid, _tz, policy, *_ in rows}
    # Decisions wait in working days whatever the policy counts: the holidays are always read.
    holidays = holiday_dates() if values_of else frozenset()
    earliest_deadline = {cid: min(found) for cid, _tz, _policy, *deadlines in rows
                         if (found := [d for d in deadlines if d is not None])}
    reference = func.coalesce(Task.last_progress_at, Task.created_at)
    earliest_reference = dict(db.session.execute(
        select(Task.committee_id, func.min(reference))
        .where(Task.is_open, Task.deadline.is_(None))
        .group_by(Task.committee_id)).all())

    members: dict[tuple, list[int]] = defaultdict(list)
    for cid, zone, *_ in rows:
        members[(local_today(zone, now), zone, values_of[cid])].append(cid)
    groups, waiting = {}, defaultdict(list)
    for key, ids in members.items():
        today, zone, values = key
        floor = today - LOOKBACK
        deadlines = [earliest_deadline[c] for c in ids if earliest_deadline.get(c)]
        references = [earliest_reference[c].astimezone(ZoneInfo(zone)).date()
                      for c in ids if earliest_reference.get(c)]
        plan = firing_plan(values, today, holidays,
                           max(min(deadlines), floor) if deadlines else None,
                           max(min(references), floor) if references else None)
        if not plan.is_empty():
            groups[key] = (plan, ids)
        cutoff = decision_cutoff(today, values.decision_waiting_days, holidays)
        if cutoff is not None:
            waiting[(cutoff, zone)].extend(ids)
    return groups, waiting


def decision_cutoff(today: date, working_days: int, holidays: frozenset[date]) -> date | None:
    """Decisions waiting since this day or before have waited ``working_days`` working days
    today; None on a day off (they are reminded on the next working day)."""
    calendar = WorkCalendar(True, holidays)
    if not calendar.counts(today):
        return None
    cutoff = today
    for _ in range(working_days):
        cutoff = calendar.step(cutoff, -1)
    return cutoff


def _levels(verb: workflow.Verb) -> tuple[int, int]:
    """The ladder levels whose roles may use ``verb`` (the workflow table's roles)."""
    levels = [level for level, roles in LEVEL_ROLES.items() if set(roles) <= verb.roles]
    return min(levels), max(levels)


def _decisions_waiting(waiting: dict[tuple[date, str], list[int]]):
    """Firing rows for the decisions waiting since a cutoff or before: a reported completion
    (to the levels that may accept it) and a pending extension request (to those that may
    grant it). The day the wait began is the reminder's day, so each wait is reminded once
    (the outbox's unique key), and a completion reported again waits afresh."""
    review, extension = workflow.ACCEPT_COMPLETION, workflow.GRANT_EXTENSION
    review_low, review_high = _levels(review)
    ext_low, ext_high = _levels(extension)
    asked_on = func.date(TaskExtension.created_at)
    parts = []
    for (cutoff, zone), ids in waiting.items():
        parts.append(
            select(Task.id, Task.committee_id, Task.lead_agency_id,
                   literal_column(f"'{ReminderKind.REVIEW_WAITING.value}'"),
                   constant(review_low), constant(review_high), Task.submitted_on)
            .where(Task.committee_id.in_(ids), Task.state.in_(sorted(review.states)),
                   Task.submitted_on <= cutoff))
        before = datetime.combine(cutoff + timedelta(days=1), time(0), tzinfo=ZoneInfo(zone))
        parts.append(
            select(Task.id, Task.committee_id, Task.lead_agency_id,
                   literal_column(f"'{ReminderKind.EXTENSION_WAITING.value}'"),
                   constant(ext_low), constant(ext_high), asked_on)
            .join(TaskExtension, TaskExtension.task_id == Task.id)
            .where(Task.committee_id.in_(ids), Task.state.in_(sorted(extension.states)),
                   TaskExtension.status.in_(sorted(extension.extension_statuses)),
                   TaskExtension.created_at < literal(before.astimezone(UTC), UTCDateTime)))
    return union_all(*parts)


def _in_ranges(column, ranges):
    singles = [lo for lo, hi in ranges if lo == hi]
    spans = [column.between(lo, hi) for lo, hi in ranges if lo != hi]
    clauses = ([column.in_(singles)] if singles else []) + spans
    return clauses[0] if len(clauses) == 1 else or_(*clauses)


def _local_instants(ranges, zone: str):
    """UTC instants [start, end) covering local date ranges, as a clause on the reference."""
    tz = ZoneInfo(zone)
    reference = func.coalesce(Task.last_progress_at, Task.created_at)

    def instant(day: date):
        return literal(datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC), UTCDateTime)

    return or_(*(and_(reference >= instant(lo), reference < instant(hi + timedelta(days=1)))
                 for lo, hi in ranges))


def _firing(where, kind: ReminderKind, today: date, low=0, high=0):
    """The tasks matching ``where`` fire ``kind`` to the ladder levels ``low``..``high``
    (numbers, or SQL expressions of the deadline) for the reminders of ``today``."""
    return (select(Task.id, Task.committee_id, Task.lead_agency_id,
                   literal_column(f"'{kind.value}'"), constant(low), constant(high),
                   literal(today, Date))
            .where(where))


def _level_holding_the_deadline(ranges_by_level: dict[int, list]):
    """The highest level whose ranges hold the task's deadline (for a task in one of them)."""
    levels = sorted(ranges_by_level, reverse=True)
    if len(levels) == 1:
        return levels[0]
    return case(*((_in_ranges(Task.deadline, ranges_by_level[level]), constant(level))
                  for level in levels[:-1]), else_=constant(levels[-1]))


def _firing_tasks(plan: FiringPlan, today: date, zone: str, committee_ids: list[int]):
    """One row per task that fires today and kind: task_id, committee_id, lead_agency_id,
    kind, the ladder levels low..high it reaches and today (the old sweep's statement per
    kind and level, in one SELECT reading each task once per kind: range scans of the
    index of tasks in work by deadline)."""
    in_committees = Task.committee_id.in_(committee_ids)
    open_ = and_(in_committees, Task.is_open)
    live = and_(in_committees, Task.state.in_(sorted(workflow.IN_WORK)))
    parts = []
    for kind, ranges in ((ReminderKind.DUE_TODAY, plan.due_today),
                         (ReminderKind.DUE_BEFORE, plan.due_before)):
        if ranges:
            parts.append(_firing(and_(open_, _in_ranges(Task.deadline, ranges)), kind, today))
    if plan.overdue:
        # Level 0 has every overdue range, level j those whose step j was reached before
        # today (within level j - 1's): a task reaches 0 up to the highest holding it.
        every = plan.overdue[min(plan.overdue)]
        parts.append(_firing(and_(live, _in_ranges(Task.deadline, every)),
                             ReminderKind.OVERDUE, today, min(plan.overdue),
                             _level_holding_the_deadline(plan.overdue)))
    if plan.escalated:
        # The step reached today, alone: the levels' ranges do not overlap.
        reached = _level_holding_the_deadline(plan.escalated)
        every = merge(r for ranges in plan.escalated.values() for r in ranges)
        parts.append(_firing(and_(live, _in_ranges(Task.deadline, every)),
                             ReminderKind.ESCALATED, today, reached, reached))
    if plan.standing_stale:
        parts.append(_firing(and_(open_, Task.deadline.is_(None),
                                  _local_instants(plan.standing_stale, zone)),
                             ReminderKind.STANDING_STALE, today))
    return union_all(*parts)
