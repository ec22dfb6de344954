"""The several-tasks screen: a row added after a standing duty starts clean.

"Add another task" clones the last row. When that row was a standing duty (its box ticked,
its deadline disabled), the clone's box came out unticked but its deadline still disabled:
a task that could be given neither a deadline nor the standing box's meaning. A new row
starts as a fresh one: box unticked, deadline enabled.
"""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.journeys import ids, query
from tracker.clock import local_today
from tracker.extensions import db
from tracker.resolutions.models import Resolution
from tracker.tasks.models import Task


def _a_resolution(live_server) -> int:
    committee = ids(live_server)["committee"]
    return query(live_server, lambda: db.session.scalars(
        select(Resolution.id).where(Resolution.committee_id == committee)
        .order_by(Resolution.id).limit(1)).one())


def test_a_row_added_after_a_standing_duty_has_its_deadline_enabled(page, sign_in, live_server):
    sign_in("secretary@demo.langson.gov.vn")
    page.goto(f"/resolutions/{_a_resolution(live_server)}/tasks/new")
    rows = page.locator("fieldset[data-row]")
    count = rows.count()
    standing = rows.nth(count - 1)  # the last row, by position (``last`` moves on)
    standing.get_by_label("Task", exact=True).fill("Quảng bá du lịch biên giới thường xuyên")
    standing.get_by_label("Standing duty (no deadline)").check()
    expect(standing.get_by_label("Deadline", exact=True)).to_be_disabled()

    page.get_by_role("button", name="Add another task").click()
    expect(rows).to_have_count(count + 1)
    added = rows.nth(count)

    # The new row starts clean; the standing duty above it is left as it was.
    expect(added.get_by_label("Standing duty (no deadline)")).not_to_be_checked()
    expect(added.get_by_label("Deadline", exact=True)).to_be_enabled()
    expect(added.get_by_label("Task", exact=True)).to_have_value("")
    expect(standing.get_by_label("Standing duty (no deadline)")).to_be_checked()
    expect(standing.get_by_label("Deadline", exact=True)).to_be_disabled()

    # Its deadline takes a date, and its own box still disables it.
    deadline = (local_today("Asia/Ho_Chi_Minh") + timedelta(days=30)).isoformat()
    added.get_by_label("Deadline", exact=True).fill(deadline)
    expect(added.get_by_label("Deadline", exact=True)).to_have_value(deadline)
    added.get_by_label("Standing duty (no deadline)").check()
    expect(added.get_by_label("Deadline", exact=True)).to_be_disabled()
    added.get_by_label("Standing duty (no deadline)").uncheck()
    expect(added.get_by_label("Deadline", exact=True)).to_be_enabled()


def test_signing_in_then_acting_keeps_the_place_and_shows_the_message(page, sign_in,
                                                                      live_server):
    """The Cao Bằng network's secretary manages that one committee: signing in opens its
    dashboard, with its breadcrumbs. After posting a comment far down a task's page, the
    page comes back at the comment, the message beside it, focused and in view."""
    sign_in("secretary@demo.caobang.gov.vn")
    expect(page).to_have_url(re.compile(r"/committees/\d+/dashboard$"))
    crumbs = page.get_by_role("navigation", name="breadcrumb")
    expect(crumbs.get_by_role("link", name="Committees")).to_be_visible()
    expect(crumbs.locator("[aria-current=page]")).to_have_text("Dashboard")

    task = query(live_server, lambda: db.session.scalars(
        select(Task.id).where(Task.title.startswith("Củng cố, mở rộng mạng lưới"))).one())
    page.goto(f"/tasks/{task}")
    page.get_by_label("Comment", exact=True).fill("Đề nghị các đơn vị cập nhật danh sách đối tác.")
    page.get_by_role("button", name="Post the comment").click()

    expect(page).to_have_url(re.compile(rf"/tasks/{task}#comment-\d+$"))
    message = page.get_by_role("status")
    expect(message).to_be_focused()
    expect(message).to_be_in_viewport()
    comment = page.locator("article[id^=comment-]").last
    expect(comment).to_be_in_viewport()
    # The message now sits just before the comment acted on.
    assert page.evaluate(
        "() => document.querySelector('.flashes').nextElementSibling.id.startsWith('comment-')")
