"""The recurring-duty screens: start one, its page with each occurrence's outcome, change,
stop; who may do what."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tests.conftest import Browser
from tests.factories import TEST_PASSWORD
from tests.tasks.recurrence.scene import at, monthly_duty
from tests.tasks.scenes import lang_son_scene
from tracker.extensions import db
from tracker.tasks import services as task_services
from tracker.tasks.models import Task
from tracker.tasks.recurrence import services
from tracker.tasks.recurrence.models import TaskSeries


def signed_in(app, email: str) -> Browser:
    """A second person's browser (its own cookies) beside the ``login`` fixture's."""
    browser = Browser(app.test_client())
    response = browser.post("/login", {"email": email, "password": TEST_PASSWORD},
                            form_url="/login")
    assert response.status_code == 302
    return browser


@pytest.fixture
def scene():
    return lang_son_scene()


def _form(scene, **changes) -> dict:
    data = {"title": "Báo cáo quý về phát triển du lịch", "lead_agency_id": str(scene.lead.id),
            "priority": "normal", "preset": "quarterly_20", "frequency": "monthly",
            "starts_on": "2026-01-01", "expected_output": "Báo cáo quý"}
    return data | changes


def test_the_secretary_starts_a_quarterly_duty_from_the_document(scene, login):
    browser = login(scene.secretary)
    page = browser.get(f"/resolutions/{scene.resolution.id}")
    assert f"/resolutions/{scene.resolution.id}/series/new" in page.get_data(as_text=True)
    url = f"/resolutions/{scene.resolution.id}/series/new"
    response = browser.post(url, _form(scene))
    assert response.status_code == 302
    series = db.session.scalar(select(TaskSeries).where(
        TaskSeries.resolution_id == scene.resolution.id))
    assert (series.frequency, series.due_day, series.starts_on) == ("quarterly", 20,
                                                                   date(2026, 1, 1))
    shown = browser.get(response.location).get_data(as_text=True)
    assert "Quarterly, before the 20 of the quarter" in shown
    # Starting in the past: every quarter due so far is made at once, as tasks.
    made = db.session.scalars(select(Task.series_period).where(Task.series_id == series.id))
    assert {"2026-Q1", "2026-Q2", "2026-Q3"} <= set(made)


def test_a_broken_rule_comes_back_next_to_its_field_and_nothing_is_saved(scene, login):
    browser = login(scene.secretary)
    url = f"/resolutions/{scene.resolution.id}/series/new"
    response = browser.post(url, _form(scene, preset="custom", frequency="weeks", interval="0"))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="interval-error"' in html
    response = browser.post(url, _form(scene, preset="custom", frequency="monthly",
                                       due_day=""))
    assert response.status_code == 422 and 'id="due_day-error"' in response.get_data(
        as_text=True)
    assert db.session.scalar(select(TaskSeries.id)) is None


def test_a_member_reads_the_duty_but_cannot_change_or_stop_it(app, scene, login):
    series = monthly_duty(scene)
    browser = login(scene.lead_member)
    assert browser.get(f"/series/{series.id}").status_code == 200
    assert browser.get(f"/series/{series.id}/edit").status_code == 403
    assert browser.get(f"/series/{series.id}/stop").status_code == 403
    assert browser.get(f"/resolutions/{scene.resolution.id}/series/new").status_code == 403
    assert signed_in(app, scene.outsider.email).get(f"/series/{series.id}").status_code == 404


def test_the_series_page_shows_each_occurrence_s_outcome(scene, login):
    series = monthly_duty(scene, starts_on=date(2026, 1, 1))
    services.make_occurrences(series, today=date(2026, 3, 1), lead_days=20)
    jan, feb, _mar = db.session.scalars(select(Task).where(Task.series_id == series.id)
                                        .order_by(Task.deadline)).all()
    task_services.submit_completion(jan, actor=scene.lead_member, result="Đã gửi",
                                    now=at(date(2026, 1, 14)))
    task_services.accept_completion(jan, actor=scene.secretary)
    task_services.submit_completion(feb, actor=scene.lead_member, result="Gửi muộn",
                                    now=at(date(2026, 2, 18)))
    task_services.accept_completion(feb, actor=scene.secretary)

    browser = login(scene.secretary)
    html = browser.get(f"/series/{series.id}").get_data(as_text=True)
    assert "Monthly, before the 15" in html
    rows = {period: html.split(f'data-period="{period}"')[1].split("</tr>")[0]
            for period in ("2026-01", "2026-02", "2026-03")}
    assert "Done on time" in rows["2026-01"]
    assert "Done late" in rows["2026-02"]
    assert "Missed (overdue, not done)" in rows["2026-03"]  # March 2026 is long past
    assert "Upcoming" in html  # April's, not made yet
    assert ">Month 1/2026</a>" in html and "<td>Month 4/2026</td>" in html
    task_html = browser.get(f"/tasks/{jan.id}").get_data(as_text=True)
    assert f"/series/{series.id}" in task_html
    assert "Occurrence Month 1/2026 of a recurring duty" in task_html


def test_editing_and_stopping_through_the_site(scene, login):
    series = monthly_duty(scene)
    browser = login(scene.secretary)
    edit = browser.get(f"/series/{series.id}/edit")
    assert edit.status_code == 200
    response = browser.post(f"/series/{series.id}/edit", {
        "title": "Báo cáo tháng (mới)", "lead_agency_id": str(scene.lead.id),
        "priority": "normal", "due_day": "20", "version": str(series.version)})
    assert response.status_code == 302
    assert (series.title, series.due_day) == ("Báo cáo tháng (mới)", 20)
    stale = browser.post(f"/series/{series.id}/edit", {
        "title": "Lỗi thời", "lead_agency_id": str(scene.lead.id), "priority": "normal",
        "due_day": "20", "version": "1"})
    assert stale.status_code == 409 and series.title == "Báo cáo tháng (mới)"

    assert browser.get(f"/series/{series.id}/stop").status_code == 200
    assert browser.post(f"/series/{series.id}/stop", {}).status_code == 302
    assert series.is_stopped
    again = browser.post(f"/series/{series.id}/stop", {}, form_url=f"/series/{series.id}")
    assert again.status_code == 409
    assert "already stopped" in again.get_data(as_text=True)


def test_the_dashboard_scorecard_says_how_many_recurring_occurrences_were_on_time(scene, login):
    series = monthly_duty(scene, starts_on=date(2026, 1, 1))
    services.make_occurrences(series, today=date(2026, 3, 1), lead_days=0)
    jan, _feb = db.session.scalars(select(Task).where(Task.series_id == series.id)
                                   .order_by(Task.deadline)).all()
    task_services.submit_completion(jan, actor=scene.lead_member, result="Đã gửi",
                                    now=at(date(2026, 1, 20)))
    task_services.accept_completion(jan, actor=scene.secretary)
    html = login(scene.secretary).get(f"/committees/{scene.committee.id}/dashboard").get_data(
        as_text=True)
    # January's came in late, February's was never sent (missed); both count in the ranking.
    assert "of which recurring: 0 on time / 1 late / 1 missed" in html
