"""Recurring duties through the API: start one, read it and its occurrences, stop it."""

from __future__ import annotations

from datetime import date

import pytest

from tests.tasks.recurrence.scene import monthly_duty
from tracker.tasks.recurrence import services


def _body(scene, **changes) -> dict:
    return {"title": "Báo cáo 6 tháng về công tác phát triển du lịch",
            "lead_agency_id": scene.lead.id, "preset": "half_yearly_20",
            "starts_on": "2026-01-01", "coordinating_agency_ids": [scene.coordinating.id]
            } | changes


def test_the_secretary_starts_a_six_monthly_duty_and_reads_its_occurrences(api, scene):
    secretary = api(scene.secretary)
    response = secretary.post(f"resolutions/{scene.resolution.id}/series", _body(scene))
    assert response.status_code == 201, response.get_json()
    series = response.get_json()
    assert (series["frequency"], series["due_day"], series["rule_text"]) == (
        "half_yearly", 20, "Every six months, before 20/6 and 20/12")
    assert series["coordinating_agency_ids"] == [scene.coordinating.id]

    listed = api(scene.lead_member).get(f"series/{series['id']}/occurrences").get_json()
    assert [(o["period"], o["deadline"]) for o in listed["items"]][-1] == (
        "2026-H1", "2026-06-20")
    assert listed["total"] >= 2  # June's and December's are due by today
    assert {o["outcome"] for o in listed["items"]} <= {"missed", "in_progress"}
    task = api(scene.lead_member).get(f"tasks/{listed['items'][-1]['task_id']}").get_json()
    assert task["deadline"] == "2026-06-20"

    assert api(scene.lead_member).get(f"series/{series['id']}").status_code == 200
    assert api(scene.outsider).get(f"series/{series['id']}").status_code == 404


@pytest.mark.parametrize(("changes", "field"), [
    ({"preset": None, "frequency": "monthly", "due_day": 0}, "due_day"),
    ({"preset": None, "frequency": "days", "interval": 400}, "interval"),
    ({"preset": None}, "frequency"),
    ({"lead_agency_id": 999_999}, "lead_agency_id"),
    ({"ends_on": "2025-01-01"}, "ends_on"),
])
def test_a_broken_rule_is_a_422_naming_the_field(api, scene, changes, field):
    body = {k: v for k, v in (_body(scene) | changes).items() if v is not None}
    response = api(scene.secretary).post(f"resolutions/{scene.resolution.id}/series", body)
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["error"]["fields"]


def test_a_member_cannot_start_or_stop_a_duty(api, scene):
    series = monthly_duty(scene)
    member = api(scene.lead_member)
    assert member.post(f"resolutions/{scene.resolution.id}/series",
                       _body(scene)).status_code == 403
    assert member.post(f"series/{series.id}/stop").status_code == 403


def test_stopping_keeps_the_occurrences(api, scene):
    series = monthly_duty(scene)
    services.make_occurrences(series, today=date(2026, 3, 1), lead_days=20)
    secretary = api(scene.secretary)
    response = secretary.post(f"series/{series.id}/stop")
    assert response.status_code == 200 and response.get_json()["stopped_at"]
    assert secretary.get(f"series/{series.id}/occurrences").get_json()["total"] == 3
    again = secretary.post(f"series/{series.id}/stop")
    assert again.status_code == 409 and "state" in again.get_json()["error"]["fields"]
    assert again.get_json()["error"]["current"]["id"] == series.id
