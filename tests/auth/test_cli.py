"""``flask --app wsgi create-admin``: the first administrator, with or without a prompt."""

from __future__ import annotations

from tracker.auth.passwords import verify_password
from tracker.auth.services import find_user_by_email


def test_create_admin_with_password_option_needs_no_prompt(app):
    result = app.test_cli_runner().invoke(
        args=["create-admin", "Admin@LangSon.gov.vn", "--password", "quản trị 2024!"]
    )
    assert result.exit_code == 0, result.output
    admin = find_user_by_email("admin@langson.gov.vn")
    assert admin is not None and admin.is_admin
    assert verify_password(admin.password_hash, "quản trị 2024!")


def test_create_admin_prompts_for_the_password_twice_when_left_out(app):
    result = app.test_cli_runner().invoke(
        args=["create-admin", "prompted@langson.gov.vn"],
        input="một mật khẩu dài\nmột mật khẩu dài\n",
    )
    assert result.exit_code == 0, result.output
    assert "Password" in result.output
    admin = find_user_by_email("prompted@langson.gov.vn")
    assert admin.is_admin and verify_password(admin.password_hash, "một mật khẩu dài")


def test_create_admin_refuses_a_short_password(app):
    result = app.test_cli_runner().invoke(args=["create-admin", "x@langson.gov.vn",
                                                "--password", "short"])
    assert result.exit_code != 0
    assert find_user_by_email("x@langson.gov.vn") is None


def test_create_admin_on_an_existing_account_makes_it_admin_and_sets_the_password(app):
    from tests.factories import UserFactory

    user = UserFactory(email="existing@langson.gov.vn", is_admin=False, is_active_account=False)
    result = app.test_cli_runner().invoke(
        args=["create-admin", "existing@langson.gov.vn", "--password", "now an admin 2024"]
    )
    assert result.exit_code == 0, result.output
    assert user.is_admin and user.is_active_account
    assert verify_password(user.password_hash, "now an admin 2024")
