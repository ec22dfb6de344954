"""The demo a new user sees after ``make run``: every category, the article's names and documents.

``load_demo`` runs inside the test's transaction (rolled back at the end), on the
real database, exactly as ``flask seed-demo`` runs it.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from tracker.auth.models import User
from tracker.auth.services import authenticate
from tracker.committees.models import Agency, Committee, CommitteeRole
from tracker.demo.loader import DEMO_PASSWORD, database_is_empty, demo_logins, load_demo
from tracker.extensions import db
from tracker.resolutions.models import Meeting, Resolution
from tracker.tasks.categories import Category, category_expression, local_today_expression
from tracker.tasks.models import Task, TaskState
from tracker.tasks.recurrence.models import TaskSeries
from tracker.tasks.recurrence.queries import occurrences_page

LANG_SON = "Ban Chỉ đạo Phát triển du lịch tỉnh Lạng Sơn"
CAO_BANG = "Mạng lưới đối tác Công viên địa chất Non nước Cao Bằng"
# An evening in Hà Nội: the committee's date is one day ahead of the UTC date.
NOW = datetime(2026, 3, 31, 18, 30, tzinfo=UTC)


@pytest.fixture
def demo():
    return load_demo(now=NOW)


def _committee(name: str) -> Committee:
    return db.session.scalar(select(Committee).where(Committee.name == name))


def _categories(committee: Committee, now: datetime) -> dict[str, int]:
    category = category_expression(local_today_expression(now))
    rows = db.session.execute(
        select(category, func.count())
        .select_from(Task)
        .join(Committee, Committee.id == Task.committee_id)
        .where(Task.committee_id == committee.id)
        .group_by(category)
    )
    return dict(rows.all())


def test_a_fresh_database_is_empty_and_the_loaded_demo_is_not():
    assert database_is_empty()
    load_demo(now=NOW)
    assert not database_is_empty()


def test_the_lang_son_committee_shows_every_category_on_the_day_it_is_loaded(demo):
    counts = _categories(_committee(LANG_SON), NOW)
    for category in Category:
        assert counts.get(category.value, 0) >= 1, (category, counts)
    assert counts[Category.OVERDUE.value] >= 4


def test_overdue_tasks_span_several_agencies_with_different_delays(demo):
    committee = _committee(LANG_SON)
    today = local_today_expression(NOW)
    overdue = db.session.execute(
        select(Task.lead_agency_id, Task.deadline)
        .join(Committee, Committee.id == Task.committee_id)
        .where(Task.committee_id == committee.id,
               category_expression(today) == Category.OVERDUE.value)
    ).all()
    assert len({agency for agency, _ in overdue}) >= 4
    assert len({deadline for _, deadline in overdue}) >= 4


def test_deadlines_follow_the_committees_calendar_day(demo):
    """18:30 UTC on 31 March is 1 April in Hà Nội: "due today" means 1 April."""
    committee = _committee(LANG_SON)
    due_today = db.session.scalar(
        select(Task).where(Task.committee_id == committee.id,
                           Task.title.like("Triển khai chính sách hỗ trợ%")))
    assert due_today.deadline.isoformat() == "2026-04-01"


def test_the_conclusion_notice_carries_at_least_twelve_tasks_from_the_article(demo):
    committee = _committee(LANG_SON)
    conclusion = db.session.scalar(select(Resolution).where(
        Resolution.committee_id == committee.id, Resolution.number == "12/TB-BCĐ"))
    assert conclusion.kind == "conclusion_notice"
    assert conclusion.signer.startswith("Dương Xuân Huyên")
    assert conclusion.meeting.held_on.isoformat() == "2024-01-18"
    assert "Khu tự trị dân tộc Choang Quảng Tây" in conclusion.text
    assert len(conclusion.tasks) >= 12
    assert len({t.lead_agency_id for t in conclusion.tasks}) >= 8
    titles = " ".join(t.title for t in conclusion.tasks)
    for phrase in ("Đại sứ Du lịch", "Công viên địa chất Lạng Sơn", "OCOP",
                   "nguồn nhân lực du lịch", "chuyển đổi số", "Quảng Tây"):
        assert phrase in titles


def test_the_cited_documents_are_recorded_with_their_official_numbers(demo):
    committee = _committee(LANG_SON)
    numbers = set(db.session.scalars(
        select(Resolution.number).where(Resolution.committee_id == committee.id)))
    assert {"17/2020/NQ-HĐND", "16/2022/NQ-HĐND", "08/2019/NQ-HĐND", "15/2021/NQ-HĐND",
            "74-CTr/TU", "23-CTr/TU", "12/TB-BCĐ"} <= numbers
    regulation = db.session.scalar(select(Resolution).where(
        Resolution.committee_id == committee.id, Resolution.kind == "regulation"))
    assert "khu vực biên giới" in regulation.title
    assert any(t.deadline is None for t in regulation.tasks)


def test_the_article_agencies_are_members_with_their_names_spelt_right(demo):
    committee = _committee(LANG_SON)
    assert committee.parent_body == "UBND tỉnh Lạng Sơn"
    assert committee.standing_agency.name == "Sở Văn hóa, Thể thao và Du lịch"
    assert committee.standing_agency.short_name == "Sở VHTTDL"
    members = {a.name for a in committee.member_agencies}
    assert {"Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "Công an tỉnh", "UBND huyện Tràng Định",
            "UBND huyện Văn Lãng", "UBND huyện Cao Lộc", "UBND huyện Lộc Bình",
            "UBND huyện Đình Lập"} <= members
    emails = [a.email for a in committee.member_agencies]
    assert all(e.endswith("@langson.gov.vn") for e in emails)


def test_the_cao_bang_network_has_sample_partners_without_accounts(demo):
    committee = _committee(CAO_BANG)
    assert committee.standing_agency.name == "Ban Quản lý Công viên địa chất Non nước Cao Bằng"
    samples = [a for a in committee.member_agencies if a.is_sample]
    assert {a.kind for a in samples} >= {"business", "cooperative"}
    assert len(samples) >= 3
    for agency in samples:
        assert agency.email and not agency.users
    meeting = db.session.scalar(select(Meeting).where(Meeting.committee_id == committee.id))
    assert meeting.held_on.isoformat() == "2024-01-04"
    plan = db.session.scalar(select(Resolution).where(Resolution.committee_id == committee.id))
    assert "quản lý các điểm di sản" in " ".join(t.title for t in plan.tasks)
    assert "số minh họa" in plan.text


def test_there_is_one_demo_login_per_role_and_the_password_works(demo):
    assert demo == demo_logins()
    roles = set(db.session.scalars(select(CommitteeRole.role)))
    assert roles == {"chair", "vice_chair", "secretary", "member", "viewer"}
    admin = db.session.scalar(select(User).where(User.is_admin))
    assert admin is not None
    chair = authenticate("chair@demo.langson.gov.vn", DEMO_PASSWORD)
    assert chair.name == "Dương Xuân Huyên"
    assert chair.role_in(_committee(LANG_SON).id) == "chair"
    assert {u.language for u in db.session.scalars(select(User))} == {"vi", "en"}
    cao_bang_secretary = authenticate("secretary@demo.caobang.gov.vn", DEMO_PASSWORD)
    assert cao_bang_secretary.role_in(_committee(CAO_BANG).id) == "secretary"
    assert cao_bang_secretary.role_in(_committee(LANG_SON).id) is None


def test_the_demo_tells_its_story_through_history_and_reports(demo):
    committee = _committee(LANG_SON)
    tasks = list(db.session.scalars(select(Task).where(Task.committee_id == committee.id)))
    submitted = [t for t in tasks if t.state == TaskState.SUBMITTED]
    assert submitted, "the chair needs a completion to review"
    cancelled = [t for t in tasks if t.state == TaskState.CANCELLED]
    assert all(t.cancel_reason for t in cancelled)
    trang_dinh = db.session.scalar(select(Agency).where(Agency.name == "UBND huyện Tràng Định"))
    reported = [r for t in tasks if t.lead_agency_id == trang_dinh.id for r in t.reports]
    assert any("Đồn Biên phòng" in r.text for r in reported)
    assert all(r.created_at <= NOW for t in tasks for r in t.reports)


def test_the_lang_son_committee_has_a_monthly_and_a_quarterly_reporting_duty(demo):
    committee = _committee(LANG_SON)
    duties = {s.frequency: s for s in db.session.scalars(
        select(TaskSeries).where(TaskSeries.committee_id == committee.id))}
    assert set(duties) == {"monthly", "quarterly"}
    assert (duties["monthly"].due_day, duties["quarterly"].due_day) == (15, 20)
    outcomes = [row.outcome for row in reversed(
        occurrences_page(duties["monthly"], 1, 25, now=NOW).items)]
    assert outcomes[:2] == ["on_time", "late"]
    assert "missed" in outcomes
