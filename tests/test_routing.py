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
