"""A committee with its whole escalation ladder, and tasks with deadlines relative to a day."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import count

from tests.factories import (
    AgencyFactory,
    CommitteeFactory,
    ResolutionFactory,
    TaskFactory,
    member_of,
)
from tracker.clock import local_today

# 08:00 on Sunday 22 November 2026 in Hà Nội (UTC+7).
NOW = datetime(2026, 11, 22, 1, 0, tzinfo=UTC)
_serial = count(1)


@dataclass
class Ladder:
    committee: object
    resolution: object
    lead: object  # the lead agency (focal point mailbox + head's mailbox)
    assignee: object  # a staff member of the lead agency
    secretary: object
    chair: object
    vice_chair: object
    tasks: list = field(default_factory=list)

    @property
    def today(self) -> date:
        return local_today(self.committee.timezone, NOW)

    def task(self, days_left: int | None, *, assignees=None, today: date | None = None,
             **kw):
        """A task of the lead agency due ``days_left`` days from today (None: standing)."""
        base = today or self.today
        deadline = None if days_left is None else base + timedelta(days=days_left)
        task = TaskFactory(resolution=self.resolution, lead_agency=self.lead, deadline=deadline,
                           assignees=[self.assignee] if assignees is None else assignees,
                           created_at=NOW - timedelta(days=1), **kw)
        self.tasks.append(task)
        return task


def ladder(timezone: str = "Asia/Ho_Chi_Minh", name: str | None = None) -> Ladder:
    n = next(_serial)
    committee = CommitteeFactory(timezone=timezone, **({"name": name} if name else {}))
    lead = AgencyFactory(email=f"VanPhong{n}@LangSon.gov.vn",
                         head_email=f"giamdoc{n}@langson.gov.vn")
    committee.member_agencies.append(lead)
    return Ladder(
        committee=committee,
        resolution=ResolutionFactory(committee=committee),
        lead=lead,
        # Reminders reach people who hold a role in the committee (issue #10).
        assignee=member_of(committee, "member", agency=lead,
                           email=f"chuyenvien{n}@langson.gov.vn"),
        secretary=member_of(committee, "secretary", email=f"thuky{n}@langson.gov.vn"),
        chair=member_of(committee, "chair", email=f"truongban{n}@langson.gov.vn"),
        vice_chair=member_of(committee, "vice_chair", email=f"phoban{n}@langson.gov.vn"),
    )
