"""The secretary moves a merged agency's open tasks to its successor in one step."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.factories import (
    AgencyFactory,
    CommitteeFactory,
    ResolutionFactory,
    TaskFactory,
    member_of,
)
from tracker.extensions import db
from tracker.history.models import HistoryEntry
from tracker.tasks import restructure
from tracker.tasks.restructure import RestructureError


@pytest.fixture
def world():
    culture = AgencyFactory(name="Sở Văn hóa, Thể thao và Du lịch", short_name="Sở VHTTDL")
    tourism = AgencyFactory(name="Sở Du lịch", short_name="SDL")
    successor = AgencyFactory(name="Sở Văn hóa, Thể thao và Du lịch (mới)", short_name="VHTTDL")
    police = AgencyFactory(name="Công an tỉnh Lạng Sơn", short_name="Công an tỉnh")
    committee = CommitteeFactory(standing_agency=culture)
    committee.member_agencies = [culture, tourism, police]
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
    db.session.flush()
    return type("World", (), dict(culture=culture, tourism=tourism, successor=successor,
                                  police=police, committee=committee, tasks=tasks,
                                  secretary=secretary))


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
        restructure.move_open_tasks(world.committee, world.successor, world.tourism,
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
