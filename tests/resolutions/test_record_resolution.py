"""Journey 3: the secretary records a conclusion notice and its tasks in one screen."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tests.factories import ResolutionFactory
from tests.resolutions.helpers import counts, error_next_to, text_of
from tracker.extensions import db
from tracker.history.services import entries_for
from tracker.resolutions.models import Resolution

NOTICE = {
    "kind": "conclusion_notice",
    "number": "12/TB-BCĐ",
    "issued_on": "2024-01-25",
    "signer": "Dương Xuân Huyên",
    "title": "Kết luận của Trưởng Ban Chỉ đạo tại Hội nghị tổng kết công tác năm 2023",
    "text": "Ngày 18/01/2024, Ban Chỉ đạo Phát triển du lịch tỉnh tổ chức Hội nghị…",
}


def new_url(committee) -> str:
    return f"/committees/{committee.id}/resolutions/new"


def three_tasks(w) -> dict:
    return {
        "tasks-0-title": "Hoàn thiện hồ sơ đề nghị UNESCO công nhận Công viên địa chất Lạng Sơn",
        "tasks-0-lead_agency_id": str(w.vhttdl.id),
        "tasks-0-deadline": "2024-06-30",
        "tasks-0-priority": "high",
        "tasks-0-expected_output": "Hồ sơ trình UBND tỉnh",
        "tasks-1-title": "Bảo đảm an ninh, trật tự tại các khu, điểm du lịch biên giới",
        "tasks-1-lead_agency_id": str(w.police.id),
        "tasks-1-coordinating_agency_ids": [str(w.border.id), str(w.trang_dinh.id)],
        "tasks-1-assignee_ids": [str(w.member.id), str(w.police_officer.id)],
        "tasks-1-deadline": "2024-12-31",
        "tasks-1-priority": "normal",
        "tasks-2-title": "Tuyên truyền, quảng bá hình ảnh du lịch Lạng Sơn",
        "tasks-2-lead_agency_id": str(w.trang_dinh.id),
        "tasks-2-standing": "y",
        "tasks-2-priority": "normal",
    }


def test_secretary_records_a_conclusion_with_three_tasks_in_one_post(world, login):
    browser = login(world.secretary)
    form = browser.get(new_url(world.committee))
    assert form.status_code == 200
    assert 'data-add-row="task-rows"' in form.get_data(as_text=True)

    response = browser.post(new_url(world.committee), NOTICE | three_tasks(world))

    assert response.status_code == 302, text_of(response)[:3000]
    resolution = db.session.scalar(select(Resolution).where(Resolution.number == "12/TB-BCĐ"))
    assert resolution.committee_id == world.committee.id
    assert resolution.issued_on == date(2024, 1, 25)
    assert response.headers["Location"].endswith(f"/resolutions/{resolution.id}")
    unesco, security, promotion = resolution.tasks
    assert unesco.deadline == unesco.original_deadline == date(2024, 6, 30)
    assert unesco.priority == "high"
    assert {a.id for a in security.coordinating_agencies} == {world.border.id,
                                                              world.trang_dinh.id}
    assert {u.id for u in security.assignees} == {world.member.id, world.police_officer.id}
    assert promotion.deadline is None and promotion.is_standing

    assert [e.action for e in entries_for("resolution", resolution.id)] == ["created"]
    created = entries_for("task", security.id)[0]
    assert created.actor_id == world.secretary.id
    assert created.changes["lead_agency"] == [None, "Công an tỉnh"]

    page = browser.get(f"/resolutions/{resolution.id}")
    html = text_of(page)
    assert page.status_code == 200
    assert "Bảo đảm an ninh, trật tự" in html
    assert "badge-standing" in html
    assert "Hoàng Thị Thu" in html  # the history names who recorded it


def test_blank_rows_are_ignored(world, login):
    browser = login(world.secretary)
    data = NOTICE | {
        "tasks-0-title": "Tổ chức Lễ hội Kỳ Cùng – Tả Phủ năm 2024",
        "tasks-0-lead_agency_id": str(world.vhttdl.id),
        "tasks-0-deadline": "2024-02-20",
        "tasks-1-title": "", "tasks-1-lead_agency_id": "", "tasks-1-priority": "normal",
        "tasks-2-title": "  ", "tasks-2-priority": "normal",
    }
    response = browser.post(new_url(world.committee), data)
    assert response.status_code == 302, text_of(response)[:3000]
    resolution = db.session.scalar(select(Resolution).where(Resolution.number == "12/TB-BCĐ"))
    assert [t.title for t in resolution.tasks] == ["Tổ chức Lễ hội Kỳ Cùng – Tả Phủ năm 2024"]


def test_a_document_may_be_recorded_before_its_tasks(world, login):
    response = login(world.secretary).post(new_url(world.committee), NOTICE)
    assert response.status_code == 302
    resolution = db.session.scalar(select(Resolution).where(Resolution.number == "12/TB-BCĐ"))
    assert resolution.tasks == []


def test_duplicate_number_is_refused_next_to_the_number_and_nothing_is_written(world, login):
    ResolutionFactory(committee=world.committee, number="12/TB-BCĐ")
    browser = login(world.secretary)
    before = counts()

    response = browser.post(new_url(world.committee), NOTICE | three_tasks(world))

    assert response.status_code == 422
    assert "already has a document numbered 12/TB-BCĐ" in error_next_to(response, "number")
    assert counts() == before
    # What the secretary typed is still there.
    assert "Bảo đảm an ninh, trật tự" in text_of(response)


def test_the_same_number_is_fine_in_another_committee(world, login):
    ResolutionFactory(committee=world.other, number="12/TB-BCĐ")
    response = login(world.secretary).post(new_url(world.committee), NOTICE)
    assert response.status_code == 302


def test_lead_agency_of_another_committee_is_refused_in_its_row(world, login):
    browser = login(world.secretary)
    before = counts()
    data = NOTICE | three_tasks(world) | {"tasks-1-lead_agency_id": str(world.geopark_board.id)}

    response = browser.post(new_url(world.committee), data)

    assert response.status_code == 422
    assert error_next_to(response, "tasks-1-lead_agency_id")
    assert error_next_to(response, "tasks-0-lead_agency_id") is None
    assert counts() == before


def test_assignee_from_another_agency_is_refused_in_its_row_and_nothing_is_written(world, login):
    browser = login(world.secretary)
    before = counts()
    # Nông Văn Bình works for the border guard, not for the police who lead row 2.
    data = NOTICE | three_tasks(world) | {"tasks-1-assignee_ids": [str(world.border_officer.id)]}

    response = browser.post(new_url(world.committee), data)

    assert response.status_code == 422
    assert error_next_to(response, "tasks-1-assignee_ids") == (
        "Assignees must be active staff of the lead agency.")
    assert counts() == before


def test_a_row_without_a_title_is_refused_while_the_others_stay_filled(world, login):
    browser = login(world.secretary)
    before = counts()
    data = NOTICE | three_tasks(world) | {"tasks-2-title": ""}

    response = browser.post(new_url(world.committee), data)

    assert response.status_code == 422
    assert error_next_to(response, "tasks-2-title") == "Please enter what must be done."
    assert counts() == before


def test_a_row_needs_a_deadline_or_standing_duty(world, login):
    data = NOTICE | three_tasks(world)
    data.pop("tasks-2-standing")
    response = login(world.secretary).post(new_url(world.committee), data)
    assert response.status_code == 422
    assert error_next_to(response, "tasks-2-deadline") == "Enter a deadline or tick standing duty."


def test_errors_in_the_document_and_rows_show_together(world, login):
    browser = login(world.secretary)
    before = counts()
    data = NOTICE | three_tasks(world) | {
        "number": "", "issued_on": "2024-02-30", "kind": "memo",
        "tasks-0-deadline": "2024-13-01",
    }
    response = browser.post(new_url(world.committee), data)
    assert response.status_code == 422
    assert error_next_to(response, "number") == "Please enter the official number."
    # Messages WTForms would word itself come from our catalog, so they can be translated.
    assert error_next_to(response, "issued_on") == "Please enter a valid date."
    assert error_next_to(response, "tasks-0-deadline") == "Please enter a valid date."
    assert error_next_to(response, "kind") == "Please choose from the list."
    assert counts() == before


def test_odd_input_never_breaks_the_screen(world, login):
    browser = login(world.secretary)
    meeting_of_other = ResolutionFactory(committee=world.other)  # any id of another committee
    db.session.commit()
    before = counts()
    odd = NOTICE | three_tasks(world) | {
        "meeting_id": str(meeting_of_other.id + 10**30),
        "tasks-0-lead_agency_id": "99999999999999999999999",
        "tasks-1-coordinating_agency_ids": ["abc"],
        "tasks-1-assignee_ids": ["-1"],
        "tasks-2-priority": "urgent",
        "title": "x" * 5000,
        "signer": "Dương\x00Xuân Huyên",
    }
    response = browser.post(new_url(world.committee), odd)
    assert response.status_code == 422
    for field_id in ("meeting_id", "title", "tasks-0-lead_agency_id",
                     "tasks-1-coordinating_agency_ids", "tasks-1-assignee_ids",
                     "tasks-2-priority"):
        assert error_next_to(response, field_id), field_id
    assert counts() == before
    assert browser.get("/committees/99999999999999999999/resolutions/new").status_code == 404


def test_add_row_without_javascript_gives_one_more_row(world, login):
    browser = login(world.secretary)
    data = NOTICE | three_tasks(world) | {"add_row": "Add another task"}
    response = browser.post(new_url(world.committee), data)
    assert response.status_code == 200
    html = text_of(response)
    assert 'name="tasks-3-title"' in html
    assert "Bảo đảm an ninh, trật tự" in html
    assert db.session.scalar(select(Resolution).where(Resolution.number == "12/TB-BCĐ")) is None


def test_rows_added_in_the_browser_are_saved(world, login):
    data = NOTICE | three_tasks(world) | {
        "tasks-3-title": "Phát triển sản phẩm OCOP gắn với du lịch",
        "tasks-3-lead_agency_id": str(world.trang_dinh.id),
        "tasks-3-deadline": "2024-09-30",
        "tasks-3-priority": "low",
    }
    response = login(world.secretary).post(new_url(world.committee), data)
    assert response.status_code == 302
    resolution = db.session.scalar(select(Resolution).where(Resolution.number == "12/TB-BCĐ"))
    assert len(resolution.tasks) == 4
