"""A long list's export on a phone: the progress page, then the download link; both pass
``Checks.visit`` (no sideways scroll, no serious or critical axe-core violation)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.phone import (  # noqa: F401 — the fixtures
    axe_source_fixture,
    checks_fixture,
    phone_fixture,
    phone_size_fixture,
)
from tracker.lists import services

CHAIR = "chair@demo.langson.gov.vn"


def test_chair_waits_for_a_long_export_then_downloads_it_on_a_phone(phone, checks,
                                                                    live_server):
    live_server.app.config["EXPORT_BACKGROUND_ROWS"] = 3  # the demo's lists are short
    try:
        tab = phone(CHAIR, checks)
        tab.goto(f"{live_server.url}/tasks/export.csv?sort=title")
        expect(tab.get_by_role("status")).to_contain_text("The file is waiting to be prepared.")
        checks.visit(tab, "export-waiting")
        export_id = int(re.search(r"/exports/(\d+)$", tab.url).group(1))

        live_server.run(services.write_export, export_id)
        # No reload: the page polls every 3 s and shows the link in its live region.
        expect(tab.get_by_role("status")).to_contain_text("The file is ready", timeout=15_000)
        link = tab.get_by_role("link", name=re.compile(r"^Download tasks-.*\.csv$"))
        with tab.expect_download() as download:
            link.click()
        assert download.value.suggested_filename.startswith("tasks-")
        checks.visit(tab, "export-ready")
    finally:
        live_server.app.config["EXPORT_BACKGROUND_ROWS"] = 50_000
