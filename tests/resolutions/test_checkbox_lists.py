"""Issue 13: several agencies are chosen with checkboxes (a Ctrl-click select cannot be used
on a phone); a long list gets a filter box. The field names and what is posted are those of
the multi-selects they replace."""

from __future__ import annotations

import re

from tests.factories import AgencyFactory
from tests.resolutions.helpers import text_of
from tests.resolutions.test_list import documents
from tracker.extensions import db


def checkbox_names(html: str) -> set[str]:
    return set(re.findall(r'<input[^>]*type="checkbox"[^>]*name="([^"]+)"', html)
               + re.findall(r'<input[^>]*name="([^"]+)"[^>]*type="checkbox"', html))


def test_a_meetings_attending_agencies_are_checkboxes_without_a_filter_when_few(world, login):
    html = text_of(login(world.secretary).get(
        f"/committees/{world.committee.id}/meetings/new"))
    assert "<select multiple" not in html and "Hold Ctrl" not in html
    assert "attending_agency_ids" in checkbox_names(html)
    assert re.search(r'<fieldset class="field checklist"[^>]*>\s*<legend>Attending agencies',
                     html)
    assert 'data-filter-list="attending_agency_ids"' not in html  # 4 agencies: no filter


def test_a_long_list_gets_a_filter_box_shown_by_the_script(world, login):
    extra = [AgencyFactory(name=f"UBND huyện số {n}", short_name=f"UBND số {n}")
             for n in range(6)]
    world.committee.member_agencies.extend(extra)
    db.session.flush()
    html = text_of(login(world.secretary).get(
        f"/committees/{world.committee.id}/resolutions/new"))
    # Each task row: coordinating agencies (9 of the committee's 10 besides the lead…) as
    # checkboxes named as the multi-select was, with a labelled filter box, hidden until
    # app.js shows it (without JavaScript every box stays visible).
    assert {"tasks-0-coordinating_agency_ids", "tasks-0-assignee_ids"} <= checkbox_names(html)
    assert re.search(r'<div class="checklist-filter" hidden>\s*<label for="tasks-0-coordinating'
                     r'_agency_ids-filter">Filter the list</label>', html)
    assert 'class="checklist-options long"' in html
    assert "<select multiple" not in html


def test_ticked_agencies_are_posted_as_before(world, login):
    browser = login(world.secretary)
    url = f"/committees/{world.committee.id}/meetings/new"
    response = browser.post(url, {
        "title": "Phiên họp giao ban quý I", "held_on": "2024-03-28",
        "attending_agency_ids": [str(world.police.id), str(world.border.id)]})
    assert response.status_code == 302
    page = text_of(browser.get(response.headers["Location"]))
    assert "BĐBP tỉnh, Công an tỉnh" in page


def test_the_sorted_column_heading_carries_aria_sort_not_its_link(world, login):
    documents(world)
    browser = login(world.secretary)
    html = text_of(browser.get("/resolutions?sort=-tasks"))
    assert re.search(r'<th scope="col" class="num" aria-sort="descending">\s*<a href=', html)
    assert not re.search(r"<a [^>]*aria-sort", html)
    tasks = text_of(browser.get("/tasks?sort=deadline"))
    assert re.search(r'<th scope="col" aria-sort="ascending">\s*<a href="[^"]*sort=-deadline',
                     tasks)
    assert tasks.count("aria-sort") == 1


def test_wide_tables_scroll_in_a_labelled_focusable_region(world, login):
    documents(world)
    html = text_of(login(world.secretary).get("/resolutions"))
    assert re.search(r'<div class="table-scroll" role="region" tabindex="0" aria-label="[^"]+">'
                     r'\s*<table', html)
