"""The secretary moves a merged agency's open tasks to its successor in one step."""

from __future__ import annotations

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from tests.factories import (
    AgencyFactory,
    CommitteeFactory,
    ResolutionFactory,
    TaskFactory,
    UserFactory,
    member_of,
)
from tracker.extensions import db
from tracker.history.models import HistoryEntry
from tracker.tasks.restructure import services as restructure
from tracker.tasks.restructure.services import RestructureError


@pytest.fixture
def world():
    culture = AgencyFactory(name="Sở Văn hóa, Thể thao và Du lịch", short_name="Sở VHTTDL")
    tourism = AgencyFactory(name="Sở Du lịch", short_name="SDL")
    successor = AgencyFactory(name="Sở Văn hóa, Thể thao và Du lịch (mới)", short_name="VHTTDL")
    police = AgencyFactory(name="Công an tỉnh Lạng Sơn", short_name="Công an tỉnh")
    committee = CommitteeFactory(standing_agency=culture)
    # The successor already sits on the committee: a secretary names successors among its
    # own members (an admin seats another agency first, or names it here).
    committee.member_agencies = [culture, tourism, police, successor]
    resolution = ResolutionFactory(committee=committee)

    def task(state, lead, coordinating=(), **kw):
        return TaskFactory(resolution=resolution, committee=committee, lead_agency=lead,
                           coordinating_agencies=list(coordinating), state=state, **kw)

    tasks = {
        "led": task("open", tourism, [police]),
        "submitted": task("submitted", tourism, submitted_on=resolution.issued_on),
        "coordinated": task("open", police, [tourism, culture]),
        "done": task("done", tourism, [police], progress=100, completed_on=resolution.issued_on,
                     submitted_on=resolution.issued_on),
        "cancelled": task("cancelled", tourism, cancel_reason="Không còn phù hợp"),
        "unrelated": task("open", police),
    }
    # English: the messages below are asserted in English (the default is Vietnamese).
    secretary = member_of(committee, "secretary", agency=culture, language="en")
    # Another committee, with its own agencies; the police sit on both.
    other_committee = CommitteeFactory(name="Ban Chỉ đạo 35 tỉnh Lạng Sơn")
    outsider = AgencyFactory(name="Sở Tư pháp tỉnh Lạng Sơn", short_name="STP",
                             email="stp@langson.gov.vn")
    other_committee.member_agencies = [other_committee.standing_agency, outsider, police]
    admin = UserFactory(is_admin=True, language="en", agency=None)
    db.session.flush()
    return type("World", (), dict(culture=culture, tourism=tourism, successor=successor,
                                  police=police, committee=committee, tasks=tasks,
                                  secretary=secretary, other_committee=other_committee,
                                  outsider=outsider, admin=admin))


def entries(task, action="restructured"):
    return db.session.scalars(select(HistoryEntry).where(
        HistoryEntry.subject_type == "task", HistoryEntry.subject_id == task.id,
        HistoryEntry.action == action)).all()


def test_only_open_tasks_move_with_a_history_entry_each(world):
    moved = restructure.move_open_tasks(world.committee, world.tourism, world.successor,
                                        actor=world.secretary, mark_merged=True,
                                        remove_from_committee=True)
    t = world.tasks
    assert moved == 3
    assert t["led"].lead_agency == world.successor
    assert t["led"].coordinating_agencies == [world.police]
    assert t["submitted"].lead_agency == world.successor
    assert set(t["coordinated"].coordinating_agencies) == {world.culture, world.successor}
    for name in ("led", "submitted", "coordinated"):
        (entry,) = entries(t[name])
        assert "Sở Du lịch" in entry.comment
    assert entries(t["led"])[0].changes["lead_agency"] == ["SDL", "VHTTDL"]
    # The past stays: finished and cancelled tasks, and the old agency's record.
    assert t["done"].lead_agency == world.tourism and not entries(t["done"])
    assert t["cancelled"].lead_agency == world.tourism
    assert t["unrelated"].coordinating_agencies == [] and not entries(t["unrelated"])
    assert db.session.get(type(world.tourism), world.tourism.id).merged_into == world.successor
    assert world.tourism not in world.committee.member_agencies
    assert world.successor in world.committee.member_agencies


def test_restructuring_refuses_nonsense(world):
    with pytest.raises(RestructureError):
        restructure.move_open_tasks(world.committee, world.tourism, world.tourism,
                                    actor=world.secretary)
    with pytest.raises(RestructureError):  # not a member
        restructure.move_open_tasks(world.committee, world.outsider, world.tourism,
                                    actor=world.secretary)
    with pytest.raises(RestructureError):  # the standing agency cannot simply leave
        restructure.move_open_tasks(world.committee, world.culture, world.tourism,
                                    actor=world.secretary, remove_from_committee=True)


def test_secretary_sees_the_count_before_anything_moves(world, login):
    secretary = login(world.secretary)
    url = f"/committees/{world.committee.id}/restructure"
    form = {"from_agency_id": str(world.tourism.id), "to_agency_id": str(world.successor.id),
            "mark_merged": "y"}
    review = secretary.post(url, form)
    html = review.get_data(as_text=True)
    assert review.status_code == 200
    assert "3 open tasks will move from Sở Du lịch" in html
    db.session.expire_all()
    assert world.tasks["led"].lead_agency == world.tourism  # nothing written yet
    assert world.tourism.merged_into_id is None
    done = secretary.post(url, {**form, "confirm": "yes"})
    assert done.status_code == 302
    db.session.expire_all()
    assert world.tasks["led"].lead_agency == world.successor
    assert world.tasks["done"].lead_agency == world.tourism
    assert world.tourism.merged_into_id == world.successor.id


def test_bad_choices_come_back_next_to_the_field(world, login):
    secretary = login(world.secretary)
    response = secretary.post(f"/committees/{world.committee.id}/restructure", {
        "from_agency_id": str(world.tourism.id), "to_agency_id": str(world.tourism.id),
        "confirm": "yes"})
    assert response.status_code == 422
    assert "Choose another agency" in response.get_data(as_text=True)
    response = secretary.post(f"/committees/{world.committee.id}/restructure", {
        "from_agency_id": "99999999999", "to_agency_id": "abc", "confirm": "yes"})
    assert response.status_code == 422


# --- Restructuring stays inside the committee (issue #10) --------------------------------


def test_secretary_names_a_successor_only_among_the_committees_members(world):
    with pytest.raises(RestructureError) as error:
        restructure.move_open_tasks(world.committee, world.tourism, world.outsider,
                                    actor=world.secretary)
    assert error.value.field == "to_agency_id"
    with force_locale("en"):
        assert "member agencies" in str(error.value.message)
    db.session.expire_all()
    assert world.outsider not in world.committee.member_agencies  # not seated
    assert world.tasks["led"].lead_agency == world.tourism  # nothing moved


def test_admin_may_name_any_agency_which_is_then_seated(world):
    moved = restructure.move_open_tasks(world.committee, world.tourism, world.outsider,
                                        actor=world.admin)
    assert moved == 3
    assert world.outsider in world.committee.member_agencies
    assert world.tasks["led"].lead_agency == world.outsider


def test_marking_merged_an_agency_of_other_committees_is_an_admins_act(world):
    with pytest.raises(RestructureError) as error:
        restructure.move_open_tasks(world.committee, world.police, world.successor,
                                    actor=world.secretary, mark_merged=True)
    assert error.value.field == "mark_merged"
    with force_locale("en"):
        assert "only an administrator" in str(error.value.message)
    db.session.expire_all()
    assert world.police.merged_into_id is None
    assert world.tasks["unrelated"].lead_agency == world.police
    # Moving its tasks on this committee without the global mark is the secretary's to do.
    assert restructure.move_open_tasks(world.committee, world.police, world.successor,
                                       actor=world.secretary) == 3
    assert world.police.merged_into_id is None
    # An admin may record the merger.
    restructure.move_open_tasks(world.committee, world.police, world.successor,
                                actor=world.admin, mark_merged=True)
    assert world.police.merged_into == world.successor


def test_the_form_offers_the_secretary_only_the_committees_members(world, login):
    url = f"/committees/{world.committee.id}/restructure"
    page = login(world.secretary).get(url).get_data(as_text=True)
    successors = page.split('name="to_agency_id"', 1)[1].split("</select>", 1)[0]
    assert world.successor.name in successors and world.police.name in successors
    assert world.outsider.name not in successors
    assert world.other_committee.standing_agency.name not in successors


def test_the_form_offers_an_admin_every_agency(world, login):
    page = login(world.admin).get(f"/committees/{world.committee.id}/restructure")
    successors = page.get_data(as_text=True).split('name="to_agency_id"', 1)[1]
    assert world.outsider.name in successors.split("</select>", 1)[0]


def test_a_forged_outside_successor_comes_back_next_to_the_field(world, login):
    secretary = login(world.secretary)
    response = secretary.post(f"/committees/{world.committee.id}/restructure", {
        "from_agency_id": str(world.tourism.id), "to_agency_id": str(world.outsider.id),
        "confirm": "yes"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Choose the agency taking over among the committee" in html, html
    db.session.expire_all()
    assert world.outsider not in world.committee.member_agencies
    assert world.tasks["led"].lead_agency == world.tourism


def test_a_secretary_marking_a_shared_agency_merged_is_told_why(world, login):
    secretary = login(world.secretary)
    response = secretary.post(f"/committees/{world.committee.id}/restructure", {
        "from_agency_id": str(world.police.id), "to_agency_id": str(world.successor.id),
        "mark_merged": "y", "confirm": "yes"})
    assert response.status_code == 422
    assert "only an administrator can record" in response.get_data(as_text=True)
    db.session.expire_all()
    assert world.police.merged_into_id is None
