"""The user resource: admins list and create accounts, everyone reads their own."""

from __future__ import annotations

import pytest

from tests.factories import UserFactory
from tracker.auth import services as accounts
from tracker.auth.models import User
from tracker.auth.passwords import MAX_PASSWORD_LENGTH
from tracker.extensions import db
from tracker.history.services import entries_for


@pytest.fixture
def admin():
    return UserFactory(is_admin=True, agency=None, name="Quản trị hệ thống", language="en")


def _no_secrets(body: dict) -> None:
    text = repr(body)
    assert "password" not in text and "argon2" not in text and "hash" not in text


def test_everyone_reads_their_own_account_with_roles(api, scene):
    response = api(scene.lead_member).get("users/me")
    assert response.status_code == 200
    body = response.get_json()
    assert body["id"] == scene.lead_member.id and body["name"] == "Hoàng Thị Lan"
    assert body["agency"]["short_name"] == "UBND Cao Lộc" and body["agency_id"] == scene.lead.id
    assert body["roles"] == [{"committee_id": scene.committee.id,
                              "committee_name": scene.committee.name, "role": "member"}]
    assert body["is_admin"] is False and body["is_active"] is True and body["language"] == "en"
    _no_secrets(body)


def test_an_admin_lists_accounts_searched_and_filtered(api, scene, admin):
    client = api(admin)
    body = client.get("users?per_page=200").get_json()
    assert body["total"] == db.session.query(User).count()
    for user in body["items"]:
        _no_secrets(user)
    found = client.get("users?q=hoang thi lan").get_json()
    assert [u["id"] for u in found["items"]] == [scene.lead_member.id]
    staff = client.get(f"users?agency={scene.coordinating.id}&sort=name").get_json()
    names = [u["name"] for u in staff["items"]]
    assert sorted(names) == ["Lương Văn Hùng", "Lộc Văn Bình"]
    backwards = client.get(f"users?agency={scene.coordinating.id}&sort=-name").get_json()
    assert [u["name"] for u in backwards["items"]] == names[::-1]


@pytest.mark.parametrize("user", ["chair", "secretary", "lead_member", "viewer"])
def test_only_admins_list_or_create_accounts(api, scene, user):
    client = api(getattr(scene, user))
    assert client.get("users").status_code == 403
    response = client.post("users", json={"email": "moi@langson.gov.vn", "name": "Người mới",
                                          "password": "mat-khau-dai-du"})
    assert response.status_code == 403
    assert accounts.find_user_by_email("moi@langson.gov.vn") is None


def test_bad_list_arguments_name_the_field(api, admin):
    response = api(admin).get("users?agency=-3&sort=password&q=" + "x" * 101)
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {"agency", "sort", "q"}


def test_an_admin_creates_an_account_that_can_sign_in(api, app, scene, admin):
    response = api(admin).post("users", json={
        "email": "Thanh.NV@LangSon.gov.vn", "name": "Nguyễn Văn Thanh",
        "password": "Mật khẩu rất dài 2026", "agency_id": scene.other.id, "language": "en"})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    _no_secrets(body)
    assert body["email"] == "thanh.nv@langson.gov.vn" and body["roles"] == []
    user = db.session.get(User, body["id"])
    assert user.agency_id == scene.other.id and user.language == "en" and not user.is_admin
    assert accounts.authenticate("thanh.nv@langson.gov.vn", "Mật khẩu rất dài 2026") == user
    [entry] = entries_for("user", user.id)
    assert entry.action == "created" and entry.actor_id == admin.id
    assert "password_hash" not in entry.changes
    token = app.test_client(use_cookies=False).post("/api/v1/auth/token", json={
        "email": "thanh.nv@langson.gov.vn", "password": "Mật khẩu rất dài 2026"})
    assert token.status_code == 201


def test_language_defaults_to_vietnamese(api, admin):
    response = api(admin).post("users", json={
        "email": "lan@langson.gov.vn", "name": "Lan", "password": "mat-khau-dai-du"})
    assert response.status_code == 201
    assert response.get_json()["language"] == "vi" and response.get_json()["agency"] is None


@pytest.mark.parametrize(("body", "fields"), [
    ({}, {"email", "name", "password"}),
    ({"email": "khong-phai-dia-chi", "name": "", "password": "ngan"}, {"email"}),
    ({"email": "a@b.vn", "name": "", "password": "ngan"}, {"name"}),
    ({"email": "a@b.vn", "name": "A", "password": "x" * 1001, "language": "fr"},
     {"password", "language"}),
    ({"email": "a@b.vn", "name": "A", "password": "mat-khau-dai-du", "agency_id": 0,
      "is_admin": "sometimes", "password_hash": "x"}, {"agency_id", "is_admin", "password_hash"}),
    ({"email": None, "name": None, "password": None}, {"email", "name", "password"}),
    ({"email": "a@b.vn", "name": "x" * 201, "password": "mat-khau-dai-du",
      "agency_id": 2**40}, {"name", "agency_id"}),
])
def test_an_invalid_account_names_each_field(api, admin, body, fields):
    before = db.session.query(User).count()
    response = api(admin).post("users", json=body)
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == fields
    assert db.session.query(User).count() == before


@pytest.mark.parametrize(("body", "field"), [
    ({"password": "ngan"}, "password"),
    ({"name": "   "}, "name"),
    ({"agency_id": 2**31 - 1}, "agency_id"),
    ({"email": "hoang.lan@langson.gov.vn"}, "email"),
])
def test_rules_the_service_checks_are_422_on_their_field(api, admin, body, field):
    UserFactory(email="hoang.lan@langson.gov.vn")
    response = api(admin, "vi").post("users", json={
        "email": "moi@langson.gov.vn", "name": "Người mới", "password": "mat-khau-dai-du",
        **body})
    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == [field]


def test_without_a_token_it_is_401(app):
    client = app.test_client(use_cookies=False)
    assert client.get("/api/v1/users/me").status_code == 401
    assert client.post("/api/v1/users", json={}).status_code == 401


def test_a_password_has_one_upper_limit_on_every_surface(api, admin):
    """The site's forms cap a password at MAX_PASSWORD_LENGTH; an account made through the
    API with a longer one could never sign in there, so the service refuses it for both."""
    longest = "p" * MAX_PASSWORD_LENGTH
    with pytest.raises(accounts.AccountError) as refused:
        accounts.create_user(email="dai@b.vn", name="Dài", password=longest + "p")
    assert refused.value.field == "password"
    before = db.session.query(User).count()
    response = api(admin).post("users", json={"email": "dai@b.vn", "name": "Dài",
                                              "password": longest + "p"})
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {"password"}
    assert db.session.query(User).count() == before
    created = api(admin).post("users", json={"email": "dai@b.vn", "name": "Dài",
                                             "password": longest})
    assert created.status_code == 201
    assert accounts.authenticate("dai@b.vn", longest) is not None
