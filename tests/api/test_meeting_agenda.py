"""A meeting's agenda through the API: members read it, the secretariat adds to it until the
invitation goes out."""

from __future__ import annotations

from tests.meetings.conftest import prep, world  # noqa: F401 — the fixtures
from tracker.meetings import services


def test_the_secretary_adds_agenda_items_and_members_read_them_in_order(api, prep):  # noqa: F811
    w = prep.world
    path = f"meetings/{prep.meeting.id}/agenda"
    first = api(w.secretary).post(path, json={
        "title": "Công tác chuẩn bị Lễ hội Hoa Đào", "presenter_agency_id": w.vhttdl.id,
        "minutes_allotted": 20, "notes": "Sở VHTTDL báo cáo"})
    assert first.status_code == 201, first.get_json()
    assert first.get_json()["position"] == 1
    assert first.get_json()["presenter_agency"]["id"] == w.vhttdl.id
    second = api(w.chair).post(path, json={"title": "Ý kiến các thành viên"})
    assert second.status_code == 201 and second.get_json()["position"] == 2

    listing = api(w.member).get(path)
    assert listing.status_code == 200
    assert [i["title"] for i in listing.get_json()["items"]] == [
        "Công tác chuẩn bị Lễ hội Hoa Đào", "Ý kiến các thành viên"]
    meeting = api(w.member).get(f"meetings/{prep.meeting.id}").get_json()
    assert meeting["state"] == "draft" and meeting["invited_at"] is None


def test_bad_agenda_items_are_refused_naming_the_field(api, prep):  # noqa: F811
    w = prep.world
    path = f"meetings/{prep.meeting.id}/agenda"
    for body, field in (({"title": " "}, "title"),
                        ({"title": "A", "minutes_allotted": 0}, "minutes_allotted"),
                        ({"title": "A", "presenter_agency_id": w.geopark_board.id},
                         "presenter_agency_id"),
                        ({}, "title")):
        response = api(w.secretary).post(path, json=body)
        assert response.status_code == 422, (body, response.get_json())
        assert field in str(response.get_json()), response.get_json()
    assert api(w.secretary).get(path).get_json()["items"] == []


def test_members_cannot_add_and_the_agenda_is_frozen_once_invited(api, prep):  # noqa: F811
    w = prep.world
    path = f"meetings/{prep.meeting.id}/agenda"
    assert api(w.member).post(path, json={"title": "Đề xuất"}).status_code == 403
    assert api(w.outsider).get(path).status_code == 404
    services.send_invitation(prep.meeting, actor=w.secretary)
    response = api(w.secretary).post(path, json={"title": "Muộn quá"})
    assert response.status_code == 409
    assert api(w.secretary).get(f"meetings/{prep.meeting.id}").get_json()["state"] == "invited"
