"""Sessions that end: logout, a password change, an admin's reset, deactivation and
"sign out everywhere" end every copy of a sign-in (session cookie, remember-me cookie,
API token after a reset), and remember-me lasts 14 days on the server too."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.conftest import Browser
from tests.factories import TEST_PASSWORD, UserFactory
from tracker.auth import sessions, tokens
from tracker.clock import utcnow

NEW_PASSWORD = "một mật khẩu hoàn toàn mới"


def _signed_in(app, user, remember: bool = False) -> Browser:
    """A browser of its own (own cookies) signed in as ``user``."""
    browser = Browser(app.test_client(), user)
    data = {"email": user.email, "password": TEST_PASSWORD}
    if remember:
        data["remember"] = "y"
    response = browser.post("/login", data, form_url="/login")
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return browser


def _cookie(browser, name: str) -> str:
    cookie = browser.client.get_cookie(name)
    assert cookie is not None, f"no {name} cookie"
    return cookie.value


def _replay(app, name: str, value: str) -> int:
    """What a browser holding only a copy of this cookie gets for the profile page."""
    client = app.test_client()
    client.set_cookie(name, value)
    return client.get("/profile").status_code


def _change_password(browser) -> int:
    return browser.post("/profile", {
        "which": "password", "password-current_password": TEST_PASSWORD,
        "password-new_password": NEW_PASSWORD, "password-confirm": NEW_PASSWORD,
    }).status_code


def _reset_by_admin(app, user) -> int:
    admin = UserFactory(is_admin=True, agency=None, language="en")
    url = f"/admin/users/{user.id}"
    return _signed_in(app, admin).post(f"{url}/password", {"new_password": NEW_PASSWORD},
                                       form_url=url).status_code


def test_a_remember_cookie_replayed_alone_signs_in_before_anything_ends_it(app):
    user = UserFactory()
    remembered = _cookie(_signed_in(app, user, remember=True), "remember_token")
    assert _replay(app, "remember_token", remembered) == 200


def test_a_remember_cookie_replayed_after_logout_is_refused(app):
    browser = _signed_in(app, UserFactory(), remember=True)
    remembered = _cookie(browser, "remember_token")
    assert browser.post("/logout", form_url="/profile").status_code == 302
    assert browser.client.get_cookie("remember_token") is None  # the browser forgets it too
    assert _replay(app, "remember_token", remembered) == 302


def test_a_session_cookie_copied_before_logout_is_refused_after_it(app):
    browser = _signed_in(app, UserFactory())
    copied = _cookie(browser, "session")
    assert _replay(app, "session", copied) == 200
    browser.post("/logout", form_url="/profile")
    assert _replay(app, "session", copied) == 302


def test_a_password_change_ends_the_other_sessions_but_not_this_one(app):
    user = UserFactory()
    other_computer = _signed_in(app, user)
    browser = _signed_in(app, user, remember=True)
    remembered = _cookie(browser, "remember_token")
    assert _change_password(browser) == 302
    assert browser.get("/profile").status_code == 200
    assert other_computer.get("/profile").status_code == 302
    assert _replay(app, "remember_token", remembered) == 302
    # This browser's remember-me cookie was renewed with the new password's sign-in.
    assert _replay(app, "remember_token", _cookie(browser, "remember_token")) == 200


def test_an_admin_reset_ends_every_session_and_revokes_the_api_tokens(app):
    user = UserFactory()
    browser = _signed_in(app, user, remember=True)
    remembered = _cookie(browser, "remember_token")
    _, secret = tokens.create_token(user, "báo cáo tuần")
    api = app.test_client(use_cookies=False)
    headers = {"Authorization": f"Bearer {secret}"}
    assert api.get("/api/v1/tasks", headers=headers).status_code == 200
    assert _reset_by_admin(app, user) == 302
    assert browser.get("/profile").status_code == 302
    assert _replay(app, "remember_token", remembered) == 302
    assert api.get("/api/v1/tasks", headers=headers).status_code == 401
    assert tokens.tokens_of(user) == []
    # The new password works, and so does a token made after the reset.
    made = api.post("/api/v1/auth/token", json={"email": user.email, "password": NEW_PASSWORD})
    assert made.status_code == 201
    new_headers = {"Authorization": f"Bearer {made.get_json()['token']}"}
    assert api.get("/api/v1/tasks", headers=new_headers).status_code == 200


def test_the_reset_form_says_that_tokens_and_sessions_end(app):
    admin = UserFactory(is_admin=True, agency=None, language="en")
    user = UserFactory(language="en")
    html = _signed_in(app, admin).get(f"/admin/users/{user.id}").get_data(as_text=True)
    assert "signs the person out everywhere and revokes their API tokens" in html


def test_an_admin_resetting_their_own_password_stays_signed_in(app):
    admin = UserFactory(is_admin=True, agency=None, language="en")
    browser = _signed_in(app, admin)
    url = f"/admin/users/{admin.id}"
    assert browser.post(f"{url}/password", {"new_password": NEW_PASSWORD},
                        form_url=url).status_code == 302
    assert browser.get(url).status_code == 200


def test_deactivation_ends_the_open_sessions(app):
    user = UserFactory()
    browser = _signed_in(app, user, remember=True)
    remembered = _cookie(browser, "remember_token")
    admin = UserFactory(is_admin=True, agency=None, language="en")
    url = f"/admin/users/{user.id}"
    assert _signed_in(app, admin).post(f"{url}/deactivate", form_url=url).status_code == 302
    assert browser.get("/profile").status_code == 302
    assert _replay(app, "remember_token", remembered) == 302


def test_sign_out_everywhere_ends_every_session_of_the_user(app):
    user = UserFactory(language="en")
    other_computer = _signed_in(app, user, remember=True)
    remembered = _cookie(other_computer, "remember_token")
    browser = _signed_in(app, user)
    assert "Sign out everywhere" in browser.get("/profile").get_data(as_text=True)
    response = browser.post("/profile/sign-out-everywhere", form_url="/profile")
    assert response.status_code == 302 and response.location.endswith("/login")
    assert browser.get("/profile").status_code == 302
    browser_with_cookie = _signed_in(app, user, remember=True)
    browser_with_cookie.post("/profile/sign-out-everywhere", form_url="/profile")
    assert browser_with_cookie.client.get_cookie("remember_token") is None
    assert other_computer.get("/profile").status_code == 302
    assert _replay(app, "remember_token", remembered) == 302
    # The next sign-in works as usual.
    assert _signed_in(app, user).get("/profile").status_code == 200


def test_sign_out_everywhere_needs_the_csrf_token(app):
    browser = _signed_in(app, UserFactory())
    assert browser.client.post("/profile/sign-out-everywhere").status_code == 400
    assert browser.get("/profile").status_code == 200


@pytest.mark.parametrize(("days", "status"), [(13, 200), (15, 302)])
def test_a_remember_cookie_ends_after_14_days_even_if_the_browser_keeps_it(
        app, monkeypatch, days, status):
    remembered = _cookie(_signed_in(app, UserFactory(), remember=True), "remember_token")
    later = utcnow() + timedelta(days=days)
    monkeypatch.setattr(sessions, "utcnow", lambda: later)
    assert _replay(app, "remember_token", remembered) == status


def test_a_remembered_sign_in_survives_more_than_one_request(app):
    remembered = _cookie(_signed_in(app, UserFactory(), remember=True), "remember_token")
    client = app.test_client()
    client.set_cookie("remember_token", remembered)
    assert [client.get("/profile").status_code for _ in range(3)] == [200, 200, 200]


def test_a_forged_or_old_style_session_id_is_refused(app):
    user = UserFactory()
    with app.test_request_context():
        assert sessions.load_user(str(user.id)) is None  # the id alone, as before
        assert sessions.load_user(f"{user.id}:wrong:{int(utcnow().timestamp())}") is None
        assert sessions.load_user("x:y:z") is None
        good = f"{user.id}:{user.session_token}:{int(utcnow().timestamp())}"
        assert sessions.load_user(good) is user


# --- Flask-Login's "strong" protection and X-Forwarded-For -------------------------------

def test_a_forwarded_for_header_does_not_change_the_session_identifier(app):
    with app.test_request_context(environ_base={"REMOTE_ADDR": "192.0.2.10"},
                                  headers={"User-Agent": "Firefox"}):
        plain = app.login_manager._session_identifier_generator()
    with app.test_request_context(environ_base={"REMOTE_ADDR": "192.0.2.10"},
                                  headers={"User-Agent": "Firefox",
                                           "X-Forwarded-For": "203.0.113.9"}):
        forwarded = app.login_manager._session_identifier_generator()
    assert plain == forwarded


def test_a_stolen_session_is_not_accepted_from_elsewhere_by_forging_the_header(app):
    user = UserFactory()
    browser = Browser(app.test_client(), user)
    victim = {"REMOTE_ADDR": "192.0.2.10"}
    response = browser.post("/login", {"email": user.email, "password": TEST_PASSWORD},
                            form_url="/login", environ_base=victim)
    assert response.status_code == 302
    assert browser.get("/profile", environ_base=victim).status_code == 200
    # A changed forwarded header from the same address does not sign the user out ...
    assert browser.get("/profile", environ_base=victim,
                       headers={"X-Forwarded-For": "198.51.100.1"}).status_code == 200
    # ... and the copied cookie from another address, claiming the victim's, is refused.
    thief = app.test_client()
    thief.set_cookie("session", _cookie(browser, "session"))
    assert thief.get("/profile", environ_base={"REMOTE_ADDR": "198.51.100.66"},
                     headers={"X-Forwarded-For": "192.0.2.10"}).status_code == 302


def test_behind_a_proxy_the_session_follows_the_client_address_the_proxy_saw(app, tmp_path):
    from tracker import create_app

    proxied = create_app("testing", PROXY_HOPS=1, UPLOAD_DIR=str(tmp_path),
                         SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                         SERVER_NAME="localhost")
    user = UserFactory()
    browser = Browser(proxied.test_client(), user)
    office = {"X-Forwarded-For": "192.0.2.10"}
    assert browser.post("/login", {"email": user.email, "password": TEST_PASSWORD},
                        form_url="/login", headers=office).status_code == 302
    assert browser.get("/profile", headers=office).status_code == 200
    # The same cookie from another client of the proxy is not this session.
    assert browser.get("/profile", headers={"X-Forwarded-For": "198.51.100.66"}
                       ).status_code == 302
