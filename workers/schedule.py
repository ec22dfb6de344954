"""The one beat schedule: every periodic job, under a stable entry name.

Times are in the Celery timezone (``Asia/Ho_Chi_Minh``). ``BEAT_SCHEDULE_OVERRIDES``
in the config replaces or removes entries by name::

    BEAT_SCHEDULE_OVERRIDES = {"send-reminder-digests": {"schedule": 30.0},
                               "send-weekly-summaries": None}

Only the database says what is due; beat only wakes the jobs up, so a lost or
doubled tick is harmless (``expires`` drops ticks that waited while no worker ran).
"""

from __future__ import annotations

from collections.abc import Mapping

from celery.schedules import crontab

SWEEP_REMINDERS = "sweep-reminders"
SEND_REMINDER_DIGESTS = "send-reminder-digests"
SEND_WEEKLY_SUMMARIES = "send-weekly-summaries"
SEND_MEETING_INVITATIONS = "send-meeting-invitations"
PURGE_BROKER = "purge-broker"
CHECK_TASK_TALLIES = "check-task-tallies"
CREATE_RECURRING_OCCURRENCES = "create-recurring-occurrences"
DELETE_OLD_EXPORTS = "delete-old-exports"


def beat_schedule(config: Mapping) -> dict:
    """The schedule for ``celery_app.conf.beat_schedule``, with the config's overrides."""
    schedule: dict[str, dict] = {
        # Hourly: a committee's day starts at its own local midnight.
        SWEEP_REMINDERS: {
            "task": "reminders.sweep_reminders",
            "schedule": crontab(minute=0),
            "options": {"expires": 50 * 60},
        },
        SEND_REMINDER_DIGESTS: {
            "task": "reminders.send_reminder_digests",
            "schedule": 60.0,
            "options": {"expires": 55},
        },
        # The site enqueues the sender when an invitation goes out; beat retries what a
        # temporary failure left pending (and what a lost enqueue left waiting).
        SEND_MEETING_INVITATIONS: {
            "task": "meetings.send_invitations",
            "schedule": 120.0,
            "options": {"expires": 110},
        },
        SEND_WEEKLY_SUMMARIES: {
            "task": "summaries.send_weekly_summaries",
            # 07:00 Monday, then hourly until evening: the mail goes once per committee and
            # week (its own outbox row), so the later ticks only retry a temporary failure.
            "schedule": crontab(minute=0, hour="7-18", day_of_week="mon"),
            "options": {"expires": 3600},
        },
        # Nightly, before the day's first sweep: the dashboard's maintained counts recounted
        # from the tasks, any drift fixed and logged (reports.services.check_tallies).
        CHECK_TASK_TALLIES: {
            "task": "reports.check_tallies",
            "schedule": crontab(minute=30, hour=2),
            "options": {"expires": 3600},
        },
        # Hourly: a committee's day starts at its own local midnight, and a missed tick only
        # delays an occurrence made days ahead of its due date (RECURRENCE_LEAD_DAYS).
        CREATE_RECURRING_OCCURRENCES: {
            "task": "recurrence.create_due_occurrences",
            "schedule": crontab(minute=5),
            "options": {"expires": 50 * 60},
        },
        # Hourly: background exports' files and rows are kept for a day (EXPORT_KEEP_HOURS).
        DELETE_OLD_EXPORTS: {
            "task": "exports.delete_old_exports",
            "schedule": crontab(minute=40),
            "options": {"expires": 50 * 60},
        },
    }
    if str(config["CELERY"]["broker_url"]).startswith("sqla+"):
        # The embedded broker keeps delivered messages as rows; drop them now and then.
        schedule[PURGE_BROKER] = {
            "task": "broker.purge_consumed",
            "schedule": 600.0,
            "options": {"expires": 500},
        }
    for name, override in (config.get("BEAT_SCHEDULE_OVERRIDES") or {}).items():
        if override is None:
            schedule.pop(name, None)
        else:
            schedule[name] = {**schedule.get(name, {}), **override}
    return schedule
