"""Every model, imported in dependency order (for Alembic and relationship resolution)."""

from tracker.auth.models import User
from tracker.calendars.models import CalendarFeed
from tracker.committees.models import (
    Agency,
    ChoicesVersion,
    Committee,
    CommitteeRole,
    committee_agency,
)
from tracker.history.models import HistoryEntry
from tracker.lists.models import ExportRequest
from tracker.meetings.models import AgendaItem, CarryOverEntry, MeetingInvitation
from tracker.notifications.models import Notification
from tracker.reminders.models import Holiday, MailDigest, Reminder, ReminderPolicy
from tracker.reports.models import TaskTally
from tracker.resolutions.models import Meeting, Resolution, meeting_attendee
from tracker.summaries.models import Summary, WeeklySummaryMail
from tracker.tasks.imports.models import TaskImport
from tracker.tasks.models import (
    Attachment,
    ProgressReport,
    SavedView,
    Task,
    TaskComment,
    TaskExtension,
    task_assignee,
    task_coordinator,
)
from tracker.tasks.recurrence.models import TaskSeries, series_assignee, series_coordinator

__all__ = [
    "HistoryEntry", "User", "Agency", "Committee", "CommitteeRole", "committee_agency",
    "Meeting", "Resolution", "meeting_attendee", "Attachment", "ProgressReport", "Task",
    "task_assignee", "task_coordinator", "Holiday", "MailDigest", "Reminder", "ReminderPolicy",
    "Summary", "WeeklySummaryMail", "TaskExtension", "TaskComment", "SavedView", "TaskImport",
    "Notification", "CalendarFeed", "AgendaItem", "CarryOverEntry", "MeetingInvitation",
    "TaskTally", "ChoicesVersion", "ExportRequest",
    "Notification", "CalendarFeed", "TaskSeries", "series_assignee", "series_coordinator",
]
