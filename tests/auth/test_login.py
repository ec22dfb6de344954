"""Signing in and out: the right person gets in, nobody else, and not by guessing forever."""

from __future__ import annotations

import re

from tests.conftest import Browser
from tests.factories import TEST_PASSWORD, UserFactory
from tracker import create_app


def test_member_signs_in_and_lands_on_their_agencys_tasks(client):
    user = UserFactory(email="dat.nguyen@langson.gov.vn")
    browser = Browser(client)
    response = browser.post(
        "/login", {"email": "Dat.Nguyen@LangSon.gov.vn ", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/")
    assert browser.get("/profile").status_code == 200
    assert user.last_login_at is not None


def test_wrong_password_shows_the_error_next_to_the_password_field(client):
    UserFactory(email="vhttdl@langson.gov.vn")
    response = Browser(client).post(
        "/login", {"email": "vhttdl@langson.gov.vn", "password": "not the password"}
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    # The error sits right after the password input and is linked to it.
    assert re.search(r'id="password"[^>]*aria-describedby="password-error"', html) or re.search(
        r'aria-describedby="password-error"[^>]*id="password"', html)
    assert 'id="password-error"' in html
    # vi text asserted in tests/test_translations.py


def test_visitor_who_chose_english_reads_the_login_error_in_english(client):
    UserFactory(email="english@langson.gov.vn", language="en")
    browser = Browser(client)
    browser.post("/language/en", {"next": "/login"}, form_url="/login")
    response = browser.post("/login", {"email": "english@langson.gov.vn", "password": "wrong"})
    assert response.status_code == 422
    assert "E-mail or password is not correct." in response.get_data(as_text=True)


def test_unknown_address_gets_the_same_answer_as_a_wrong_password(client):
    response = Browser(client).post(
        "/login", {"email": "nobody@langson.gov.vn", "password": "whatever it is"},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 422
    assert "E-mail or password is not correct." in response.get_data(as_text=True)


def test_deactivated_account_cannot_sign_in(client):
    UserFactory(email="left@langson.gov.vn", is_active_account=False)
    response = Browser(client).post(
        "/login", {"email": "left@langson.gov.vn", "password": TEST_PASSWORD}
    )
    assert response.status_code == 422
    assert client.get("/profile").status_code == 302  # still signed out


def test_login_without_csrf_token_is_refused(client):
    UserFactory(email="csrf@langson.gov.vn")
    response = client.post("/login", data={"email": "csrf@langson.gov.vn",
                                           "password": TEST_PASSWORD})
    assert response.status_code == 400


def test_next_parameter_cannot_send_the_user_to_another_site(client):
    user = UserFactory()
    response = Browser(client).post(
        "/login?next=//evil.example/phish", {"email": user.email, "password": TEST_PASSWORD},
        form_url="/login",
    )
    assert response.status_code == 302
    assert "evil.example" not in response.headers["Location"]


def test_sign_out_ends_the_session(login):
    browser = login(UserFactory())
    response = browser.post("/logout", form_url="/profile")
    assert response.status_code == 302
    assert browser.get("/profile").status_code == 302


def test_too_many_login_attempts_are_answered_429(app, tmp_path):
    UserFactory(email="guess@langson.gov.vn")
    # A second app on the same database (and the same test transaction via db.session),
    # with a small limit so the test stays fast.
    limited = create_app(
        "testing", LOGIN_RATE_LIMIT="3 per minute",
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
        UPLOAD_DIR=str(tmp_path), SERVER_NAME="localhost",
    )
    browser = Browser(limited.test_client())
    statuses = [
        browser.post("/login", {"email": "guess@langson.gov.vn", "password": f"guess {i}"})
        .status_code
        for i in range(4)
    ]
    assert statuses == [422, 422, 422, 429]
    # Even the right password waits until the window has passed.
    response = browser.post("/login", {"email": "guess@langson.gov.vn", "password": TEST_PASSWORD})
    assert response.status_code == 429


def _limited_app(app, tmp_path, **config):
    return create_app(
        "testing", LOGIN_RATE_LIMIT="2 per minute",
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
        UPLOAD_DIR=str(tmp_path), SERVER_NAME="localhost", **config,
    )


def _guesses(browser, client_address: str, count: int) -> list[int]:
    headers = {"X-Forwarded-For": client_address}
    return [
        browser.post("/login", {"email": "guess@langson.gov.vn", "password": f"guess {i}"},
                     headers=headers).status_code
        for i in range(count)
    ]


def test_behind_a_proxy_each_client_has_its_own_login_limit(app, tmp_path):
    browser = Browser(_limited_app(app, tmp_path, PROXY_HOPS=1).test_client())
    assert _guesses(browser, "203.0.113.7", 3) == [422, 422, 429]
    # Another office behind the same nginx is not locked out by the first one's typos.
    assert _guesses(browser, "198.51.100.20", 2) == [422, 422]


def test_without_a_proxy_a_forged_forwarded_header_does_not_reset_the_limit(app, tmp_path):
    browser = Browser(_limited_app(app, tmp_path).test_client())
    assert _guesses(browser, "203.0.113.7", 2) == [422, 422]
    assert _guesses(browser, "198.51.100.20", 1) == [429]
