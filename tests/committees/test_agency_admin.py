"""An admin keeps the list of agencies: add, find, edit; nobody else may."""

from __future__ import annotations

import pytest

from tests.committees.conftest import count
from tests.factories import AgencyFactory, CommitteeFactory, UserFactory, member_of
from tracker.committees.models import Agency
from tracker.history.models import HistoryEntry
from tracker.history.services import entries_for


def test_admin_adds_an_agency_that_has_no_accounts(as_admin):
    response = as_admin.post("/admin/agencies/new", {
        "name": "Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "short_name": "BĐBP tỉnh",
        "kind": "security", "email": "bdbp@langson.gov.vn",
    })
    assert response.status_code == 302
    agency = Agency.query.filter_by(short_name="BĐBP tỉnh").one()
    assert agency.kind == "security" and agency.users == []
    assert entries_for("agency", agency.id)[0].actor_id == as_admin.user.id


def test_duplicate_agency_name_is_shown_next_to_the_name_and_nothing_is_written(as_admin):
    AgencyFactory(name="Sở Văn hóa, Thể thao và Du lịch")
    before = (count(Agency), count(HistoryEntry))
    response = as_admin.post("/admin/agencies/new", {
        "name": "Sở Văn hóa, Thể thao và Du lịch", "kind": "department",
    })
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="name-error"' in html
    assert "Another agency already has this name." in html
    assert (count(Agency), count(HistoryEntry)) == before


@pytest.mark.parametrize("data", [
    {"name": "", "kind": "department"},
    {"name": "Sở Y tế", "kind": "ministry"},
    {"name": "Sở Y tế", "kind": "department", "email": "not an address"},
])
def test_invalid_agency_input_changes_nothing(as_admin, data):
    before = count(Agency)
    response = as_admin.post("/admin/agencies/new", data)
    assert response.status_code == 422
    assert count(Agency) == before


def test_admin_edits_an_agency_and_the_change_is_in_its_history(as_admin):
    agency = AgencyFactory(name="Sở Du lịch", short_name="SDL", kind="department", email=None)
    response = as_admin.post(f"/admin/agencies/{agency.id}/edit", {
        "name": "Sở Du lịch tỉnh Lạng Sơn", "short_name": "SDL", "kind": "department",
        "email": "sdl@langson.gov.vn",
    })
    assert response.status_code == 302
    assert agency.name == "Sở Du lịch tỉnh Lạng Sơn"
    assert entries_for("agency", agency.id)[-1].changes == {
        "name": ["Sở Du lịch", "Sở Du lịch tỉnh Lạng Sơn"],
        "email": [None, "sdl@langson.gov.vn"],
    }


def test_editing_an_agency_that_does_not_exist_is_404(as_admin):
    assert as_admin.get("/admin/agencies/987654/edit").status_code == 404
    assert as_admin.get("/admin/agencies/99999999999999999999/edit").status_code == 404


def test_agency_search_ignores_vietnamese_diacritics(as_admin):
    AgencyFactory(name="UBND thành phố Lạng Sơn", short_name="UBND TP Lạng Sơn")
    AgencyFactory(name="UBND huyện Hà Quảng", short_name="UBND Hà Quảng")
    html = as_admin.get("/admin/agencies?q=lang son").get_data(as_text=True)
    assert "UBND thành phố Lạng Sơn" in html
    assert "UBND huyện Hà Quảng" not in html


def test_agency_list_sorts_paginates_and_ignores_bad_arguments(as_admin, app):
    for name in ("Sở Công Thương", "Sở Tài chính", "Sở Xây dựng"):
        AgencyFactory(name=name)
    html = as_admin.get("/admin/agencies?sort=-name").get_data(as_text=True)
    assert html.index("Sở Xây dựng") < html.index("Sở Công Thương")
    for query in ("?page=abc", "?page=-3", "?sort=drop table", "?page=9999"):
        assert as_admin.get("/admin/agencies" + query).status_code == 200
    per_page = app.config["PER_PAGE"]
    for n in range(per_page + 1):
        AgencyFactory(name=f"Hợp tác xã {n:03d}")
    second = as_admin.get("/admin/agencies?page=2").get_data(as_text=True)
    assert "Page 2 of" in second


def test_empty_search_explains_what_to_do(as_admin):
    html = as_admin.get("/admin/agencies?q=zzzz").get_data(as_text=True)
    assert "No agency matches" in html


def test_people_who_are_not_admins_get_403_on_agency_screens(login):
    committee = CommitteeFactory()
    chair = member_of(committee, "chair")
    browser = login(chair)
    agency = AgencyFactory()
    assert browser.get("/admin/agencies").status_code == 403
    assert browser.get("/admin/agencies/new").status_code == 403
    assert browser.get(f"/admin/agencies/{agency.id}/edit").status_code == 403
    before = count(Agency)
    response = browser.post("/admin/agencies/new", {"name": "Sở mới", "kind": "department"},
                            form_url="/profile")
    assert response.status_code == 403
    assert count(Agency) == before


def test_signed_out_visitors_are_sent_to_the_login_page(client):
    UserFactory()
    response = client.get("/admin/agencies")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
