"""Journey 5: the chair reviews the committee — overdue by agency, the ranking, a completion."""

from __future__ import annotations

import re

from playwright.sync_api import expect

COMMITTEE = "Ban Chỉ đạo Phát triển du lịch tỉnh Lạng Sơn"


def test_chair_reviews_overdue_agencies_and_accepts_a_completion(page, sign_in):
    sign_in("chair@demo.langson.gov.vn")
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Committees").click()
    page.get_by_role("link", name=COMMITTEE).click()
    page.get_by_role("main").get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(COMMITTEE)
    dashboard_url = page.url

    # Overdue tasks grouped by agency, each with its days late.
    overdue = page.locator("section", has=page.get_by_role("heading",
                                                            name="Overdue tasks by agency"))
    groups = overdue.get_by_role("heading", level=3)
    assert groups.count() >= 4, groups.all_inner_texts()
    expect(overdue.get_by_text(re.compile(r"\d+ days? late")).first).to_be_visible()
    assert any("Sở KHĐT" in text for text in groups.all_inner_texts())

    # The agencies ranked by on-time rate.
    ranking = page.locator("section", has=page.get_by_role("heading",
                                                            name="Agencies ranked by on-time rate"))
    ranked = ranking.get_by_role("row")
    assert ranked.count() > 8
    expect(ranked.nth(1)).to_contain_text("1")
    expect(ranking.get_by_role("columnheader", name="On-time rate")).to_be_visible()

    # Every number links to the list behind it: the overdue count opens the overdue list.
    tile = page.locator("a.tile-overdue")
    shown = int(tile.locator(".count").inner_text())
    tile.click()
    expect(page).to_have_url(re.compile(r"/tasks\?.*category=overdue"))
    badges = page.get_by_role("table").locator(".badge")
    expect(badges).to_have_count(shown)
    assert set(badges.all_inner_texts()) == {"In progress, overdue"}

    # Back on the dashboard: accept the completion the police reported.
    page.goto(dashboard_url)
    waiting = page.locator("section", has=page.get_by_role("heading",
                                                            name="Completions waiting for review"))
    row = waiting.get_by_role("row").filter(has_text="Nâng cao hiệu quả phối hợp kiểm tra")
    expect(row).to_contain_text("Công an tỉnh")
    row.get_by_role("button", name="Accept").click()
    expect(page.get_by_role("status")).to_be_visible()
    expect(waiting.get_by_role("row").filter(has_text="Nâng cao hiệu quả phối hợp kiểm tra")
           ).to_have_count(0)
    page.get_by_role("link", name=re.compile(r"Done on time")).first.click()
    expect(page.get_by_role("link", name=re.compile("Nâng cao hiệu quả phối hợp kiểm tra"))
           ).to_be_visible()
    page.goto(dashboard_url)
