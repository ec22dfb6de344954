"""Issue 13: the site installs on a phone: a manifest with icons, a service worker that keeps
the static files and the offline page only (never a private page), and the offline page when
the network is gone."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS
from tests.browser.journeys import log_in, open_tab
from tests.browser.phone import PHONES

MEMBER = "member.trangdinh@demo.langson.gov.vn"
MEMBER_NAME = "Nông Văn Khải"

CACHED = """async () => {
  const found = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) found.push(new URL(request.url).pathname);
  }
  return found;
}"""


def test_the_service_worker_keeps_static_files_and_shows_the_offline_page(chromium,
                                                                          live_server):
    context, tab, violations = open_tab(chromium, live_server, service_workers="allow",
                                        **PHONES["390"])
    try:
        log_in(tab, MEMBER)
        expect(tab.get_by_role("heading", level=1)).to_have_text("My agency's tasks")
        scope = tab.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
        assert scope == live_server.url.rstrip("/") + "/"
        # Once the worker controls the tab, the page's files go through it.
        tab.reload()
        tab.wait_for_function("navigator.serviceWorker.controller !== null")
        private = tab.url
        tab.locator("table.task-cards td.c-title a").first.click()  # a private page
        tab.wait_for_load_state()

        cached = tab.evaluate(CACHED)
        assert "/offline" in cached and "/static/app.css" in cached, cached
        assert all(path.startswith("/static/") or path == "/offline" for path in cached), (
            f"only static files and the offline page may be kept: {cached}")
        offline_html = tab.evaluate(
            "caches.match('/offline').then(r => r.text())")
        assert MEMBER_NAME not in offline_html and "csrf_token" not in offline_html

        # The manifest and its icons.
        manifest = tab.evaluate("fetch('/manifest.webmanifest').then(r => r.json())")
        assert manifest["name"] == "Theo dõi nhiệm vụ Ban Chỉ đạo"
        assert manifest["lang"] == "vi" and manifest["display"] == "standalone"
        for icon in manifest["icons"]:
            kind = tab.evaluate(
                "src => fetch(src).then(r => r.ok && r.headers.get('content-type'))",
                icon["src"])
            assert kind == "image/png", icon

        # No network: a page shows the offline page (with the cached styles), never a copy.
        context.set_offline(True)
        tab.goto(private)
        expect(tab.get_by_role("heading", level=1)).to_have_text("Không có kết nối mạng")
        expect(tab.locator("header.topbar")).to_have_css("background-color",
                                                         "rgb(155, 28, 28)")
        expect(tab.get_by_text(MEMBER_NAME)).to_have_count(0)
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / "phone-offline.png"))
        context.set_offline(False)
        tab.goto(private)
        expect(tab.get_by_role("heading", level=1)).to_have_text("My agency's tasks")
    finally:
        context.close()
    assert not violations, violations
