"""What the read side keeps up to date at every flush, in one place: the dashboard's counts
(``reports.models.TaskTally``) and the token of the lists' cached filter options
(``committees.models.ChoicesVersion``, at the end of this module).

Every write of a task goes through the session's flush, so the counts are kept there, by
one hook on the unit of work rather than a line in each service: before a flush, the
keys the changed tasks are counted under are read from the database (what the counts
hold now); after it, the same keys are read again, and the difference is added to the
counts in the flush's own transaction, keys in order. A refused form's savepoint, a
failed request and a rolled-back job undo the counts with the tasks.

What a task is counted under is read by SQL, through the category rule's own columns
(``categories.tally_key_columns``), so the hook holds no rule of its own. A write that
goes around the session (a bulk ``UPDATE``, the benchmarks' generator, a manual fix) is
caught by ``check_tallies``, which the workers run nightly (``workers/tallies.py``): it
recounts from the task table, fixes what drifted and says what it fixed.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import event, func, insert, inspect, select, update
from sqlalchemy.orm import Session

from tracker.committees.choices import CHOICES_INFO_KEY
from tracker.committees.models import Agency, ChoicesVersion, Committee, CommitteeRole
from tracker.extensions import db
from tracker.reports.models import TaskTally
from tracker.resolutions.models import Resolution
from tracker.tasks.categories import tally_key_columns
from tracker.tasks.models import Task

# The task attributes a key is made of (and the relationships that set two of them).
_KEY_ATTRIBUTES = ("committee_id", "lead_agency_id", "state", "deadline", "completed_on",
                   "committee", "lead_agency")
_OLD_KEYS = "task_tally_old_keys"
_IDS = "task_tally_ids"

Key = tuple[int, int, str, date | None, bool]


def _keys_query():
    deadline, late = tally_key_columns()
    return select(Task.committee_id, Task.lead_agency_id, Task.state, deadline, late,
                  func.count())


def _read_keys(session: Session, ids: set[int]) -> Counter:
    """Tasks per key among ``ids``, as the database holds them now."""
    counts: Counter = Counter()
    id_list = sorted(ids)
    for start in range(0, len(id_list), 500):
        query = _keys_query().where(Task.id.in_(id_list[start:start + 500]))
        for *key, tasks in session.connection().execute(
                query.group_by(*query.selected_columns[:5])):
            counts[_key(key)] += tasks
    return counts


def _key(row) -> Key:
    committee_id, agency_id, state, deadline, late = row
    return committee_id, agency_id, str(state), deadline, bool(late)


def _key_may_change(task: Task) -> bool:
    state = inspect(task)
    return any(state.attrs[name].history.has_changes() for name in _KEY_ATTRIBUTES)


def _before_flush(session: Session, flush_context, _instances) -> None:
    ids = {task.id for task in session.dirty
           if isinstance(task, Task) and task.id is not None and _key_may_change(task)}
    ids |= {task.id for task in session.deleted if isinstance(task, Task) and task.id}
    flush_context.attributes[_IDS] = ids
    flush_context.attributes[_OLD_KEYS] = _read_keys(session, ids) if ids else Counter()


def _after_flush(session: Session, flush_context) -> None:
    ids = set(flush_context.attributes.get(_IDS, ()))
    ids |= {task.id for task in session.new if isinstance(task, Task)}
    if not ids:
        return
    new = _read_keys(session, ids)
    new.subtract(flush_context.attributes.get(_OLD_KEYS, Counter()))
    add_to_tallies(session, {key: change for key, change in new.items() if change})


def _key_condition(key: Key):
    committee_id, agency_id, state, deadline, late = key
    return (TaskTally.committee_id == committee_id, TaskTally.lead_agency_id == agency_id,
            TaskTally.state == state,
            TaskTally.deadline.is_(None) if deadline is None else TaskTally.deadline == deadline,
            TaskTally.done_late.is_(late))


def add_to_tallies(session: Session, changes: dict[Key, int]) -> None:
    """Add each key's change to its count (one of its rows), keys in order so two writers
    take the rows' locks in the same order; a key without a row gets one."""
    connection = session.connection()
    for key in sorted(changes, key=lambda k: (*k[:3], k[3] or date.min, k[4])):
        # Any one of the key's rows (no ORDER BY: the key's index finds one at once).
        first = select(TaskTally.id).where(*_key_condition(key)).limit(1).scalar_subquery()
        updated = connection.execute(update(TaskTally).where(TaskTally.id == first)
                                     .values(tasks=TaskTally.tasks + changes[key]))
        if not updated.rowcount:
            committee_id, agency_id, state, deadline, late = key
            connection.execute(insert(TaskTally).values(
                committee_id=committee_id, lead_agency_id=agency_id, state=state,
                deadline=deadline, done_late=late, tasks=changes[key]))


def keep_tallies() -> None:
    """Install the flush hooks (once; ``create_app`` calls it): the counts, and the token of
    the cached filter options."""
    if not event.contains(Session, "before_flush", _before_flush):
        event.listen(Session, "before_flush", _before_flush)
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "after_flush", _renew_choices_token)
        event.listen(Session, "after_transaction_end", _forget_choices_token)


# --- The periodic check ----------------------------------------------------------------------


@dataclass(frozen=True)
class Drift:
    """A key whose maintained count differed from the tasks (now fixed)."""

    committee_id: int
    lead_agency_id: int
    state: str
    deadline: date | None
    done_late: bool
    counted: int  # what the maintained counts said
    actual: int  # what the task table says


@dataclass
class TallyCheck:
    committees: int = 0
    keys: int = 0  # keys with tasks, over the committees checked
    drifts: list[Drift] | None = None
    merged_rows: int = 0  # duplicate or zero rows folded away (not a drift)


def check_tallies(committee_id: int | None = None) -> TallyCheck:
    """Recount every committee (or one) from the task table, fix the maintained counts
    where they differ, fold duplicate and empty rows, and return what was fixed.

    Each committee's rows are locked first (PostgreSQL), so a write running meanwhile
    either waits for the fix and adds its change on top, or is not yet seen by the
    recount and adds its change after; in the caller's transaction (a job's step)."""
    committee_ids = [committee_id] if committee_id is not None else sorted(set(
        db.session.scalars(select(Task.committee_id).distinct()))
        | set(db.session.scalars(select(TaskTally.committee_id).distinct())))
    result = TallyCheck(drifts=[])
    for one in committee_ids:
        _check_one(one, result)
        result.committees += 1
    db.session.flush()
    return result


def _check_one(committee_id: int, result: TallyCheck) -> None:
    stored_rows = db.session.execute(
        select(TaskTally.id, TaskTally.committee_id, TaskTally.lead_agency_id, TaskTally.state,
               TaskTally.deadline, TaskTally.done_late, TaskTally.tasks)
        .where(TaskTally.committee_id == committee_id)
        .order_by(TaskTally.id).with_for_update()).all()
    query = _keys_query().where(Task.committee_id == committee_id)
    actual = {_key(key): tasks for *key, tasks in
              db.session.execute(query.group_by(*query.selected_columns[:5]))}
    rows: dict[Key, list] = {}
    for row in stored_rows:
        rows.setdefault(_key(row[1:6]), []).append(row)
    result.keys += len(actual)
    stale: list[int] = []
    fresh: list[dict] = []
    for key in sorted(set(rows) | set(actual), key=lambda k: (*k[:3], k[3] or date.min, k[4])):
        held = rows.get(key, [])
        counted, tasks = sum(r.tasks for r in held), actual.get(key, 0)
        if counted != tasks:
            result.drifts.append(Drift(*key, counted=counted, actual=tasks))
        elif len(held) == (1 if tasks else 0):
            continue
        else:
            result.merged_rows += len(held) - (1 if tasks else 0)
        stale += [r.id for r in held]
        if tasks:
            fresh.append(dict(zip(("committee_id", "lead_agency_id", "state", "deadline",
                                   "done_late"), key, strict=True), tasks=tasks))
    for start in range(0, len(stale), 1000):
        db.session.execute(TaskTally.__table__.delete().where(
            TaskTally.id.in_(stale[start:start + 1000])))
    if fresh:
        db.session.execute(TaskTally.__table__.insert(), fresh)


# --- The token of the lists' cached filter options ------------------------------------------

# What the filter options show: committees, agencies (and which sit where), who sees which
# committee, resolutions.
_CHOICE_SOURCES = (Agency, Committee, CommitteeRole, Resolution)


def _renew_choices_token(session: Session, _flush_context) -> None:
    """A new random token when the flush wrote anything the options show; in the flush's
    transaction, so other workers see it when (and only if) the change is committed."""
    changed = any(isinstance(obj, _CHOICE_SOURCES) for obj in (*session.new, *session.deleted)) \
        or any(isinstance(obj, _CHOICE_SOURCES) and session.is_modified(obj)
               for obj in session.dirty)
    if not changed:
        return
    token = str(uuid.uuid4())
    connection = session.connection()
    if not connection.execute(update(ChoicesVersion).where(ChoicesVersion.id == 1)
                              .values(token=token)).rowcount:
        connection.execute(insert(ChoicesVersion).values(id=1, token=token))
    session.info[CHOICES_INFO_KEY] = token


def _forget_choices_token(session: Session, _transaction) -> None:
    session.info.pop(CHOICES_INFO_KEY, None)


__all__ = ["Drift", "TallyCheck", "add_to_tallies", "check_tallies",
           "keep_tallies"]
