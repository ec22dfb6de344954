"""Issue 13: the task page's action bar. Each link jumps to its form and shows exactly when
the form below it does: the same rule checks decide both (no rule of its own)."""

from __future__ import annotations

import re

from tests.tasks.scenes import lang_son_scene
from tracker.extensions import db

LABELS = {"report": "Report progress", "submit": "Report done",
          "extension-request": "Ask for an extension", "comment-form": "Write a comment"}


def action_bar(html: str) -> dict[str, str]:
    """The action bar's links (anchor → label); empty when the page has none."""
    bar = re.search(r'<nav aria-label="What you can do">(.*?)</nav>', html, re.S)
    return dict(re.findall(r'href="#([\w-]+)">([^<]+)</a>', bar.group(1))) if bar else {}


def forms_on(html: str) -> set[str]:
    return {anchor for anchor in LABELS if f'id="{anchor}"' in html}


def page_of(browser, task) -> str:
    response = browser.get(f"/tasks/{task.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_lead_agency_gets_every_action_each_jumping_to_its_form(login):
    scene = lang_son_scene()
    html = page_of(login(scene.lead_member), scene.task)
    assert action_bar(html) == LABELS
    assert forms_on(html) == set(LABELS)
    # Under the title, before the task's facts.
    assert html.index("What you can do") < html.index("About this task")
    assert html.index("<h1>") < html.index("What you can do")


def test_a_coordinating_agency_reports_and_comments_but_neither_submits_nor_asks(login):
    scene = lang_son_scene()
    html = page_of(login(scene.coordinating_member), scene.task)
    assert action_bar(html) == {"report": "Report progress", "comment-form": "Write a comment"}
    assert forms_on(html) == set(action_bar(html))


def test_a_viewer_has_no_action_bar_and_no_form(login):
    scene = lang_son_scene()
    html = page_of(login(scene.viewer), scene.task)
    assert action_bar(html) == {}
    assert forms_on(html) == set()
    assert "What you can do" not in html


def test_once_reported_done_the_bar_no_longer_offers_to_report(login):
    scene = lang_son_scene()
    browser = login(scene.lead_member)
    response = browser.post(f"/tasks/{scene.task.id}/submit", {"result": "Đã hoàn thành."},
                            form_url=f"/tasks/{scene.task.id}")
    assert response.status_code == 302
    html = page_of(browser, scene.task)
    assert "submit" not in action_bar(html) and "report" not in action_bar(html)
    assert forms_on(html) == set(action_bar(html))


def test_no_extension_link_for_a_standing_duty_or_past_the_committees_limit(login):
    scene = lang_son_scene()
    standing = scene.add_task(title="Tuyên truyền quảng bá du lịch thường xuyên",
                              deadline=None, original_deadline=None)
    browser = login(scene.lead_member)
    html = page_of(browser, standing)
    assert "extension-request" not in action_bar(html)
    assert "report" in action_bar(html)

    scene.committee.max_extensions = 0
    db.session.flush()
    html = page_of(browser, scene.task)
    assert "extension-request" not in action_bar(html) and "extension-request" not in forms_on(html)
