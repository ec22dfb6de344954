"""Password guessing is limited per client address and per account, and every place that
checks a password (the site's login, the API's token exchange, the profile's current
password) counts against the same two limits."""

from __future__ import annotations

from tests.conftest import Browser
from tests.factories import TEST_PASSWORD, UserFactory
from tracker import create_app

WRONG = "a wrong guess"


def _limited_app(app, tmp_path, **limits):
    """A second app on the test's database with small limits of its own (fresh counters)."""
    config = {"LOGIN_RATE_LIMIT": "1000 per minute", "LOGIN_ACCOUNT_RATE_LIMIT": "1000 per minute"}
    config.update(limits)
    return create_app(
        "testing", SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
        UPLOAD_DIR=str(tmp_path), SERVER_NAME="localhost", **config,
    )


def _site_guess(client, email: str, address: str, password: str = WRONG) -> int:
    return Browser(client).post("/login", {"email": email, "password": password},
                                environ_base={"REMOTE_ADDR": address}).status_code


def _api_guess(client, email: str, address: str, password: str = WRONG) -> int:
    return client.post("/api/v1/auth/token", json={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address}).status_code


def test_ten_guesses_for_one_account_from_many_addresses_and_both_doors_are_enough(
        app, tmp_path):
    user = UserFactory(email="chanh.vp@langson.gov.vn")
    limited = _limited_app(app, tmp_path, LOGIN_ACCOUNT_RATE_LIMIT="10 per minute")
    client = limited.test_client()
    codes = []
    for i in range(10):
        address = f"203.0.113.{i + 1}"
        guess = _site_guess if i % 2 else _api_guess
        # Upper case and spaces are the same account.
        email = user.email.upper() if i % 3 == 0 else f" {user.email} "
        codes.append(guess(client, email, address))
    assert codes == [401, 422] * 5
    assert _site_guess(client, user.email, "198.51.100.1") == 429
    assert _api_guess(client, user.email, "198.51.100.2") == 429
    # Even the right password waits; other accounts are not affected.
    assert _site_guess(client, user.email, "198.51.100.3", TEST_PASSWORD) == 429
    other = UserFactory()
    assert _site_guess(client, other.email, "198.51.100.4", TEST_PASSWORD) == 302


def test_the_site_login_and_the_token_exchange_share_the_limit_per_address(app, tmp_path):
    client = _limited_app(app, tmp_path, LOGIN_RATE_LIMIT="3 per minute").test_client()
    emails = [UserFactory().email for _ in range(4)]  # one account each: only the address
    assert _site_guess(client, emails[0], "203.0.113.5") == 422
    assert _api_guess(client, emails[1], "203.0.113.5") == 401
    assert _site_guess(client, emails[2], "203.0.113.5") == 422
    assert _api_guess(client, emails[3], "203.0.113.5") == 429
    assert _site_guess(client, emails[3], "203.0.113.5") == 429
    assert _api_guess(client, emails[3], "203.0.113.6") == 401


def test_the_profiles_current_password_check_counts_as_a_guess(app, tmp_path):
    user = UserFactory()
    limited = _limited_app(app, tmp_path, LOGIN_ACCOUNT_RATE_LIMIT="3 per minute")
    browser = Browser(limited.test_client(), user)
    assert browser.post("/login", {"email": user.email, "password": TEST_PASSWORD},
                        form_url="/login").status_code == 302  # 1
    # Saving the name is not a password check and is not counted.
    for _ in range(3):
        assert browser.post("/profile", {"which": "profile", "profile-name": user.name,
                                         "profile-language": "vi"}).status_code == 302

    def guess() -> int:
        return browser.post("/profile", {
            "which": "password", "password-current_password": WRONG,
            "password-new_password": "a brand new passphrase",
            "password-confirm": "a brand new passphrase"}).status_code

    assert [guess(), guess(), guess()] == [422, 422, 429]
    # The account's counter is the login's too.
    other_computer = limited.test_client()
    assert _site_guess(other_computer, user.email, "198.51.100.9", TEST_PASSWORD) == 429
