"""factory_boy factories for the domain, flushing into the test's transaction.

Names come from the Lạng Sơn and Cao Bằng source documents in ../shared/seeds.
"""

from __future__ import annotations

from datetime import date, timedelta

import factory
from factory.alchemy import SQLAlchemyModelFactory

from tracker.auth.passwords import hash_password
from tracker.clock import local_today
from tracker.extensions import db
from tracker.models import (
    Agency,
    Committee,
    CommitteeRole,
    Meeting,
    ProgressReport,
    Resolution,
    Task,
    User,
)

TEST_PASSWORD = "correct horse battery"
# Hashing is slow on purpose; one hash serves every factory-made user.
_TEST_PASSWORD_HASH = hash_password(TEST_PASSWORD)


class _Base(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "flush"


class AgencyFactory(_Base):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"UBND huyện Tràng Định {n}")
    short_name = factory.Sequence(lambda n: f"UBND Tràng Định {n}")
    kind = "peoples_committee"
    email = factory.Sequence(lambda n: f"trangdinh{n}@langson.gov.vn")


class CommitteeFactory(_Base):
    class Meta:
        model = Committee

    name = factory.Sequence(lambda n: f"Ban Chỉ đạo Phát triển du lịch tỉnh Lạng Sơn {n}")
    parent_body = "UBND tỉnh Lạng Sơn"
    timezone = "Asia/Ho_Chi_Minh"
    standing_agency = factory.SubFactory(
        AgencyFactory, name=factory.Sequence(lambda n: f"Sở Văn hóa, Thể thao và Du lịch {n}"),
        short_name=factory.Sequence(lambda n: f"Sở VHTTDL {n}"), kind="department",
    )
    due_soon_days = 3


class UserFactory(_Base):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"canbo{n}@langson.gov.vn")
    name = factory.Sequence(lambda n: f"Nguyễn Văn Đạt {n}")
    password_hash = _TEST_PASSWORD_HASH
    language = "vi"
    agency = factory.SubFactory(AgencyFactory)


class CommitteeRoleFactory(_Base):
    class Meta:
        model = CommitteeRole

    committee = factory.SubFactory(CommitteeFactory)
    user = factory.SubFactory(UserFactory)
    role = "member"


class MeetingFactory(_Base):
    class Meta:
        model = Meeting

    committee = factory.SubFactory(CommitteeFactory)
    title = "Hội nghị tổng kết công tác năm 2023, triển khai nhiệm vụ năm 2024"
    held_on = date(2024, 1, 18)
    place = "Thành phố Lạng Sơn"
    chaired_by = "Đồng chí Dương Xuân Huyên – Phó Chủ tịch thường trực UBND tỉnh"


class ResolutionFactory(_Base):
    class Meta:
        model = Resolution

    committee = factory.SubFactory(CommitteeFactory)
    kind = "conclusion_notice"
    number = factory.Sequence(lambda n: f"{n + 12}/TB-BCĐ")
    issued_on = date(2024, 1, 25)
    signer = "Dương Xuân Huyên"
    title = "Kết luận của Trưởng Ban Chỉ đạo tại Hội nghị tổng kết công tác năm 2023"


def _in_days(days: int) -> date:
    return local_today("Asia/Ho_Chi_Minh") + timedelta(days=days)


class TaskFactory(_Base):
    class Meta:
        model = Task

    resolution = factory.SubFactory(ResolutionFactory)
    committee = factory.LazyAttribute(lambda o: o.resolution.committee)
    title = factory.Sequence(lambda n: f"Xây dựng Đề án phát triển nguồn nhân lực du lịch {n}")
    description = "Giai đoạn 2025-2030"
    lead_agency = factory.SubFactory(AgencyFactory)
    deadline = factory.LazyFunction(lambda: _in_days(30))
    original_deadline = factory.LazyAttribute(lambda o: o.deadline)
    priority = "normal"
    expected_output = "Đề án trình UBND tỉnh"
    state = "open"
    progress = 0


class ProgressReportFactory(_Base):
    class Meta:
        model = ProgressReport

    task = factory.SubFactory(TaskFactory)
    agency = factory.LazyAttribute(lambda o: o.task.lead_agency)
    text = "Đã hoàn thành dự thảo, đang lấy ý kiến các sở, ngành."
    progress = 50


def member_of(committee, role: str, agency=None, **kw) -> User:
    """A user of ``agency`` holding ``role`` in ``committee``."""
    user = UserFactory(agency=agency, **kw) if agency is not None else UserFactory(**kw)
    CommitteeRoleFactory(committee=committee, user=user, role=role)
    return user
