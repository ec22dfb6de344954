"""What waits for the signed-in user's decision, across their committees: completions to
accept or return, extension requests to grant or refuse, oldest first.

Who may decide is the workflow table's (``tracker.tasks.workflow``): the deciding verb's
roles, the task states and request statuses it is allowed in, and the committee's "four
eyes" rule (``rights.second_person_allows``, the SQL twin of the check the buttons and the
services make). The list is the committees where the user holds such a role; an admin's
powers everywhere are not a queue of every committee's decisions.

A page costs the same few statements for one item as for many: the count, the page of
``(kind, task, request, since)`` rows from one UNION, then the tasks and the requests it
names with what the page shows of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sqlalchemy import and_, bindparam, func, literal, null, or_, select, union_all
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from tracker.clock import local_today
from tracker.committees.models import Committee, CommitteeRole
from tracker.database import constants_written_in
from tracker.extensions import db
from tracker.paging import Page, paginate_rows
from tracker.rights import second_person_allows
from tracker.tasks import workflow
from tracker.tasks.models import Attachment, ProgressReport, Task, TaskExtension

COMPLETION = "completion"
EXTENSION = "extension"


@dataclass
class WaitingItem:
    """One decision waiting: a reported completion (``extension`` None) or a request."""

    kind: str
    task: Task
    extension: TaskExtension | None
    since: date  # reported done on, or the day the request was made (UTC)

    @property
    def days_waiting(self) -> int:
        """Calendar days since, in the committee's time zone."""
        return max(0, (local_today(self.task.committee.timezone) - self.since).days)


def _deciding(user_id: int, verb: workflow.Verb):
    """Join condition: the user holds one of ``verb``'s roles in the task's committee."""
    return and_(CommitteeRole.committee_id == Task.committee_id,
                CommitteeRole.user_id == user_id,
                CommitteeRole.role.in_([str(r) for r in verb.roles]))


def completions_waiting(user_id: int):
    """Reported completions the user may accept or return: (kind, task id, None, since)."""
    verb = workflow.ACCEPT_COMPLETION
    return (select(literal(COMPLETION).label("kind"), Task.id.label("task_id"),
                   null().label("extension_id"), Task.submitted_on.label("since"))
            .join(CommitteeRole, _deciding(user_id, verb))
            .join(Committee, Committee.id == Task.committee_id)
            .where(Task.state.in_([str(s) for s in verb.states]),
                   second_person_allows(user_id, Committee.four_eyes, Task.submitted_by_id)))


def extensions_waiting(user_id: int):
    """Pending requests the user may grant or refuse: (kind, task id, request id, since)."""
    verb = workflow.GRANT_EXTENSION
    return (select(literal(EXTENSION).label("kind"), Task.id.label("task_id"),
                   TaskExtension.id.label("extension_id"),
                   func.date(TaskExtension.created_at).label("since"))
            .select_from(TaskExtension)
            .join(Task, Task.id == TaskExtension.task_id)
            .join(CommitteeRole, _deciding(user_id, verb))
            .join(Committee, Committee.id == Task.committee_id)
            .where(Task.state.in_([str(s) for s in verb.states]),
                   TaskExtension.status.in_([str(s) for s in verb.extension_statuses]),
                   second_person_allows(user_id, Committee.four_eyes,
                                        TaskExtension.requested_by_id)))


def _all_waiting(user_id: int):
    return union_all(completions_waiting(user_id), extensions_waiting(user_id)).subquery()


def waiting_count(user) -> int:
    """How many decisions wait for ``user`` (the header's counter): one statement, built
    once (``waiting_count_statement``)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return 0
    return db.session.scalar(waiting_count_statement(), {"user_id": user.id}) or 0


@lru_cache(maxsize=1)
def waiting_count_statement():
    """The count with the user's id as the parameter ``user_id``: the header shows it on
    every page (``tracker.header_counts``), and building the UNION took longer than the
    database took to count. Its other values (kinds, roles, states) are written into its
    SQL: with them as parameters PostgreSQL planned the seven-table UNION afresh on every
    page (1.2 ms; 0.3 ms with its plan kept)."""
    return constants_written_in(
        select(func.count()).select_from(_all_waiting(bindparam("user_id"))))


def waiting_page(user, page: int = 1, per_page: int = 20
                 ) -> tuple[Page, dict[int, ProgressReport]]:
    """One page of the decisions waiting for ``user``, oldest first, as ``WaitingItem``s,
    and the latest progress report of each completion's task (by task id)."""
    waiting = _all_waiting(user.id)
    rows = paginate_rows(select(waiting).order_by(waiting.c.since, waiting.c.kind,
                                                  waiting.c.task_id, waiting.c.extension_id),
                         page, per_page)
    task_ids = {row.task_id for row in rows.items}
    extension_ids = {row.extension_id for row in rows.items if row.extension_id is not None}
    # Many-to-one joined, files read in one statement of their own: the same statements
    # whatever the page holds (only completions, only requests, or both).
    tasks = {task.id: task for task in db.session.scalars(
        select(Task).where(Task.id.in_(task_ids or [-1]))
        .options(joinedload(Task.committee), joinedload(Task.lead_agency),
                 joinedload(Task.submitted_by)))}
    extensions = {ext.id: ext for ext in db.session.scalars(
        select(TaskExtension).where(TaskExtension.id.in_(extension_ids or [-1]))
        .options(joinedload(TaskExtension.agency), joinedload(TaskExtension.requested_by)))}
    rows.items = [WaitingItem(row.kind, tasks[row.task_id],
                              extensions.get(row.extension_id), _as_date(row.since))
                  for row in rows.items]
    reports = _latest_reports([item.task.id for item in rows.items if item.kind == COMPLETION])
    _attach_files(list(extensions.values()), list(reports.values()))
    return rows, reports


def _latest_reports(task_ids: list[int]) -> dict[int, ProgressReport]:
    """Each task's latest progress report with its author: what the reviewer reads beside
    the buttons (one statement, run even for no task)."""
    newest = (select(func.max(ProgressReport.id))
              .where(ProgressReport.task_id.in_(task_ids or [-1]))
              .group_by(ProgressReport.task_id))
    return {report.task_id: report for report in db.session.scalars(
        select(ProgressReport).where(ProgressReport.id.in_(newest))
        .options(joinedload(ProgressReport.author)))}


def _attach_files(extensions: list[TaskExtension], reports: list[ProgressReport]) -> None:
    """The requests' and the reports' files, in one statement."""
    found: dict[tuple[str, int], list[Attachment]] = {}
    for file in db.session.scalars(
            select(Attachment).where(or_(
                Attachment.extension_id.in_([e.id for e in extensions] or [-1]),
                Attachment.report_id.in_([r.id for r in reports] or [-1])))
            .order_by(Attachment.id)):
        key = ("extension", file.extension_id) if file.extension_id else ("report", file.report_id)
        found.setdefault(key, []).append(file)
    for ext in extensions:
        set_committed_value(ext, "attachments", found.get(("extension", ext.id), []))
    for report in reports:
        set_committed_value(report, "attachments", found.get(("report", report.id), []))


def _as_date(value) -> date | None:
    """SQLite's ``date()`` answers text; PostgreSQL a date."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
