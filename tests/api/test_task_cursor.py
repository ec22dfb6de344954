"""Keyset pages of the task list (``?after=``): following ``next_after`` from the first
page gives every row once, in the order of ``page``, for every sort (standing duties with
no deadline included) in both directions; a cursor of another sort, or not a cursor, is a
422 naming ``after``; rows added meanwhile do not shift the next page."""

from __future__ import annotations

import pytest

from tests.tasks.scenes import in_days
from tracker.extensions import db
from tracker.tasks.queries import SORT_KEYS


@pytest.fixture
def listed(scene):
    """Tasks of every category, with ties on deadline, title and progress."""
    for days in (-20, -20, -3, 0, 2, 2, 15, 60, 60):
        scene.add_task(title=f"Kiểm tra {days % 3}", deadline=in_days(days),
                       progress=days % 4 * 20)
    for _ in range(3):
        scene.add_task(title="Thường xuyên báo cáo", deadline=None, original_deadline=None)
    scene.add_task(deadline=in_days(-5), state="done", progress=100,
                   completed_on=in_days(-6), submitted_on=in_days(-6))
    scene.add_task(deadline=in_days(5), state="cancelled", cancel_reason="Không còn cần")
    db.session.commit()
    return scene


def _by_cursor(client, query: str) -> list[int]:
    ids, after, pages = [], None, 0
    while True:
        body = client.get(f"tasks?{query}&per_page=4" + (f"&after={after}" if after else "")
                          ).get_json()
        assert "items" in body, body
        ids += [item["id"] for item in body["items"]]
        after, pages = body["next_after"], pages + 1
        if after is None:
            return ids
        assert pages < 20


@pytest.mark.parametrize("sort", [*SORT_KEYS, *(f"-{key}" for key in SORT_KEYS)])
@pytest.mark.parametrize("category", ["", "overdue", "due_soon"])
def test_following_the_cursor_gives_the_pages_rows_in_order(api, listed, sort, category):
    client = api(listed.chair)
    query = f"sort={sort}" + (f"&category={category}" if category else "")
    whole = client.get(f"tasks?{query}&per_page=200").get_json()
    assert whole["next_after"] is None
    assert _by_cursor(client, query) == [item["id"] for item in whole["items"]]


def test_rows_added_meanwhile_do_not_shift_the_next_page(api, listed):
    client = api(listed.chair)
    first = client.get("tasks?sort=deadline&per_page=4").get_json()
    listed.add_task(title="Mới thêm", deadline=in_days(-400))  # sorts before the first page
    db.session.commit()
    second = client.get(f"tasks?sort=deadline&per_page=4&after={first['next_after']}").get_json()
    by_page = client.get("tasks?sort=deadline&per_page=4&page=2").get_json()
    assert [t["id"] for t in second["items"]] != [t["id"] for t in by_page["items"]]
    assert second["items"][0]["id"] == by_page["items"][1]["id"]


@pytest.mark.parametrize("after", ["abc", "!!!", "W10", "eyJhIjoxfQ", "x" * 1001])
def test_a_cursor_that_is_not_one_is_refused_naming_after(api, listed, after):
    response = api(listed.chair).get(f"tasks?after={after}")
    assert response.status_code == 422
    assert "after" in response.get_json()["error"]["fields"]


def test_a_cursor_of_another_sort_is_refused(api, listed):
    client = api(listed.chair)
    cursor = client.get("tasks?sort=title&per_page=2").get_json()["next_after"]
    assert client.get(f"tasks?sort=title&after={cursor}").status_code == 200
    response = client.get(f"tasks?sort=-title&after={cursor}")
    assert response.status_code == 422 and "after" in response.get_json()["error"]["fields"]
