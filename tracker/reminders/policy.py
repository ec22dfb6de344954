"""Date math of reminders: which deadline dates fire which kind of reminder today.

The sweep never loops over tasks in Python. For each committee it asks this module,
"today is T in the committee's zone: which deadlines are N days away, due today, k days
late…", gets back date ranges, and lets SQL pick the tasks whose deadline falls in them.

Counting. By default days are calendar days. With ``working_days_only`` they are working
days (Monday–Friday, not a ``Holiday``) and reminders fire on working days only:
  - before / on the day: a deadline D is "k working days away" when the last working day
    on or before D is the k-th working day after today (so a deadline on a Sunday is "due
    today" on the Friday before it, when someone is at work to act on it);
  - late: D is "c working days late" when c working days have passed after D up to today
    (so a deadline on Friday is 1 day late on Monday; overdue from Saturday as a category).
Escalation ladder step k (1..3) is reached at k × ``escalate_after_days`` days late;
``overdue`` goes to the levels reached before today, ``escalated`` to the one reached today.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select

from tracker.extensions import db
from tracker.reminders.dialect import insert_ignoring_conflicts
from tracker.reminders.models import Holiday, ReminderPolicy

ONE_DAY = timedelta(days=1)
LADDER_STEPS = 3  # 1 head of the lead agency, 2 standing agency's secretaries, 3 chair


@dataclass(frozen=True)
class PolicyValues:
    """A policy's settings as plain values (the defaults when a committee has no row)."""

    days_before: tuple[int, ...] = (7, 1)
    on_the_day: bool = True
    overdue_every_days: int = 7
    escalate_after_days: int = 7
    standing_stale_days: int = 90
    working_days_only: bool = False
    decision_waiting_days: int = 3

    @classmethod
    def of(cls, policy: ReminderPolicy | None) -> PolicyValues:
        if policy is None:
            return cls()
        return cls(
            days_before=tuple(sorted({int(n) for n in policy.days_before or () if int(n) > 0})),
            on_the_day=bool(policy.on_the_day),
            overdue_every_days=max(1, int(policy.overdue_every_days)),
            escalate_after_days=max(1, int(policy.escalate_after_days)),
            standing_stale_days=max(1, int(policy.standing_stale_days)),
            working_days_only=bool(policy.working_days_only),
            decision_waiting_days=max(1, int(policy.decision_waiting_days or 3)),
        )


def policy_for(committee) -> ReminderPolicy:
    """The committee's policy, created with the defaults on first use (flushes)."""
    policy = db.session.scalar(
        select(ReminderPolicy).where(ReminderPolicy.committee_id == committee.id))
    if policy is None:
        # Two first requests at once: the unique committee_id lets only one row in.
        db.session.execute(insert_ignoring_conflicts(ReminderPolicy).values(
            committee_id=committee.id, days_before=[7, 1], on_the_day=True,
            overdue_every_days=7, escalate_after_days=7, standing_stale_days=90,
            working_days_only=False, weekly_summary=True, decision_waiting_days=3,
            updated_at=db.func.now()))
        policy = db.session.scalar(
            select(ReminderPolicy).where(ReminderPolicy.committee_id == committee.id))
    return policy


def holiday_dates() -> frozenset[date]:
    return frozenset(db.session.scalars(select(Holiday.on)))


@dataclass(frozen=True)
class WorkCalendar:
    """Which days count: every day, or working days (no weekend, no holiday)."""

    working_days_only: bool = False
    holidays: frozenset[date] = frozenset()

    def counts(self, day: date) -> bool:
        if not self.working_days_only:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def step(self, day: date, direction: int) -> date:
        """The next counting day after (direction 1) or before (-1) ``day``."""
        day += direction * ONE_DAY
        while not self.counts(day):
            day += direction * ONE_DAY
        return day

    def days_ahead(self, today: date, k: int) -> tuple[date, date]:
        """Deadlines k counting days away from ``today`` (0 = due today), as a date range."""
        first = today
        for _ in range(k):
            first = self.step(first, 1)
        return first, self.step(first, 1) - ONE_DAY

    def late_ranges(self, today: date, until: date):
        """Yield (c, lo, hi): deadlines in [lo, hi] are c counting days late today, c = 1, 2…

        Stops once the range starts before ``until`` (the earliest deadline there is).
        """
        upper, c = today, 0
        while upper > until:
            lower = self.step(upper, -1)
            c += 1
            yield c, lower, upper - ONE_DAY
            upper = lower


DateRange = tuple[date, date]


def merge(ranges) -> list[DateRange]:
    """Sorted, with touching or overlapping ranges joined."""
    merged: list[list[date]] = []
    for lo, hi in sorted(ranges):
        if merged and lo <= merged[-1][1] + ONE_DAY:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return [(lo, hi) for lo, hi in merged]


@dataclass
class FiringPlan:
    """What fires today for one committee: the deadline (or reference) date ranges per kind."""

    due_before: list[DateRange] = field(default_factory=list)
    due_today: list[DateRange] = field(default_factory=list)
    # Overdue deadlines per recipient level: level 0 gets every range, level j only the
    # deadlines whose ladder step j was reached before today.
    overdue: dict[int, list[DateRange]] = field(default_factory=dict)
    # Escalated deadlines per ladder step reached today.
    escalated: dict[int, list[DateRange]] = field(default_factory=dict)
    # Standing duties: local dates of the last progress report (or creation) that are stale.
    standing_stale: list[DateRange] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.due_before or self.due_today or self.standing_stale
                    or any(self.overdue.values()) or any(self.escalated.values()))


def firing_plan(values: PolicyValues, today: date, holidays: frozenset[date] = frozenset(),
                earliest_deadline: date | None = None,
                earliest_reference: date | None = None) -> FiringPlan:
    """The date ranges that fire today under ``values``.

    ``earliest_deadline``: the oldest deadline of a late task (None = no late task);
    ``earliest_reference``: the oldest last-progress date of a standing duty.
    """
    calendar = WorkCalendar(values.working_days_only, holidays)
    plan = FiringPlan()
    if not calendar.counts(today):
        return plan  # working days only, and today is none: everything waits for one
    ahead = {k: calendar.days_ahead(today, k) for k in {0, *values.days_before}}
    if values.on_the_day:
        plan.due_today = [ahead[0]]
    plan.due_before = merge(ahead[k] for k in values.days_before)

    every, step = values.overdue_every_days, values.escalate_after_days
    overdue: dict[int, list[DateRange]] = {level: [] for level in range(LADDER_STEPS + 1)}
    escalated: dict[int, list[DateRange]] = {level: [] for level in range(1, LADDER_STEPS + 1)}
    if earliest_deadline is not None:
        for late, lo, hi in calendar.late_ranges(today, earliest_deadline):
            if late % step == 0 and late // step <= LADDER_STEPS:
                escalated[late // step].append((lo, hi))
            if (late - 1) % every == 0:
                reached = min(LADDER_STEPS, (late - 1) // step)
                for level in range(reached + 1):
                    overdue[level].append((lo, hi))
    plan.overdue = {level: merge(r) for level, r in overdue.items() if r}
    plan.escalated = {level: merge(r) for level, r in escalated.items() if r}

    stale = values.standing_stale_days
    if earliest_reference is not None:
        plan.standing_stale = merge(
            (lo, hi) for quiet, lo, hi in calendar.late_ranges(today, earliest_reference)
            if quiet >= stale and (quiet - stale) % every == 0)
    return plan
