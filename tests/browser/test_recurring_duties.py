"""Issue 14, part 3: the secretary creates a monthly recurring duty on a phone, and over a
simulated quarter (the scheduler's job run at three frozen instants, the 10th of each
month) the series page shows the three occurrences, one done late, one on time.

The quarter lies ahead of today, so that creating the duty makes nothing yet (its first
report is due more than the lead time away): every occurrence is the job's. Each page is
checked as on a 390 px phone (no sideways scroll, no serious axe-core violation).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.journeys import ids, log_in, open_tab, query
from tests.browser.phone import PHONES, Checks, axe_source_fixture  # noqa: F401 — fixture
from tracker.auth.models import User
from tracker.clock import local_today
from tracker.extensions import db
from tracker.resolutions.models import Resolution
from tracker.tasks import services as task_services
from tracker.tasks.models import Task
from tracker.tasks.recurrence.scheduler import create_due_occurrences

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
TITLE = "Báo cáo tình hình an ninh du lịch trên địa bàn hằng tháng"


def _quarter() -> list[date]:
    """The first days of three months starting at least 40 days from today."""
    start = local_today("Asia/Ho_Chi_Minh") + timedelta(days=40)
    first = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    months = [first]
    for _ in range(2):
        last = months[-1]
        months.append(date(last.year + last.month // 12, last.month % 12 + 1, 1))
    return months


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), HANOI).astimezone(UTC)


def _occurrence_rows(tab) -> dict[str, str]:
    """Each occurrence's row text by its period key."""
    rows = tab.locator("table tbody tr[id^=occurrence-]")
    return {rows.nth(i).locator("a").get_attribute("data-period"): rows.nth(i).inner_text()
            for i in range(rows.count())}


@pytest.fixture
def phone_tab(chromium, live_server, request):
    context, tab, violations = open_tab(chromium, live_server, **PHONES["390"])
    try:
        yield tab
        assert not violations, "blocked by the Content-Security-Policy:\n" + "\n".join(violations)
    finally:
        context.close()


def test_a_monthly_duty_over_a_simulated_quarter(phone_tab, live_server, axe_source):
    checks = Checks(axe_source, "recurring-duty-390")
    tab = phone_tab
    known = ids(live_server)
    resolution = query(live_server, lambda: db.session.scalars(
        select(Resolution.id).where(Resolution.committee_id == known["committee"],
                                    Resolution.number == "12/TB-BCĐ")).one())
    months = _quarter()

    log_in(tab, "secretary@demo.langson.gov.vn")
    tab.goto(f"/resolutions/{resolution}")
    tab.get_by_role("link", name="Add a recurring duty").click()
    expect(tab.get_by_role("heading", name="New recurring duty")).to_be_visible()
    checks.visit(tab, "new-recurring-duty")

    repeat = tab.get_by_label("Repeat", exact=True)
    repeat.select_option("monthly_15")
    expect(repeat.locator("option:checked")).to_have_text(re.compile("Monthly report, due the "
                                                                     "15th"))
    tab.get_by_label("Starts on", exact=True).fill(months[0].isoformat())
    tab.get_by_label("Until (optional)").fill((months[2] + timedelta(days=27)).isoformat())
    tab.get_by_label("Task", exact=True).fill(TITLE)
    tab.get_by_label("Lead agency", exact=True).select_option(
        str(known["agencies"]["UBND Tràng Định"]))
    tab.get_by_label("Expected output").fill("Báo cáo tháng")
    tab.get_by_role("button", name="Save the recurring duty").click()

    expect(tab).to_have_url(re.compile(r"/series/\d+$"))
    expect(tab.get_by_text("Monthly, before the 15", exact=True)).to_be_visible()
    series_url = tab.url
    # Created ahead of the lead time: nothing yet, the first one is shown as upcoming.
    assert _occurrence_rows(tab) == {}
    expect(tab.locator("tr.upcoming")).to_contain_text(f"Month {months[0].month}/{months[0].year}")
    checks.visit(tab, "series-before-the-quarter")

    # The quarter: the scheduler's job wakes up on the 10th of each month (a frozen clock).
    # (It makes the demo's own duties' occurrences too; this duty's are counted here.)
    def made() -> int:
        return len(db.session.scalars(select(Task.id).where(Task.title == TITLE)).all())

    for number, month in enumerate(months, start=1):
        query(live_server, lambda m=month: create_due_occurrences(now=_at(m.replace(day=10))))
        assert query(live_server, made) == number
        tab.goto(series_url)
        expect(tab.locator("table tbody tr[id^=occurrence-]")).to_have_count(number)
        # A second beat on the same day makes nothing twice.
        again = query(live_server, lambda m=month: create_due_occurrences(
            now=_at(m.replace(day=10), 15)))
        assert again == 0 and query(live_server, made) == number

    # The district reports the first month's report four days late, the second on time (today,
    # long before its deadline); the standing agency accepts both.
    def report(period: str, submitted: datetime) -> None:
        task = db.session.scalars(select(Task).where(Task.title == TITLE,
                                                     Task.series_period == period)).one()
        member = db.session.scalars(select(User).where(
            User.email == "member.trangdinh@demo.langson.gov.vn")).one()
        chair = db.session.scalars(select(User).where(
            User.email == "chair@demo.langson.gov.vn")).one()
        task_services.submit_completion(task, actor=member, result="Đã gửi báo cáo.",
                                        now=submitted)
        task_services.accept_completion(task, actor=chair)

    query(live_server, lambda: report(f"{months[0]:%Y-%m}", _at(months[0].replace(day=19))))
    query(live_server, lambda: report(f"{months[1]:%Y-%m}", datetime.now(UTC)))

    tab.goto(series_url)
    by_period = _occurrence_rows(tab)
    assert len(by_period) == 3
    assert "Done late" in by_period[f"{months[0]:%Y-%m}"]
    assert "Done on time" in by_period[f"{months[1]:%Y-%m}"]
    assert "In progress" in by_period[f"{months[2]:%Y-%m}"]
    assert sum("Done late" in row for row in by_period.values()) == 1
    checks.visit(tab, "series-after-the-quarter")

    # Each occurrence is an ordinary task that links back to its series.
    tab.locator("table tbody tr[id^=occurrence-] a").first.click()
    expect(tab.get_by_role("link", name=re.compile("of a recurring duty"))).to_be_visible()
    tab.get_by_role("link", name=re.compile("of a recurring duty")).click()
    expect(tab).to_have_url(series_url)
    tab.wait_for_load_state()

    tab.get_by_role("link", name="Edit the recurring duty").click()
    expect(tab.get_by_role("heading", name="Edit recurring duty")).to_be_visible()
    checks.visit(tab, "edit-recurring-duty")
    tab.goto(series_url)

    # Stopping asks first, then keeps the three occurrences.
    tab.get_by_role("link", name="Stop the recurring duty").click()
    checks.visit(tab, "stop-recurring-duty")
    tab.get_by_role("button", name="Stop the recurring duty").click()
    expect(tab.locator("table tbody tr[id^=occurrence-]")).to_have_count(3)
    expect(tab.get_by_text(re.compile("Stopped on"))).to_be_visible()
