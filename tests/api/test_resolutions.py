"""The resolution resource: a committee's documents listed, recorded, read and edited with
their version (409 when stale)."""

from __future__ import annotations

from datetime import date

from tests.factories import CommitteeFactory, MeetingFactory, ResolutionFactory
from tracker.extensions import db
from tracker.history.services import entries_for
from tracker.resolutions.models import Resolution
from tracker.resolutions.queries import meeting_documents

NEW = {"kind": "conclusion_notice", "number": "45/TB-BCĐ", "issued_on": "2024-03-08",
       "title": "Thông báo kết luận của Trưởng Ban Chỉ đạo về Lễ hội Hoa Đào Xứ Lạng",
       "signer": "Dương Xuân Huyên", "text": "Giao UBND huyện Cao Lộc chủ trì…"}


def test_the_secretary_records_a_document_with_its_meeting(api, scene):
    meeting = MeetingFactory(committee=scene.committee)
    response = api(scene.secretary).post(f"committees/{scene.committee.id}/resolutions",
                                         json={**NEW, "meeting_id": meeting.id})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    resolution = db.session.get(Resolution, body["id"])
    assert resolution.number == "45/TB-BCĐ" and resolution.meeting_id == meeting.id
    assert body["kind"] == "conclusion_notice" and body["issued_on"] == "2024-03-08"
    assert body["version"] == 1 and body["task_count"] == 0
    assert body["url"].endswith(f"/resolutions/{resolution.id}")
    [entry] = entries_for("resolution", resolution.id)
    assert entry.action == "created" and entry.changes["number"] == [None, "45/TB-BCĐ"]


def test_members_list_the_committees_documents_newest_first_with_filters(api, scene):
    ResolutionFactory(committee=scene.committee, number="3/KH-BCĐ", kind="plan",
                      issued_on=date(2024, 2, 1), title="Kế hoạch tổ chức Lễ hội")
    ResolutionFactory(committee=CommitteeFactory(), number="9/NQ")  # another committee's
    client = api(scene.lead_member)
    body = client.get(f"committees/{scene.committee.id}/resolutions").get_json()
    assert body["total"] == 2
    assert [r["number"] for r in body["items"]] == ["3/KH-BCĐ", "12/TB-BCĐ"]
    assert body["items"][1]["task_count"] == 1
    plans = client.get(f"committees/{scene.committee.id}/resolutions?kind=plan").get_json()
    assert [r["number"] for r in plans["items"]] == ["3/KH-BCĐ"]
    found = client.get(f"committees/{scene.committee.id}/resolutions?q=le hoi").get_json()
    assert [r["number"] for r in found["items"]] == ["3/KH-BCĐ"]
    dated = client.get(f"committees/{scene.committee.id}/resolutions"
                       "?issued_to=2024-01-31&sort=number&per_page=1").get_json()
    assert dated["total"] == 1 and dated["items"][0]["number"] == "12/TB-BCĐ"


def test_bad_list_arguments_name_the_field(api, scene):
    response = api(scene.chair).get(f"committees/{scene.committee.id}/resolutions"
                                    "?kind=law&sort=date&issued_from=2024-13-01&page=0")
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {"kind", "sort", "issued_from", "page"}


def test_another_committees_member_sees_nothing(api, scene):
    client = api(scene.outsider)
    assert client.get(f"committees/{scene.committee.id}/resolutions").status_code == 404
    assert client.get(f"resolutions/{scene.resolution.id}").status_code == 404
    response = client.post(f"committees/{scene.committee.id}/resolutions", json=NEW)
    assert response.status_code == 404
    assert client.patch(f"resolutions/{scene.resolution.id}",
                        json={"title": "x"}).status_code == 404
    assert api(scene.chair).get("committees/2147483647/resolutions").status_code == 404


def test_members_and_viewers_may_read_but_not_write(api, scene):
    for user in (scene.lead_member, scene.viewer):
        client = api(user)
        body = client.get(f"resolutions/{scene.resolution.id}").get_json()
        assert body["number"] == "12/TB-BCĐ" and body["task_count"] == 1
        assert client.post(f"committees/{scene.committee.id}/resolutions",
                           json=NEW).status_code == 403
        assert client.patch(f"resolutions/{scene.resolution.id}",
                            json={"title": "Đổi tên"}).status_code == 403
    assert db.session.query(Resolution).filter_by(number="45/TB-BCĐ").count() == 0


def test_invalid_documents_name_each_field_and_write_nothing(api, scene):
    client = api(scene.secretary)
    url = f"committees/{scene.committee.id}/resolutions"
    before = db.session.query(Resolution).count()
    response = client.post(url, json={"kind": "law", "number": "x" * 61, "issued_on": "2024-02-30",
                                      "meeting_id": "1", "extra": 1})
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {
        "kind", "number", "issued_on", "title", "meeting_id", "extra"}
    for odd in (0, -1, 2**40, True, "x", 1.5):
        response = client.post(url, json={**NEW, "meeting_id": odd})
        assert response.status_code == 422, odd
        assert list(response.get_json()["error"]["fields"]) == ["meeting_id"]
    assert client.post(url, json={**NEW, "number": "   "}).get_json()["error"]["fields"] == {
        "number": "Please enter the official number."}
    assert client.post(url, data="{", headers={"Content-Type": "application/json"}
                       ).status_code in (400, 422)
    assert client.post(url, json=[NEW]).status_code == 422
    assert db.session.query(Resolution).count() == before


def test_a_meeting_of_another_committee_and_a_taken_number_are_refused(api, scene):
    client = api(scene.secretary)
    url = f"committees/{scene.committee.id}/resolutions"
    foreign = MeetingFactory(committee=CommitteeFactory())
    response = client.post(url, json={**NEW, "meeting_id": foreign.id})
    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == ["meeting_id"]
    response = client.post(url, json={**NEW, "number": " 12/TB-BCĐ "})
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {
        "number": "This committee already has a document numbered 12/TB-BCĐ."}


def test_odd_text_is_stored_or_refused_never_a_server_error(api, scene):
    client = api(scene.secretary)
    url = f"committees/{scene.committee.id}/resolutions"
    response = client.post(url, json={**NEW, "title": "Lạng\x00 Sơn 🌸", "signer": None})
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["title"] == "Lạng Sơn 🌸"
    # A direction override in a title reads differently from what it says: refused.
    override = client.post(url, json={**NEW, "number": "13/TB-BCĐ", "title": "Lạng Sơn ‮"})
    assert override.status_code == 422
    assert list(override.get_json()["error"]["fields"]) == ["title"]
    lone = client.post(url, data='{"kind": "plan", "number": "1", "issued_on": "2024-01-01", '
                                 '"title": "\\ud800"}',
                       headers={"Content-Type": "application/json"})
    assert lone.status_code == 422
    assert list(lone.get_json()["error"]["fields"]) == ["title"]


def test_patch_changes_only_the_fields_sent_and_records_history(api, scene):
    client = api(scene.secretary)
    response = client.patch(f"resolutions/{scene.resolution.id}",
                            json={"signer": "Hồ Tiến Thiệu", "version": 1})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["signer"] == "Hồ Tiến Thiệu" and body["version"] == 2
    assert body["number"] == "12/TB-BCĐ" and body["kind"] == "conclusion_notice"
    entry = entries_for("resolution", scene.resolution.id)[-1]
    assert entry.action == "updated"
    assert entry.changes == {"signer": ["Dương Xuân Huyên", "Hồ Tiến Thiệu"]}
    assert client.patch(f"resolutions/{scene.resolution.id}",
                        json={"title": None}).status_code == 422


def test_a_stale_version_is_refused_with_the_current_document(api, scene):
    client = api(scene.chair)
    assert client.patch(f"resolutions/{scene.resolution.id}",
                        json={"title": "Bản của chị Hà"}).status_code == 200
    response = client.patch(f"resolutions/{scene.resolution.id}",
                            json={"title": "Bản cũ", "version": 1})
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["code"] == "conflict" and "version" in error["fields"]
    assert error["current"]["title"] == "Bản của chị Hà" and error["current"]["version"] == 2
    assert error["current"]["issued_on"] == "2024-01-25"
    stale = client.patch(f"resolutions/{scene.resolution.id}", json={"title": "A"},
                         headers={"If-Match": '"1"'})
    assert stale.status_code == 409
    fresh = client.patch(f"resolutions/{scene.resolution.id}", json={"title": "A"},
                         headers={"If-Match": '"2"'})
    assert fresh.status_code == 200 and fresh.get_json()["version"] == 3
    db.session.expire_all()
    assert db.session.get(Resolution, scene.resolution.id).title == "A"


def test_a_document_counts_its_tasks_as_its_list_and_its_meeting_do(api, scene):
    """One rule for a resolution's number of tasks (``resolutions.queries.task_count``):
    cancelled tasks count, as on the site."""
    meeting = MeetingFactory(committee=scene.committee)
    resolution = ResolutionFactory(committee=scene.committee, meeting=meeting, number="7/TB")
    kept = scene.add_task(resolution=resolution, title="Giữ")
    scene.add_task(resolution=resolution, title="Thôi", state="cancelled",
                   cancel_reason="Không còn cần")
    client = api(scene.lead_member)
    document = client.get(f"resolutions/{resolution.id}").get_json()
    listed = next(item for item in client.get(
        f"committees/{scene.committee.id}/resolutions?q=7/TB").get_json()["items"]
        if item["id"] == resolution.id)
    [(shown, tasks)] = meeting_documents(meeting)
    assert shown.id == resolution.id and kept.resolution_id == resolution.id
    assert document["task_count"] == listed["task_count"] == tasks == 2
