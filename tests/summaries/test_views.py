"""Summaries on the site: who may read, download and compile; the progress endpoint."""

from tests.factories import CommitteeFactory, member_of
from tests.summaries.test_compile import _compiled
from tracker.summaries.models import Summary


def test_a_viewer_reads_the_summary_and_downloads_every_file(scene, login, app):
    summary = _compiled(scene)
    browser = login(scene.viewer)
    page = browser.get(f"/summaries/{summary.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Công an tỉnh" in html and "<svg" in html and "<script>" not in html
    for fmt, magic in (("pdf", b"%PDF"), ("xlsx", b"PK"), ("docx", b"PK")):
        response = browser.get(f"/summaries/{summary.id}/download/{fmt}")
        assert response.status_code == 200 and response.data.startswith(magic)
    assert browser.get(f"/summaries/{summary.id}/download/exe").status_code == 404
    assert browser.get(f"/committees/{scene.committee.id}/summaries/new").status_code == 403


def test_a_member_of_another_committee_sees_nothing(scene, login):
    summary = _compiled(scene)
    own = CommitteeFactory()
    stranger = member_of(own, "chair")
    browser = login(stranger)
    for url in (f"/summaries/{summary.id}", f"/summaries/{summary.id}/status",
                f"/summaries/{summary.id}/download/pdf",
                f"/committees/{scene.committee.id}/summaries"):
        assert browser.get(url).status_code == 404, url
    assert browser.post(f"/committees/{scene.committee.id}/summaries/new",
                        {"period": "month"},
                        form_url=f"/committees/{own.id}/summaries").status_code == 404


def test_the_secretary_compiles_a_summary_and_watches_its_progress(scene, login, app):
    browser = login(scene.secretary)
    url = f"/committees/{scene.committee.id}/summaries/new"
    recorded = app.extensions.get("jobs_recorded")
    before = len(recorded) if recorded is not None else 0
    response = browser.post(url, {"period": "cutoff_month", "reference": "2026-11-10"})
    assert response.status_code == 302
    summary = Summary.query.order_by(Summary.id.desc()).first()
    assert (summary.starts_on.isoformat(), summary.ends_on.isoformat()) == (
        "2026-10-15", "2026-11-14")
    if recorded is not None:
        assert recorded[before:] == [("summaries.compile_summary", (summary.id,))]
    progress = browser.get(response.headers["Location"])
    assert progress.status_code == 200
    assert b"data-summary-status" in progress.data and b"summaries.js" in progress.data
    status = browser.get(f"/summaries/{summary.id}/status").get_json()
    assert status == {"id": summary.id, "status": "pending", "progress": 0, "ready": False,
                      "failed": False, "url": f"/summaries/{summary.id}"}


def test_a_custom_period_that_ends_before_it_starts_is_refused(scene, login):
    browser = login(scene.secretary)
    url = f"/committees/{scene.committee.id}/summaries/new"
    response = browser.post(url, {"period": "custom", "starts_on": "2026-11-10",
                                  "ends_on": "2026-11-01"})
    assert response.status_code == 422
    assert Summary.query.count() == 0
    assert browser.post(url, {"period": "bogus"}).status_code == 422


def test_a_reference_day_at_the_edge_of_the_calendar_is_an_error_not_a_crash(scene, login):
    # The period containing 31/12/9999 would end in year 10000; 01/01/0001's starts in year 0.
    browser = login(scene.secretary)
    url = f"/committees/{scene.committee.id}/summaries/new"
    for period, reference in (("cutoff_month", "9999-12-31"), ("quarter", "9999-12-31"),
                              ("cutoff_month", "0001-01-01")):
        response = browser.post(url, {"period": period, "reference": reference})
        assert response.status_code == 422, (period, reference)
    assert Summary.query.count() == 0


def test_a_period_outside_the_date_range_is_refused_as_the_api_refuses_it(scene, login, app):
    """The site's form once accepted year 1 (the job then failed); the rule is the service's."""
    from tests.api.conftest import ApiClient

    scene.secretary.language = "en"  # the messages below are compared in English
    browser = login(scene.secretary)
    url = f"/committees/{scene.committee.id}/summaries/new"
    api = ApiClient(app.test_client(use_cookies=False), scene.secretary)
    api_url = f"committees/{scene.committee.id}/summaries"
    message = "Please enter a date between the years 1900 and 2100."
    for site, body in [
        ({"period": "custom", "starts_on": "0001-01-01", "ends_on": "0001-01-31"},
         {"period_start": "0001-01-01", "period_end": "0001-01-31"}),
        ({"period": "custom", "starts_on": "1899-12-01", "ends_on": "1899-12-31"},
         {"period_start": "1899-12-01", "period_end": "1899-12-31"}),
        ({"period": "month", "reference": "1899-12-31"},
         {"period": "month", "reference": "1899-12-31"}),
    ]:
        response = browser.post(url, site)
        assert response.status_code == 422, site
        assert message in response.get_data(as_text=True)
        response = api.post(api_url, json=body)
        assert response.status_code == 422, body
        assert message in response.get_json()["error"]["fields"].values(), body
    assert Summary.query.count() == 0
