"""The committee resources: committees, their member agencies and the roles people hold."""

from __future__ import annotations

import pytest

from tests.factories import AgencyFactory, UserFactory
from tracker.committees.models import Committee, CommitteeRole
from tracker.extensions import db
from tracker.history.services import entries_for


@pytest.fixture
def admin():
    return UserFactory(is_admin=True, agency=None, name="Quản trị hệ thống", language="en")


# --- committees ---------------------------------------------------------------------------

def test_a_member_lists_only_the_committees_they_hold_a_role_in(api, scene):
    body = api(scene.lead_member).get("committees").get_json()
    assert body["total"] == 1 and body["page"] == 1
    [committee] = body["items"]
    assert committee["id"] == scene.committee.id and committee["my_role"] == "member"
    assert committee["standing_agency"]["id"] == scene.committee.standing_agency_id
    assert committee["timezone"] == "Asia/Ho_Chi_Minh" and committee["due_soon_days"] == 3
    assert committee["url"].endswith(f"/committees/{scene.committee.id}")


def test_an_admin_lists_every_committee_with_search_and_pages(api, scene, admin):
    client = api(admin)
    body = client.get("committees?per_page=1&sort=-name").get_json()
    assert body["total"] == 2 and body["pages"] == 2 and len(body["items"]) == 1
    assert body["items"][0]["my_role"] is None
    found = client.get("committees?q=cong vien dia chat").get_json()
    assert [c["name"] for c in found["items"]] == [
        "Mạng lưới đối tác Công viên địa chất Non nước Cao Bằng"]


def test_bad_list_arguments_name_the_field(api, scene):
    response = api(scene.chair).get("committees?sort=colour&per_page=0&page=x")
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {"sort", "per_page", "page"}


def test_an_invisible_committee_is_not_found_whatever_the_method(api, scene):
    client = api(scene.outsider)
    path = f"committees/{scene.committee.id}"
    assert client.get(path).status_code == 404
    assert client.patch(path, json={"name": "Đổi tên"}).status_code == 404
    assert client.get(path + "/members").status_code == 404
    assert client.post(path + "/roles", json={"user_id": scene.outsider.id,
                                              "role": "chair"}).status_code == 404
    assert client.delete(f"{path}/members/{scene.lead.id}").status_code == 404


def test_an_admin_sets_a_committee_up(api, admin):
    standing = AgencyFactory(name="Sở Văn hóa, Thể thao và Du lịch tỉnh Cao Bằng")
    police = AgencyFactory(name="Công an tỉnh Cao Bằng")
    response = api(admin).post("committees", json={
        "name": "Ban Chỉ đạo Công viên địa chất Non nước Cao Bằng",
        "parent_body": "UBND tỉnh Cao Bằng", "timezone": "Asia/Ho_Chi_Minh",
        "standing_agency_id": standing.id, "member_agency_ids": [police.id],
        "max_extensions": 1, "public_page": True})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    committee = db.session.get(Committee, body["id"])
    assert committee.parent_body == "UBND tỉnh Cao Bằng" and committee.max_extensions == 1
    assert {a.id for a in committee.member_agencies} == {standing.id, police.id}
    assert body["standing_agency_id"] == standing.id and body["public_page"] is True
    [entry] = entries_for("committee", committee.id)
    assert entry.action == "created" and entry.actor_id == admin.id


def test_only_admins_set_committees_up(api, scene):
    response = api(scene.chair).post("committees", json={
        "name": "Ban Chỉ đạo mới", "standing_agency_id": scene.lead.id})
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"


@pytest.mark.parametrize(("body", "fields"), [
    ({}, {"name", "standing_agency_id"}),
    ({"name": None, "standing_agency_id": 0}, {"name", "standing_agency_id"}),
    ({"name": "x" * 256, "standing_agency_id": 2**40, "colour": "red"},
     {"name", "standing_agency_id", "colour"}),
    ({"name": "Ban", "standing_agency_id": "1", "due_soon_days": 31,
      "member_agency_ids": [-1, True]},
     {"standing_agency_id", "due_soon_days", "member_agency_ids.0", "member_agency_ids.1"}),
    ({"name": "Ban", "standing_agency_id": 1, "max_extensions": 2.5, "public_page": "maybe"},
     {"max_extensions", "public_page"}),
])
def test_an_invalid_committee_names_each_field(api, admin, body, fields):
    before = db.session.query(Committee).count()
    response = api(admin).post("committees", json=body)
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == fields
    assert db.session.query(Committee).count() == before


@pytest.mark.parametrize(("extra", "field"), [
    ({"timezone": "Asia/Hanoi_City"}, "timezone"),
    ({"timezone": "x" * 65}, "timezone"),
    ({"standing_agency_id": 2**31 - 1}, "standing_agency_id"),
    ({"member_agency_ids": [2**31 - 1]}, "member_agency_ids"),
])
def test_rules_the_service_checks_are_422_on_their_field(api, admin, extra, field):
    standing = AgencyFactory()
    response = api(admin, "vi").post("committees", json={
        "name": "Ban Chỉ đạo du lịch", "standing_agency_id": standing.id, **extra})
    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == [field]


def test_a_committee_name_is_unique_whatever_the_case(api, scene, admin):
    response = api(admin).post("committees", json={
        "name": scene.committee.name.upper(), "standing_agency_id": scene.lead.id})
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {
        "name": "Another committee already has this name."}


def test_anyone_on_the_committee_reads_it(api, scene):
    body = api(scene.viewer).get(f"committees/{scene.committee.id}").get_json()
    assert body["name"] == scene.committee.name and body["my_role"] == "viewer"


def test_patch_changes_only_the_fields_sent_and_records_history(api, scene, admin):
    response = api(admin).patch(f"committees/{scene.committee.id}", json={
        "parent_body": "UBND tỉnh Lạng Sơn, khóa mới", "due_soon_days": 7})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["parent_body"] == "UBND tỉnh Lạng Sơn, khóa mới" and body["due_soon_days"] == 7
    assert body["name"] == scene.committee.name and body["timezone"] == "Asia/Ho_Chi_Minh"
    db.session.expire_all()
    committee = db.session.get(Committee, scene.committee.id)
    assert len(committee.member_agencies) == 4
    [entry] = entries_for("committee", committee.id)
    assert entry.changes == {"parent_body": ["UBND tỉnh Lạng Sơn", "UBND tỉnh Lạng Sơn, khóa mới"],
                             "due_soon_days": [3, 7]}


def test_a_new_standing_agency_through_patch_is_seated(api, scene, admin):
    newcomer = AgencyFactory(name="Sở Công Thương tỉnh Lạng Sơn")
    response = api(admin).patch(f"committees/{scene.committee.id}",
                                json={"standing_agency_id": newcomer.id})
    assert response.status_code == 200
    assert newcomer in db.session.get(Committee, scene.committee.id).member_agencies


@pytest.mark.parametrize("user", ["chair", "secretary", "lead_member", "viewer"])
def test_only_admins_change_a_committee(api, scene, user):
    response = api(getattr(scene, user)).patch(f"committees/{scene.committee.id}",
                                               json={"name": "Tên khác"})
    assert response.status_code == 403
    assert db.session.get(Committee, scene.committee.id).name != "Tên khác"


@pytest.mark.parametrize(("body", "field"), [
    ({"name": None}, "name"), ({"name": ""}, "name"), ({"timezone": "Mars/Olympus"}, "timezone"),
    ({"standing_agency_id": None}, "standing_agency_id"), ({"member_agency_ids": []},
                                                            "member_agency_ids"),
])
def test_an_invalid_patch_names_the_field(api, scene, admin, body, field):
    response = api(admin).patch(f"committees/{scene.committee.id}", json=body)
    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == [field]


@pytest.mark.parametrize("path", ["committees/0", "committees/-1", f"committees/{2**40}",
                                  "committees/abc", "committees/2147483647"])
def test_odd_committee_ids_are_not_found(api, admin, path):
    response = api(admin).get(path)
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_without_a_token_it_is_401(app):
    client = app.test_client(use_cookies=False)
    assert client.get("/api/v1/committees").status_code == 401
    assert client.post("/api/v1/committees", json={}).status_code == 401


# --- member agencies ----------------------------------------------------------------------

def test_a_viewer_lists_the_member_agencies_with_their_role(api, scene):
    body = api(scene.viewer).get(f"committees/{scene.committee.id}/members").get_json()
    assert body["total"] == 4
    roles = {m["agency_id"]: m["role"] for m in body["items"]}
    assert roles[scene.committee.standing_agency_id] == "standing"
    assert roles[scene.lead.id] == "member"
    police = next(m for m in body["items"] if m["agency_id"] == scene.coordinating.id)
    assert police["kind"] == "security" and police["short_name"] == "Công an tỉnh"


def test_an_admin_seats_an_agency_and_seating_it_again_changes_nothing(api, scene, admin):
    tax = AgencyFactory(name="Cục Thuế tỉnh Lạng Sơn")
    client = api(admin)
    path = f"committees/{scene.committee.id}/members"
    response = client.post(path, json={"agency_id": tax.id})
    assert response.status_code == 201, response.get_json()
    assert response.get_json() == {"agency_id": tax.id, "name": tax.name,
                                   "short_name": tax.short_name, "kind": "peoples_committee",
                                   "email": tax.email, "role": "member"}
    again = client.post(path, json={"agency_id": tax.id, "role": "member"})
    assert again.status_code == 200
    assert len(entries_for("committee", scene.committee.id)) == 1
    assert client.get(path).get_json()["total"] == 5


def test_making_a_member_standing_keeps_the_old_standing_agency_on(api, scene, admin):
    old = scene.committee.standing_agency_id
    path = f"committees/{scene.committee.id}/members"
    response = api(admin).post(path, json={"agency_id": scene.lead.id, "role": "standing"})
    assert response.status_code == 200 and response.get_json()["role"] == "standing"
    roles = {m["agency_id"]: m["role"] for m in api(admin).get(path).get_json()["items"]}
    assert roles[old] == "member" and roles[scene.lead.id] == "standing"
    [entry] = entries_for("committee", scene.committee.id)
    assert entry.changes == {"standing_agency_id": [old, scene.lead.id]}


def test_the_standing_agency_cannot_be_demoted(api, scene, admin):
    response = api(admin).post(f"committees/{scene.committee.id}/members", json={
        "agency_id": scene.committee.standing_agency_id, "role": "member"})
    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == ["role"]


@pytest.mark.parametrize(("body", "fields"), [
    ({}, {"agency_id"}), ({"agency_id": None}, {"agency_id"}), ({"agency_id": "7"}, {"agency_id"}),
    ({"agency_id": 2**31 - 1}, {"agency_id"}), ({"agency_id": 1, "role": "chair"}, {"role"}),
    ({"agency_id": 1, "colour": "red"}, {"colour"}),
])
def test_an_invalid_member_names_the_field(api, scene, admin, body, fields):
    response = api(admin).post(f"committees/{scene.committee.id}/members", json=body)
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == fields


def test_only_admins_seat_or_remove_agencies(api, scene):
    path = f"committees/{scene.committee.id}/members"
    client = api(scene.chair)
    assert client.post(path, json={"agency_id": AgencyFactory().id}).status_code == 403
    assert client.delete(f"{path}/{scene.other.id}").status_code == 403


def test_an_agency_without_unfinished_tasks_is_removed(api, scene, admin):
    response = api(admin).delete(f"committees/{scene.committee.id}/members/{scene.other.id}")
    assert response.status_code == 204 and response.data == b""
    db.session.expire_all()
    assert scene.other not in db.session.get(Committee, scene.committee.id).member_agencies
    [entry] = entries_for("committee", scene.committee.id)
    assert entry.action == "updated" and entry.actor_id == admin.id


@pytest.mark.parametrize("agency", ["lead", "coordinating"])
def test_an_agency_with_unfinished_tasks_is_refused_with_409(api, scene, admin, agency):
    agency = getattr(scene, agency)
    response = api(admin).delete(f"committees/{scene.committee.id}/members/{agency.id}")
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["code"] == "conflict" and "restructuring" in error["fields"]["agency_id"]
    db.session.expire_all()
    assert agency in db.session.get(Committee, scene.committee.id).member_agencies
    assert entries_for("committee", scene.committee.id) == []


def test_the_standing_agency_is_refused_with_409(api, scene, admin):
    standing = scene.committee.standing_agency_id
    response = api(admin, "vi").delete(f"committees/{scene.committee.id}/members/{standing}")
    assert response.status_code == 409
    assert list(response.get_json()["error"]["fields"]) == ["agency_id"]


@pytest.mark.parametrize("agency_id", ["2147483647", "0", "-1", str(2**40), "x"])
def test_removing_an_agency_that_is_not_seated_is_not_found(api, scene, admin, agency_id):
    response = api(admin).delete(f"committees/{scene.committee.id}/members/{agency_id}")
    assert response.status_code == 404


def test_removing_a_stranger_agency_is_not_found(api, scene, admin):
    stranger = AgencyFactory()
    response = api(admin).delete(f"committees/{scene.committee.id}/members/{stranger.id}")
    assert response.status_code == 404


# --- roles --------------------------------------------------------------------------------

def test_a_member_lists_the_people_chair_first(api, scene):
    body = api(scene.lead_member).get(f"committees/{scene.committee.id}/roles").get_json()
    assert body["total"] == 6
    assert [p["role"] for p in body["items"]][:2] == ["chair", "secretary"]
    lan = next(p for p in body["items"] if p["user_id"] == scene.lead_member.id)
    assert lan == {"user_id": scene.lead_member.id, "name": "Hoàng Thị Lan", "role": "member",
                   "agency": {"id": scene.lead.id, "name": scene.lead.name,
                              "short_name": "UBND Cao Lộc"}}
    assert "email" not in lan and "password_hash" not in lan


def test_an_admin_gives_a_role_then_changes_it(api, scene, admin):
    newcomer = UserFactory(agency=scene.other, name="Hà Văn Sơn")
    client = api(admin)
    path = f"committees/{scene.committee.id}/roles"
    created = client.post(path, json={"user_id": newcomer.id, "role": "vice_chair"})
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["role"] == "vice_chair"
    changed = client.post(path, json={"user_id": newcomer.id, "role": "viewer"})
    assert changed.status_code == 200 and changed.get_json()["role"] == "viewer"
    assert newcomer.role_in(scene.committee.id) == "viewer"
    first, second = entries_for("committee", scene.committee.id)
    assert first.action == second.action == "role_set"
    assert list(second.changes.values()) == [["vice_chair", "viewer"]]


def test_the_new_role_holder_sees_the_committee(api, scene, admin):
    newcomer = UserFactory(agency=scene.other)
    assert api(newcomer).get(f"committees/{scene.committee.id}").status_code == 404
    api(admin).post(f"committees/{scene.committee.id}/roles",
                    json={"user_id": newcomer.id, "role": "member"})
    assert api(newcomer).get(f"committees/{scene.committee.id}").status_code == 200


@pytest.mark.parametrize(("body", "fields"), [
    ({}, {"user_id", "role"}), ({"user_id": 1, "role": "king"}, {"role"}),
    ({"user_id": 2**31 - 1, "role": "member"}, {"user_id"}),
    ({"user_id": -1, "role": None}, {"user_id", "role"}),
])
def test_an_invalid_role_names_the_field(api, scene, admin, body, fields):
    response = api(admin).post(f"committees/{scene.committee.id}/roles", json=body)
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == fields


@pytest.mark.parametrize("user", ["chair", "secretary", "viewer"])
def test_only_admins_give_or_take_roles(api, scene, user):
    client = api(getattr(scene, user))
    path = f"committees/{scene.committee.id}/roles"
    assert client.post(path, json={"user_id": scene.other_member.id,
                                   "role": "chair"}).status_code == 403
    assert client.delete(f"{path}/{scene.other_member.id}").status_code == 403
    assert scene.other_member.role_in(scene.committee.id) == "member"


def test_an_admin_takes_a_role_away(api, scene, admin):
    path = f"committees/{scene.committee.id}/roles/{scene.viewer.id}"
    response = api(admin).delete(path)
    assert response.status_code == 204
    assert db.session.query(CommitteeRole).filter_by(user_id=scene.viewer.id).count() == 0
    [entry] = entries_for("committee", scene.committee.id)
    assert entry.action == "role_removed"
    assert api(admin).delete(path).status_code == 404
    assert api(scene.viewer).get(f"committees/{scene.committee.id}").status_code == 404


def test_taking_away_a_role_nobody_holds_is_not_found(api, scene, admin):
    path = f"committees/{scene.committee.id}/roles"
    assert api(admin).delete(f"{path}/{scene.outsider.id}").status_code == 404
    assert api(admin).delete(f"{path}/2147483647").status_code == 404


def test_messages_follow_the_callers_language(api, admin):
    response = api(admin, "vi").post("committees", json={"standing_agency_id": "x"})
    fields = response.get_json()["error"]["fields"]
    assert fields["name"] == "Vui lòng nhập trường này."


def test_the_same_name_twice_is_422_even_where_the_database_decides(api, scene, admin):
    # SQLite's lower() folds ASCII only: the unique constraint decides "Ủy…" = "Ủy…" there,
    # as it does for two requests racing each other.
    client = api(admin)
    body = {"name": "Ủy ban chỉ đạo du lịch", "standing_agency_id": scene.lead.id}
    assert client.post("committees", json=body).status_code == 201
    response = client.post("committees", json=body)
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {
        "name": "Another committee already has this name."}
    renamed = client.patch(f"committees/{scene.committee.id}", json={"name": body["name"]})
    assert renamed.status_code == 422
