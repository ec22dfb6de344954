"""Page numbers on the API's lists: an impossible page or page size is a 422 naming the
parameter (the API says what it refused rather than guessing), the largest page an empty
page, never a 500."""

from __future__ import annotations

import pytest

from tests.lists.test_paging import ODD_PAGES, paging_world


@pytest.fixture
def world():
    return paging_world()


def _api_lists(scene):
    committee_id, task_id = scene.committee.id, scene.task.id
    return ["tasks", "agencies", "committees", "users", f"committees/{committee_id}/members",
            f"committees/{committee_id}/roles", f"committees/{committee_id}/meetings",
            f"committees/{committee_id}/resolutions", f"committees/{committee_id}/summaries",
            f"tasks/{task_id}/updates", f"tasks/{task_id}/extensions",
            f"tasks/{task_id}/history"]


@pytest.mark.parametrize("key", ["page", "per_page"])
@pytest.mark.parametrize("value", ODD_PAGES)
def test_every_api_list_refuses_an_impossible_page_naming_the_field(api, world, key, value):
    scene, admin = world
    client = api(admin)
    for path in _api_lists(scene):
        response = client.get(f"{path}?{key}={value}")
        if value == "":
            assert response.status_code in (200, 422), path
            continue
        assert response.status_code == 422, (path, response.get_data(as_text=True)[:300])
        assert key in response.get_json()["error"]["fields"], path


def test_every_api_list_answers_the_largest_page(api, world):
    from tracker.paging import MAX_PAGE

    scene, admin = world
    client = api(admin)
    for path in _api_lists(scene):
        response = client.get(f"{path}?page={MAX_PAGE}&per_page=200")
        assert response.status_code == 200, path
        assert response.get_json()["items"] == []
