"""Reporting done is a report: the result achieved, the output document, optional evidence,
progress at 100 %; the reviewer reads them beside accept / return (issue 13)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from flask import current_app
from sqlalchemy import func, select

from tests.tasks.scenes import PDF_BYTES, lang_son_scene
from tests.tasks.test_upload_quotas import settings
from tracker.extensions import db
from tracker.history.services import entries_for
from tracker.tasks import services
from tracker.tasks.models import Attachment, ProgressReport
from tracker.tasks.services import TaskError

RESULT = "Đã tổ chức Tuần Văn hóa – Du lịch, 12 đoàn nghệ thuật tham gia."


def _counts(task) -> tuple[int, int]:
    reports = db.session.scalar(select(func.count()).select_from(ProgressReport)
                                .where(ProgressReport.task_id == task.id))
    files = db.session.scalar(select(func.count()).select_from(Attachment)
                              .join(ProgressReport).where(ProgressReport.task_id == task.id))
    return reports, files


def _submit(browser, task, result=RESULT, output=(), evidence=()):
    data = {"result": result,
            "output": [(io.BytesIO(content), name) for name, content in output],
            "files": [(io.BytesIO(content), name) for name, content in evidence]}
    return browser.post(f"/tasks/{task.id}/submit", data, form_url=f"/tasks/{task.id}",
                        content_type="multipart/form-data")


def test_the_completion_is_the_lead_agencys_report_at_100_with_its_output_and_evidence():
    scene = lang_son_scene()
    task = scene.task
    services.report_progress(task, actor=scene.lead_member, text="Đang chuẩn bị.", progress=40)

    services.submit_completion(
        task, actor=scene.lead_member, result=RESULT,
        output_files=[("Báo cáo kết quả.pdf", PDF_BYTES)],
        files=[("Biên bản nghiệm thu.pdf", PDF_BYTES)])

    assert task.state == "submitted" and task.progress == 100
    report = task.reports[0]
    assert report.completes and report.text == RESULT and report.progress == 100
    assert report.agency_id == task.lead_agency_id
    assert [(a.filename, a.is_output) for a in report.attachments] == [
        ("Báo cáo kết quả.pdf", True), ("Biên bản nghiệm thu.pdf", False)]
    assert not task.reports[1].completes  # the earlier progress report stays what it was
    entry = entries_for("task", task.id)[-1]
    assert entry.action == "submitted" and entry.comment == RESULT
    assert entry.changes["progress"] == [40, 100]


@pytest.mark.parametrize("result", ["", "   ", None])
def test_no_completion_without_the_result_and_nothing_is_written(result):
    scene = lang_son_scene()
    before = (_counts(scene.task), scene.task.state, scene.task.progress)
    with pytest.raises(TaskError) as error:
        services.submit_completion(scene.task, actor=scene.lead_member, result=result,
                                   output_files=[("Báo cáo.pdf", PDF_BYTES)])
    assert error.value.field == "result"
    db.session.expire_all()
    assert (_counts(scene.task), scene.task.state, scene.task.progress) == before


def test_a_bad_output_file_is_named_on_the_output_field_and_nothing_is_written():
    scene = lang_son_scene()
    before = _counts(scene.task)
    with pytest.raises(ValueError) as error:
        services.submit_completion(scene.task, actor=scene.lead_member, result=RESULT,
                                   output_files=[("ket-qua.exe", b"MZ\x90\x00")])
    assert error.value.field == "output"
    db.session.expire_all()
    assert _counts(scene.task) == before and scene.task.state == "open"


def test_the_site_asks_for_the_result_next_to_the_field_and_keeps_the_task_open(login):
    scene = lang_son_scene()
    browser = login(scene.lead_member)
    page = browser.get(f"/tasks/{scene.task.id}").get_data(as_text=True)
    assert 'id="completion-result"' in page and 'id="completion-output"' in page

    response = _submit(browser, scene.task, result="  ")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert ('<p class="error" id="completion-result-error">Please describe the result '
            'achieved.</p>') in html
    db.session.expire_all()
    assert scene.task.state == "open" and _counts(scene.task) == (0, 0)


def test_the_reviewer_reads_the_result_and_the_output_beside_accept_and_return(login):
    scene = lang_son_scene()
    member = login(scene.lead_member)
    response = _submit(member, scene.task, output=[("Báo cáo kết quả.pdf", PDF_BYTES)],
                       evidence=[("Ảnh lễ khai mạc.pdf", PDF_BYTES)])
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert scene.task.state == "submitted" and scene.task.progress == 100
    member.post("/logout", form_url="/profile")

    chair = login(scene.chair)
    for url in (f"/tasks/{scene.task.id}", "/waiting"):
        html = chair.get(url).get_data(as_text=True)
        facts = html[html.index("Result achieved"):]
        assert RESULT in facts, url
        assert facts.index("Output document") < facts.index("Báo cáo kết quả.pdf"), url
        assert "Ảnh lễ khai mạc.pdf" in facts, url
        assert "Accept the completion" in html, url


def test_the_result_is_asked_in_vietnamese(login):
    scene = lang_son_scene()
    scene.lead_member.language = "vi"
    browser = login(scene.lead_member)
    html = browser.get(f"/tasks/{scene.task.id}").get_data(as_text=True)
    assert "Kết quả đạt được" in html and "Sản phẩm đầu ra" in html
    response = _submit(browser, scene.task, result="")
    assert "Vui lòng nêu kết quả đạt được." in response.get_data(as_text=True)


def test_the_output_and_the_evidence_count_together_against_the_quota(login):
    scene = lang_son_scene()
    browser = login(scene.lead_member)
    part = PDF_BYTES + b"0" * (600 * 1024 - len(PDF_BYTES))  # each fits 1 MB, both do not
    files = set(Path(current_app.config["UPLOAD_DIR"]).iterdir())
    with settings(UPLOAD_QUOTA_USER_MB=1):
        response = _submit(browser, scene.task, output=[("Báo cáo kết quả.pdf", part)],
                           evidence=[("Biên bản.pdf", part)])
    assert response.status_code == 422
    assert "your storage quota of 1 MB" in response.get_data(as_text=True)
    db.session.expire_all()
    assert scene.task.state == "open" and _counts(scene.task) == (0, 0)
    assert set(Path(current_app.config["UPLOAD_DIR"]).iterdir()) == files
