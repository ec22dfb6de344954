"""One range for every date a user gives (1900–2100) on the task screens: an extension asked
for, a token's expiry, an imported deadline. Shown next to the field; nothing written."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from tests.tasks.scenes import lang_son_scene
from tests.tasks.test_imports import csv_bytes, import_world
from tracker.auth.models import ApiToken
from tracker.extensions import db
from tracker.tasks.imports import services as imports
from tracker.tasks.models import TaskExtension

RANGE_MESSAGE = "Please enter a date between the years 1900 and 2100."


@pytest.mark.parametrize("day", ["9999-12-31", "2101-01-01"])
def test_an_extension_asked_for_out_of_range_is_shown_next_to_the_date(login, day):
    scene = lang_son_scene()
    browser = login(scene.lead_member)
    url = f"/tasks/{scene.task.id}"
    response = browser.post(f"{url}/extensions",
                            {"requested_deadline": day, "reason": "Chờ vốn."}, form_url=url)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert RANGE_MESSAGE in html and 'aria-invalid="true"' in html
    assert db.session.query(TaskExtension).count() == 0


@pytest.mark.parametrize("day", ["9999-12-31", "2101-01-01"])
def test_a_token_expiring_out_of_range_is_shown_next_to_the_date(login, day):
    scene = lang_son_scene()
    browser = login(scene.chair)
    response = browser.post("/profile/tokens", {"token-name": "Hệ thống QLVB",
                                                "token-expires_on": day}, form_url="/profile")
    assert response.status_code == 422
    assert RANGE_MESSAGE in response.get_data(as_text=True)
    assert db.session.query(ApiToken).count() == 0


def test_an_imported_deadline_out_of_range_is_a_problem_of_its_row(db_session):
    world = import_world()
    with force_locale("en"):
        first, second = imports.preview_import(world.resolution, csv_bytes([
            ["Khảo sát tuyến", "Sở VHTTDL", "", "31/12/9999", "", ""],
            ["Khảo sát điểm", "Sở VHTTDL", "", "31/12/2100", "", ""],
        ])).rows
        assert [str(e) for e in first.errors] == [RANGE_MESSAGE]
        assert second.errors == []
