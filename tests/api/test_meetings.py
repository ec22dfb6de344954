"""The meeting resource: the committee reads its meetings, its managers record and edit them."""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories import AgencyFactory, MeetingFactory
from tracker.extensions import db
from tracker.history.services import entries_for
from tracker.resolutions.models import Meeting

MEETING = {"title": "Phiên họp thường kỳ quý I năm 2026", "held_on": "2026-03-20",
           "place": "Hội trường UBND tỉnh Lạng Sơn", "chaired_by": "Đồng chí Dương Xuân Huyên",
           "minutes": "Ban Chỉ đạo thống nhất giao nhiệm vụ cho các cơ quan."}


def test_a_secretary_records_a_meeting_with_its_attendance(api, scene):
    response = api(scene.secretary).post(f"committees/{scene.committee.id}/meetings", json={
        **MEETING, "attending_agency_ids": [scene.lead.id, scene.coordinating.id]})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    meeting = db.session.get(Meeting, body["id"])
    assert meeting.committee_id == scene.committee.id and meeting.place == MEETING["place"]
    assert body["held_on"] == "2026-03-20" and body["resolutions"] == []
    assert {a["id"] for a in body["attending_agencies"]} == {scene.lead.id,
                                                             scene.coordinating.id}
    assert body["url"].endswith(f"/meetings/{meeting.id}")
    [entry] = entries_for("meeting", meeting.id)
    assert entry.action == "created" and entry.actor_id == scene.secretary.id


def test_only_title_and_date_are_needed(api, scene):
    response = api(scene.chair).post(f"committees/{scene.committee.id}/meetings", json={
        "title": "  Họp đột xuất  ", "held_on": "2026-04-02", "place": "   "})
    assert response.status_code == 201
    body = response.get_json()
    assert body["title"] == "Họp đột xuất" and body["place"] is None
    assert body["attending_agencies"] == []


@pytest.mark.parametrize("user", ["lead_member", "viewer"])
def test_members_and_viewers_read_but_do_not_record(api, scene, user):
    MeetingFactory(committee=scene.committee, title="Họp triển khai")
    client = api(getattr(scene, user))
    listing = client.get(f"committees/{scene.committee.id}/meetings").get_json()
    assert [m["title"] for m in listing["items"]] == ["Họp triển khai"]
    response = client.post(f"committees/{scene.committee.id}/meetings", json=MEETING)
    assert response.status_code == 403
    assert db.session.query(Meeting).count() == 1


def test_an_outsider_does_not_see_the_meetings(api, scene):
    meeting = MeetingFactory(committee=scene.committee)
    client = api(scene.outsider)
    assert client.get(f"committees/{scene.committee.id}/meetings").status_code == 404
    assert client.post(f"committees/{scene.committee.id}/meetings",
                       json=MEETING).status_code == 404
    assert client.get(f"meetings/{meeting.id}").status_code == 404
    assert client.patch(f"meetings/{meeting.id}", json={"title": "X"}).status_code == 404


def test_meetings_are_listed_latest_first_in_pages(api, scene):
    for month in (1, 5, 3):
        MeetingFactory(committee=scene.committee, title=f"Họp tháng {month}",
                       held_on=date(2026, month, 10))
    MeetingFactory(title="Họp của ban khác")
    client = api(scene.viewer)
    first = client.get(f"committees/{scene.committee.id}/meetings?per_page=2").get_json()
    assert first["total"] == 3 and first["pages"] == 2
    assert [m["title"] for m in first["items"]] == ["Họp tháng 5", "Họp tháng 3"]
    second = client.get(f"committees/{scene.committee.id}/meetings?per_page=2&page=2")
    assert [m["title"] for m in second.get_json()["items"]] == ["Họp tháng 1"]


def test_a_meeting_shows_the_documents_it_produced(api, scene):
    meeting = MeetingFactory(committee=scene.committee)
    scene.resolution.meeting = meeting
    db.session.flush()
    body = api(scene.lead_member).get(f"meetings/{meeting.id}").get_json()
    assert body["resolutions"] == [{"id": scene.resolution.id, "number": "12/TB-BCĐ",
                                    "title": scene.resolution.title}]


@pytest.mark.parametrize(("body", "fields"), [
    ({}, {"title", "held_on"}),
    ({"title": None, "held_on": "2026-02-30"}, {"title", "held_on"}),
    ({"title": "x" * 501, "held_on": "20/03/2026", "place": "y" * 256, "colour": "red"},
     {"title", "held_on", "place", "colour"}),
    ({"title": "Họp", "held_on": "2026-03-20", "attending_agency_ids": "1"},
     {"attending_agency_ids"}),
    ({"title": "Họp", "held_on": "2026-03-20", "attending_agency_ids": [0, 2**40]},
     {"attending_agency_ids.0", "attending_agency_ids.1"}),
    ({"title": 5, "held_on": 20260320, "minutes": ["a"]}, {"title", "held_on", "minutes"}),
])
def test_an_invalid_meeting_names_each_field_and_writes_nothing(api, scene, body, fields):
    response = api(scene.secretary).post(f"committees/{scene.committee.id}/meetings", json=body)
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == fields
    assert db.session.query(Meeting).count() == 0


@pytest.mark.parametrize(("extra", "field"), [
    ({"title": "   "}, "title"),
    ({"attending_agency_ids": [2**31 - 1]}, "attending_agency_ids"),
])
def test_rules_the_service_checks_are_422_on_their_field(api, scene, extra, field):
    response = api(scene.secretary, "vi").post(f"committees/{scene.committee.id}/meetings",
                                               json={**MEETING, **extra})
    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == [field]
    assert db.session.query(Meeting).count() == 0


def test_an_agency_not_on_the_committee_cannot_attend(api, scene):
    stranger = AgencyFactory(name="Sở Ngoại vụ tỉnh Cao Bằng")
    response = api(scene.secretary).post(f"committees/{scene.committee.id}/meetings", json={
        **MEETING, "attending_agency_ids": [scene.lead.id, stranger.id]})
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {
        "attending_agency_ids": "Only member agencies of this committee can be chosen."}


def test_patch_changes_only_the_fields_sent(api, scene):
    meeting = MeetingFactory(committee=scene.committee, place="Nhà văn hóa huyện Cao Lộc")
    meeting.attending_agencies = [scene.lead]
    db.session.flush()
    client = api(scene.secretary)
    response = client.patch(f"meetings/{meeting.id}", json={
        "minutes": "Đã thống nhất kế hoạch.", "held_on": "2026-06-01"})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["minutes"] == "Đã thống nhất kế hoạch." and body["held_on"] == "2026-06-01"
    assert body["place"] == "Nhà văn hóa huyện Cao Lộc"
    assert [a["id"] for a in body["attending_agencies"]] == [scene.lead.id]
    [entry] = entries_for("meeting", meeting.id)
    assert set(entry.changes) == {"minutes", "held_on"}
    cleared = client.patch(f"meetings/{meeting.id}", json={"attending_agency_ids": [],
                                                           "place": None})
    assert cleared.get_json()["attending_agencies"] == []
    assert cleared.get_json()["place"] is None


@pytest.mark.parametrize(("body", "field"), [
    ({"title": None}, "title"), ({"title": " "}, "title"), ({"held_on": None}, "held_on"),
    ({"held_on": "yesterday"}, "held_on"), ({"committee_id": 3}, "committee_id"),
])
def test_an_invalid_patch_names_the_field(api, scene, body, field):
    meeting = MeetingFactory(committee=scene.committee)
    response = api(scene.secretary).patch(f"meetings/{meeting.id}", json=body)
    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == [field]


@pytest.mark.parametrize("user", ["lead_member", "viewer"])
def test_members_and_viewers_do_not_edit(api, scene, user):
    meeting = MeetingFactory(committee=scene.committee, title="Họp triển khai")
    response = api(getattr(scene, user)).patch(f"meetings/{meeting.id}", json={"title": "X"})
    assert response.status_code == 403
    assert db.session.get(Meeting, meeting.id).title == "Họp triển khai"


@pytest.mark.parametrize("path", ["meetings/0", "meetings/-1", f"meetings/{2**40}",
                                  "meetings/abc", "meetings/2147483647",
                                  "committees/2147483647/meetings"])
def test_odd_ids_are_not_found(api, scene, path):
    response = api(scene.chair).get(path)
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_without_a_token_it_is_401(app):
    client = app.test_client(use_cookies=False)
    assert client.get("/api/v1/meetings/1").status_code == 401
    assert client.post("/api/v1/committees/1/meetings", json={}).status_code == 401
