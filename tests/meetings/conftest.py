"""The Lạng Sơn tourism committee preparing its next meeting: earlier resolutions with tasks in
every state, a previous meeting, extensions decided before and since it."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest

from tests.factories import MeetingFactory, ResolutionFactory, TaskFactory
from tests.reminders.smtp_server import smtp_server  # noqa: F401 — the fixture
from tests.resolutions.conftest import world  # noqa: F401 — the committee and its people
from tracker.clock import local_today, utcnow
from tracker.extensions import db
from tracker.tasks.models import TaskExtension

TZ = "Asia/Ho_Chi_Minh"


def days(n: int):
    return local_today(TZ) + timedelta(days=n)


@pytest.fixture
def prep(world):  # noqa: F811 — the imported fixture
    """``world`` plus the meeting being prepared (in 7 days) and what it carries over."""
    c = world.committee
    previous = MeetingFactory(committee=c, title="Phiên họp quý III", held_on=days(-30),
                              state="held")
    earlier = ResolutionFactory(committee=c, number="12/TB-BCĐ", issued_on=days(-60),
                                title="Thông báo kết luận phiên họp quý II")
    later = ResolutionFactory(committee=c, number="30/TB-BCĐ", issued_on=days(10),
                              title="Kế hoạch tổ chức Lễ hội Hoa Đào")

    def task(title, deadline, lead, **kw):
        return TaskFactory(resolution=earlier, title=title, deadline=deadline,
                           original_deadline=deadline, lead_agency=lead, **kw)

    p = SimpleNamespace(world=world, previous=previous, earlier=earlier, later=later)
    p.overdue = task("Hoàn thiện hồ sơ di tích Nhị Thanh – Tam Thanh", days(-10), world.vhttdl,
                     progress=40)
    p.very_late = task("Báo cáo kết quả kiểm tra khách sạn dịp Tết", days(-25), world.police,
                       progress=10)
    p.soon = task("Tổ chức Hội chợ du lịch Đồng Đăng", days(20), world.police, progress=60)
    p.standing = task("Cập nhật cơ sở dữ liệu du lịch hằng tháng", None, world.border)
    p.done = task("Lắp biển chỉ dẫn tại động Tam Thanh", days(-5), world.vhttdl, state="done",
                  completed_on=days(-6), submitted_on=days(-6))
    p.cancelled = task("Khảo sát tuyến cáp treo", days(5), world.vhttdl, state="cancelled",
                       cancel_reason="Dừng theo chỉ đạo")
    p.after = TaskFactory(resolution=later, title="Chuẩn bị Lễ hội Hoa Đào", deadline=days(40),
                          lead_agency=world.vhttdl)
    now = utcnow()
    p.granted = TaskExtension(task=p.soon, requested_by=world.member, agency=world.police,
                              requested_deadline=days(20), previous_deadline=days(5),
                              reason="Chờ kinh phí", status="granted",
                              decided_by=world.chair, decided_at=now - timedelta(days=5))
    p.refused_long_ago = TaskExtension(
        task=p.overdue, requested_by=world.secretary, agency=world.vhttdl,
        requested_deadline=days(30), previous_deadline=days(-10), reason="Thiếu nhân lực",
        status="refused", decided_by=world.chair, decided_at=now - timedelta(days=40))
    p.pending = TaskExtension(task=p.very_late, requested_by=world.member, agency=world.police,
                              requested_deadline=days(15), previous_deadline=days(-25),
                              reason="Chưa kịp")
    db.session.add_all([p.granted, p.refused_long_ago, p.pending])
    p.meeting = MeetingFactory(committee=c, title="Phiên họp thường kỳ quý IV năm 2026",
                               held_on=days(7), place="Trụ sở UBND tỉnh Lạng Sơn",
                               state="draft")
    p.meeting.attending_agencies = [world.vhttdl, world.police]
    world.vhttdl.email = "sovhttdl@langson.gov.vn"
    world.police.email = "congantinh@langson.gov.vn"
    db.session.flush()
    return p
