"""A long task list's export is written in the background: a progress page, then the file,
the same bytes as the direct download, for whoever asked for it only (issue 12, item 3)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from tests.factories import (
    AgencyFactory,
    CommitteeFactory,
    ResolutionFactory,
    TaskFactory,
    member_of,
)
from tracker.clock import local_today, utcnow
from tracker.extensions import db
from tracker.lists import services
from tracker.lists.models import ExportRequest, ExportState

THRESHOLD = 3


@pytest.fixture
def world(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "EXPORT_DIR", str(tmp_path / "exports"))
    monkeypatch.setitem(app.config, "EXPORT_BACKGROUND_ROWS", THRESHOLD)
    monkeypatch.setattr(services, "PROGRESS_EVERY", 2)  # several slices of a small list
    standing = AgencyFactory(name="Sở Văn hóa, Thể thao và Du lịch", short_name="Sở VHTTDL")
    police = AgencyFactory(name="Công an tỉnh Lạng Sơn", short_name="Công an tỉnh")
    border = AgencyFactory(name="Bộ Chỉ huy Bộ đội Biên phòng tỉnh", short_name="BĐBP tỉnh")
    committee = CommitteeFactory(standing_agency=standing)
    resolution = ResolutionFactory(committee=committee, number="12/TB-BCĐ")
    today = local_today("Asia/Ho_Chi_Minh")

    def task(title, lead, days, **fields):
        deadline = today + timedelta(days=days) if days is not None else None
        return TaskFactory(resolution=resolution, committee=committee, lead_agency=lead,
                           title=title, deadline=deadline, original_deadline=deadline, **fields)

    tasks = [
        task("Kiểm tra an ninh trật tự tại các điểm du lịch", police, -5,
             coordinating_agencies=[border]),
        task("Tổ chức Lễ hội Xuân Lạng Sơn", border, 2),
        task("Phát triển sản phẩm du lịch cộng đồng Mẫu Sơn", police, -1, progress=40),
        task("Tuyên truyền quảng bá du lịch biên giới", border, 40,
             coordinating_agencies=[police]),
        task("Rà soát quy hoạch khu du lịch", police, None),
        task("=HYPERLINK(\"http://example.com\")", standing, 10),
    ]
    return {
        "tasks": tasks,
        "chair": member_of(committee, "chair", agency=standing, language="vi"),
        "secretary": member_of(committee, "secretary", agency=standing, language="en"),
        "police": member_of(committee, "member", agency=police, language="vi"),
    }


def _ask(browser, url):
    """Ask for an export that goes to the background; the request it recorded."""
    response = browser.get(url)
    assert response.status_code == 303, response.status_code
    match = re.fullmatch(r".*/exports/(\d+)", response.headers["Location"])
    assert match, response.headers["Location"]
    return db.session.get(ExportRequest, int(match.group(1)))


def _direct(app, browser, url, monkeypatch):
    monkeypatch.setitem(app.config, "EXPORT_BACKGROUND_ROWS", 10_000)
    response = browser.get(url)
    monkeypatch.setitem(app.config, "EXPORT_BACKGROUND_ROWS", THRESHOLD)
    assert response.status_code == 200
    return response


def test_below_the_threshold_the_export_is_the_direct_download(app, world, login, monkeypatch):
    browser = login(world["chair"])
    app.extensions["jobs_recorded"].clear()  # what earlier tests of this process enqueued
    monkeypatch.setitem(app.config, "EXPORT_BACKGROUND_ROWS", 7)  # six tasks: direct
    response = browser.get("/tasks/export.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    # Read to its end: a streamed body left unread is closed whenever the garbage collector
    # gets to it, popping its request context in the middle of a later test.
    assert len(response.get_data(as_text=True).splitlines()) == 7  # the header and six tasks
    assert db.session.query(ExportRequest).count() == 0
    assert app.extensions["jobs_recorded"] == []


def test_at_the_threshold_the_export_becomes_a_job_with_a_progress_page(app, world, login):
    browser = login(world["chair"])
    app.extensions["jobs_recorded"].clear()
    job = _ask(browser, "/tasks/export.csv?sort=agency&q=du+l%E1%BB%8Bch")  # four rows
    assert job.user_id == world["chair"].id and job.format == "csv"
    assert job.endpoint == "lists.export_tasks" and job.state == ExportState.QUEUED
    assert "sort=agency" in job.query_string
    assert app.extensions["jobs_recorded"] == [("exports.write_export", (job.id,))]

    page = browser.get(f"/exports/{job.id}").get_data(as_text=True)
    assert "data-export-pending" in page and "export_progress.js" in page  # polls every 3 s
    assert 'role="status" aria-live="polite"' in page
    assert "Tệp đang chờ được chuẩn bị." in page


def test_a_small_filtered_list_stays_direct(app, world, login):
    browser = login(world["chair"])
    response = browser.get("/tasks/export.csv?category=overdue")  # two overdue tasks
    assert response.status_code == 200 and response.mimetype == "text/csv"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("who, url", [
    ("chair", "/tasks/export.{fmt}?sort=-deadline"),
    ("secretary", "/tasks/export.{fmt}"),  # in English
    ("police", "/my-agency/export.{fmt}?sort=title"),
])
def test_the_job_writes_the_bytes_of_the_direct_download(app, world, login, monkeypatch, fmt,
                                                         who, url):
    browser = login(world[who])
    url = url.format(fmt=fmt)
    direct = _direct(app, browser, url, monkeypatch)
    job = _ask(browser, url)

    done = services.write_export(job.id)
    assert done.state == ExportState.DONE, done.error
    assert done.rows_written == done.rows_total >= THRESHOLD

    download = browser.get(f"/exports/{job.id}/file")
    assert download.status_code == 200
    assert download.get_data() == direct.get_data()
    assert download.headers["Content-Disposition"] == direct.headers["Content-Disposition"]
    assert download.mimetype == direct.mimetype


def test_progress_page_shows_rows_written_then_the_download_link(app, world, login):
    browser = login(world["chair"])
    job = _ask(browser, "/tasks/export.xlsx")
    job.state, job.rows_written, job.rows_total = ExportState.RUNNING, 12_000, 200_000
    db.session.flush()
    page = browser.get(f"/exports/{job.id}").get_data(as_text=True)
    assert "Đang chuẩn bị tệp… 12.000 / 200.000 dòng" in page
    assert "data-export-pending" in page
    assert f"/exports/{job.id}/file" not in page
    assert browser.get(f"/exports/{job.id}/file").status_code == 404  # not ready yet

    services.write_export(job.id)
    page = browser.get(f"/exports/{job.id}").get_data(as_text=True)
    assert "data-export-pending" not in page and "export_progress.js" not in page
    assert f'href="/exports/{job.id}/file"' in page
    assert "Tải về tasks-" in page


def test_the_file_is_served_only_to_whoever_asked(app, world, login):
    chair = login(world["chair"])
    job = _ask(chair, "/tasks/export.csv")
    services.write_export(job.id)
    assert chair.get(f"/exports/{job.id}/file").status_code == 200

    chair.post("/logout", {}, form_url="/tasks")
    secretary = login(world["secretary"])  # a member of the same committee, not the asker
    assert secretary.get(f"/exports/{job.id}").status_code == 404
    assert secretary.get(f"/exports/{job.id}/file").status_code == 404


def test_a_failed_export_is_shown_as_failed_not_a_500(app, world, login, monkeypatch):
    browser = login(world["chair"])
    job = _ask(browser, "/tasks/export.csv")

    def broken(fmt, batches):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services.export, "task_file", broken)
    failed = services.write_export(job.id)
    assert failed.state == ExportState.FAILED and "disk full" in failed.error
    assert not services.file_path(failed).exists()
    assert not services.file_path(failed).with_suffix(".csv.part").exists()

    response = browser.get(f"/exports/{job.id}")
    assert response.status_code == 200
    assert "Chuẩn bị tệp không thành công." in response.get_data(as_text=True)
    assert browser.get(f"/exports/{job.id}/file").status_code == 404


def test_running_the_job_twice_leaves_one_finished_file(app, world, login):
    browser = login(world["chair"])
    job = _ask(browser, "/tasks/export.csv")
    first = services.write_export(job.id)
    data = services.file_path(first).read_bytes()
    again = services.write_export(job.id)
    assert again.state == ExportState.DONE
    assert services.file_path(again).read_bytes() == data
    assert services.write_export(10**9) is None  # a request deleted meanwhile: nothing to do


def test_cleanup_deletes_files_and_rows_older_than_a_day(app, world, login):
    browser = login(world["chair"])
    old, recent = _ask(browser, "/tasks/export.csv"), _ask(browser, "/tasks/export.xlsx")
    for job in (old, recent):
        services.write_export(job.id)
    old = db.session.get(ExportRequest, old.id)
    old.created_at = utcnow() - timedelta(hours=25)
    db.session.flush()
    old_file, recent_file = services.file_path(old), services.file_path(recent)
    assert old_file.exists() and recent_file.exists()

    assert services.delete_old_exports() == 1
    assert not old_file.exists() and recent_file.exists()
    assert db.session.get(ExportRequest, old.id) is None
    assert db.session.get(ExportRequest, recent.id) is not None
    assert services.delete_old_exports() == 0  # safe to run again


def test_the_cleanup_is_on_the_beat_schedule(app):
    from workers.schedule import DELETE_OLD_EXPORTS, beat_schedule

    entry = beat_schedule(app.config)[DELETE_OLD_EXPORTS]
    assert entry["task"] == "exports.delete_old_exports"
