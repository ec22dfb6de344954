"""A committee's public progress page: off by default, and never shows people or comments."""

from __future__ import annotations

import pytest

from tests.factories import (
    AgencyFactory,
    CommitteeFactory,
    ProgressReportFactory,
    ResolutionFactory,
    TaskFactory,
    UserFactory,
    member_of,
)
from tracker.extensions import db


@pytest.fixture
def world():
    culture = AgencyFactory(name="Sở Văn hóa, Thể thao và Du lịch", short_name="Sở VHTTDL")
    police = AgencyFactory(name="Công an tỉnh Lạng Sơn", short_name="Công an tỉnh")
    committee = CommitteeFactory(standing_agency=culture)
    committee.member_agencies = [culture, police]
    resolution = ResolutionFactory(committee=committee, number="12/TB-BCĐ",
                                   signer="Dương Xuân Huyên")
    chair = member_of(committee, "chair", agency=culture, name="Hoàng Thị Lan",
                      email="lan.ht@langson.gov.vn")
    member = member_of(committee, "member", agency=police, name="Lương Văn Minh",
                       email="minh.lv@langson.gov.vn")
    open_task = TaskFactory(resolution=resolution, committee=committee, lead_agency=police,
                            title="Kiểm tra an ninh các khu du lịch", progress=40)
    open_task.assignees = [member]
    ProgressReportFactory(task=open_task, author=member,
                          text="Ghi chú nội bộ: chờ kinh phí", progress=40)
    TaskFactory(resolution=resolution, committee=committee, lead_agency=culture,
                title="Tổ chức Tuần Văn hóa", deadline=None, original_deadline=None)
    db.session.flush()
    return type("World", (), dict(committee=committee, chair=chair, member=member,
                                  open_task=open_task))


def test_public_page_is_off_by_default(world, client):
    assert world.committee.public_page is False
    assert client.get(f"/public/committees/{world.committee.id}").status_code == 404
    assert client.get("/public/committees/99999999").status_code == 404


def test_public_page_shows_progress_without_signing_in(world, client):
    world.committee.public_page = True
    db.session.flush()
    response = client.get(f"/public/committees/{world.committee.id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "12/TB-BCĐ" in html and "Kiểm tra an ninh các khu du lịch" in html
    assert "Công an tỉnh Lạng Sơn" in html and "40%" in html
    assert "badge-standing" in html and "badge-in_progress" in html


def test_public_page_leaks_no_names_emails_or_comments(world, client):
    world.committee.public_page = True
    admin = UserFactory(is_admin=True, name="Vi Văn Quản", email="quan.vv@langson.gov.vn")
    db.session.flush()
    html = client.get(f"/public/committees/{world.committee.id}").get_data(as_text=True)
    for user in (world.chair, world.member, admin):
        assert user.name not in html
        assert user.email not in html
    assert "Dương Xuân Huyên" not in html  # the signer is a person too
    assert "Ghi chú nội bộ" not in html
    assert "@" not in html


def test_admin_turns_the_public_page_on_in_the_committee_form(world, login):
    admin = login(UserFactory(is_admin=True, agency=None))
    committee = world.committee
    form = {"name": committee.name, "timezone": committee.timezone, "due_soon_days": "3",
            "standing_agency_id": str(committee.standing_agency_id),
            "member_agency_ids": [str(a.id) for a in committee.member_agencies],
            "public_page": "y"}
    response = admin.post(f"/admin/committees/{committee.id}/edit", form)
    assert response.status_code == 302
    db.session.expire_all()
    assert committee.public_page is True
    assert f"/public/committees/{committee.id}" in admin.get(
        f"/committees/{committee.id}").get_data(as_text=True)
