"""Issue 13: at 1366 px (the common office laptop) the header is one row, for the user with
the most menu entries (an administrator), in English and in Vietnamese (longer labels)."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS
from tests.browser.journeys import log_in, open_tab
from tests.browser.phone import PHONES

ADMIN = "admin@demo.langson.gov.vn"

ROW = """() => {
  const header = document.querySelector('header.topbar');
  const items = Array.from(header.querySelectorAll(
      '.brand, nav > ul > li, .header-search, .session > *')).filter(e => e.offsetParent !== null);
  const middles = items.map(e => {
    const r = e.getBoundingClientRect();
    return r.top + r.height / 2;
  });
  return {height: header.getBoundingClientRect().height, count: items.length,
          spread: Math.max(...middles) - Math.min(...middles),
          scroll: document.documentElement.scrollWidth, width: window.innerWidth};
}"""


def _one_row(tab):
    row = tab.evaluate(ROW)
    assert row["count"] >= 9, row  # brand, 4 menu entries, search, 4 in the session
    assert row["spread"] <= 4, f"the header wraps onto more than one row: {row}"
    assert row["height"] <= 64, row
    assert row["scroll"] <= row["width"], row


def test_the_header_is_one_row_at_1366_px_in_both_languages(chromium, live_server):
    context, tab, violations = open_tab(chromium, live_server,
                                        viewport={"width": 1366, "height": 768})
    try:
        log_in(tab, ADMIN)
        # The menu button is a phone's: on a laptop the menu is open and the button hidden.
        expect(tab.get_by_role("button", name="Menu")).to_be_hidden()
        expect(tab.get_by_role("navigation", name="Main menu")).to_be_visible()
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / "header-1366-en.png"))
        _one_row(tab)
        tab.get_by_role("button", name="Tiếng Việt").click()
        expect(tab.locator("html")).to_have_attribute("lang", "vi")
        try:
            tab.screenshot(path=str(ARTIFACTS / "header-1366-vi.png"))
            _one_row(tab)
        finally:
            tab.get_by_role("button", name="English").click()
            expect(tab.locator("html")).to_have_attribute("lang", "en")
    finally:
        context.close()
    assert not violations, violations


def test_a_phones_menu_is_folded_from_the_first_paint_and_open_without_javascript(chromium,
                                                                                 live_server):
    # With JavaScript: the page arrives folded (the same header as once app.js has run), so
    # nothing below the header moves under a finger when the script runs.
    context, tab, violations = open_tab(chromium, live_server, **PHONES["390"])
    try:
        log_in(tab, ADMIN)
        served = tab.request.get("/committees").text()
        assert '<header class="topbar menu-closed">' in served
        assert 'class="menu-toggle button" aria-expanded="false"' in served
        tab.goto("/committees")
        tab.wait_for_load_state()
        menu = tab.get_by_role("navigation", name="Main menu")
        expect(menu).to_be_hidden()
        tab.get_by_role("button", name="Menu").click()
        expect(menu).to_be_visible()
        expect(tab.get_by_role("button", name="Menu")).to_have_attribute("aria-expanded", "true")
    finally:
        context.close()
    assert not violations, violations

    # Without JavaScript the button could not open anything: it is hidden, the menu open.
    context, tab, violations = open_tab(chromium, live_server, java_script_enabled=False,
                                        **PHONES["390"])
    try:
        log_in(tab, ADMIN)
        tab.goto("/committees")
        expect(tab.get_by_role("navigation", name="Main menu")).to_be_visible()
        expect(tab.get_by_role("button", name="Menu")).to_be_hidden()
    finally:
        context.close()
    assert not violations, violations
