"""A monthly reporting duty of the Lạng Sơn tourism committee, for the recurrence tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from tracker.tasks.recurrence import services
from tracker.tasks.services import TaskSpec

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: date, hour: int = 9) -> datetime:
    """``day`` at ``hour`` in Hà Nội, as the UTC instant a job is given."""
    return datetime.combine(day, time(hour), HANOI).astimezone(UTC)


def template(scene, **changes) -> TaskSpec:
    fields = {"title": "Báo cáo tình hình thực hiện nhiệm vụ phát triển du lịch hằng tháng",
              "lead_agency_id": scene.lead.id, "description": "Số liệu chốt ngày 14",
              "coordinating_agency_ids": [scene.coordinating.id],
              "assignee_ids": [scene.lead_member.id], "priority": "high",
              "expected_output": "Báo cáo tháng"}
    return TaskSpec(**(fields | changes))


def monthly_duty(scene, *, starts_on=date(2026, 1, 1), lead_days=0, now=None, **kw):
    """Monthly, due the 15th (the Decree 09/2019 preset), from ``starts_on``."""
    return services.create_series(
        scene.resolution, template(scene), services.RuleSpec(preset="monthly_15"),
        starts_on=starts_on, actor=scene.secretary, lead_days=lead_days,
        now=now or at(starts_on), **kw)
