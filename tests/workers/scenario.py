"""Committed data for the worker tests, and what the tests read back from the outbox.

The instants are passed to the jobs as ISO strings (``now``), never by touching the
clock. Committees are in Asia/Ho_Chi_Minh (UTC+7), like the app's home zone.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from tests.factories import AgencyFactory, CommitteeFactory, ResolutionFactory, TaskFactory
from tracker.reminders.models import MailDigest, Reminder

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def local(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    """An instant given as Vietnamese wall-clock time."""
    return datetime(year, month, day, hour, minute, tzinfo=VN)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def later(moment: datetime, **delta) -> str:
    return iso(moment + timedelta(**delta))


def agencies_with_tasks_due(worker_db, count: int, deadline: date) -> list[str]:
    """``count`` lead agencies (no user accounts: mail goes to their focal-point mailbox),
    each with one open task due on ``deadline``; their addresses, sorted."""
    with worker_db.session():
        committee = CommitteeFactory()
        resolution = ResolutionFactory(committee=committee)
        emails = []
        for _ in range(count):
            agency = AgencyFactory()
            # Mailboxes of agencies that sit on the committee are the ones it writes to.
            committee.member_agencies.append(agency)
            TaskFactory(resolution=resolution, lead_agency=agency, deadline=deadline,
                        original_deadline=deadline)
            emails.append(agency.email.lower())
    return sorted(emails)


def task_due(worker_db, deadline: date) -> str:
    """One open task due on ``deadline``; its lead agency's mailbox."""
    return agencies_with_tasks_due(worker_db, 1, deadline)[0]


def digest_statuses(worker_db) -> Counter:
    rows = worker_db.all(select(MailDigest.status, func.count()).group_by(MailDigest.status))
    return Counter(dict(rows))


def digests(worker_db) -> list[MailDigest]:
    with worker_db.session() as session:
        rows = session.scalars(select(MailDigest).order_by(MailDigest.id)).all()
        session.expunge_all()
        return rows


def reminder_keys(worker_db) -> list[tuple]:
    return sorted(worker_db.all(select(Reminder.task_id, Reminder.recipient_email,
                                       Reminder.kind, Reminder.due_on)))


def all_sent(worker_db, count: int):
    """For ``wait_until``: every one of ``count`` digests is sent."""
    return digest_statuses(worker_db).get("sent", 0) == count
