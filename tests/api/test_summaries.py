"""Summaries through the API, end to end: ask (202), the site's job enqueued after the
commit, compiled by the real job service, polled, read with its figures, files downloaded."""

from __future__ import annotations

from io import BytesIO
from urllib.parse import urlsplit
from zipfile import ZipFile

from tests.tasks.scenes import in_days, today
from tracker.extensions import db
from tracker.reports.queries import category_counts
from tracker.summaries.models import Summary
from tracker.summaries.periods import custom_period
from tracker.summaries.services import compile_summary, request_summary


def _path(url: str) -> str:
    """The path of an absolute URL the API answered with (the test client's host is local)."""
    return urlsplit(url).path


def _run_recorded_jobs(app, before: int) -> list:
    """Run the jobs the request enqueued, as the worker does (workers/summaries.py)."""
    jobs = app.extensions["jobs_recorded"][before:]
    for name, args in jobs:
        assert name == "summaries.compile_summary"
        compile_summary(*args)
    return jobs


def test_ask_compile_read_and_download(api, scene, app):
    recorded = app.extensions["jobs_recorded"]
    before = len(recorded)
    client = api(scene.secretary)
    start = today().replace(day=1)
    response = client.post(f"committees/{scene.committee.id}/summaries", json={
        "period_start": start.isoformat(), "period_end": today().isoformat()})
    assert response.status_code == 202, response.get_json()
    body = response.get_json()
    assert body["status"] == "pending" and body["progress"] == 0
    assert body["figures"] is None and body["files"] is None
    assert body["period"] == "custom" and body["period_start"] == start.isoformat()
    assert body["language"] == "en"  # the request's Accept-Language
    assert response.headers["Location"] == body["url"]
    assert body["url"].endswith(f"/api/v1/summaries/{body['id']}")
    assert recorded[before:] == [("summaries.compile_summary", (body["id"],))]

    # Not ready yet: the files are a 409.
    early = client.get(f"summaries/{body['id']}/files/pdf")
    assert early.status_code == 409 and early.get_json()["error"]["code"] == "conflict"

    assert len(_run_recorded_jobs(app, before)) == 1
    reader = api(scene.viewer)
    ready = reader.get(_path(body["url"])).get_json()
    assert ready["status"] == "ready" and ready["progress"] == 100
    totals = {k: v for k, v in ready["figures"]["totals"].items() if k != "total"}
    assert totals == category_counts(scene.committee.id)
    assert ready["figures"]["totals"]["overdue"] == 1
    assert set(ready["files"]) == {"pdf", "xlsx", "docx"}
    for fmt, magic in (("pdf", b"%PDF"), ("xlsx", b"PK"), ("docx", b"PK")):
        file = reader.get(_path(ready["files"][fmt]))
        assert file.status_code == 200, fmt
        assert file.data.startswith(magic)
        assert file.headers["Content-Disposition"].startswith("attachment;")
        assert f".{fmt}" in file.headers["Content-Disposition"]
        assert file.headers["X-Content-Type-Options"] == "nosniff"
    names = ZipFile(BytesIO(reader.get(_path(ready["files"]["docx"])).data)).namelist()
    assert "word/document.xml" in names
    assert reader.get(f"summaries/{body['id']}/files/exe").status_code == 404


def test_a_named_period_and_the_documents_language(api, scene, app):
    client = api(scene.chair, "vi")
    response = client.post(f"committees/{scene.committee.id}/summaries", json={
        "period": "cutoff_month", "reference": "2026-11-10", "language": "en"})
    assert response.status_code == 202, response.get_json()
    body = response.get_json()
    assert (body["period"], body["period_start"], body["period_end"]) == (
        "cutoff_month", "2026-10-15", "2026-11-14")
    assert body["language"] == "en"
    default = client.post(f"committees/{scene.committee.id}/summaries", json={
        "period": "month"}).get_json()
    assert default["language"] == "vi" and default["period_start"] == today().replace(
        day=1).isoformat()


def test_bad_periods_name_the_field_and_record_nothing(api, scene, app):
    client = api(scene.secretary)
    url = f"committees/{scene.committee.id}/summaries"
    before = len(app.extensions["jobs_recorded"])
    cases = [
        ({"period_start": "2026-11-10", "period_end": "2026-11-01"}, ["period_end"]),
        ({"period_end": "2026-11-01"}, ["period_start"]),
        ({"period_start": "2026-11-01"}, ["period_end"]),
        ({"period_start": "2020-01-01", "period_end": "2026-01-01"}, ["period_end"]),
        ({"period_start": in_days(5).isoformat(), "period_end": in_days(9).isoformat()},
         ["period_start"]),
        ({"period": "decade"}, ["period"]),
        ({"period": "month", "period_start": "2026-11-01"}, ["period_start"]),
        ({"period_start": "2026-11-01", "period_end": "2026-11-02", "reference": "2026-11-01"},
         ["reference"]),
        ({"period_start": "1/11/2026", "period_end": 5, "language": "fr"},
         ["period_start", "period_end", "language"]),
        ({"period": "year", "reference": "9999-12-31"}, ["reference"]),
    ]
    for body, fields in cases:
        response = client.post(url, json=body)
        assert response.status_code == 422, (body, response.get_json())
        assert sorted(response.get_json()["error"]["fields"]) == sorted(fields), body
    assert db.session.query(Summary).count() == 0
    assert len(app.extensions["jobs_recorded"]) == before


def test_who_may_ask_and_read(api, scene):
    url = f"committees/{scene.committee.id}/summaries"
    body = {"period": "month"}
    for user in (scene.lead_member, scene.viewer):
        assert api(user).post(url, json=body).status_code == 403
    assert api(scene.outsider).post(url, json=body).status_code == 404
    summary = request_summary(scene.committee, custom_period(today(), today()),
                              scene.secretary, "vi")
    db.session.flush()
    assert api(scene.lead_member).get(f"summaries/{summary.id}").status_code == 200
    listed = api(scene.viewer).get(url).get_json()
    assert [s["id"] for s in listed["items"]] == [summary.id] and listed["total"] == 1
    outsider = api(scene.outsider)
    for path in (f"summaries/{summary.id}", f"summaries/{summary.id}/files/pdf", url):
        assert outsider.get(path).status_code == 404, path
    assert api(scene.chair).get("summaries/2147483647").status_code == 404


def test_a_failed_compile_shows_its_error_to_managers_only(api, scene):
    summary = request_summary(scene.committee, custom_period(today(), today()),
                              scene.secretary, "vi")
    summary.status, summary.error = "failed", "RuntimeError: hết dung lượng đĩa"
    db.session.flush()
    assert api(scene.secretary).get(f"summaries/{summary.id}").get_json()["error"] == \
        "RuntimeError: hết dung lượng đĩa"
    body = api(scene.viewer).get(f"summaries/{summary.id}").get_json()
    assert body["status"] == "failed" and body["error"] is None and body["files"] is None


def test_messages_in_the_callers_language(api, scene):
    client = api(scene.secretary, "vi")
    response = client.post(f"committees/{scene.committee.id}/summaries", json={
        "period": "month", "period_start": "2026-11-01"})
    assert response.get_json()["error"]["fields"] == {
        "period_start": "Không gửi trường này khi chọn kỳ có tên; hãy gửi reference "
                        "(một ngày trong kỳ)."}
    summary = request_summary(scene.committee, custom_period(today(), today()),
                              scene.secretary, "vi")
    db.session.flush()
    early = client.get(f"summaries/{summary.id}/files/docx")
    assert early.status_code == 409
    assert early.get_json()["error"]["fields"] == {"status": "Báo cáo tổng hợp chưa lập xong."}


def test_a_summary_file_is_never_kept_by_a_cache_on_either_surface(api, scene, login):
    """The site's link and the API's send the committee's figures through one function
    (``summaries.services.send_summary_file``), with the same headers."""
    summary = request_summary(scene.committee, custom_period(today(), today()),
                              scene.secretary, "vi")
    compile_summary(summary.id)
    through_api = api(scene.viewer).get(f"summaries/{summary.id}/files/pdf")
    on_the_site = login(scene.viewer).get(f"/summaries/{summary.id}/download/pdf")
    for response in (through_api, on_the_site):
        assert response.status_code == 200 and response.data.startswith(b"%PDF")
        assert response.headers["Cache-Control"] == "private, no-store"
        assert response.headers["Content-Disposition"].startswith("attachment;")
    assert through_api.headers["Content-Disposition"] == \
        on_the_site.headers["Content-Disposition"]
