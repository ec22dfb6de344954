"""The API answers a unique value written by someone else meanwhile as the site does: the
service's own field error (422), or a 409 for a role or seat given at the same moment."""

from __future__ import annotations

from tests.committees.test_unique_name_races import race_after
from tests.factories import AgencyFactory, CommitteeFactory, ResolutionFactory, UserFactory
from tracker.committees import services as committee_services
from tracker.committees.models import CommitteeRole
from tracker.extensions import db
from tracker.resolutions import services as resolution_services


def test_an_agency_named_meanwhile_is_the_checks_422(api, monkeypatch):
    admin = UserFactory(is_admin=True)
    name = "Công an tỉnh Lạng Sơn"
    raced = race_after(monkeypatch, committee_services, "_agency_fields",
                       lambda: AgencyFactory(name=name))
    response = api(admin).post("agencies", json={"name": name})
    assert raced and response.status_code == 422
    assert response.get_json()["error"]["fields"] == {
        "name": "Another agency already has this name."}


def test_a_document_numbered_meanwhile_is_the_checks_422(api, scene, monkeypatch):
    raced = race_after(monkeypatch, resolution_services, "_check_resolution",
                       lambda: ResolutionFactory(committee=scene.committee, number="7/KL-BCĐ"))
    response = api(scene.secretary).post(f"committees/{scene.committee.id}/resolutions", json={
        "kind": "conclusion", "number": "7/KL-BCĐ", "issued_on": "2024-03-01",
        "title": "Kết luận phiên họp quý I"})
    assert raced and response.status_code == 422
    assert response.get_json()["error"]["fields"] == {
        "number": "This committee already has a document numbered 7/KL-BCĐ."}


def test_a_role_given_at_the_same_moment_is_a_409(api, monkeypatch):
    admin = UserFactory(is_admin=True)
    committee = CommitteeFactory()
    person = UserFactory()

    def other_admin_gives_a_role():
        db.session.add(CommitteeRole(committee_id=committee.id, user_id=person.id,
                                     role="viewer"))
        db.session.flush()
        return True

    raced = race_after(monkeypatch, committee_services, "_role_of", other_admin_gives_a_role)
    response = api(admin).post(f"committees/{committee.id}/roles",
                               json={"user_id": person.id, "role": "secretary"})
    assert raced and response.status_code == 409
    message = "Someone else changed this at the same moment; please try again."
    assert response.get_json()["error"]["fields"] == {"user_id": message}
