"""The clock around local midnight and at month end, through a real worker.

``now`` is passed in the jobs' arguments. 00:01 in Hà Nội (UTC+7) is still the previous
day in UTC, so a day computed in the wrong zone would merge two days' digests into one.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tests.workers.scenario import iso, local, task_due
from tracker.reminders.models import Reminder

SWEEP = "reminders.sweep_reminders"
SEND = "reminders.send_reminder_digests"


def _run_day(broker, worker, now, runs: int) -> None:
    broker.send(SWEEP, iso(now))
    broker.send(SEND, iso(now))
    worker.wait_finished(SEND, runs)


def _mail(smtp) -> list[tuple[str, str]]:
    """(recipient, day of the digest from its Message-ID), one entry per e-mail."""
    return sorted((str(m["To"]).lower(), str(m["Message-ID"]).split(".")[1])
                  for m in smtp.emails)


def _reminders(clean_db) -> list[tuple[str, str, date]]:
    return sorted(clean_db.all(select(Reminder.recipient_email, Reminder.kind,
                                      Reminder.due_on)))


def test_23_59_and_00_01_at_the_end_of_march_are_two_days(clean_db, broker, smtp,
                                                           start_worker):
    due_1_april = task_due(clean_db, date(2026, 4, 1))
    due_31_march = task_due(clean_db, date(2026, 3, 31))
    worker = start_worker()

    _run_day(broker, worker, local(2026, 3, 31, 23, 59), 1)
    _run_day(broker, worker, local(2026, 4, 1, 0, 1), 2)

    assert _reminders(clean_db) == sorted([
        (due_1_april, "due_before", date(2026, 3, 31)),
        (due_31_march, "due_today", date(2026, 3, 31)),
        (due_1_april, "due_today", date(2026, 4, 1)),
        (due_31_march, "overdue", date(2026, 4, 1)),
    ])
    assert _mail(smtp) == sorted([
        (due_1_april, "20260331"), (due_31_march, "20260331"),
        (due_1_april, "20260401"), (due_31_march, "20260401"),
    ])
    subjects = {(str(m["To"]).lower(), str(m["Subject"])) for m in smtp.emails}
    assert all(("31/03/2026" in s) != ("01/04/2026" in s) for _to, s in subjects)
    assert smtp.duplicate_count() == 0


def test_the_end_of_february_counts_days_across_the_month(clean_db, broker, smtp,
                                                          start_worker):
    due_1_march = task_due(clean_db, date(2026, 3, 1))
    due_2_march = task_due(clean_db, date(2026, 3, 2))
    due_7_march = task_due(clean_db, date(2026, 3, 7))
    worker = start_worker()

    _run_day(broker, worker, local(2026, 2, 28, 23, 59), 1)
    assert _mail(smtp) == sorted([(due_1_march, "20260228"), (due_7_march, "20260228")])

    _run_day(broker, worker, local(2026, 3, 1, 0, 1), 2)
    assert _reminders(clean_db) == sorted([
        (due_1_march, "due_before", date(2026, 2, 28)),  # 1 day before
        (due_7_march, "due_before", date(2026, 2, 28)),  # 7 days before (28-day February)
        (due_1_march, "due_today", date(2026, 3, 1)),
        (due_2_march, "due_before", date(2026, 3, 1)),
    ])
    assert _mail(smtp) == sorted([
        (due_1_march, "20260228"), (due_7_march, "20260228"),
        (due_1_march, "20260301"), (due_2_march, "20260301"),
    ])
    texts = smtp.texts()
    assert all("http://tracker.test/tasks/" in text for text in texts)
    assert smtp.duplicate_count() == 0
