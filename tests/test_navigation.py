"""Finding one's way: where signing in lands, the menu's dashboard, the summaries' links, the
breadcrumbs of the pages under a committee, and the message after an action."""

from __future__ import annotations

import re
from html import unescape

from tests.factories import CommitteeFactory, CommitteeRoleFactory, UserFactory
from tests.tasks.scenes import lang_son_scene, person
from tracker.extensions import db
from tracker.summaries.periods import period_containing
from tracker.summaries.services import request_summary
from tracker.tasks.categories import local_today


def _sign_in(client, user, next_url=None):
    from tests.conftest import TEST_PASSWORD, Browser

    browser = Browser(client, user)
    url = "/login" + (f"?next={next_url}" if next_url else "")
    response = browser.post(url, {"email": user.email, "password": TEST_PASSWORD},
                            form_url="/login")
    assert response.status_code == 302
    return browser, response.headers["Location"]


def _landing(client, user, next_url=None) -> str:
    """Where the user ends up after signing in (following the home page's redirect)."""
    browser, location = _sign_in(client, user, next_url)
    while location.endswith("/") and (answer := browser.get(location)).status_code == 302:
        location = answer.headers["Location"]
    return location


def test_a_chair_vice_chair_or_secretary_of_one_committee_lands_on_its_dashboard(app):
    scene = lang_son_scene()
    vice = person(scene.committee, "vice_chair", name="Hoàng Văn Phó")
    dashboard = f"/committees/{scene.committee.id}/dashboard"
    for manager in (scene.chair, vice, scene.secretary):  # the secretary has an agency too
        assert _landing(app.test_client(), manager).endswith(dashboard), manager.name


def test_others_land_where_they_did(app):
    scene = lang_son_scene()
    assert _landing(app.test_client(), scene.lead_member).endswith("/my-agency")
    assert _landing(app.test_client(), scene.viewer).endswith("/my-agency")
    # A manager of two committees has no one dashboard to land on.
    two = UserFactory(agency=None, name="Trưởng ban hai ban")
    CommitteeRoleFactory(committee=scene.committee, user=two, role="secretary")
    CommitteeRoleFactory(committee=CommitteeFactory(), user=two, role="chair")
    assert _landing(app.test_client(), two).endswith("/committees")
    # An admin sees every committee: no one dashboard either.
    assert _landing(app.test_client(), UserFactory(is_admin=True, agency=None)).endswith(
        "/committees")


def test_an_explicit_next_still_wins(client):
    scene = lang_son_scene()
    wanted = f"/tasks/{scene.task.id}"
    browser, location = _sign_in(client, scene.chair, next_url=wanted)
    assert location.endswith(wanted)


def test_the_menu_has_the_dashboard_and_it_opens_the_users_committee(client, login):
    scene = lang_son_scene()
    browser = login(scene.viewer)
    page = browser.get(f"/tasks/{scene.task.id}").get_data(as_text=True)
    menu = page.split('aria-label="Main menu"')[1].split("</nav>")[0]
    assert 'href="/dashboard"' in menu and ">Dashboard<" in menu
    answer = browser.get("/dashboard")
    assert answer.status_code == 302
    assert answer.headers["Location"].endswith(f"/committees/{scene.committee.id}/dashboard")


def test_summaries_are_linked_from_the_dashboard_and_the_committee_page(login):
    scene = lang_son_scene()
    scene.chair.language = "vi"
    browser = login(scene.chair)
    summaries = f'href="/committees/{scene.committee.id}/summaries"'
    for url in (f"/committees/{scene.committee.id}/dashboard",
                f"/committees/{scene.committee.id}"):
        page = browser.get(url).get_data(as_text=True)
        link = re.search(summaries + r"[^>]*>([^<]+)</a>", page)
        assert link and link.group(1) == "Báo cáo tổng hợp", url


def _trail(html: str) -> list[tuple[str | None, str]]:
    """The breadcrumb trail: (href, text) per item, the current page's href None."""
    nav = re.search(r'<nav aria-label="breadcrumb"[^>]*>(.*?)</nav>', html, re.S)
    assert nav, "no breadcrumb"
    assert '<ol>' in nav.group(1)
    items = re.findall(r"<li( aria-current=\"page\")?>(.*?)</li>", nav.group(1), re.S)
    trail = []
    for current, inner in items:
        link = re.match(r'<a href="([^"]+)">(.*)</a>$', inner.strip(), re.S)
        trail.append((None, unescape(inner.strip())) if current
                     else (link.group(1), unescape(link.group(2))))
    assert sum(1 for href, _ in trail if href is None) == 1 and trail[-1][0] is None
    return trail


def test_every_page_under_a_committee_has_its_breadcrumbs(login):
    scene = lang_son_scene()
    committee, resolution, task = scene.committee, scene.resolution, scene.task
    summary = request_summary(
        committee, period_containing("month", local_today(committee.timezone)),
        scene.secretary, "en")
    browser = login(scene.secretary)
    top = [("/committees", "Committees"), (f"/committees/{committee.id}", committee.name)]
    at_resolution = [*top, (f"/resolutions/{resolution.id}", resolution.number)]
    pages = {
        f"/committees/{committee.id}": [top[0], (None, committee.name)],
        f"/committees/{committee.id}/dashboard": [*top, (None, "Dashboard")],
        f"/committees/{committee.id}/summaries": [*top, (None, "Progress summaries")],
        f"/summaries/{summary.id}": [
            *top, (f"/committees/{committee.id}/summaries", "Summary reports"),
            (None, "Progress summary")],
        f"/committees/{committee.id}/meetings": [*top, (None, "Meetings")],
        f"/resolutions/{resolution.id}": [*top, (None, resolution.number)],
        f"/resolutions/{resolution.id}/tasks/new": [
            *at_resolution, (None, f"Add tasks to {resolution.number}")],
        f"/tasks/{task.id}": [*at_resolution, (None, task.title)],
        f"/tasks/{task.id}/edit": [
            *at_resolution, (f"/tasks/{task.id}", task.title), (None, "Edit task")],
        f"/tasks?committee={committee.id}": [*top, (None, "All tasks")],
    }
    for url, expected in pages.items():
        answer = browser.get(url)
        assert answer.status_code == 200, url
        assert _trail(answer.get_data(as_text=True)) == expected, url


def test_no_breadcrumb_names_a_committee_the_user_cannot_see(login):
    scene = lang_son_scene()
    hidden = CommitteeFactory(name="Mạng lưới đối tác Công viên địa chất Non nước Cao Bằng 2")
    page = login(scene.lead_member).get(f"/tasks?committee={hidden.id}").get_data(as_text=True)
    assert 'aria-label="breadcrumb"' not in page and hidden.name not in page


def test_after_an_action_the_page_comes_back_at_the_section_with_its_message(login):
    scene = lang_son_scene()
    browser = login(scene.lead_member)
    posted = browser.post(f"/tasks/{scene.task.id}/reports",
                          {"text": "Đã trình hồ sơ.", "progress": "60"},
                          form_url=f"/tasks/{scene.task.id}")
    assert posted.headers["Location"].endswith(f"/tasks/{scene.task.id}#reports")
    page = browser.get(f"/tasks/{scene.task.id}").get_data(as_text=True)
    # The message is a status region (app.js moves it next to #reports and focuses it).
    assert re.search(r'<div class="flashes" role="status">\s*<p class="flash flash-success">',
                     page)
    submitted = browser.post(f"/tasks/{scene.task.id}/submit", {"result": "Đã hoàn thành."},
                             form_url=f"/tasks/{scene.task.id}")
    assert submitted.headers["Location"].endswith(f"/tasks/{scene.task.id}#facts-heading")


def test_decisions_on_the_dashboard_come_back_to_their_section(login):
    scene = lang_son_scene()
    url = f"/committees/{scene.committee.id}/dashboard"
    scene.task.state, scene.task.submitted_on = "submitted", local_today(scene.committee.timezone)
    page = login(scene.chair).get(url).get_data(as_text=True)
    assert f'name="next" value="{url}#pending-heading"' in page


def test_a_visitor_is_asked_to_sign_in_in_vietnamese(client):
    answer = client.get("/tasks", headers={"Accept-Language": "vi"})
    assert answer.status_code == 302 and "/login" in answer.headers["Location"]
    login_page = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert re.search(r'class="flash flash-info">Vui lòng đăng nhập để xem trang này\.</p>',
                     login_page)


def test_a_visitor_reading_english_is_asked_in_english(client):
    answer = client.get("/tasks", headers={"Accept-Language": "en"})
    login_page = client.get(answer.headers["Location"],
                            headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Please sign in to see this page." in login_page


def _menu(page: str) -> str:
    return page[page.index('<nav aria-label='):].split("</nav>", 1)[0]


def test_the_kept_menu_follows_what_it_shows_for_each_reader(app, login):
    """The header's menu is kept written per process (template_helpers.site_menu), keyed by
    the language, the reader's agency, the page (the dashboard is marked) and the right to
    administer: each reader sees their own."""
    scene = lang_son_scene()
    scene.chair.language = "en"
    scene.lead_member.language = "vi"
    scene.viewer.language = "en"
    scene.chair.is_admin = True
    db.session.flush()
    chair = login(scene.chair)
    menu = _menu(chair.get("/tasks").get_data(as_text=True))
    assert "Administration" in menu and "All tasks" in menu
    assert 'aria-current="page"' not in menu
    dashboard = chair.get(f"/committees/{scene.committee.id}/dashboard").get_data(as_text=True)
    assert 'aria-current="page">Dashboard</a>' in _menu(dashboard)
    assert ("Sent mail (demo)" in menu) == bool(app.config.get("DEMO_MODE"))
    chair.post("/logout", form_url="/profile")

    member = login(scene.lead_member)
    menu = _menu(member.get("/tasks").get_data(as_text=True))
    assert "Nhiệm vụ của đơn vị" in menu and "All tasks" not in menu
    assert "Quản trị" not in menu and "Administration" not in menu
    member.post("/logout", form_url="/profile")

    scene.viewer.agency = None
    db.session.flush()
    menu = _menu(login(scene.viewer).get("/tasks").get_data(as_text=True))
    assert "My agency's tasks" not in menu and "Administration" not in menu


def test_the_menu_reads_only_what_it_is_kept_under(app):
    """Kept under its arguments, it must not read the request, the user or anything else of
    the page's context (a kept menu would show one user's to another)."""
    from jinja2 import meta

    source = app.jinja_env.loader.get_source(app.jinja_env, "_menu.html")[0]
    read = meta.find_undeclared_variables(app.jinja_env.parse(source))
    assert read <= {"has_agency", "on_dashboard", "administers", "demo", "_", "url_for"}, read
