"""The demo committee's next meeting is being prepared: an agenda, and a carry-over that opens
with the overdue tasks."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from tracker.demo.loader import load_demo
from tracker.extensions import db
from tracker.meetings import queries
from tracker.resolutions.models import Meeting

NOW = datetime(2026, 3, 31, 18, 30, tzinfo=UTC)


def test_the_lang_son_committee_prepares_its_next_meeting_with_an_agenda():
    load_demo(now=NOW)
    meeting = db.session.scalar(select(Meeting).where(Meeting.title.like("Phiên họp thường kỳ%")))

    assert meeting.is_draft and meeting.held_on.isoformat() == "2026-04-15"
    agenda = queries.agenda(meeting)
    assert [item.position for item in agenda] == [1, 2, 3]
    assert agenda[0].presenter_agency.short_name == "Sở VHTTDL"
    assert queries.agenda_minutes(agenda) == 80
    carry = queries.carry_over(meeting, NOW)
    assert carry.overdue >= 1 and carry.tasks[0].days_late
    assert len(queries.invitation_recipients(meeting)) >= 4
