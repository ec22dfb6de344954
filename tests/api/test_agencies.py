"""The agency resource: who reads which agencies, admins add and change them."""

from __future__ import annotations

import pytest

from tests.factories import AgencyFactory, UserFactory
from tracker.committees.models import Agency
from tracker.extensions import db
from tracker.history.services import entries_for


@pytest.fixture
def admin():
    return UserFactory(is_admin=True, agency=None, name="Quản trị hệ thống", language="en")


def test_a_member_reads_the_agencies_of_their_committees_and_their_own(api, scene):
    lonely = UserFactory(agency=AgencyFactory(name="Hợp tác xã Phia Oắc"))
    AgencyFactory(name="Sở Ngoại vụ tỉnh Cao Bằng")  # sits nowhere: nobody but admins sees it
    body = api(scene.other_member).get("agencies?per_page=200").get_json()
    assert {a["id"] for a in body["items"]} == {
        scene.committee.standing_agency_id, scene.lead.id, scene.coordinating.id,
        scene.other.id}
    police = next(a for a in body["items"] if a["id"] == scene.coordinating.id)
    assert police["kind"] == "security" and police["committee_ids"] == [scene.committee.id]
    assert "users" not in police
    own = api(lonely).get("agencies").get_json()
    assert [a["name"] for a in own["items"]] == ["Hợp tác xã Phia Oắc"]


def test_an_outsider_sees_its_own_agencies_but_not_other_committees(api, scene):
    # Cao Lộc sits on both committees; the outsider sees only the geopark one listed.
    body = api(scene.outsider).get(f"agencies/{scene.lead.id}").get_json()
    assert body["committee_ids"] == [c.id for c in scene.lead.committees
                                     if c.id != scene.committee.id]
    response = api(scene.outsider).get(f"agencies/{scene.coordinating.id}")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_an_admin_lists_every_agency_filtered_and_sorted(api, scene, admin):
    AgencyFactory(name="Hợp tác xã Nông nghiệp Phia Oắc", kind="cooperative")
    client = api(admin)
    everyone = client.get("agencies").get_json()
    assert everyone["total"] == db.session.query(Agency).count() > 5
    assert [a["name"] for a in client.get("agencies?kind=cooperative").get_json()["items"]] \
        == ["Hợp tác xã Nông nghiệp Phia Oắc"]
    members = client.get(f"agencies?committee={scene.committee.id}&sort=-name").get_json()
    assert members["total"] == 4
    names = [a["name"] for a in members["items"]]
    assert names == sorted(names, reverse=True)
    assert client.get("agencies?q=cong an").get_json()["items"][0]["id"] == scene.coordinating.id


def test_bad_list_arguments_name_the_field(api, scene):
    response = api(scene.chair).get("agencies?kind=ministry&committee=0&sort=x&per_page=201")
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {"kind", "committee", "sort",
                                                          "per_page"}


def test_an_admin_adds_an_agency_without_accounts(api, admin):
    response = api(admin).post("agencies", json={
        "name": "Hợp tác xã Nông nghiệp Phia Oắc", "short_name": "HTX Phia Oắc",
        "kind": "cooperative", "email": "PhiaOac@CaoBang.vn"})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    agency = db.session.get(Agency, body["id"])
    assert agency.email == "phiaoac@caobang.vn" and body["email"] == "phiaoac@caobang.vn"
    assert body["kind"] == "cooperative" and body["committee_ids"] == []
    [entry] = entries_for("agency", agency.id)
    assert entry.action == "created" and entry.actor_id == admin.id


def test_kind_defaults_to_department(api, admin):
    response = api(admin).post("agencies", json={"name": "Sở Tài chính tỉnh Lạng Sơn"})
    assert response.status_code == 201 and response.get_json()["kind"] == "department"


@pytest.mark.parametrize("user", ["chair", "secretary", "lead_member", "viewer"])
def test_only_admins_add_or_change_agencies(api, scene, user):
    client = api(getattr(scene, user))
    assert client.post("agencies", json={"name": "Sở mới"}).status_code == 403
    response = client.patch(f"agencies/{scene.lead.id}", json={"short_name": "UBND CL"})
    assert response.status_code == 403
    assert db.session.get(Agency, scene.lead.id).short_name == "UBND Cao Lộc"


@pytest.mark.parametrize(("body", "fields"), [
    ({}, {"name"}),
    ({"name": None, "kind": "ministry"}, {"name", "kind"}),
    ({"name": "x" * 256, "short_name": "y" * 81, "email": "not-an-address"},
     {"name", "short_name", "email"}),
    ({"name": "Sở", "head_email": "a@" + "b" * 300 + ".vn", "id": 4}, {"head_email", "id"}),
    ({"name": 12, "short_name": ["Sở"], "kind": None}, {"name", "short_name", "kind"}),
    ({"name": "   "}, {"name"}),
])
def test_an_invalid_agency_names_each_field_and_writes_nothing(api, admin, body, fields):
    before = db.session.query(Agency).count()
    response = api(admin).post("agencies", json=body)
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == fields
    assert db.session.query(Agency).count() == before


def test_an_agency_name_is_unique_whatever_the_case(api, admin):
    AgencyFactory(name="Sở Du lịch")
    response = api(admin, "vi").post("agencies", json={"name": "sở du lịch"})
    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == ["name"]


def test_patch_changes_only_the_fields_sent(api, scene, admin):
    response = api(admin).patch(f"agencies/{scene.lead.id}", json={
        "head_email": "chutich@caoloc.langson.gov.vn", "short_name": None})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["head_email"] == "chutich@caoloc.langson.gov.vn" and body["short_name"] is None
    assert body["name"] == "Ủy ban nhân dân huyện Cao Lộc" and body["kind"] == "peoples_committee"
    [entry] = entries_for("agency", scene.lead.id)
    assert set(entry.changes) == {"head_email", "short_name"}


def test_patch_refuses_a_name_another_agency_has(api, scene, admin):
    response = api(admin).patch(f"agencies/{scene.lead.id}", json={"name": scene.other.name})
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {
        "name": "Another agency already has this name."}


@pytest.mark.parametrize("path", ["agencies/0", "agencies/-1", f"agencies/{2**40}",
                                  "agencies/abc", "agencies/2147483647"])
def test_odd_agency_ids_are_not_found(api, admin, path):
    assert api(admin).get(path).status_code == 404
    # Werkzeug checks the method before the id converter, so a PATCH to an impossible id
    # may be a 405; either way a JSON error, never a 500.
    response = api(admin).patch(path, json={"name": "X"})
    assert response.status_code in (404, 405)
    assert response.get_json()["error"]["code"] in ("not_found", "method_not_allowed")


def test_without_a_token_it_is_401(app):
    client = app.test_client(use_cookies=False)
    assert client.get("/api/v1/agencies").status_code == 401
    assert client.patch("/api/v1/agencies/1", json={}).status_code == 401


def test_the_same_name_twice_is_422_even_where_the_database_decides(api, scene, admin):
    # SQLite's lower() folds ASCII only, so the service's check misses "Ủy…" = "Ủy…" there
    # and the unique constraint refuses it: the same 422 as a race between two requests.
    client = api(admin)
    response = client.post("agencies", json={"name": scene.lead.name})
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {
        "name": "Another agency already has this name."}
    renamed = client.patch(f"agencies/{scene.other.id}", json={"name": scene.lead.name})
    assert renamed.status_code == 422
    assert client.get(f"agencies/{scene.other.id}").get_json()["name"] == scene.other.name
