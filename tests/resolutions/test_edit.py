"""Editing later: the document, adding tasks, editing a task, cancelling one with a reason."""

from __future__ import annotations

import re
from datetime import date

from flask_babel import force_locale

from tests.conftest import Browser
from tests.factories import TEST_PASSWORD, ResolutionFactory, TaskFactory
from tests.resolutions.helpers import counts, error_next_to, text_of
from tracker.history.services import entries_for
from tracker.tasks import workflow


def version_on(response) -> str:
    return re.search(r'name="version" type="hidden" value="(\d+)"',
                     response.get_data(as_text=True)).group(1)


def edit_data(resolution, **changes) -> dict:
    data = {"kind": resolution.kind, "number": resolution.number,
            "issued_on": resolution.issued_on.isoformat(), "signer": resolution.signer or "",
            "title": resolution.title, "text": resolution.text or "", "meeting_id": ""}
    return data | changes


def test_secretary_corrects_a_document(world, login):
    resolution = ResolutionFactory(committee=world.committee, number="12/TB-BCĐ")
    browser = login(world.secretary)
    url = f"/resolutions/{resolution.id}/edit"
    version = version_on(browser.get(url))

    response = browser.post(url, edit_data(resolution, number="12/TB-BCĐ-2024",
                                           version=version))

    assert response.status_code == 302
    assert resolution.number == "12/TB-BCĐ-2024"
    assert entries_for("resolution", resolution.id)[-1].changes["number"] == [
        "12/TB-BCĐ", "12/TB-BCĐ-2024"]


def test_a_stale_edit_is_refused_and_nothing_is_overwritten(world, login, app):
    resolution = ResolutionFactory(committee=world.committee, title="Kết luận gốc")
    browser = login(world.secretary)
    url = f"/resolutions/{resolution.id}/edit"
    stale_version = version_on(browser.get(url))
    # The chair, on another computer, saves first…
    chair = Browser(app.test_client(), world.chair)
    chair.post("/login", {"email": world.chair.email, "password": TEST_PASSWORD},
               form_url="/login")
    assert chair.post(url, edit_data(resolution, title="Kết luận của Trưởng ban",
                                     version=stale_version)).status_code == 302

    # …then the secretary saves the copy she opened before.
    response = browser.post(url, edit_data(resolution, title="Bản của thư ký",
                                           version=stale_version))

    assert response.status_code == 409
    assert "Someone else saved this document meanwhile" in text_of(response)
    assert resolution.title == "Kết luận của Trưởng ban"


def test_a_document_number_cannot_take_another_documents_number(world, login):
    ResolutionFactory(committee=world.committee, number="45/KH-BCĐ")
    resolution = ResolutionFactory(committee=world.committee, number="12/TB-BCĐ")
    browser = login(world.secretary)
    url = f"/resolutions/{resolution.id}/edit"
    response = browser.post(url, edit_data(resolution, number="45/KH-BCĐ",
                                           version=version_on(browser.get(url))))
    assert response.status_code == 422
    assert "already has a document numbered 45/KH-BCĐ" in error_next_to(response, "number")
    assert resolution.number == "12/TB-BCĐ"


def test_secretary_adds_tasks_to_a_recorded_document(world, login):
    resolution = ResolutionFactory(committee=world.committee)
    browser = login(world.secretary)
    url = f"/resolutions/{resolution.id}/tasks/new"
    assert browser.get(url).status_code == 200

    response = browser.post(url, {
        "tasks-0-title": "Xây dựng Đề án phát triển nguồn nhân lực du lịch 2025-2030",
        "tasks-0-lead_agency_id": str(world.vhttdl.id),
        "tasks-0-deadline": "2024-10-31",
        "tasks-0-priority": "normal",
        "tasks-1-title": "Tuần tra, kiểm soát khu vực cửa khẩu phục vụ khách du lịch",
        "tasks-1-lead_agency_id": str(world.border.id),
        "tasks-1-standing": "y",
        "tasks-1-priority": "normal",
    })

    assert response.status_code == 302
    assert [t.lead_agency_id for t in resolution.tasks] == [world.vhttdl.id, world.border.id]


def test_adding_tasks_is_all_or_nothing(world, login):
    resolution = ResolutionFactory(committee=world.committee)
    browser = login(world.secretary)
    before = counts()
    response = browser.post(f"/resolutions/{resolution.id}/tasks/new", {
        "tasks-0-title": "Việc hợp lệ",
        "tasks-0-lead_agency_id": str(world.vhttdl.id),
        "tasks-0-deadline": "2024-10-31",
        "tasks-1-title": "Việc giao cho người ngoài cơ quan chủ trì",
        "tasks-1-lead_agency_id": str(world.vhttdl.id),
        "tasks-1-assignee_ids": [str(world.member.id)],
        "tasks-1-deadline": "2024-10-31",
    })
    assert response.status_code == 422
    assert error_next_to(response, "tasks-1-assignee_ids")
    assert counts() == before

    nothing = browser.post(f"/resolutions/{resolution.id}/tasks/new", {"tasks-0-title": ""})
    assert nothing.status_code == 422
    assert "Fill in at least one task." in text_of(nothing)


def task_data(task, **changes) -> dict:
    data = {"title": task.title, "description": task.description or "",
            "lead_agency_id": str(task.lead_agency_id),
            "deadline": task.deadline.isoformat() if task.deadline else "",
            "priority": task.priority, "expected_output": task.expected_output or ""}
    return data | changes


def test_secretary_edits_a_task(world, login):
    task = TaskFactory(resolution=ResolutionFactory(committee=world.committee),
                       lead_agency=world.police, deadline=date(2024, 6, 30))
    browser = login(world.secretary)
    url = f"/tasks/{task.id}/edit"
    version = version_on(browser.get(url))

    response = browser.post(url, task_data(
        task, deadline="2024-07-31", version=version,
        assignee_ids=[str(world.police_officer.id)],
        coordinating_agency_ids=[str(world.trang_dinh.id)]))

    assert response.status_code == 302, text_of(response)[:2000]
    assert task.deadline == task.original_deadline == date(2024, 7, 31)
    assert [u.id for u in task.assignees] == [world.police_officer.id]
    changes = entries_for("task", task.id)[-1].changes
    assert changes["deadline"] == ["2024-06-30", "2024-07-31"]
    assert changes["coordinating_agencies"] == [[], ["UBND Tràng Định"]]


def test_a_task_can_become_a_standing_duty(world, login):
    task = TaskFactory(resolution=ResolutionFactory(committee=world.committee),
                       lead_agency=world.police)
    browser = login(world.secretary)
    url = f"/tasks/{task.id}/edit"
    response = browser.post(url, task_data(task, deadline="", standing="y",
                                           version=version_on(browser.get(url))))
    assert response.status_code == 302
    assert task.deadline is None and task.is_standing


def test_task_edit_errors_show_next_to_fields_and_change_nothing(world, login):
    task = TaskFactory(resolution=ResolutionFactory(committee=world.committee),
                       lead_agency=world.police, title="Tiêu đề cũ")
    browser = login(world.secretary)
    url = f"/tasks/{task.id}/edit"
    version = version_on(browser.get(url))

    wrong_staff = browser.post(url, task_data(task, title="Tiêu đề mới", version=version,
                                              assignee_ids=[str(world.secretary.id)]))
    assert wrong_staff.status_code == 422
    assert error_next_to(wrong_staff, "assignee_ids")

    stale = browser.post(url, task_data(task, title="Tiêu đề mới", version="0"))
    assert stale.status_code == 409
    assert "Someone else saved this task meanwhile" in text_of(stale)

    bad_date = browser.post(url, task_data(task, deadline="2024-02-30", version=version))
    assert bad_date.status_code == 422
    assert error_next_to(bad_date, "deadline")
    assert task.title == "Tiêu đề cũ"


def test_secretary_cancels_a_task_with_a_reason(world, login):
    task = TaskFactory(resolution=ResolutionFactory(committee=world.committee),
                       lead_agency=world.police)
    browser = login(world.secretary)
    url = f"/tasks/{task.id}/cancel"
    page = text_of(browser.get(url))
    assert "data-confirm" in page

    response = browser.post(url, {"reason": "Nội dung đã được lồng ghép vào Kế hoạch 45/KH-BCĐ"})

    assert response.status_code == 302
    assert task.state == "cancelled"
    assert task.cancel_reason == "Nội dung đã được lồng ghép vào Kế hoạch 45/KH-BCĐ"
    entry = entries_for("task", task.id)[-1]
    assert entry.action == "cancelled" and entry.actor_id == world.secretary.id
    detail = text_of(browser.get(f"/resolutions/{task.resolution_id}"))
    assert "badge-cancelled" in detail


def test_cancelling_needs_a_reason(world, login):
    task = TaskFactory(resolution=ResolutionFactory(committee=world.committee),
                       lead_agency=world.police)
    response = login(world.secretary).post(f"/tasks/{task.id}/cancel", {"reason": "   "})
    assert response.status_code == 422
    assert error_next_to(response, "reason") == "Please give the reason for cancelling."
    assert task.state == "open"


def test_a_cancelled_task_can_no_longer_be_edited_or_cancelled(world, login):
    task = TaskFactory(resolution=ResolutionFactory(committee=world.committee),
                       lead_agency=world.police, state="cancelled", cancel_reason="Trùng lặp")
    browser = login(world.secretary)
    # The task's state refuses the verb: 409 with the workflow's reason, as on the API.
    edit = browser.get(f"/tasks/{task.id}/edit")
    assert edit.status_code == 409
    with force_locale(world.secretary.language):
        assert str(workflow.EDIT.refused) in text_of(edit)
    cancel = browser.post(f"/tasks/{task.id}/cancel", {"reason": "Lần nữa"},
                          form_url=f"/resolutions/{task.resolution_id}")
    assert cancel.status_code == 409
    with force_locale(world.secretary.language):
        assert str(workflow.CANCEL.refused) in text_of(cancel)
