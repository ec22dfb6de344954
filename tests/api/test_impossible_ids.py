"""An id no row could have, in an API path: 404 whatever the method, never 405 or 500."""

from __future__ import annotations

import pytest

from tests.factories import UserFactory


@pytest.mark.parametrize("method", ["GET", "PATCH", "POST", "DELETE"])
@pytest.mark.parametrize("task_id", ["0", "2147483648", "3000000000", "454242453401387", "007"])
def test_an_impossible_id_is_404_whatever_the_method(api, method, task_id):
    """Not 405: /api/v1/tasks/<id> has a GET and a PATCH rule, and werkzeug decides 405
    while matching paths, before converting the id; the range is in the id's regex."""
    client = api(UserFactory(is_admin=True, agency=None))
    response = client._call(method, f"tasks/{task_id}")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_the_largest_possible_id_is_looked_up(api):
    client = api(UserFactory(is_admin=True, agency=None))
    assert client.patch("tasks/2147483647", json={"priority": "low"}).status_code == 404
