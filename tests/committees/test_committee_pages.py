"""What people see of committees: only their own, unless they are admins."""

from __future__ import annotations

from tests.factories import AgencyFactory, CommitteeFactory, UserFactory, member_of


def test_member_sees_only_their_committees_with_their_role(login):
    tourism = CommitteeFactory(name="Ban Chỉ đạo Phát triển du lịch tỉnh Lạng Sơn")
    geopark = CommitteeFactory(name="Mạng lưới đối tác Công viên địa chất Non nước Cao Bằng")
    tourism.member_agencies = [tourism.standing_agency, AgencyFactory()]
    member = member_of(tourism, "member")
    html = login(member).get("/committees").get_data(as_text=True)
    assert tourism.name in html
    assert geopark.name not in html
    assert "Member" in html or "Thành viên" in html
    assert tourism.standing_agency.short_name in html


def test_committee_page_of_another_committee_is_404(login):
    mine, other = CommitteeFactory(), CommitteeFactory()
    browser = login(member_of(mine, "chair"))
    assert browser.get(f"/committees/{mine.id}").status_code == 200
    assert browser.get(f"/committees/{other.id}").status_code == 404
    assert browser.get("/committees/999999").status_code == 404


def test_committee_page_shows_settings_agencies_and_people(login):
    committee = CommitteeFactory(parent_body="UBND tỉnh Lạng Sơn")
    police = AgencyFactory(name="Công an tỉnh Lạng Sơn")
    committee.member_agencies = [committee.standing_agency, police]
    chair = member_of(committee, "chair", name="Dương Xuân Huyên")
    html = login(member_of(committee, "viewer")).get(f"/committees/{committee.id}").get_data(
        as_text=True)
    for text in ("UBND tỉnh Lạng Sơn", "Asia/Ho_Chi_Minh", committee.standing_agency.name,
                 "Công an tỉnh Lạng Sơn", chair.name):
        assert text in html
    assert "/roles" not in html  # no role management for non-admins


def test_the_committee_page_links_its_dashboard(login):
    committee = CommitteeFactory()
    html = login(member_of(committee, "chair")).get(f"/committees/{committee.id}").get_data(
        as_text=True)
    link = f'href="/committees/{committee.id}/dashboard"'
    assert link in html


def test_admin_sees_every_committee_and_can_create_one(as_admin):
    first, second = CommitteeFactory(), CommitteeFactory()
    html = as_admin.get("/committees").get_data(as_text=True)
    assert first.name in html and second.name in html
    assert "/admin/committees/new" in html
    assert as_admin.get(f"/committees/{first.id}").status_code == 200


def test_someone_without_any_role_is_told_how_to_get_one(login):
    CommitteeFactory()
    html = login(UserFactory()).get("/committees").get_data(as_text=True)
    assert "Ask an administrator" in html or "quản trị" in html.lower()


def test_committee_list_ignores_bad_query_arguments(as_admin):
    CommitteeFactory()
    for query in ("?page=x", "?sort=;drop", "?page=0", "?q=" + "x" * 500):
        assert as_admin.get("/committees" + query).status_code == 200
