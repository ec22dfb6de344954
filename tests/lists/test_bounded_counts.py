"""A list's count stops past a cap ("more than 10,000 items"), so it costs the same at 100k
and 1M tasks; it is exact below the cap and up to the end of the page asked for, and paging
on past the cap still works, on the site and in the API."""

from __future__ import annotations

import pytest

from tests.api.conftest import ApiClient
from tests.tasks.scenes import in_days, lang_son_scene
from tracker import paging
from tracker.extensions import db


@pytest.fixture
def twelve_overdue(monkeypatch):
    """The Lạng Sơn scene with 12 overdue tasks, and a cap of 5 rows."""
    monkeypatch.setattr(paging, "COUNT_CAP", 5)
    scene = lang_son_scene()
    for days in range(1, 12):
        scene.add_task(title=f"Báo cáo quá hạn {days}", deadline=in_days(-days - 10))
    db.session.commit()
    return scene


def test_the_count_is_exact_up_to_the_cap_and_a_lower_bound_past_it(app, twelve_overdue):
    from tracker.tasks.queries import TaskFilters, counted_task_list

    listed = counted_task_list(twelve_overdue.chair, TaskFilters(category="overdue"))
    first = paging.paginate_rows(listed, page=1, per_page=2)
    assert (first.total, first.total_exact, first.pages, first.has_next) == (5, False, 3, True)
    third = paging.paginate_rows(listed, page=3, per_page=2)
    assert (third.total, third.total_exact, third.has_next) == (6, False, True)
    last = paging.paginate_rows(listed, page=6, per_page=2)
    assert (last.total, last.total_exact, last.pages, last.has_next) == (12, True, 6, False)
    assert len(last.items) == 2
    small = paging.paginate_rows(
        counted_task_list(twelve_overdue.chair, TaskFilters(category="due_soon")), 1, 2)
    assert (small.total, small.total_exact) == (0, True)
    every_row = [row for page in range(1, 7)
                 for row in paging.paginate_rows(listed, page, 2).items]
    assert len({row[0].id for row in every_row}) == 12


def test_the_site_says_more_than_and_offers_the_next_page(login, twelve_overdue):
    browser = login(twelve_overdue.chair)
    page = browser.get("/tasks?category=overdue&per_page=2").get_data(as_text=True)
    assert "More than 5 items" in page and 'rel="next"' in page
    last = browser.get("/tasks?category=overdue&per_page=2&page=6").get_data(as_text=True)
    assert "Page 6 of 6" in last and "12 items" in last and 'rel="next"' not in last


def test_the_api_says_whether_the_total_is_exact(app, twelve_overdue):
    client = ApiClient(app.test_client(use_cookies=False), twelve_overdue.chair, "en")
    first = client.get("tasks?category=overdue&per_page=2").get_json()
    assert (first["total"], first["total_exact"], first["pages"]) == (5, False, 3)
    last = client.get("tasks?category=overdue&per_page=2&page=6").get_json()
    assert (last["total"], last["total_exact"], len(last["items"])) == (12, True, 2)
    exact = client.get(f"committees/{twelve_overdue.committee.id}/resolutions").get_json()
    assert exact["total_exact"] is True
