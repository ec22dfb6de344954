"""An agency member's day: the agency list, the task page, reports, submission, review."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from tests.factories import UserFactory
from tests.tasks.scenes import PDF_BYTES, in_days, lang_son_scene
from tracker.extensions import db
from tracker.history.models import HistoryEntry
from tracker.tasks.models import ProgressReport


def report_count(task) -> int:
    return db.session.scalar(select(func.count()).select_from(ProgressReport)
                             .where(ProgressReport.task_id == task.id))


def post_report(browser, task, text="Đã trình UBND tỉnh dự thảo hồ sơ.", progress="60",
                files=()):
    data = {"text": text, "progress": progress,
            "files": [(io.BytesIO(content), name) for name, content in files]}
    return browser.post(f"/tasks/{task.id}/reports", data, form_url=f"/tasks/{task.id}",
                        content_type="multipart/form-data")


def test_member_journey_from_agency_list_to_reported_done(login):
    scene = lang_son_scene()
    later = scene.add_task(title="Tổ chức Lễ hội Xứ Lạng 2024", deadline=in_days(10))
    browser = login(scene.lead_member)

    home = browser.get("/")
    assert home.headers["Location"].endswith("/my-agency")
    listing = browser.get("/my-agency").get_data(as_text=True)
    assert "5 days late" in listing
    assert listing.index(scene.task.title) < listing.index(later.title)  # overdue first
    assert "12/TB-BCĐ" in listing

    page = browser.get(f"/tasks/{scene.task.id}")
    assert page.status_code == 200
    assert "Post a progress report" in page.get_data(as_text=True)

    response = post_report(browser, scene.task, files=[("Hồ sơ UNESCO.pdf", PDF_BYTES)])
    assert response.status_code == 302, response.get_data(as_text=True)
    assert scene.task.progress == 60

    response = browser.post(f"/tasks/{scene.task.id}/submit", form_url=f"/tasks/{scene.task.id}")
    assert response.status_code == 302
    assert scene.task.state == "submitted"

    page = browser.get(f"/tasks/{scene.task.id}").get_data(as_text=True)
    assert "Hồ sơ UNESCO.pdf" in page
    actions = [e.action for e in db.session.scalars(
        select(HistoryEntry).where(HistoryEntry.subject_type == "task",
                                   HistoryEntry.subject_id == scene.task.id))]
    assert actions == ["progress_reported", "submitted"]
    assert "Đã trình UBND tỉnh dự thảo hồ sơ." in page


def test_member_cannot_report_on_other_agencys_task_and_nothing_changes(login):
    scene = lang_son_scene()
    before = (report_count(scene.task), scene.task.progress, scene.task.version)
    browser = login(scene.other_member)

    page = browser.get(f"/tasks/{scene.task.id}").get_data(as_text=True)
    assert "Post a progress report" not in page
    response = post_report(browser, scene.task, progress="90")

    assert response.status_code == 403
    db.session.expire_all()
    assert (report_count(scene.task), scene.task.progress, scene.task.version) == before
    assert browser.post(f"/tasks/{scene.task.id}/submit",
                        form_url=f"/tasks/{scene.task.id}").status_code == 403
    assert scene.task.state == "open"


def test_coordinating_member_reports_on_its_part_but_cannot_submit(login):
    scene = lang_son_scene()
    browser = login(scene.coordinating_member)

    page = browser.get(f"/tasks/{scene.task.id}").get_data(as_text=True)
    assert "Post a progress report" in page and "Report done" not in page
    assert post_report(browser, scene.task, progress="80").status_code == 302
    assert report_count(scene.task) == 1
    assert scene.task.progress == 0  # only the lead agency moves the task's percentage

    response = browser.post(f"/tasks/{scene.task.id}/submit", form_url=f"/tasks/{scene.task.id}")
    assert response.status_code == 403
    assert scene.task.state == "open"


def test_my_agency_marks_tasks_the_agency_only_coordinates(login):
    scene = lang_son_scene()
    page = login(scene.coordinating_member).get("/my-agency").get_data(as_text=True)
    assert scene.task.title in page
    assert "your agency coordinates" in page


def test_viewer_reads_the_task_but_cannot_post(login):
    scene = lang_son_scene()
    browser = login(scene.viewer)
    page = browser.get(f"/tasks/{scene.task.id}")
    assert page.status_code == 200
    assert "Post a progress report" not in page.get_data(as_text=True)
    assert post_report(browser, scene.task).status_code == 403
    assert report_count(scene.task) == 0


def test_outsider_does_not_even_see_the_task(login):
    scene = lang_son_scene()
    browser = login(scene.outsider)  # same agency, but only in the Cao Bằng network
    assert browser.get(f"/tasks/{scene.task.id}").status_code == 404
    assert post_report(browser, scene.task).status_code == 404
    assert scene.task.title not in browser.get("/tasks").get_data(as_text=True)
    assert scene.task.title not in browser.get("/my-agency").get_data(as_text=True)
    assert report_count(scene.task) == 0


def test_anonymous_visitor_is_sent_to_login(client):
    scene = lang_son_scene()
    for url in ("/my-agency", "/tasks", f"/tasks/{scene.task.id}"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_report_with_errors_is_shown_next_to_fields_and_saves_nothing(login):
    scene = lang_son_scene()
    browser = login(scene.lead_member)
    for progress, text in (("150", "Đã xong"), ("abc", "Đã xong"), ("50", "   ")):
        response = post_report(browser, scene.task, text=text, progress=progress)
        assert response.status_code == 422
        html = response.get_data(as_text=True)
        assert 'aria-invalid="true"' in html
        assert "nothing has been saved" in html
    assert report_count(scene.task) == 0
    assert scene.task.progress == 0


def test_refused_file_keeps_the_report_unsaved(login):
    scene = lang_son_scene()
    browser = login(scene.lead_member)
    response = post_report(browser, scene.task,
                           files=[("bao-cao.pdf", b"<html><script>alert(1)</script></html>")])
    assert response.status_code == 422
    assert "is not an allowed type" in response.get_data(as_text=True)
    assert report_count(scene.task) == 0
    assert scene.task.progress == 0


def test_history_shows_who_did_what_with_old_and_new_values(login):
    scene = lang_son_scene()
    browser = login(scene.lead_member)
    post_report(browser, scene.task, progress="40")
    page = browser.get(f"/tasks/{scene.task.id}").get_data(as_text=True)
    history = page[page.index('id="history"'):]
    assert "Hoàng Thị Lan" in history
    assert "reported progress" in history
    assert "0% → 40%" in history


def test_task_page_shows_original_deadline_when_extended(login):
    scene = lang_son_scene()
    task = scene.add_task(deadline=in_days(20), original_deadline=in_days(5))
    page = login(scene.lead_member).get(f"/tasks/{task.id}").get_data(as_text=True)
    assert "Original deadline" in page
    assert "Deadline in force" in page


def test_chair_accepts_a_reported_completion_and_can_come_back_to_the_dashboard(login):
    scene = lang_son_scene()
    task = scene.add_task(state="submitted", submitted_on=in_days(-1), deadline=in_days(3))
    browser = login(scene.chair)
    assert "Accept the completion" in browser.get(f"/tasks/{task.id}").get_data(as_text=True)

    response = browser.post(f"/tasks/{task.id}/accept", {"next": "/reports/committee/1"},
                            form_url=f"/tasks/{task.id}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/reports/committee/1")
    assert task.state == "done" and task.completed_on == in_days(-1)


def test_return_needs_a_comment_and_never_redirects_off_site(login):
    scene = lang_son_scene()
    task = scene.add_task(state="submitted", submitted_on=in_days(-1))
    browser = login(scene.secretary)

    response = browser.post(f"/tasks/{task.id}/return", {"comment": " "},
                            form_url=f"/tasks/{task.id}")
    assert response.status_code == 422
    assert task.state == "submitted"

    response = browser.post(f"/tasks/{task.id}/return",
                            {"comment": "Thiếu biên bản nghiệm thu.",
                             "next": "https://evil.example/"}, form_url=f"/tasks/{task.id}")
    assert response.status_code == 302
    # Back on the task's own page (never the other site), at its facts where the state shows.
    assert response.headers["Location"].endswith(f"/tasks/{task.id}#facts-heading")
    assert task.state == "open"
    page = browser.get(f"/tasks/{task.id}").get_data(as_text=True)
    assert "Thiếu biên bản nghiệm thu." in page


def test_member_cannot_review_a_completion(login):
    scene = lang_son_scene()
    task = scene.add_task(state="submitted", submitted_on=in_days(-1))
    browser = login(scene.lead_member)
    assert browser.post(f"/tasks/{task.id}/accept", form_url=f"/tasks/{task.id}"
                        ).status_code == 403
    assert task.state == "submitted"


def test_secretary_finds_edit_and_cancel_on_the_task_page_members_do_not(app, login):
    scene = lang_son_scene()
    page = login(scene.secretary).get(f"/tasks/{scene.task.id}").get_data(as_text=True)
    assert f'href="/tasks/{scene.task.id}/edit"' in page
    assert f'href="/tasks/{scene.task.id}/cancel"' in page


def test_member_sees_no_edit_link(login):
    scene = lang_son_scene()
    page = login(scene.lead_member).get(f"/tasks/{scene.task.id}").get_data(as_text=True)
    assert f'href="/tasks/{scene.task.id}/edit"' not in page


def test_admin_sees_every_committees_tasks(login):
    scene = lang_son_scene()
    admin = UserFactory(agency=None, is_admin=True, language="en")
    browser = login(admin)
    assert scene.task.title in browser.get("/tasks").get_data(as_text=True)
    assert browser.get(f"/tasks/{scene.task.id}").status_code == 200
