"""Ids in URLs: a number no row could have is a plain 404, on every route, never a 500."""

import pytest

from tests.factories import UserFactory


@pytest.mark.parametrize("path", [
    "/tasks/0", "/tasks/2147483648", "/tasks/99999999999999999999999",
    "/resolutions/9223372036854775808", "/committees/18446744073709551616/dashboard",
    "/admin/agencies/4294967296/edit",
])
def test_impossible_ids_are_not_found(login, path):
    browser = login(UserFactory(is_admin=True, agency=None))
    assert browser.get(path).status_code == 404


def test_the_largest_possible_id_is_looked_up_and_simply_missing(login):
    browser = login(UserFactory(is_admin=True, agency=None))
    assert browser.get("/tasks/2147483647").status_code == 404


@pytest.mark.parametrize(("target", "kept"), [
    ("/tasks/3#reports", "/tasks/3#reports"),
    ("/committees/1/dashboard?x=1", "/committees/1/dashboard?x=1"),
    ("//evil.example/", None),
    ("https://evil.example/", None),
    ("/\\evil.example", None),  # browsers read a backslash as a slash
    ("javascript:alert(1)", None),
    ("", None),
    (None, None),
])
def test_only_paths_on_this_site_are_followed_after_a_form(target, kept):
    from tracker.routing import safe_local_path

    assert safe_local_path(target) == kept


def test_login_does_not_follow_a_backslash_redirect(client):
    from tests.conftest import Browser
    from tests.factories import TEST_PASSWORD

    user = UserFactory()
    response = Browser(client).post("/login?next=/%5Cevil.example",
                                    {"email": user.email, "password": TEST_PASSWORD},
                                    form_url="/login")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("maximum", [1, 9, 10, 99, 100, 305, 1000, 2**31 - 1])
def test_the_id_regex_matches_exactly_one_to_the_maximum(maximum):
    import re

    from tracker.routing import range_regex

    pattern = re.compile(range_regex(maximum) + r"\Z")
    samples = {*range(0, min(maximum, 2000) + 50), maximum - 1, maximum, maximum + 1,
               maximum * 10, 2**31, 2**32, 10**11}
    for number in samples:
        assert bool(pattern.match(str(number))) == (1 <= number <= maximum), number
    assert not pattern.match("01") and not pattern.match("-1") and not pattern.match("")

