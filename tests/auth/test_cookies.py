"""Session and remember-me cookies: not readable by scripts, not sent cross-site, short-lived."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

from config import ProductionConfig
from tests.conftest import Browser
from tests.factories import TEST_PASSWORD, UserFactory


def _cookies(response) -> dict[str, str]:
    return {h.split("=", 1)[0]: h for h in response.headers.getlist("Set-Cookie")}


def _sign_in(client, remember: bool):
    user = UserFactory()
    data = {"email": user.email, "password": TEST_PASSWORD}
    if remember:
        data["remember"] = "y"
    response = Browser(client).post("/login", data)
    assert response.status_code == 302
    return response


def test_session_cookie_is_httponly_and_samesite_lax(client):
    cookie = _cookies(_sign_in(client, remember=False))["session"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_remember_me_cookie_is_httponly_samesite_lax_and_lasts_at_most_14_days(client):
    cookie = _cookies(_sign_in(client, remember=True))["remember_token"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    expires = next(p.split("=", 1)[1] for p in cookie.split("; ") if p.startswith("Expires="))
    lifetime = parsedate_to_datetime(expires) - datetime.now(UTC)
    assert timedelta(days=13) < lifetime <= timedelta(days=14)


def test_production_config_sends_cookies_only_over_https():
    assert ProductionConfig.SESSION_COOKIE_SECURE is True
    assert ProductionConfig.REMEMBER_COOKIE_SECURE is True
    assert timedelta(days=14) >= ProductionConfig.REMEMBER_COOKIE_DURATION


def test_production_app_marks_the_session_cookie_secure(app, monkeypatch, tmp_path):
    from tracker import create_app

    monkeypatch.setenv("SECRET_KEY", "a-real-secret-for-this-test")
    monkeypatch.setenv("DATABASE_URL", app.config["SQLALCHEMY_DATABASE_URI"])
    production = create_app(
        "production", SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
        UPLOAD_DIR=str(tmp_path), SECRET_KEY="a-real-secret-for-this-test",
    )
    client = production.test_client()
    user = UserFactory()
    # Secure cookies only travel over HTTPS, so the browser speaks HTTPS here.
    html = client.get("/login", base_url="https://localhost").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    # Over HTTPS, Flask-WTF also checks that the form came from this site.
    response = client.post("/login", base_url="https://localhost",
                           headers={"Referer": "https://localhost/login"}, data={
        "email": user.email, "password": TEST_PASSWORD, "remember": "y", "csrf_token": token,
    })
    assert response.status_code == 302
    cookies = _cookies(response)
    assert "Secure" in cookies["session"]
    assert "Secure" in cookies["remember_token"]
