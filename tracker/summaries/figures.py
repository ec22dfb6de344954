"""The figures of a summary, as plain JSON-ready data.

Every count goes through the dashboard's own queries (``tracker.reports.queries``)
and the one category rule, at the same ``now``, so a summary and the dashboard
read at that instant agree to the task. Lists meant for print are capped per
agency (``LIST_CAP``) and in all (``LIST_TOTAL_CAP``), so the PDF and DOCX of a
100k-task committee stay a few dozen pages; each group keeps its full total, and
the XLSX carries every row.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, select

from tracker.clock import local_today
from tracker.committees.models import Agency, Committee
from tracker.extensions import db
from tracker.reports import queries
from tracker.resolutions.models import Resolution
from tracker.summaries.models import Summary, SummaryStatus
from tracker.summaries.periods import Period
from tracker.tasks.categories import (
    Category,
    category_expression,
    category_filter,
    days_left_expression,
    local_today_expression,
    tasks_total,
)
from tracker.tasks.models import ExtensionStatus, Task, TaskExtension, TaskState

LIST_CAP = 50  # rows per agency in the lists the PDF and DOCX print
LIST_TOTAL_CAP = 500  # rows per list in all (largest agencies first)
TREND_POINTS = 6  # summaries shown in "categories over time", this one included
IN_HAND = (TaskState.OPEN, TaskState.SUBMITTED)


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def _task_row(task_id, title, resolution_id, deadline, original, **extra) -> dict:
    return {"id": task_id, "title": title, "resolution_id": resolution_id,
            "deadline": _iso(deadline), "original_deadline": _iso(original), **extra}


def _attach_resolution_numbers(groups: list[dict]) -> None:
    ids = {row["resolution_id"] for g in groups for row in g["tasks"]}
    numbers = dict(db.session.execute(
        select(Resolution.id, Resolution.number).where(Resolution.id.in_(ids))
    ).all()) if ids else {}
    for group in groups:
        for row in group["tasks"]:
            row["resolution"] = numbers.get(row.pop("resolution_id"), "")


def _group(rows, agencies: dict[int, Agency], order=None) -> list[dict]:
    """(agency_id, group total, row) triples, each group's first rows in order → one
    group per agency, largest groups first (or in ``order``, a key on the group), the
    list capped at ``LIST_TOTAL_CAP`` rows:
    the groups are filled in their printed order until the budget runs out (a group
    past it keeps its total and prints none of its rows)."""
    groups: dict[int, dict] = {}
    for agency_id, total, row in rows:
        groups.setdefault(agency_id, _agency_head(agencies[agency_id]) | {
            "total": total, "tasks": []})["tasks"].append(row)
    ordered = sorted(groups.values(), key=order or (
        lambda g: (-g["total"], g["label"].casefold())))
    budget = LIST_TOTAL_CAP
    for group in ordered:
        del group["tasks"][budget:]
        budget -= len(group["tasks"])
    _attach_resolution_numbers(ordered)
    return ordered


def _first_per_agency(columns, where, order_by, joined: bool = True):
    """Each lead agency's first ``LIST_CAP`` tasks matching ``where`` in ``order_by``
    order, each row ending with the agency's full count: (agency_id, *columns, total).

    Window functions (SQLite ≥ 3.25, PostgreSQL) keep the transfer to a few hundred
    rows whatever the committee's size: a 100k-task committee has ~25,000 tasks
    completed in a month and ~20,000 overdue.
    """
    agency = Task.lead_agency_id
    inner = select(agency.label("agency_id"), *columns,
                   func.row_number().over(partition_by=agency, order_by=order_by).label("n"),
                   func.count().over(partition_by=agency).label("total")).where(*where)
    if joined:
        inner = inner.join(Committee, Committee.id == Task.committee_id)
    inner = inner.subquery()
    rows = db.session.execute(
        select(*(c for c in inner.c if c.name != "n"))
        .where(inner.c.n <= LIST_CAP).order_by(inner.c.agency_id, inner.c.n)
    ).all()
    return rows, _agencies(r[0] for r in rows)


def _agency_head(agency: Agency) -> dict:
    return {"agency_id": agency.id, "name": agency.name, "label": agency.label}


def _agencies(ids) -> dict[int, Agency]:
    ids = set(ids)
    return {a.id: a for a in db.session.scalars(select(Agency).where(Agency.id.in_(ids)))} \
        if ids else {}


def _overdue(committee_id: int, now: datetime, tally: queries.Tally) -> list[dict]:
    """The dashboard's overdue list (``reports.queries.overdue_by_agency``: the same
    condition and order — the worst agency first, in it the longest late first, then by
    id), capped in SQL."""
    today = local_today_expression(now)
    days_left = days_left_expression(today)
    rows, agencies = _first_per_agency(
        (Task.id, Task.title, Task.resolution_id, Task.deadline, Task.original_deadline,
         days_left.label("days_left")),
        (Task.committee_id == committee_id, category_filter(Category.OVERDUE, today)),
        (days_left.asc(), Task.id.asc()))
    return _group(((r[0], r[-1], _task_row(*r[1:6], days_late=-r[6])) for r in rows),
                  agencies, order=lambda g: queries.worst_first(
                      g["total"], tally.days_late.get(g["agency_id"], 0), g["label"]))


def completed_in(period: Period):
    """Tasks completed inside ``period`` (the "completed" list; a column of the XLSX)."""
    return and_(Task.is_done,
                Task.completed_on.between(period.starts_on, period.ends_on))


def due_in(period: Period):
    """Tasks in hand whose deadline in force falls inside ``period`` (the "due next" list)."""
    return and_(Task.state.in_(IN_HAND), Task.deadline.between(period.starts_on, period.ends_on))


def _completed(committee_id: int, period: Period, now: datetime) -> list[dict]:
    category = category_expression(local_today_expression(now))
    rows, agencies = _first_per_agency(
        (Task.id, Task.title, Task.resolution_id, Task.deadline, Task.original_deadline,
         Task.completed_on, category.label("category")),
        (Task.committee_id == committee_id, completed_in(period)),
        (Task.completed_on, Task.id))
    return _group(((r[0], r[-1], _task_row(*r[1:6], completed_on=_iso(r[6]), category=r[7]))
                   for r in rows), agencies)


def _due_next(committee_id: int, period: Period) -> list[dict]:
    rows, agencies = _first_per_agency(
        (Task.id, Task.title, Task.resolution_id, Task.deadline, Task.original_deadline),
        (Task.committee_id == committee_id, due_in(period)),
        (Task.deadline, Task.id), joined=False)
    return _group(((r[0], r[-1], _task_row(*r[1:6])) for r in rows), agencies)


def _utc_bounds(period: Period, zone: str) -> tuple[datetime, datetime]:
    """The period's first and after-last local midnights, as instants."""
    tz = ZoneInfo(zone)
    return (datetime.combine(period.starts_on, time.min, tz),
            datetime.combine(period.ends_on + timedelta(days=1), time.min, tz))


def flows(committee: Committee, period: Period, now: datetime) -> dict:
    """What happened inside a period: completions (on time / late), new tasks, deadlines."""
    category = category_expression(local_today_expression(now))
    done = dict(db.session.execute(
        select(category, func.count(Task.id))
        .join(Committee, Committee.id == Task.committee_id)
        .where(Task.committee_id == committee.id, Task.is_done,
               Task.completed_on.between(period.starts_on, period.ends_on))
        .group_by(category)
    ).all())
    start, end = _utc_bounds(period, committee.timezone)
    created = db.session.scalar(select(func.count(Task.id)).where(
        Task.committee_id == committee.id, Task.created_at >= start, Task.created_at < end))
    fell_due = db.session.scalar(select(func.count(Task.id)).where(
        Task.committee_id == committee.id, ~Task.is_cancelled,
        Task.deadline.between(period.starts_on, period.ends_on)))
    on_time = done.get(Category.DONE_ON_TIME.value, 0)
    late = done.get(Category.DONE_LATE.value, 0)
    return {"starts_on": _iso(period.starts_on), "ends_on": _iso(period.ends_on),
            "completed_on_time": on_time, "completed_late": late,
            "completed": on_time + late, "created": created or 0, "fell_due": fell_due or 0}


def extensions_granted(committee: Committee, period: Period) -> dict:
    """Extensions granted inside the period (by the day of the decision, local time)."""
    start, end = _utc_bounds(period, committee.timezone)
    where = (Task.committee_id == committee.id,
             TaskExtension.status == ExtensionStatus.GRANTED,
             TaskExtension.decided_at >= start, TaskExtension.decided_at < end)
    granted = db.session.scalar(
        select(func.count(TaskExtension.id)).join(Task, Task.id == TaskExtension.task_id)
        .where(*where))
    rows = db.session.execute(
        select(Task.id, Task.title, Task.lead_agency_id, TaskExtension.previous_deadline,
               TaskExtension.requested_deadline, TaskExtension.decided_at)
        .join(Task, Task.id == TaskExtension.task_id).where(*where)
        .order_by(TaskExtension.decided_at, TaskExtension.id).limit(LIST_TOTAL_CAP))
    zone = ZoneInfo(committee.timezone)
    items = [{"task_id": task_id, "title": title, "agency_id": agency_id,
              "previous_deadline": _iso(previous), "deadline": _iso(new),
              "decided_on": _iso(decided_at.astimezone(zone).date())}
             for task_id, title, agency_id, previous, new, decided_at in rows]
    return {"granted": granted or 0, "items": items}


def _rate(on_time: int, rated: int) -> float | None:
    return on_time / rated if rated else None


def original_deadline_rates(committee_id: int, now: datetime) -> dict:
    """The on-time rate counted against each task's ORIGINAL deadline (as if no extension
    had been granted): the same category rule, one GROUP BY; per lead agency and in all."""
    category = category_expression(local_today_expression(now), Task.original_deadline)
    rows = db.session.execute(
        select(Task.lead_agency_id, category, func.count(Task.id))
        .join(Committee, Committee.id == Task.committee_id)
        .where(Task.committee_id == committee_id)
        .group_by(Task.lead_agency_id, category))
    counted: dict[int, dict[str, int]] = {}
    for agency_id, cat, number in rows:
        counted.setdefault(agency_id, {})[cat] = number
    rated_categories = (Category.DONE_ON_TIME.value, Category.DONE_LATE.value,
                        Category.OVERDUE.value)

    def rate(counts: dict[str, int]) -> float | None:
        return _rate(counts.get(Category.DONE_ON_TIME.value, 0),
                     sum(counts.get(c, 0) for c in rated_categories))

    totals: dict[str, int] = {}
    for counts in counted.values():
        for cat, number in counts.items():
            totals[cat] = totals.get(cat, 0) + number
    return {"on_time_rate": rate(totals),
            "by_agency": {agency_id: rate(counts) for agency_id, counts in counted.items()}}


def _score_row(score) -> dict:
    return _agency_head(score.agency) | {
        "assigned": score.assigned, "done_on_time": score.done_on_time,
        "done_late": score.done_late, "in_progress": score.in_progress,
        "due_soon": score.due_soon, "overdue": score.overdue, "standing": score.standing,
        "cancelled": score.cancelled, "rated": score.rated,
        "on_time_rate": score.on_time_rate, "rank": score.rank,
    }


def previous_summary(summary: Summary, previous: Period) -> Summary | None:
    """The latest ready summary of the committee whose period ended inside ``previous``."""
    return db.session.scalars(
        select(Summary)
        .where(Summary.committee_id == summary.committee_id, Summary.id != summary.id,
               Summary.status == SummaryStatus.READY,
               and_(Summary.ends_on >= previous.starts_on, Summary.ends_on <= previous.ends_on))
        .order_by(Summary.ends_on.desc(), Summary.as_of_at.desc())
        .limit(1)
    ).first()


def _trend(summary: Summary, totals: dict, as_of_date) -> list[dict]:
    earlier = db.session.scalars(
        select(Summary)
        .where(Summary.committee_id == summary.committee_id, Summary.id != summary.id,
               Summary.status == SummaryStatus.READY, Summary.ends_on <= summary.ends_on)
        .order_by(Summary.ends_on.desc(), Summary.as_of_at.desc())
        .limit(TREND_POINTS - 1)
    ).all()
    points = [{"summary_id": s.id, "as_of": s.figures["as_of_date"], "totals": s.figures["totals"]}
              for s in reversed(earlier) if s.figures]
    return points + [{"summary_id": summary.id, "as_of": _iso(as_of_date), "totals": totals}]


def build_figures(summary: Summary, period: Period, now: datetime, progress=None) -> dict:
    """Everything the page and the documents show, computed at ``now``."""
    committee = summary.committee
    step = progress or (lambda percent: None)
    tally = queries.committee_tally(committee.id, now)  # the dashboard's one GROUP BY
    counts = queries.category_counts(committee.id, tally=tally)
    totals = counts | {"total": tasks_total(counts)}
    agencies = [_score_row(s) for s in queries.agency_scorecard(committee.id, tally=tally)]
    step(20)
    overdue = _overdue(committee.id, now, tally)
    completed = _completed(committee.id, period, now)
    following = period.next()
    due_next = _due_next(committee.id, following)
    step(35)
    previous = period.previous()
    earlier = previous_summary(summary, previous)
    previous_rates = ({a["agency_id"]: a["on_time_rate"] for a in earlier.figures["agencies"]}
                      if earlier and earlier.figures else {})
    original = original_deadline_rates(committee.id, now)
    for row in agencies:
        row["previous_rate"] = previous_rates.get(row["agency_id"])
        row["on_time_rate_original"] = original["by_agency"].get(row["agency_id"])
    as_of_date = local_today(committee.timezone, now)
    standing = committee.standing_agency
    return {
        "version": 1,
        "committee": {"id": committee.id, "name": committee.name,
                      "parent_body": committee.parent_body or "",
                      "standing_agency": standing.name if standing else ""},
        "period": {"kind": period.kind, "starts_on": _iso(period.starts_on),
                   "ends_on": _iso(period.ends_on)},
        "as_of": now.isoformat(), "as_of_date": _iso(as_of_date),
        "list_cap": LIST_CAP,
        "list_total_cap": LIST_TOTAL_CAP,
        "totals": totals,
        "agencies": agencies,
        "overdue": overdue,
        "completed": completed,
        "due_next": {"starts_on": _iso(following.starts_on), "ends_on": _iso(following.ends_on),
                     "groups": due_next},
        "extensions": extensions_granted(committee, period),
        # On-time rates count against the deadline in force; this one against the original
        # deadlines, so a summary can say how extensions changed the picture.
        "on_time_rate": _rate(sum(a["done_on_time"] for a in agencies),
                              sum(a["rated"] for a in agencies)),
        "on_time_rate_original": original["on_time_rate"],
        "current": flows(committee, period, now),
        "previous": flows(committee, previous, now) | {
            "summary_id": earlier.id if earlier else None,
            "totals": earlier.figures["totals"] if earlier and earlier.figures else None,
        },
        "trend": _trend(summary, totals, as_of_date),
    }
