"""Passwords are stored as argon2 hashes and changed only by someone who knows the current one."""

from __future__ import annotations

from tests.factories import TEST_PASSWORD, UserFactory
from tracker.auth import services
from tracker.auth.passwords import verify_password
from tracker.history.services import entries_for


def test_new_account_password_is_stored_as_an_argon2_hash():
    user = services.create_user(email="new@langson.gov.vn", name="Hoàng Văn Nam",
                                password="mật khẩu rất dài")
    assert user.password_hash.startswith("$argon2id$")
    assert "mật khẩu" not in user.password_hash
    assert verify_password(user.password_hash, "mật khẩu rất dài")


def test_user_changes_their_password_and_signs_in_with_the_new_one(login, client):
    user = UserFactory()
    browser = login(user)
    response = browser.post("/profile", {
        "which": "password", "password-current_password": TEST_PASSWORD,
        "password-new_password": "a brand new passphrase",
        "password-confirm": "a brand new passphrase",
    })
    assert response.status_code == 302
    assert verify_password(user.password_hash, "a brand new passphrase")
    assert [e.action for e in entries_for("user", user.id)] == ["password_changed"]
    browser.post("/logout", form_url="/profile")
    login(user, password="a brand new passphrase")


def test_wrong_current_password_is_refused_next_to_the_field_and_nothing_changes(login):
    user = UserFactory(language="en")
    old_hash = user.password_hash
    browser = login(user)
    response = browser.post("/profile", {
        "which": "password", "password-current_password": "not my password",
        "password-new_password": "a brand new passphrase",
        "password-confirm": "a brand new passphrase",
    })
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="password-current_password-error"' in html
    assert "The current password is not correct." in html
    assert user.password_hash == old_hash
    assert entries_for("user", user.id) == []


def test_new_password_must_be_repeated_identically(login):
    user = UserFactory(language="en")
    old_hash = user.password_hash
    response = login(user).post("/profile", {
        "which": "password", "password-current_password": TEST_PASSWORD,
        "password-new_password": "a brand new passphrase",
        "password-confirm": "a different passphrase",
    })
    assert response.status_code == 422
    assert "The passwords differ." in response.get_data(as_text=True)
    assert user.password_hash == old_hash


def test_user_switches_their_language_on_the_profile(login):
    user = UserFactory(name="Lý Thị Hoa", language="vi")
    response = login(user).post("/profile", {
        "which": "profile", "profile-name": "Lý Thị Hoa", "profile-language": "en",
        "profile-mail_optional": "y",  # as the browser sends the ticked box
    })
    assert response.status_code == 302
    assert user.language == "en"
    assert entries_for("user", user.id)[-1].changes == {"language": ["vi", "en"]}


def test_profile_with_an_unknown_language_changes_nothing(login):
    user = UserFactory(language="vi")
    response = login(user).post("/profile", {
        "which": "profile", "profile-name": "Someone", "profile-language": "fr",
    })
    assert response.status_code == 422
    assert user.language == "vi"
