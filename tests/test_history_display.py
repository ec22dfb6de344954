"""Histories read as words: document kinds, meetings and agencies by name, not codes or ids."""

from datetime import date

from tests.factories import AgencyFactory, CommitteeFactory, MeetingFactory, UserFactory
from tracker.committees import services as committee_services
from tracker.history.display import history_rows
from tracker.history.services import entries_for
from tracker.resolutions import services as resolution_services


def _changes(rows):
    return {str(c.label): (c.old, c.new) for row in rows for c in row.changes}


def test_resolution_history_names_the_kind_and_the_meeting(app):
    committee = CommitteeFactory()
    meeting = MeetingFactory(committee=committee, title="Hội nghị tổng kết năm 2023")
    secretary = UserFactory()
    with app.test_request_context(headers={"Accept-Language": "en"}):
        resolution = resolution_services.create_resolution(
            committee, actor=secretary, kind="conclusion_notice", number="12/TB-BCĐ",
            issued_on=date(2024, 1, 25), title="Kết luận", meeting_id=meeting.id)
        changes = _changes(history_rows(entries_for("resolution", resolution.id)))
        assert changes["Kind"] == (None, "Conclusion notice")
        assert changes["Meeting"] == (None, "Hội nghị tổng kết năm 2023")
        assert changes["Issue date"] == (None, date(2024, 1, 25))


def test_committee_history_names_member_agencies_not_ids(app):
    standing = AgencyFactory(short_name="Sở VHTTDL")
    police = AgencyFactory(short_name="Công an tỉnh")
    with app.test_request_context(headers={"Accept-Language": "en"}):
        committee = committee_services.create_committee(
            name="Ban Chỉ đạo Phát triển du lịch", parent_body="UBND tỉnh Lạng Sơn",
            timezone="Asia/Ho_Chi_Minh", standing_agency_id=standing.id, due_soon_days=3,
            member_agency_ids=[police.id])
        changes = _changes(history_rows(entries_for("committee", committee.id)))
        assert changes["Standing agency"] == (None, "Sở VHTTDL")
        assert set(changes["Member agencies"][1].split(", ")) == {"Sở VHTTDL", "Công an tỉnh"}
