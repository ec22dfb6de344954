"""A user names the filters of /tasks and comes back to them; built-in views always there."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.factories import AgencyFactory, CommitteeFactory, member_of
from tracker.extensions import db
from tracker.tasks.models import SavedView


@pytest.fixture
def committee():
    return CommitteeFactory()


@pytest.fixture
def chair(committee):
    standing = AgencyFactory(name="Sở Văn hóa, Thể thao và Du lịch")
    return member_of(committee, "chair", agency=standing, language="en")


def _save(browser, name, query):
    return browser.post("/tasks/views", {"view-name": name, "view-query": query},
                        form_url="/tasks")


def _views(user):
    return list(db.session.scalars(select(SavedView).where(SavedView.user_id == user.id)
                                   .order_by(SavedView.id)))


def test_chair_saves_the_current_filters_and_finds_them_on_the_list(chair, login):
    browser = login(chair)
    page = browser.get("/tasks?category=overdue&sort=-deadline&page=3&junk=1")
    assert "Save this view" in page.get_data(as_text=True)
    response = browser.post("/tasks/views", {
        "view-name": "Quá hạn – Công an tỉnh",
        "view-query": "category=overdue&sort=-deadline&page=3&junk=1&agency=7"},
        form_url="/tasks")
    assert response.status_code == 302
    [view] = _views(chair)
    assert view.name == "Quá hạn – Công an tỉnh"
    # Only what the list understands is kept; the page number is not a filter.
    assert view.query_string == "agency=7&category=overdue&sort=-deadline"
    assert response.headers["Location"].endswith("/tasks?agency=7&category=overdue&sort=-deadline")
    html = browser.get("/tasks").get_data(as_text=True)
    assert "Quá hạn – Công an tỉnh" in html
    assert 'href="/tasks?agency=7&amp;category=overdue&amp;sort=-deadline"' in html


def test_the_built_in_views_are_always_offered(chair, login):
    html = login(chair).get("/tasks").get_data(as_text=True)
    assert "Overdue by agency" in html
    assert 'href="/tasks?category=overdue&amp;sort=agency"' in html
    assert 'href="/my-agency"' in html


def test_a_view_needs_a_name_not_already_used(chair, login):
    browser = login(chair)
    assert _save(browser, "Quá hạn", "category=overdue").status_code == 302
    response = _save(browser, "  quá hạn ", "sort=title")
    assert response.status_code == 422
    assert "You already have a view with this name." in response.get_data(as_text=True)
    response = _save(browser, "", "")
    assert response.status_code == 422
    assert len(_views(chair)) == 1


def test_renaming_and_deleting_a_view(chair, login):
    browser = login(chair)
    _save(browser, "Sắp đến hạn", "category=due_soon")
    _save(browser, "Đang làm", "category=in_progress")
    first, second = _views(chair)
    rename_url = f"/tasks/views/{first.id}/rename"
    assert browser.get(rename_url).status_code == 200
    response = browser.post(rename_url, {"name": "Đang làm"})
    assert response.status_code == 422  # the other view's name
    assert browser.post(rename_url, {"name": "Sắp đến hạn (3 ngày)"}).status_code == 302
    db.session.expire_all()
    assert first.name == "Sắp đến hạn (3 ngày)"

    html = browser.get("/tasks").get_data(as_text=True)
    assert "data-confirm=" in html and f"/tasks/views/{second.id}/delete" in html
    assert browser.post(f"/tasks/views/{second.id}/delete", {},
                        form_url="/tasks").status_code == 302
    assert [v.name for v in _views(chair)] == ["Sắp đến hạn (3 ngày)"]


def test_nobody_sees_or_changes_another_users_views(committee, chair, login):
    browser = login(chair)
    _save(browser, "Của tôi", "sort=title")
    [view] = _views(chair)
    secretary = member_of(committee, "secretary", language="en")
    browser.post("/logout", {}, form_url="/tasks")
    other = login(secretary)
    assert "Của tôi" not in other.get("/tasks").get_data(as_text=True)
    assert other.get(f"/tasks/views/{view.id}/rename").status_code == 404
    assert other.post(f"/tasks/views/{view.id}/rename", {"name": "Đổi"},
                      form_url="/tasks").status_code == 404
    assert other.post(f"/tasks/views/{view.id}/delete", {}, form_url="/tasks").status_code == 404
    db.session.expire_all()
    assert [v.name for v in _views(chair)] == ["Của tôi"]


def test_the_form_as_written_on_the_list_saves_the_lists_query(chair, login):
    """The save form is written without building it (its hidden fields per request, its name
    field kept per language): posted back exactly as the page wrote it, it is accepted and
    saves the page's own query."""
    import html
    import re

    browser = login(chair)
    page = browser.get('/tasks?category=overdue&q=du+l%E1%BB%8Bch+"x"').get_data(as_text=True)
    form = page[page.index('action="/tasks/views"'):].split("</form>", 1)[0]
    fields = dict(re.findall(r'<input id="[^"]+" name="([^"]+)" type="hidden" value="([^"]*)">',
                             form))
    assert set(fields) == {"view-query", "view-csrf_token"}
    # The query as the browser sent it, escaped as WTForms escapes a value.
    assert fields["view-query"] == "category=overdue&amp;q=du+l%E1%BB%8Bch+&#34;x&#34;"
    assert '<label for="view-name">Name of this view</label>' in form
    fields = {name: html.unescape(value) for name, value in fields.items()}
    response = browser.client.post("/tasks/views", data={**fields, "view-name": "Du lịch"})
    assert response.status_code == 302
    assert [(v.name, v.query_string) for v in _views(chair)] == [
        ("Du lịch", "category=overdue&q=du+l%E1%BB%8Bch+%22x%22")]


def test_the_kept_name_field_is_in_each_readers_language(committee, chair, login):
    browser = login(chair)
    assert "Name of this view" in browser.get("/tasks").get_data(as_text=True)
    browser.post("/logout", form_url="/profile")
    colleague = member_of(committee, "member", language="vi")
    db.session.flush()
    page = login(colleague).get("/tasks").get_data(as_text=True)
    assert "Tên bộ lọc" in page and "Name of this view" not in page
