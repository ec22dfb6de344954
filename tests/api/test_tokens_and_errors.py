"""Who may call the API and how it answers: tokens, sessions, CSRF, errors, languages, docs."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy import event

from tests.conftest import _csrf_token
from tests.factories import TEST_PASSWORD
from tracker.auth import sessions, tokens
from tracker.auth.models import ApiToken
from tracker.clock import utcnow
from tracker.committees.choices import CHOICES_INFO_KEY, choices_token
from tracker.committees.models import ChoicesVersion
from tracker.extensions import db


def test_without_a_token_the_api_answers_401_in_json(client, scene):
    response = client.get("/api/v1/tasks")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_a_wrong_revoked_or_expired_token_is_refused(app, scene):
    client = app.test_client(use_cookies=False)
    token, secret = tokens.create_token(scene.chair, "script")

    def status():
        return client.get("/api/v1/tasks", headers={"Authorization": f"Bearer {secret}"}
                          ).status_code

    assert status() == 200
    assert client.get("/api/v1/tasks", headers={"Authorization": f"Bearer {secret}x"}
                      ).status_code == 401
    token.expires_at = utcnow() - timedelta(seconds=1)
    assert status() == 401
    token.expires_at = None
    tokens.revoke_token(token, actor=scene.chair)
    assert status() == 401


def test_a_deactivated_users_token_stops_working(api, scene):
    client = api(scene.lead_member)
    scene.lead_member.is_active_account = False
    assert client.get("tasks").status_code == 401


def test_only_the_tokens_hash_is_stored_and_use_is_recorded(api, scene):
    client = api(scene.chair)
    stored = db.session.query(ApiToken).filter_by(user_id=scene.chair.id).one()
    assert client.secret not in (stored.token_hash, stored.prefix)
    assert stored.token_hash == tokens.hash_secret(client.secret)
    assert client.get("tasks").status_code == 200
    assert stored.last_used_at is not None


def test_a_token_request_sets_no_cookie_and_needs_no_csrf(api, scene):
    response = api(scene.secretary).patch(f"tasks/{scene.task.id}", json={"priority": "low"})
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers


def test_exchanging_the_password_for_a_token(app, scene):
    client = app.test_client(use_cookies=False)
    response = client.post("/api/v1/auth/token", json={
        "email": scene.chair.email, "password": TEST_PASSWORD, "name": "báo cáo tuần"})
    assert response.status_code == 201
    secret = response.get_json()["token"]
    assert secret.startswith("bcd_")
    assert client.get("/api/v1/tasks",
                      headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    wrong = client.post("/api/v1/auth/token", json={"email": scene.chair.email,
                                                    "password": "wrong password"})
    assert wrong.status_code == 401 and wrong.get_json()["error"]["code"] == "unauthorized"


def test_the_token_exchange_is_rate_limited_like_the_login(app, scene):
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    try:
        client = app.test_client(use_cookies=False)
        codes = [client.post("/api/v1/auth/token", json={
            "email": scene.chair.email, "password": "nope"}).status_code for _ in range(4)]
    finally:
        app.config["LOGIN_RATE_LIMIT"] = "1000 per minute"
    assert codes == [401, 401, 401, 429]


def test_a_signed_in_browser_may_read_but_writes_need_the_csrf_token(login, scene):
    browser = login(scene.secretary)
    assert browser.get("/api/v1/tasks").status_code == 200
    url = f"/api/v1/tasks/{scene.task.id}"
    refused = browser.client.patch(url, json={"priority": "high"})
    assert refused.status_code == 400 and refused.get_json()["error"]["code"] == "bad_request"
    token = _csrf_token(browser.client, "/profile")
    accepted = browser.client.patch(url, json={"priority": "high"},
                                    headers={"X-CSRFToken": token})
    assert accepted.status_code == 200


def test_messages_follow_accept_language(api, scene):
    body = {"title": ""}
    english = api(scene.secretary, "en").patch(f"tasks/{scene.task.id}", json={"progress": 5})
    vietnamese = api(scene.secretary, "vi").patch(f"tasks/{scene.task.id}", json={"progress": 5})
    assert english.get_json()["error"]["fields"] == {"progress": "Unknown field."}
    assert vietnamese.get_json()["error"]["fields"] == {"progress": "Trường không được chấp nhận."}
    assert english.get_json()["error"]["message"] != vietnamese.get_json()["error"]["message"]
    empty = api(scene.secretary, "vi").patch(f"tasks/{scene.task.id}", json=body)
    assert empty.status_code == 422 and "title" in empty.get_json()["error"]["fields"]


def test_errors_are_json_never_html(api, scene):
    client = api(scene.chair)
    for response in (client.get("nowhere"), client.get("tasks/0"),
                     client.post("tasks", json={}),
                     client.patch(f"tasks/{scene.task.id}", data="{not json",
                                  headers={"Content-Type": "application/json"})):
        assert response.status_code in (400, 404, 405, 422), response.status_code
        assert response.is_json and set(response.get_json()["error"]) >= {
            "code", "message", "fields"}


def test_the_openapi_document_describes_the_api(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert spec["security"] == [{"bearerAuth": []}]
    assert spec["paths"]["/api/v1/auth/token"]["post"]["security"] == []
    task = spec["components"]["schemas"]["Task"]["properties"]
    for name in ("category", "deadline", "original_deadline", "days_late", "days_left",
                 "lead_agency", "coordinating_agencies", "state", "progress", "version"):
        assert name in task


def test_the_docs_page_lists_every_operation(client):
    html = client.get("/api/v1/docs").get_data(as_text=True)
    spec = client.get("/api/v1/openapi.json").get_json()
    for path, item in spec["paths"].items():
        for method in item:
            if method in ("get", "post", "patch", "delete", "put"):
                assert re.search(rf">{method.upper()}</code> <code>{re.escape(path)}<", html), \
                    (method, path)
    assert "<script>" not in html


def test_profile_creates_shows_once_and_revokes_a_token(login, scene, app):
    browser = login(scene.chair)
    response = browser.post("/profile/tokens", {"token-name": "Hệ thống QLVB",
                                                "token-expires_on": ""}, form_url="/profile")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    secret = re.search(r'value="(bcd_[^"]+)"', response.get_data(as_text=True)).group(1)
    profile = browser.get("/profile").get_data(as_text=True)
    assert "Hệ thống QLVB" in profile and secret not in profile and secret[:12] in profile
    api_client = app.test_client(use_cookies=False)
    headers = {"Authorization": f"Bearer {secret}"}
    assert api_client.get("/api/v1/tasks", headers=headers).status_code == 200
    token = db.session.query(ApiToken).filter_by(name="Hệ thống QLVB").one()
    revoked = browser.post(f"/profile/tokens/{token.id}/revoke", {}, form_url="/profile")
    assert revoked.status_code == 302
    assert api_client.get("/api/v1/tasks", headers=headers).status_code == 401


def test_a_token_form_error_shows_next_to_the_field(login, scene):
    browser = login(scene.chair)
    response = browser.post("/profile/tokens", {"token-name": "", "token-expires_on": "2020-01-01"},
                            form_url="/profile")
    assert response.status_code == 422
    assert db.session.query(ApiToken).count() == 0


def test_someone_elses_token_cannot_be_revoked(login, scene):
    token, _ = tokens.create_token(scene.chair, "của chủ tịch")
    browser = login(scene.secretary)
    assert browser.post(f"/profile/tokens/{token.id}/revoke", {}, form_url="/profile"
                        ).status_code == 404
    assert token.revoked_at is None


def test_a_method_the_resource_does_not_have_is_a_405_that_says_which_it_has(api, scene, client):
    response = api(scene.chair).delete(f"tasks/{scene.task.id}")
    assert response.status_code == 405 and response.is_json
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "PATCH"}
    page = client.put("/login")
    assert page.status_code == 405 and "POST" in page.headers["Allow"]


def test_odd_text_in_the_token_exchange_is_refused_or_cleaned_never_a_crash(app, scene):
    client = app.test_client(use_cookies=False)
    for email in (scene.chair.email + "\x00", "\ud800@x.vn", "a" * 300):
        response = client.post("/api/v1/auth/token", json={"email": email, "password": "x"})
        assert response.status_code in (401, 422), (email, response.status_code)


def test_the_token_its_user_their_roles_and_the_choices_token_come_in_one_statement(app, scene):
    """Nearly every answer asks which committees the user sees, and every list the token of
    the committees' reference data (committees.choices): both come with the API token (and
    with a signed-in browser's user), not in statements of their own."""
    _token, secret = tokens.create_token(scene.lead_member, "script")
    stored_id = scene.lead_member.get_id()
    db.session.flush()
    written = db.session.scalar(sa.select(ChoicesVersion.token))
    assert written  # the scene's committee was written through the services
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        db.session.expunge_all()
        db.session.info.pop(CHOICES_INFO_KEY, None)  # as a new request's transaction
        token = tokens.token_for_secret(secret)
        assert [role.committee_id for role in token.user.committee_roles] == [
            scene.committee.id]
        assert choices_token() == written
        assert len(seen) == 1, seen

        db.session.expunge_all()
        db.session.info.pop(CHOICES_INFO_KEY, None)
        seen.clear()
        user = sessions.load_user(stored_id)
        assert [role.committee_id for role in user.committee_roles] == [scene.committee.id]
        assert choices_token() == written
        assert len(seen) == 1, seen
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
