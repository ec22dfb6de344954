"""The API keeps the same rule for names as the site: a name with a line break, a tab or an
invisible character is a 422 naming the field, with the service's message; nothing written."""

from __future__ import annotations

import pytest

from tests.factories import TEST_PASSWORD, UserFactory
from tracker.auth.models import ApiToken, User
from tracker.committees.models import Agency, Committee
from tracker.extensions import db
from tracker.resolutions.models import Meeting, Resolution
from tracker.tasks.models import Task

ONE_LINE = "Please write this on one line, without tabs or control characters."
INVISIBLE = ("Please remove the invisible characters (direction controls, zero-width spaces) "
             "from this text.")
BAD = [("Ban Chỉ đạo\r\nBcc: ai@example.com", ONE_LINE), ("Ban\tChỉ đạo", ONE_LINE),
       ("Ban Chỉ đạo \u202efdp.exe", INVISIBLE), ("Ban\u200bChỉ đạo", INVISIBLE)]
MODELS = (Committee, Agency, User, ApiToken, Resolution, Task, Meeting)


def _counts():
    return [db.session.query(model).count() for model in MODELS]


def _refused(response, field, message):
    assert response.status_code == 422, response.get_data(as_text=True)[:500]
    assert response.get_json()["error"]["fields"] == {field: message}


@pytest.mark.parametrize(("name", "message"), BAD)
def test_admin_names_follow_the_rule(api, scene, name, message):
    client = api(UserFactory(is_admin=True, agency=None))
    before = _counts()
    _refused(client.post("committees", json={
        "name": name, "standing_agency_id": scene.lead.id}), "name", message)
    _refused(client.post("committees", json={
        "name": "Ban mới", "parent_body": name, "standing_agency_id": scene.lead.id}),
        "parent_body", message)
    _refused(client.patch(f"committees/{scene.committee.id}", json={"name": name}),
             "name", message)
    _refused(client.post("agencies", json={"name": name}), "name", message)
    _refused(client.post("agencies", json={"name": "Sở mới", "short_name": name}),
             "short_name", message)
    _refused(client.post("users", json={"email": "moi@langson.gov.vn", "name": name,
                                        "password": "mật khẩu đủ dài"}), "name", message)
    assert _counts() == before


@pytest.mark.parametrize(("name", "message"), BAD)
def test_secretary_names_and_titles_follow_the_rule(api, scene, name, message):
    client = api(scene.secretary)
    before, title = _counts(), scene.task.title
    url = f"committees/{scene.committee.id}"
    _refused(client.post(f"resolutions/{scene.resolution.id}/tasks", json={
        "title": name, "lead_agency_id": scene.lead.id, "deadline": None}), "title", message)
    _refused(client.patch(f"tasks/{scene.task.id}", json={"title": name}), "title", message)
    _refused(client.post(f"{url}/meetings", json={"title": name, "held_on": "2024-01-18"}),
             "title", message)
    for field in ("number", "title", "signer"):
        body = {"kind": "conclusion_notice", "number": "99/TB-BCĐ", "issued_on": "2024-01-25",
                "title": "Kết luận"} | {field: name}
        _refused(client.post(f"{url}/resolutions", json=body), field, message)
    assert _counts() == before and scene.task.title == title


@pytest.mark.parametrize(("name", "message"), BAD)
def test_a_token_name_follows_the_rule(app, scene, name, message):
    client = app.test_client(use_cookies=False)
    _refused(client.post("/api/v1/auth/token", json={
        "email": scene.chair.email, "password": TEST_PASSWORD, "name": name},
        headers={"Accept-Language": "en"}), "name", message)
    assert db.session.query(ApiToken).count() == 0


def test_multi_line_texts_keep_their_lines_but_not_direction_controls(api, scene):
    client = api(scene.secretary)
    description = "Bước 1: khảo sát.\r\nBước 2:\tbáo cáo."
    response = client.patch(f"tasks/{scene.task.id}", json={"description": description})
    assert response.status_code == 200
    assert scene.task.description == description
    _refused(client.patch(f"tasks/{scene.task.id}", json={
        "description": "Bước 1\u202e: khảo sát."}), "description", INVISIBLE)
    _refused(api(scene.lead_member).post(f"tasks/{scene.task.id}/updates", json={
        "text": "Đã xong\u2066 phần 1", "progress": 50}), "text", INVISIBLE)
