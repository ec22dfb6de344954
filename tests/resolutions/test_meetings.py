"""The secretary records the 18/01/2024 conference, then the document it produced."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tests.factories import MeetingFactory, ResolutionFactory
from tests.resolutions.helpers import count, error_next_to, text_of
from tracker.extensions import db
from tracker.history.services import entries_for
from tracker.resolutions.models import Meeting

CONFERENCE = {
    "title": "Hội nghị tổng kết công tác năm 2023, triển khai nhiệm vụ năm 2024",
    "held_on": "2024-01-18",
    "place": "Thành phố Lạng Sơn",
    "chaired_by": "Đồng chí Dương Xuân Huyên – Phó Chủ tịch thường trực UBND tỉnh",
    "minutes": "Ban Chỉ đạo đánh giá kết quả năm 2023…",
}


def test_secretary_records_a_meeting_with_its_attending_agencies(world, login):
    browser = login(world.secretary)
    url = f"/committees/{world.committee.id}/meetings/new"
    assert browser.get(url).status_code == 200

    response = browser.post(url, CONFERENCE | {
        "attending_agency_ids": [str(world.vhttdl.id), str(world.police.id)]})

    assert response.status_code == 302, text_of(response)[:2000]
    meeting = db.session.scalar(select(Meeting).where(Meeting.committee_id == world.committee.id))
    assert meeting.held_on == date(2024, 1, 18)
    assert {a.id for a in meeting.attending_agencies} == {world.vhttdl.id, world.police.id}
    assert entries_for("meeting", meeting.id)[0].actor_id == world.secretary.id
    page = browser.get(response.headers["Location"])
    assert "Công an tỉnh" in text_of(page)

    listing = browser.get(f"/committees/{world.committee.id}/meetings")
    assert "Hội nghị tổng kết công tác năm 2023" in text_of(listing)


def test_a_meeting_needs_a_title_and_a_real_date(world, login):
    browser = login(world.secretary)
    response = browser.post(f"/committees/{world.committee.id}/meetings/new",
                            CONFERENCE | {"title": " ", "held_on": "2024-02-30"})
    assert response.status_code == 422
    assert error_next_to(response, "title") == "Please enter a title."
    assert error_next_to(response, "held_on")
    assert count(Meeting) == 0


def test_an_agency_of_another_committee_cannot_attend(world, login):
    response = login(world.secretary).post(
        f"/committees/{world.committee.id}/meetings/new",
        CONFERENCE | {"attending_agency_ids": [str(world.geopark_board.id)]})
    assert response.status_code == 422
    assert error_next_to(response, "attending_agency_ids")
    assert count(Meeting) == 0


def test_secretary_edits_a_meeting(world, login):
    meeting = MeetingFactory(committee=world.committee)
    browser = login(world.secretary)
    url = f"/meetings/{meeting.id}/edit"
    assert CONFERENCE["place"] in text_of(browser.get(url))

    response = browser.post(url, CONFERENCE | {"place": "Huyện Tràng Định",
                                                "attending_agency_ids": [str(world.border.id)]})

    assert response.status_code == 302
    assert meeting.place == "Huyện Tràng Định"
    assert [a.id for a in meeting.attending_agencies] == [world.border.id]
    updated = entries_for("meeting", meeting.id)[-1]
    assert updated.changes["place"] == ["Thành phố Lạng Sơn", "Huyện Tràng Định"]


def test_meetings_are_listed_newest_first_and_paginated(world, login, app):
    for day in range(1, 31):
        MeetingFactory(committee=world.committee, title=f"Phiên họp ngày {day:02d}/03/2024",
                       held_on=date(2024, 3, day))
    browser = login(world.viewer)
    first = text_of(browser.get(f"/committees/{world.committee.id}/meetings"))
    assert first.index("Phiên họp ngày 30/03/2024") < first.index("Phiên họp ngày 29/03/2024")
    assert "Phiên họp ngày 01/03/2024" not in first
    second = text_of(browser.get(f"/committees/{world.committee.id}/meetings?page=2"))
    assert "Phiên họp ngày 01/03/2024" in second
    assert browser.get(f"/committees/{world.committee.id}/meetings?page=abc").status_code == 200


def test_empty_meeting_list_invites_the_secretary_to_record_one(world, login):
    html = text_of(login(world.secretary).get(f"/committees/{world.committee.id}/meetings"))
    assert "No meeting of this committee has been recorded yet" in html
    assert f"/committees/{world.committee.id}/meetings/new" in html


def test_a_resolution_links_to_a_meeting_of_its_committee_only(world, login):
    ours = MeetingFactory(committee=world.committee)
    theirs = MeetingFactory(committee=world.other)
    browser = login(world.secretary)
    url = f"/committees/{world.committee.id}/resolutions/new"
    notice = {"kind": "conclusion_notice", "number": "12/TB-BCĐ", "issued_on": "2024-01-25",
              "title": "Kết luận Hội nghị tổng kết năm 2023"}

    refused = browser.post(url, notice | {"meeting_id": str(theirs.id)})
    assert refused.status_code == 422
    assert error_next_to(refused, "meeting_id")

    assert browser.post(url, notice | {"meeting_id": str(ours.id)}).status_code == 302
    page = text_of(browser.get(f"/meetings/{ours.id}"))
    assert "12/TB-BCĐ" in page


def test_meeting_page_offers_the_document_of_this_meeting(world, login):
    meeting = MeetingFactory(committee=world.committee)
    ResolutionFactory(committee=world.committee, meeting=meeting, number="45/KH-BCĐ")
    browser = login(world.secretary)
    html = text_of(browser.get(f"/meetings/{meeting.id}"))
    assert "45/KH-BCĐ" in html
    form = text_of(browser.get(f"/committees/{world.committee.id}/resolutions/new"
                               f"?meeting={meeting.id}"))
    assert f'<option selected value="{meeting.id}">' in form
