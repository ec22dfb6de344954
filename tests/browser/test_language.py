"""Vietnamese is one click away, and dates then read dd/mm/yyyy."""

from __future__ import annotations

import re

from playwright.sync_api import expect

COMMITTEE = "Ban Chỉ đạo Phát triển du lịch tỉnh Lạng Sơn"


def test_viewer_switches_to_vietnamese_and_sees_dates_as_dd_mm_yyyy(page, sign_in):
    # The viewer is the demo's English-speaking user; no other journey signs in as them.
    sign_in("viewer@demo.langson.gov.vn")
    page.get_by_role("button", name="Tiếng Việt").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("button", name="English")).to_be_visible()

    page.get_by_role("link", name=COMMITTEE).click()
    page.get_by_role("main").locator("a[href$='/dashboard']").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(COMMITTEE)
    deadlines = page.locator("section td").filter(has_text=re.compile(r"^\d{2}/\d{2}/\d{4}$"))
    expect(deadlines.first).to_be_visible()

    # Back to English for whoever reads the screenshot next.
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
