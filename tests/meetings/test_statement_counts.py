"""The carry-over and the meeting page run as many statements for one task as for many, live
and frozen (the site-wide test, tests/test_statement_counts.py, covers the live page)."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from tests.factories import MeetingFactory, ResolutionFactory, TaskFactory
from tests.meetings.conftest import days
from tracker.clock import utcnow
from tracker.extensions import db
from tracker.meetings import queries, services
from tracker.tasks.models import TaskExtension


class Counter:
    def __init__(self):
        self.count = 0

    def __call__(self, *args):
        if "SAVEPOINT" not in args[2]:
            self.count += 1


def counted(action) -> int:
    db.session.expunge_all()
    counter = Counter()
    sa.event.listen(db.engine, "before_cursor_execute", counter)
    try:
        action()
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", counter)
    return counter.count


def grow(prep, n: int, meeting=None) -> None:
    w = prep.world
    meeting = meeting or prep.meeting
    resolution = ResolutionFactory(committee=w.committee, issued_on=days(-50))
    for i in range(n):
        task = TaskFactory(resolution=resolution, lead_agency=w.border, deadline=days(i - n),
                           title=f"Nhiệm vụ chuyển tiếp {i}")
        db.session.add(TaskExtension(task=task, requested_by=w.member, agency=w.border,
                                     requested_deadline=days(30), reason="Chưa kịp",
                                     status="refused", decided_by=w.chair,
                                     decided_at=utcnow() - timedelta(days=1)))
        item = services.add_agenda_item(meeting, actor=w.secretary, title=f"Mục {i}",
                                        presenter_agency_id=w.police.id)
        task.agenda_item_id = item.id
    db.session.flush()


def test_the_carry_over_reads_a_fixed_number_of_statements(prep):
    meeting_id = prep.meeting.id

    def read():
        from tracker.resolutions.models import Meeting
        queries.carry_over(db.session.get(Meeting, meeting_id))

    grow(prep, 1)
    few = counted(read)
    grow(prep, 25)
    assert counted(read) == few


def test_the_frozen_meeting_page_reads_a_fixed_number_of_statements(prep, login):
    w = prep.world
    grow(prep, 1)  # one row of everything
    services.send_invitation(prep.meeting, actor=w.secretary)
    bigger = MeetingFactory(committee=w.committee, held_on=days(9), state="draft")
    bigger.attending_agencies = [w.vhttdl]
    db.session.flush()
    grow(prep, 25, meeting=bigger)
    services.send_invitation(bigger, actor=w.secretary)
    small_url, big_url = f"/meetings/{prep.meeting.id}", f"/meetings/{bigger.id}"
    browser = login(w.secretary)
    browser.get(small_url)  # warm-up

    few = counted(lambda: browser.get(small_url))
    many = counted(lambda: browser.get(big_url))

    assert few == many
