"""A hand-built Lạng Sơn tourism committee, seen at a fixed instant (22/11/2026, 10:00 local)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from tests.factories import (
    AgencyFactory,
    CommitteeFactory,
    ResolutionFactory,
    TaskFactory,
    member_of,
)
from tests.reminders.smtp_server import smtp_server  # noqa: F401 — the fixture (weekly mail)

NOW = datetime(2026, 11, 22, 3, 0, tzinfo=UTC)  # 10:00 in Asia/Ho_Chi_Minh


@dataclass
class Scene:
    committee: object
    culture: object
    police: object
    district: object
    chair: object
    secretary: object
    viewer: object
    tasks: dict


def _task(resolution, agency, key, tasks, deadline, state="open", completed_on=None, **kw):
    tasks[key] = TaskFactory(
        resolution=resolution, lead_agency=agency, deadline=deadline,
        original_deadline=kw.pop("original_deadline", deadline), state=state,
        completed_on=completed_on, submitted_on=completed_on,
        title=kw.pop("title", f"Nhiệm vụ {key}: tổ chức Lễ hội Hoa Đào Xứ Lạng"), **kw)


@pytest.fixture
def scene() -> Scene:
    return build_scene()


def build_scene() -> Scene:
    """The committee and its ten tasks, in the current ``db.session``."""
    culture = AgencyFactory(name="Sở Văn hóa, Thể thao và Du lịch tỉnh Lạng Sơn",
                            short_name="Sở VHTTDL", kind="department")
    police = AgencyFactory(name="Công an tỉnh Lạng Sơn", short_name="Công an tỉnh",
                           kind="security")
    district = AgencyFactory(name="UBND huyện Tràng Định", short_name="UBND Tràng Định")
    committee = CommitteeFactory(name="Ban Chỉ đạo Phát triển du lịch tỉnh Lạng Sơn",
                                 parent_body="UBND tỉnh Lạng Sơn", standing_agency=culture)
    resolution = ResolutionFactory(committee=committee, number="12/TB-BCĐ")
    tasks: dict = {}
    d = date
    # Sở VHTTDL: one done on time and one late in November, one overdue, one far off.
    _task(resolution, culture, "on_time", tasks, d(2026, 11, 15), "done", d(2026, 11, 10))
    _task(resolution, culture, "late", tasks, d(2026, 11, 1), "done", d(2026, 11, 5))
    _task(resolution, culture, "overdue_12", tasks, d(2026, 11, 10))
    _task(resolution, culture, "far", tasks, d(2026, 12, 20))
    # Công an tỉnh: overdue 21 days, due soon, done on time in October.
    _task(resolution, police, "overdue_21", tasks, d(2026, 11, 1), "submitted")
    _task(resolution, police, "due_soon", tasks, d(2026, 11, 24))
    _task(resolution, police, "october", tasks, d(2026, 10, 25), "done", d(2026, 10, 20))
    # UBND Tràng Định: a standing duty, a cancelled task, one due next month.
    _task(resolution, district, "standing", tasks, None)
    _task(resolution, district, "cancelled", tasks, d(2026, 11, 2), "cancelled",
          cancel_reason="Dừng theo kết luận")
    _task(resolution, district, "december", tasks, d(2026, 12, 5))
    return Scene(
        committee=committee, culture=culture, police=police, district=district,
        chair=member_of(committee, "chair", culture, name="Dương Xuân Huyên"),
        secretary=member_of(committee, "secretary", culture),
        viewer=member_of(committee, "viewer", police),
        tasks=tasks,
    )
