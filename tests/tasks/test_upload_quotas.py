"""Storage quotas and the upload rate limit: one member cannot fill the disk, whichever form
carries the files; a refused upload leaves nothing behind, on disk or in the database."""

from __future__ import annotations

import io
from contextlib import contextmanager
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select

from tests.tasks.scenes import PDF_BYTES, in_days, lang_son_scene, person
from tracker.extensions import db, limiter
from tracker.tasks.models import Attachment, ProgressReport, TaskExtension

KB = 1024


def pdf_of(kilobytes: int) -> bytes:
    return PDF_BYTES + b"0" * (kilobytes * KB - len(PDF_BYTES))


@contextmanager
def settings(**values):
    """The app is shared by the whole session: change its settings for one test only."""
    old = {name: current_app.config[name] for name in values}
    current_app.config.update(values)
    limiter.reset()  # counters of earlier tests (ids are reused after their rollback)
    try:
        yield
    finally:
        current_app.config.update(old)
        limiter.reset()


def post_report(browser, task, files, text="Kèm theo biên bản nghiệm thu."):
    data = {"text": text, "progress": "40",
            "files": [(io.BytesIO(content), name) for name, content in files]}
    return browser.post(f"/tasks/{task.id}/reports", data, form_url=f"/tasks/{task.id}",
                        content_type="multipart/form-data")


def post_extension(browser, task, files):
    data = {"requested_deadline": in_days(60).isoformat(), "reason": "Chờ bố trí vốn.",
            "files": [(io.BytesIO(content), name) for name, content in files]}
    return browser.post(f"/tasks/{task.id}/extensions", data, form_url=f"/tasks/{task.id}",
                        content_type="multipart/form-data")


def switch_to(browser, login, user):
    """Sign the browser's user out and ``user`` in (one test client per test)."""
    browser.post("/logout", form_url="/profile")
    return login(user)


def stored_files() -> set[Path]:
    return set(Path(current_app.config["UPLOAD_DIR"]).iterdir())


def attachment_count() -> int:
    return db.session.scalar(select(func.count(Attachment.id)))


# --- quotas -------------------------------------------------------------------------------


def test_a_report_past_the_members_quota_is_refused_and_stores_nothing(login):
    scene = lang_son_scene()
    browser = login(scene.lead_member)
    with settings(UPLOAD_QUOTA_USER_MB=1):
        assert post_report(browser, scene.task, [("bien-ban.pdf", pdf_of(600))]).status_code \
            == 302
        files, rows = stored_files(), attachment_count()
        response = post_report(browser, scene.task, [("anh-hien-truong.pdf", pdf_of(600))],
                               text="Báo cáo lần hai.")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "your storage quota of 1 MB" in html
    assert "0.6 MB used" in html  # what is already stored, so the member knows where they are
    assert stored_files() == files and attachment_count() == rows
    assert [r.text for r in scene.task.reports] == ["Kèm theo biên bản nghiệm thu."]


def test_the_quota_counts_what_the_member_uploaded_on_every_task(login):
    scene = lang_son_scene()
    other_task = scene.add_task(title="Quảng bá Khu du lịch Mẫu Sơn")
    browser = login(scene.lead_member)
    with settings(UPLOAD_QUOTA_USER_MB=1):
        assert post_report(browser, scene.task, [("a.pdf", pdf_of(700))]).status_code == 302
        response = post_report(browser, other_task, [("b.pdf", pdf_of(400))])
    assert response.status_code == 422
    assert other_task.reports == []
    stored = db.session.scalars(select(Attachment)).all()
    assert [a.uploaded_by_id for a in stored] == [scene.lead_member.id]


def test_the_committees_quota_counts_every_members_files(login):
    scene = lang_son_scene()
    colleague = person(scene.committee, "member", scene.lead)
    with settings(UPLOAD_QUOTA_COMMITTEE_MB=1):
        browser = login(scene.lead_member)
        assert post_report(browser, scene.task, [("a.pdf", pdf_of(700))]).status_code == 302
        files, rows = stored_files(), attachment_count()
        browser = switch_to(browser, login, colleague)
        response = post_report(browser, scene.task, [("b.pdf", pdf_of(400))])
    assert response.status_code == 422
    assert "the committee's storage quota of 1 MB" in response.get_data(as_text=True)
    assert stored_files() == files and attachment_count() == rows


def test_an_extension_request_past_the_quota_is_refused_and_stores_nothing(login):
    scene = lang_son_scene()
    task = scene.add_task(title="Xây dựng bộ nhận diện du lịch", deadline=in_days(10))
    browser = login(scene.lead_member)
    with settings(UPLOAD_QUOTA_USER_MB=1):
        assert post_report(browser, scene.task, [("a.pdf", pdf_of(700))]).status_code == 302
        files, rows = stored_files(), attachment_count()
        response = post_extension(browser, task, [("to-trinh.pdf", pdf_of(400))])
    assert response.status_code == 422
    assert "your storage quota of 1 MB" in response.get_data(as_text=True)
    assert stored_files() == files and attachment_count() == rows
    assert db.session.scalar(select(func.count(TaskExtension.id))) == 0


def test_a_report_without_files_is_not_stopped_by_a_full_quota(login):
    scene = lang_son_scene()
    browser = login(scene.lead_member)
    with settings(UPLOAD_QUOTA_USER_MB=1):
        post_report(browser, scene.task, [("a.pdf", pdf_of(1000))])
        response = post_report(browser, scene.task, [], text="Chỉ có lời, không có tệp.")
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(ProgressReport.id))) == 2


def test_a_quota_of_zero_means_none(login):
    scene = lang_son_scene()
    browser = login(scene.lead_member)
    with settings(UPLOAD_QUOTA_USER_MB=0, UPLOAD_QUOTA_COMMITTEE_MB=0):
        for n in range(3):
            response = post_report(browser, scene.task, [(f"{n}.pdf", pdf_of(500))])
            assert response.status_code == 302


# --- rate limit ---------------------------------------------------------------------------


def test_upload_requests_are_limited_per_user_across_forms(login):
    scene = lang_son_scene()
    task = scene.add_task(title="Xây dựng bộ nhận diện du lịch", deadline=in_days(10))
    browser = login(scene.lead_member)
    with settings(UPLOAD_RATE_LIMIT="2 per hour"):
        assert post_report(browser, scene.task, [("a.pdf", PDF_BYTES)]).status_code == 302
        # Without files a report is no upload: not counted, never refused.
        assert post_report(browser, scene.task, [], text="Không kèm tệp.").status_code == 302
        assert post_report(browser, scene.task, [("b.pdf", PDF_BYTES)]).status_code == 302
        files, rows = stored_files(), attachment_count()
        refused = post_extension(browser, task, [("c.pdf", PDF_BYTES)])
        assert refused.status_code == 429
        assert "the limit on uploads (2 within 1 hour)" in refused.get_data(as_text=True)
        assert stored_files() == files and attachment_count() == rows
        assert post_report(browser, scene.task, [], text="Vẫn báo cáo được.").status_code \
            == 302
        # Another member has an allowance of their own.
        colleague = person(scene.committee, "member", scene.lead)
        browser = switch_to(browser, login, colleague)
        assert post_report(browser, scene.task, [("d.pdf", PDF_BYTES)]).status_code == 302
