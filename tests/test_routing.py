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



# --- Query strings are data, never url_for's own keywords -----------------------------------

URL_FOR_KEYWORDS = ["_anchor", "_method", "_scheme", "_external"]


@pytest.fixture
def listed_world(monkeypatch, app):
    """An admin member of a public committee whose lists all have two pages."""
    from tests.factories import CommitteeFactory, ResolutionFactory, TaskFactory, member_of
    from tracker.extensions import db

    monkeypatch.setitem(app.config, "PER_PAGE", 1)
    committee = CommitteeFactory(public_page=True)
    admin = member_of(committee, "secretary", is_admin=True)
    committee.member_agencies = [admin.agency]
    resolution = ResolutionFactory(committee=committee)
    ResolutionFactory(committee=committee)
    for n in range(2):
        TaskFactory(resolution=resolution, lead_agency=admin.agency, title=f"Khảo sát đường {n}")
    db.session.flush()
    return type("World", (), dict(committee=committee, admin=admin))


def _listed_pages(committee_id):
    return ["/tasks", "/my-agency", "/resolutions", "/search?q=khao+sat",
            "/search?q=khao+sat&page=9", "/tasks?page=9", "/committees", "/admin/users",
            "/admin/agencies", f"/committees/{committee_id}/meetings"]


@pytest.mark.parametrize("key", [*URL_FOR_KEYWORDS, "fmt", "endpoint", "values",
                                 "committee_id"])
def test_query_keys_named_like_url_for_arguments_are_kept_as_query(login, listed_world, key):
    browser = login(listed_world.admin)
    for path in _listed_pages(listed_world.committee.id):
        url = f"{path}{'&' if '?' in path else '?'}{key}=x"
        response = browser.get(url)
        assert response.status_code == 200, url
        assert "#x" not in response.get_data(as_text=True)


@pytest.mark.parametrize("key", URL_FOR_KEYWORDS)
def test_the_public_page_keeps_odd_query_keys_as_query(client, listed_world, key):
    response = client.get(f"/public/committees/{listed_world.committee.id}?{key}=x")
    assert response.status_code == 200
    assert f"{key}=x" in response.get_data(as_text=True)


def test_a_query_key_named_like_a_view_argument_does_not_change_the_path(client, listed_world):
    committee_id = listed_world.committee.id
    response = client.get(f"/public/committees/{committee_id}?committee_id=999&_anchor=top")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"/public/committees/{committee_id}?committee_id=999&amp;_anchor=top&amp;page=2" in html


def test_url_with_appends_the_query_and_replaces_only_the_changed_keys(app):
    from tracker.template_helpers import url_with

    with app.test_request_context("/tasks?_external=1&_anchor=a&q=%C4%91%C6%B0%E1%BB%9Dng"
                                  "&state=open&state=late&page=3"):
        app.preprocess_request()
        url = url_with(page=4, sort="title")
    assert url == ("/tasks?_external=1&_anchor=a&q=%C4%91%C6%B0%E1%BB%9Dng&state=open"
                   "&state=late&page=4&sort=title")
