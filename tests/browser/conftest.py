"""End-to-end journeys in headless Chromium against a live server loaded with the demo.

The live server is its own app on its own SQLite file, migrated with the real
Alembic revisions and loaded with ``load_demo``, served by werkzeug in a thread.
It commits for real, so it cannot share the rolled-back transaction of the other
tests: ``db_session`` is overridden here with a fixture that leaves ``db.session``
alone, and every request of the server runs in the server app's own context.

The journeys read the English interface (the users' language is switched to
``en`` once, when the server is set up), so selectors do not depend on the
Vietnamese catalogue, which is written separately.
Screenshots of each journey's last page are saved under ``test-artifacts/``.
Every tab listens to the console: a Content-Security-Policy violation (an inline script,
handler or style the strict policy of ``tracker.security`` blocked) fails the test.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tracker.demo.server import demo_site

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def db_session():
    """Overrides the rollback fixture: the live server's data must really be committed."""
    yield None


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """The demo, served by werkzeug in a thread, with every account in English.

    One per test file: a journey changes the demo's tasks, and under pytest-xdist the files
    run on several workers in an order that changes from run to run, so a file must not
    find what another file did. The tests of one file run in order on one worker."""
    with demo_site(tmp_path_factory.mktemp("live"), language="en") as site:
        yield site


@pytest.fixture(scope="session")
def chromium():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(chromium, live_server, request):
    """A fresh browser tab (own cookies) whose last page is saved as a screenshot."""
    context = chromium.new_context(base_url=live_server.url, locale="en-GB",
                                   viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    tab = context.new_page()
    tab.on("dialog", lambda dialog: dialog.accept())  # data-confirm prompts: say yes
    violations: list[str] = []
    tab.on("console", lambda message: violations.append(f"{tab.url}: {message.text}")
           if "Content Security Policy" in message.text else None)
    try:
        yield tab
        assert not violations, "blocked by the Content-Security-Policy:\n" + "\n".join(violations)
    finally:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_]+", "-", request.node.name).strip("-")
        try:
            tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        finally:
            context.close()


@pytest.fixture
def sign_in(page):
    """``sign_in(email)`` logs in through the login form with the demo password."""
    from tracker.demo.loader import DEMO_PASSWORD

    def _sign_in(email: str, password: str = DEMO_PASSWORD):
        page.goto("/login")
        page.get_by_label("E-mail", exact=True).fill(email)
        page.get_by_label("Password", exact=True).fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        assert "/login" not in page.url, page.content()[:2000]
        return page

    return _sign_in
