"""The secretariat prepares the next meeting: the carry-over, the agenda, the invitation."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.factories import MeetingFactory
from tests.meetings.conftest import days
from tracker.extensions import db
from tracker.meetings import queries, services
from tracker.meetings.models import CarryOverEntry, MeetingInvitation
from tracker.resolutions.services import create_meeting


def test_the_carry_over_lists_open_tasks_of_earlier_resolutions_overdue_first(prep):
    carry = queries.carry_over(prep.meeting)

    titles = [line.title for line in carry.tasks]
    assert titles == [prep.very_late.title, prep.overdue.title, prep.soon.title,
                      prep.standing.title]
    assert [line.days_late for line in carry.tasks] == [25, 10, None, None]
    assert carry.overdue == 2
    assert carry.tasks[0].lead_agency == "Công an tỉnh"
    assert carry.tasks[0].progress == 10
    # Done, cancelled, and tasks of documents issued after the meeting's day are not there.
    assert not {prep.done.title, prep.cancelled.title, prep.after.title} & set(titles)


def test_the_carry_over_lists_extensions_decided_since_the_previous_meeting(prep):
    carry = queries.carry_over(prep.meeting)

    assert [(line.title, line.decision) for line in carry.extensions] == [
        (prep.soon.title, "granted")]
    assert carry.extensions[0].requested_deadline == days(20)
    assert carry.extensions[0].decided_on == days(-5)


def test_without_an_earlier_meeting_every_decided_extension_is_listed(prep):
    db.session.delete(prep.previous)
    db.session.flush()
    decisions = {line.decision for line in queries.carry_over(prep.meeting).extensions}
    assert decisions == {"granted", "refused"}


def test_the_agenda_keeps_its_order_through_moves_and_deletions(prep):
    w = prep.world
    first = services.add_agenda_item(prep.meeting, actor=w.secretary,
                                     title="Báo cáo công tác chuẩn bị Lễ hội Hoa Đào",
                                     presenter_agency_id=w.vhttdl.id, minutes_allotted=20)
    second = services.add_agenda_item(prep.meeting, actor=w.secretary,
                                      title="An ninh trật tự tại các điểm du lịch",
                                      presenter_agency_id=w.police.id, notes="Công an tỉnh")
    third = services.add_agenda_item(prep.meeting, actor=w.secretary, title="Ý kiến thành viên")

    services.move_agenda_item(third, "up", actor=w.secretary)
    assert [i.id for i in queries.agenda(prep.meeting)] == [first.id, third.id, second.id]
    services.move_agenda_item(first, "up", actor=w.secretary)  # at the top: nothing moves
    services.delete_agenda_item(third, actor=w.secretary)

    items = queries.agenda(prep.meeting)
    assert [(i.id, i.position) for i in items] == [(first.id, 1), (second.id, 2)]
    assert queries.agenda_minutes(items) == 20


@pytest.mark.parametrize(("fields", "field"), [
    ({"title": "  "}, "title"),
    ({"title": "Báo cáo", "minutes_allotted": 0}, "minutes_allotted"),
    ({"title": "Báo cáo", "minutes_allotted": 601}, "minutes_allotted"),
    ({"title": "Báo cáo", "presenter_agency_id": -1}, "presenter_agency_id"),
])
def test_a_broken_agenda_item_is_refused_on_its_field(prep, fields, field):
    if fields.get("presenter_agency_id") == -1:
        fields["presenter_agency_id"] = prep.world.geopark_board.id  # another committee's
    with pytest.raises(services.MeetingError) as refused:
        services.add_agenda_item(prep.meeting, actor=prep.world.secretary, **fields)
    assert refused.value.field == field


def test_invitation_recipients_are_the_attending_agencies_and_their_people_in_the_committee(
        prep):
    w = prep.world
    w.member.email = "Luong.Tien@LangSon.gov.vn"
    db.session.flush()
    emails = [r.email for r in queries.invitation_recipients(prep.meeting)]
    assert sorted(emails) == sorted([
        "sovhttdl@langson.gov.vn", "congantinh@langson.gov.vn", w.secretary.email,
        w.chair.email, "luong.tien@langson.gov.vn"])
    # Staff without a role in the committee, and agencies not attending, are not invited.
    assert w.police_officer.email not in emails and w.border_officer.email not in emails


def test_sending_the_invitation_freezes_the_carry_over_and_fills_the_outbox(prep):
    w = prep.world
    services.add_agenda_item(prep.meeting, actor=w.secretary, title="Lễ hội Hoa Đào")

    queued = services.send_invitation(prep.meeting, actor=w.secretary)

    assert queued == 5
    assert prep.meeting.is_invited and prep.meeting.invitation_round == 1
    rows = db.session.scalars(select(MeetingInvitation)).all()
    assert {r.status for r in rows} == {"pending"} and {r.round for r in rows} == {1}
    frozen = db.session.scalars(select(CarryOverEntry).order_by(CarryOverEntry.id)).all()
    assert [e.title for e in frozen][:2] == [prep.very_late.title, prep.overdue.title]
    assert frozen[0].days_late == 25 and frozen[0].task_state == "open"
    # Later changes do not rewrite what the members saw.
    prep.very_late.progress = 90
    db.session.flush()
    carry = queries.meeting_carry_over(prep.meeting)
    assert carry.frozen and carry.tasks[0].progress == 10
    assert queries.live_states([prep.very_late.id])[prep.very_late.id].progress == 90


def test_the_invitation_goes_once_and_then_the_agenda_is_frozen(prep):
    w = prep.world
    item = services.add_agenda_item(prep.meeting, actor=w.secretary, title="Lễ hội Hoa Đào")
    services.send_invitation(prep.meeting, actor=w.secretary)

    with pytest.raises(services.MeetingStateError):
        services.send_invitation(prep.meeting, actor=w.secretary)
    with pytest.raises(services.MeetingStateError):
        services.add_agenda_item(prep.meeting, actor=w.secretary, title="Thêm")
    with pytest.raises(services.MeetingStateError):
        services.update_agenda_item(item, actor=w.secretary, title="Đổi")
    assert len(db.session.scalars(select(MeetingInvitation)).all()) == 5


def test_nobody_to_invite_is_refused_and_nothing_changes(prep):
    prep.meeting.attending_agencies = []
    db.session.flush()
    with pytest.raises(services.MeetingError) as refused:
        services.send_invitation(prep.meeting, actor=prep.world.secretary)
    assert refused.value.field == "attending_agency_ids"
    assert prep.meeting.is_draft


def test_a_meeting_is_marked_held_once(prep):
    services.mark_held(prep.meeting, actor=prep.world.chair)
    assert prep.meeting.is_held
    with pytest.raises(services.MeetingStateError):
        services.mark_held(prep.meeting, actor=prep.world.chair)


def test_a_meeting_recorded_after_its_day_is_held_and_one_to_come_is_prepared(world):
    past = create_meeting(world.committee, actor=world.secretary, title="Phiên họp quý I",
                          held_on=days(-3))
    coming = create_meeting(world.committee, actor=world.secretary, title="Phiên họp quý II",
                            held_on=days(3))
    assert past.is_held and coming.is_draft


def test_tasks_assigned_from_an_agenda_item_remember_it(prep):
    from tracker.tasks.services import TaskSpec

    w = prep.world
    item = services.add_agenda_item(prep.meeting, actor=w.secretary, title="Lễ hội Hoa Đào",
                                    presenter_agency_id=w.vhttdl.id)
    notice = services.record_notice_from_item(
        w.committee, item, actor=w.secretary,
        resolution_fields={"kind": "conclusion_notice", "number": "45/TB-BCĐ",
                           "issued_on": days(8), "title": "Kết luận phiên họp quý IV",
                           "meeting_id": prep.meeting.id},
        task_specs=[TaskSpec(title="Xây dựng kế hoạch Lễ hội", lead_agency_id=w.vhttdl.id,
                             deadline=days(30))])
    assert [t.agenda_item_id for t in notice.tasks] == [item.id]
    assert queries.conclusion_notice(prep.meeting) == notice
    by_item = queries.tasks_by_item(prep.meeting)
    assert [title for _id, title, *_rest in by_item[item.id]] == ["Xây dựng kế hoạch Lễ hội"]

    other = MeetingFactory(committee=w.committee, held_on=days(60))
    stray = services.add_agenda_item(other, actor=w.secretary, title="Khác")
    with pytest.raises(services.MeetingError) as refused:
        services.assign_tasks_from_item(notice, stray, [TaskSpec(
            title="Sai hội nghị", lead_agency_id=w.vhttdl.id, deadline=days(30))],
            actor=w.secretary)
    assert refused.value.field == "meeting_id"
