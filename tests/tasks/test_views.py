"""An agency member's day: the agency list, the task page, reports, submission, review."""

from __future__ import annotations

import io

from sqlalchemy import func, select

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
