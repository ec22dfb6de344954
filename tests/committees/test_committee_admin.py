"""An admin sets up committees and who holds which role in them."""

from __future__ import annotations

from tests.committees.conftest import count
from tests.factories import AgencyFactory, CommitteeFactory, UserFactory, member_of
from tracker.committees.models import Committee, CommitteeRole
from tracker.history.models import HistoryEntry
from tracker.history.services import entries_for


def _committee_form(standing, members=(), **changes):
    data = {
        "name": "Ban Chỉ đạo Phát triển du lịch tỉnh Lạng Sơn",
        "parent_body": "UBND tỉnh Lạng Sơn", "timezone": "Asia/Ho_Chi_Minh",
        "standing_agency_id": str(standing.id),
        "member_agency_ids": [str(a.id) for a in members], "due_soon_days": "3",
        "four_eyes": "y",  # the box is ticked on the form, as a browser would send it
    }
    data.update(changes)
    return data


def test_admin_creates_a_committee_with_its_member_agencies(as_admin):
    standing = AgencyFactory(name="Sở Văn hóa, Thể thao và Du lịch", short_name="Sở VHTTDL")
    border = AgencyFactory(name="Bộ Chỉ huy Bộ đội Biên phòng tỉnh")
    district = AgencyFactory(name="UBND huyện Tràng Định")
    response = as_admin.post("/admin/committees/new", _committee_form(standing, [border, district]))
    assert response.status_code == 302
    committee = Committee.query.filter_by(name="Ban Chỉ đạo Phát triển du lịch tỉnh Lạng Sơn").one()
    assert {a.id for a in committee.member_agencies} == {standing.id, border.id, district.id}
    page = as_admin.get(response.headers["Location"]).get_data(as_text=True)
    assert "Bộ Chỉ huy Bộ đội Biên phòng tỉnh" in page
    assert "Asia/Ho_Chi_Minh" in page
    assert entries_for("committee", committee.id)[0].action == "created"


def test_new_committee_form_offers_hanoi_time_by_default(as_admin):
    html = as_admin.get("/admin/committees/new").get_data(as_text=True)
    assert '<option selected value="Asia/Ho_Chi_Minh">' in html or \
        '<option value="Asia/Ho_Chi_Minh" selected>' in html


def test_invalid_committee_input_is_shown_next_to_the_field_and_nothing_is_written(as_admin):
    standing = AgencyFactory()
    existing = CommitteeFactory()
    cases = [
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"due_soon_days": "45"}, "due_soon_days"),
        ({"due_soon_days": "ba"}, "due_soon_days"),
        ({"standing_agency_id": "999999"}, "standing_agency_id"),
        ({"standing_agency_id": "abc"}, "standing_agency_id"),
        ({"standing_agency_id": ""}, "standing_agency_id"),
        ({"member_agency_ids": ["999999"]}, "member_agency_ids"),
        ({"member_agency_ids": ["x"]}, "member_agency_ids"),
        ({"name": existing.name}, "name"),
        ({"name": ""}, "name"),
    ]
    before = (count(Committee), count(HistoryEntry))
    for changes, field in cases:
        response = as_admin.post("/admin/committees/new", _committee_form(standing, **changes))
        assert response.status_code == 422, changes
        assert f'id="{field}-error"' in response.get_data(as_text=True), changes
    assert (count(Committee), count(HistoryEntry)) == before


def test_admin_edits_a_committee_and_the_fields_changed_are_recorded(as_admin):
    committee = CommitteeFactory(due_soon_days=3)
    committee.member_agencies = [committee.standing_agency]
    assert as_admin.get(f"/admin/committees/{committee.id}/edit").status_code == 200
    response = as_admin.post(
        f"/admin/committees/{committee.id}/edit",
        _committee_form(committee.standing_agency, name=committee.name, due_soon_days="7",
                        parent_body=committee.parent_body),
    )
    assert response.status_code == 302
    assert committee.due_soon_days == 7
    assert entries_for("committee", committee.id)[-1].changes == {"due_soon_days": [3, 7]}


def test_four_eyes_is_ticked_for_a_new_committee_and_an_admin_may_untick_it(as_admin):
    html = as_admin.get("/admin/committees/new").get_data(as_text=True)
    box = html.split('name="four_eyes"', 1)[0].rsplit("<input", 1)[1] + \
        html.split('name="four_eyes"', 1)[1].split(">", 1)[0]
    assert "checked" in box
    standing = AgencyFactory()
    response = as_admin.post("/admin/committees/new", _committee_form(standing))
    assert response.status_code == 302
    committee = Committee.query.filter_by(name="Ban Chỉ đạo Phát triển du lịch tỉnh Lạng Sơn").one()
    assert committee.four_eyes is True
    form = _committee_form(standing, name=committee.name)
    del form["four_eyes"]  # unticked: the browser sends nothing
    response = as_admin.post(f"/admin/committees/{committee.id}/edit", form)
    assert response.status_code == 302
    assert committee.four_eyes is False
    assert entries_for("committee", committee.id)[-1].changes == {"four_eyes": [True, False]}


def test_editing_a_committee_that_does_not_exist_is_404(as_admin):
    assert as_admin.get("/admin/committees/424242/edit").status_code == 404


def test_admin_gives_a_person_a_role_from_the_committee_page_and_removes_it(as_admin):
    committee = CommitteeFactory()
    user = UserFactory(email="thuky@langson.gov.vn", name="Hoàng Thị Thu")
    url = f"/committees/{committee.id}"
    response = as_admin.post(f"{url}/roles", {"email": "ThuKy@langson.gov.vn",
                                              "role": "secretary"}, form_url=url)
    assert response.status_code == 302
    assert user.role_in(committee.id) == "secretary"
    assert "Hoàng Thị Thu" in as_admin.get(url).get_data(as_text=True)
    # Changing the role replaces it: still one role per person and committee.
    as_admin.post(f"{url}/roles", {"email": user.email, "role": "chair"}, form_url=url)
    assert CommitteeRole.query.filter_by(user_id=user.id).count() == 1
    assert user.role_in(committee.id) == "chair"
    response = as_admin.post(f"{url}/roles/{user.id}/remove", form_url=url)
    assert response.status_code == 302
    assert user.role_in(committee.id) is None
    actions = [e.action for e in entries_for("committee", committee.id)]
    assert actions == ["role_set", "role_set", "role_removed"]


def test_role_for_an_unknown_email_or_role_is_refused_next_to_the_field(as_admin):
    committee = CommitteeFactory()
    UserFactory(email="known@langson.gov.vn")
    url = f"/committees/{committee.id}"
    before = (count(CommitteeRole), count(HistoryEntry))
    response = as_admin.post(f"{url}/roles", {"email": "ghost@langson.gov.vn", "role": "member"},
                             form_url=url)
    assert response.status_code == 422
    assert 'id="email-error"' in response.get_data(as_text=True)
    response = as_admin.post(f"{url}/roles", {"email": "known@langson.gov.vn", "role": "king"},
                             form_url=url)
    assert response.status_code == 422
    assert 'id="role-error"' in response.get_data(as_text=True)
    assert (count(CommitteeRole), count(HistoryEntry)) == before


def test_removing_a_role_nobody_holds_is_404(as_admin):
    committee = CommitteeFactory()
    user = UserFactory()
    url = f"/committees/{committee.id}"
    assert as_admin.post(f"{url}/roles/{user.id}/remove", form_url=url).status_code == 404
    assert as_admin.post(f"{url}/roles/777777/remove", form_url=url).status_code == 404


def test_chair_cannot_administer_their_own_committee(login):
    committee = CommitteeFactory()
    chair = member_of(committee, "chair")
    outsider = UserFactory()
    browser = login(chair)
    url = f"/committees/{committee.id}"
    assert browser.get("/admin/committees/new").status_code == 403
    assert browser.get(f"/admin/committees/{committee.id}/edit").status_code == 403
    response = browser.post(f"{url}/roles", {"email": outsider.email, "role": "chair"},
                            form_url=url)
    assert response.status_code == 403
    assert outsider.role_in(committee.id) is None
    assert "Edit committee" not in browser.get(url).get_data(as_text=True)
