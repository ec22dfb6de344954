"""The committee services: rules checked before anything is written, history for every change."""

from __future__ import annotations

import pytest

from tests.committees.conftest import count
from tests.factories import AgencyFactory, CommitteeFactory, UserFactory
from tracker.committees import services
from tracker.committees.models import Agency, Committee, CommitteeRole
from tracker.history.models import HistoryEntry
from tracker.history.services import entries_for
from tracker.tasks.restructure.services import remove_member_agency


def test_agency_without_any_user_account_is_created_with_its_focal_point_email(admin):
    agency = services.create_agency(
        name="Hợp tác xã Nông nghiệp Phia Oắc", short_name="HTX Phia Oắc", kind="cooperative",
        email="  PhiaOac@CaoBang.vn ", actor=admin,
    )
    assert agency.users == []
    assert agency.email == "phiaoac@caobang.vn"
    [entry] = entries_for("agency", agency.id)
    assert entry.action == "created" and entry.actor_id == admin.id
    assert entry.changes["name"] == [None, "Hợp tác xã Nông nghiệp Phia Oắc"]
    assert entry.changes["kind"] == [None, "cooperative"]


def test_agency_name_must_be_unique_whatever_the_case(admin):
    AgencyFactory(name="Sở Du lịch")
    before = count(Agency)
    with pytest.raises(services.CommitteeError) as error:
        services.create_agency(name="sở du lịch", kind="department", actor=admin)
    assert error.value.field == "name"
    assert count(Agency) == before


def test_updating_an_agency_records_only_the_changed_fields(admin):
    agency = AgencyFactory(name="Công an tỉnh", short_name="CA tỉnh", kind="security")
    services.update_agency(agency, name="Công an tỉnh Lạng Sơn", short_name="CA tỉnh",
                           kind="security", email=agency.email, actor=admin)
    [entry] = entries_for("agency", agency.id)
    assert entry.changes == {"name": ["Công an tỉnh", "Công an tỉnh Lạng Sơn"]}


def test_committee_standing_agency_always_sits_on_it(admin):
    standing = AgencyFactory(name="Sở Văn hóa, Thể thao và Du lịch", short_name="Sở VHTTDL")
    police = AgencyFactory(name="Công an tỉnh Lạng Sơn")
    committee = services.create_committee(
        name="Ban Chỉ đạo Phát triển du lịch tỉnh Lạng Sơn", parent_body="UBND tỉnh Lạng Sơn",
        timezone=None, standing_agency_id=standing.id, member_agency_ids=[police.id],
        due_soon_days=3, actor=admin,
    )
    assert committee.timezone == "Asia/Ho_Chi_Minh"
    assert {a.id for a in committee.member_agencies} == {standing.id, police.id}
    [entry] = entries_for("committee", committee.id)
    assert entry.changes["member_agency_ids"] == [None, sorted([standing.id, police.id])]
    assert entry.changes["standing_agency_id"] == [None, standing.id]


@pytest.mark.parametrize(("field", "values"), [
    ("timezone", {"timezone": "Mars/Olympus_Mons"}),
    ("due_soon_days", {"due_soon_days": 31}),
    ("due_soon_days", {"due_soon_days": -1}),
    ("standing_agency_id", {"standing_agency_id": 999_999}),
    ("standing_agency_id", {"standing_agency_id": None}),
    ("member_agency_ids", {"member_agency_ids": [999_999]}),
    ("name", {"name": "   "}),
])
def test_committee_rules_are_checked_before_anything_is_written(admin, field, values):
    standing = AgencyFactory()
    kwargs = {"name": "Ban Chỉ đạo 35 tỉnh Cao Bằng", "standing_agency_id": standing.id,
              "due_soon_days": 3, "timezone": "Asia/Ho_Chi_Minh"} | values
    committees, history = count(Committee), count(HistoryEntry)
    with pytest.raises(services.CommitteeError) as error:
        services.create_committee(**kwargs, actor=admin)
    assert error.value.field == field
    assert (count(Committee), count(HistoryEntry)) == (committees, history)


def test_committee_name_is_unique(admin):
    existing = CommitteeFactory()
    with pytest.raises(services.CommitteeError) as error:
        services.create_committee(
            name=existing.name, standing_agency_id=existing.standing_agency_id, actor=admin
        )
    assert error.value.field == "name"


def test_updating_a_committee_records_member_and_setting_changes(admin):
    committee = CommitteeFactory(due_soon_days=3)
    committee.member_agencies = [committee.standing_agency]
    district = AgencyFactory(name="UBND huyện Cao Lộc")
    services.update_committee(
        committee, name=committee.name, parent_body=committee.parent_body,
        timezone="Asia/Ho_Chi_Minh", standing_agency_id=committee.standing_agency_id,
        due_soon_days=5, member_agency_ids=[district.id], actor=admin,
    )
    [entry] = entries_for("committee", committee.id)
    assert entry.changes == {
        "due_soon_days": [3, 5],
        "member_agency_ids": [[committee.standing_agency_id],
                              sorted([committee.standing_agency_id, district.id])],
    }


def test_a_user_holds_one_role_per_committee_and_a_new_role_replaces_the_old(admin):
    committee = CommitteeFactory()
    user = UserFactory(email="vanthu@langson.gov.vn")
    services.set_committee_role(committee, user, "member", actor=admin)
    services.set_committee_role(committee, user, "secretary", actor=admin)
    roles = list(CommitteeRole.query.filter_by(committee_id=committee.id, user_id=user.id))
    assert [r.role for r in roles] == ["secretary"]
    assert user.role_in(committee.id) == "secretary"
    assert [e.changes for e in entries_for("committee", committee.id)] == [
        {"role:vanthu@langson.gov.vn": [None, "member"]},
        {"role:vanthu@langson.gov.vn": ["member", "secretary"]},
    ]


def test_unknown_role_is_refused(admin):
    committee, user = CommitteeFactory(), UserFactory()
    with pytest.raises(services.CommitteeError) as error:
        services.set_committee_role(committee, user, "emperor", actor=admin)
    assert error.value.field == "role"
    assert user.role_in(committee.id) is None


def test_removing_a_role_takes_the_committee_away_and_is_recorded(admin):
    committee, user = CommitteeFactory(), UserFactory(email="xem@langson.gov.vn")
    services.set_committee_role(committee, user, "viewer", actor=admin)
    services.remove_committee_role(committee, user, actor=admin)
    assert user.role_in(committee.id) is None
    assert count(CommitteeRole) == 0
    assert entries_for("committee", committee.id)[-1].changes == {
        "role:xem@langson.gov.vn": ["viewer", None]
    }


# --- member agencies one at a time (the API's /committees/{id}/members) -------------------

def test_an_agency_is_seated_as_member_then_made_standing(admin):
    committee = CommitteeFactory()
    old_standing = committee.standing_agency
    committee.member_agencies = [old_standing]
    border = AgencyFactory(name="Bộ Chỉ huy Bộ đội Biên phòng tỉnh Lạng Sơn")
    assert services.add_member_agency(committee, border, "member", actor=admin) is True
    assert services.add_member_agency(committee, border, "member", actor=admin) is False
    assert services.add_member_agency(committee, border, "standing", actor=admin) is True
    assert committee.standing_agency_id == border.id
    assert {a.id for a in committee.member_agencies} == {old_standing.id, border.id}
    seated, promoted = entries_for("committee", committee.id)
    assert seated.changes == {"member_agency_ids": [[old_standing.id],
                                                    sorted([old_standing.id, border.id])]}
    assert promoted.changes == {"standing_agency_id": [old_standing.id, border.id]}
    assert promoted.actor_id == admin.id


def test_the_standing_agency_cannot_be_demoted_or_removed(admin):
    committee = CommitteeFactory()
    committee.member_agencies = [committee.standing_agency]
    with pytest.raises(services.CommitteeError) as demoted:
        services.add_member_agency(committee, committee.standing_agency, "member", actor=admin)
    assert demoted.value.field == "role"
    with pytest.raises(services.AgencyStillNeeded):
        remove_member_agency(committee, committee.standing_agency, actor=admin)
    assert committee.member_agencies == [committee.standing_agency]
    assert entries_for("committee", committee.id) == []


def test_an_agency_with_unfinished_tasks_stays_until_they_are_handed_over(admin):
    from tests.factories import TaskFactory

    task = TaskFactory()
    committee, lead = task.committee, task.lead_agency
    committee.member_agencies = [committee.standing_agency, lead]
    with pytest.raises(services.AgencyStillNeeded) as error:
        remove_member_agency(committee, lead, actor=admin)
    assert error.value.field == "agency_id" and "(1)" in str(error.value.message)
    assert lead in committee.member_agencies
    task.state = "done"
    remove_member_agency(committee, lead, actor=admin)
    assert committee.member_agencies == [committee.standing_agency]
    [entry] = entries_for("committee", committee.id)
    assert entry.changes == {"member_agency_ids": [
        sorted([committee.standing_agency.id, lead.id]), [committee.standing_agency.id]]}


def test_member_roles_and_missing_agencies_are_refused(admin):
    committee = CommitteeFactory()
    with pytest.raises(services.CommitteeError) as bad_role:
        services.add_member_agency(committee, AgencyFactory(), "chair", actor=admin)
    assert bad_role.value.field == "role"
    with pytest.raises(services.CommitteeError) as missing:
        services.add_member_agency(committee, None, "member", actor=admin)
    assert missing.value.field == "agency_id"
    with pytest.raises(services.CommitteeError) as not_seated:
        remove_member_agency(committee, AgencyFactory(), actor=admin)
    assert not_seated.value.field == "agency_id"
