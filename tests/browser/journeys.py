"""Helpers shared by the issue-4 journeys: several people at once, the live site's database.

Each person gets a browser context of their own (own cookies), as two people on two
computers would; the live server's database is read through ``DemoSite.run``. A test module
imports ``person_fixture`` to use the ``person`` fixture.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request

import pytest
from babel.dates import format_date
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.conftest import ARTIFACTS
from tracker.auth.models import User
from tracker.committees.models import Agency, Committee
from tracker.extensions import db
from tracker.tasks.models import Task

# The smallest file the upload check accepts as a PDF (its type is read from the bytes).
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
       b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
LANGSON = "Ban Chỉ đạo Phát triển du lịch tỉnh Lạng Sơn"


def open_tab(chromium, live_server, **options):
    """A tab in a browser context of its own (own cookies): confirmation prompts are accepted
    and Content-Security-Policy violations are collected in the returned list."""
    options.setdefault("viewport", {"width": 1280, "height": 900})
    context = chromium.new_context(base_url=live_server.url, locale="en-GB", **options)
    context.set_default_timeout(15_000)
    tab = context.new_page()
    tab.on("dialog", lambda dialog: dialog.accept())
    violations: list[str] = []
    tab.on("console", lambda message: violations.append(f"{tab.url}: {message.text}")
           if "Content Security Policy" in message.text else None)
    return context, tab, violations


def log_in(tab, email: str, before=None) -> None:
    """Sign in through the login form with the demo password; ``before(tab)`` is called on
    the login page first (a phone journey checks it)."""
    from tracker.demo.loader import DEMO_PASSWORD

    tab.goto("/login")
    if before is not None:
        before(tab)
    tab.get_by_label("E-mail", exact=True).fill(email)
    tab.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    tab.wait_for_load_state()
    assert "/login" not in tab.url, tab.content()[:2000]


@pytest.fixture(name="person")
def person_fixture(chromium, live_server, request):
    """``person(email)``: a signed-in tab in a browser context of its own.

    Like the ``page`` fixture: confirmation prompts are accepted, a Content-Security-Policy
    violation fails the test, and each tab's last page is saved as a screenshot.
    """
    opened = []

    def _person(email: str | None):
        context, tab, violations = open_tab(chromium, live_server, accept_downloads=True)
        opened.append((email or "anonymous", context, tab, violations))
        if email:
            log_in(tab, email)
        return tab

    yield _person
    ARTIFACTS.mkdir(exist_ok=True)
    base = re.sub(r"[^A-Za-z0-9_]+", "-", request.node.name).strip("-")
    problems = []
    for who, context, tab, violations in opened:
        try:
            tab.screenshot(path=str(ARTIFACTS / f"{base}-{who.split('@')[0]}.png"),
                           full_page=True)
        finally:
            context.close()
        problems += violations
    assert not problems, "blocked by the Content-Security-Policy:\n" + "\n".join(problems)


def query(site, function):
    """Run ``function()`` in the live site's app context and return its result."""
    return site.run(function)


def task_named(site, start: str) -> dict:
    """The live task whose title starts with ``start``, as plain values."""

    def read():
        task = db.session.scalars(select(Task).where(Task.title.startswith(start))).one()
        return {"id": task.id, "title": task.title, "deadline": task.deadline,
                "original_deadline": task.original_deadline, "progress": task.progress,
                "expected_output": task.expected_output, "state": task.state,
                "lead": task.lead_agency.short_name,
                "coordinating": sorted(a.short_name for a in task.coordinating_agencies)}

    return site.run(read)


def ids(site) -> dict:
    """Ids the journeys need: the Lạng Sơn committee and agencies by short name, users."""

    def read():
        committee = db.session.scalars(select(Committee).where(Committee.name == LANGSON)).one()
        return {
            "committee": committee.id,
            "agencies": {a.short_name: a.id for a in db.session.scalars(select(Agency))},
            "users": {u.email: u.id for u in db.session.scalars(select(User))},
        }

    return site.run(read)


def fetch(url: str) -> tuple[int, bytes]:
    """GET without any browser cookie (a calendar application, a member of the public)."""
    try:
        with urllib.request.urlopen(url, timeout=15) as response:  # noqa: S310 — local server
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def bell_count(tab) -> int:
    """The unread count the bell in the header shows (0 when it shows none)."""
    bell = tab.locator("a.bell")
    expect(bell).to_be_visible()
    count = bell.locator(".count")
    if count.count() == 0:
        return 0
    return int(re.search(r"\d+", count.inner_text()).group())


def dmy(value) -> str:
    """A date as the English interface shows it (the |date filter)."""
    return format_date(value, "d MMM yyyy", locale="en")
