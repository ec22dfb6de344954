"""The task, document and progress-report forms through the test client, with any dates,
numbers and text: never a 500; bad input is a 422 with the error next to its field and
nothing written; good input is saved exactly as our text rule makes it, and the pages that
show it still render (far-past and far-future dates included)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from tests.conftest import _csrf_token
from tests.properties import oracles
from tests.properties.strategies import date_strings, number_strings, texts
from tests.resolutions.helpers import error_next_to
from tests.tasks.scenes import lang_son_scene
from tracker.extensions import db
from tracker.tasks.models import ProgressReport


def parsed_date(text: str) -> date | None:
    """What a date box means: an ISO date (as the form's DateField reads it) or nothing."""
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()  # noqa: DTZ007 — a plain date
    except ValueError:
        return None


def whole_number(text: str) -> int | None:
    try:
        return int(text)  # what the form's IntegerField accepts
    except ValueError:
        return None


def newest_report() -> ProgressReport:
    return db.session.scalars(select(ProgressReport).order_by(ProgressReport.id.desc())).first()


@pytest.fixture
def scene():
    return lang_son_scene()


@pytest.fixture
def as_user(client, login):
    """Sign a user in once; returns (client, CSRF token valid for every form of the session)."""

    signed_in = {}

    def _as(user, form_url):
        if user.id not in signed_in:  # the examples of one test share the session
            login(user)
            signed_in[user.id] = _csrf_token(client, form_url)
        return client, signed_in[user.id]

    return _as


@given(text=texts(), progress=number_strings())
def test_progress_report_form(scene, as_user, text, progress):
    client, token = as_user(scene.lead_member, f"/tasks/{scene.task.id}")
    before = oracles.counts()
    number = whole_number(progress)
    valid = (oracles.fits(text, 20000, required=True) and text != ""
             and number is not None and 0 <= number <= 100)
    response = client.post(f"/tasks/{scene.task.id}/reports",
                           data={"text": text, "progress": progress, "csrf_token": token})
    if not valid:
        assert response.status_code == 422
        assert error_next_to(response, "text") or error_next_to(response, "progress")
        assert oracles.counts() == before
        return
    assert response.status_code == 302, error_next_to(response, "text")
    db.session.expire_all()
    report = newest_report()
    assert report.text == oracles.stored(text)
    assert report.progress == number == scene.task.progress


@given(title=texts(), description=texts(), expected_output=texts(), deadline=date_strings(),
       standing=st.booleans())
def test_task_edit_form(scene, as_user, title, description, expected_output, deadline,
                        standing):
    task = scene.task
    client, token = as_user(scene.secretary, f"/tasks/{task.id}/edit")
    before = oracles.counts()
    version_before = task.version
    day = parsed_date(deadline)
    blank_date = deadline.strip() == ""
    valid = (oracles.name_fits(title, 1000, required=True)
             and oracles.fits(description, 20000, required=False)
             and oracles.fits(expected_output, 1000, required=False)
             and (day is not None or blank_date)
             and (standing or (day is not None and oracles.in_range(day))))
    data = {"title": title, "description": description, "expected_output": expected_output,
            "deadline": deadline, "lead_agency_id": str(scene.lead.id),
            "coordinating_agency_ids": [str(scene.coordinating.id)], "priority": "high",
            "version": str(task.version), "csrf_token": token}
    if standing:
        data["standing"] = "y"
    response = client.post(f"/tasks/{task.id}/edit", data=data)
    if not valid:
        assert response.status_code == 422
        assert any(error_next_to(response, name)
                   for name in ("title", "description", "expected_output", "deadline"))
        db.session.expire_all()
        assert oracles.counts() == before and task.version == version_before
        return
    assert response.status_code == 302, [error_next_to(response, n) for n in ("title", "deadline")]
    db.session.expire_all()
    assert task.title == oracles.stored(title)
    assert task.description == (oracles.stored(description) or None)
    assert task.expected_output == (oracles.stored(expected_output) or None)
    assert task.deadline == (None if standing else day)
    # The pages that compute with the deadline (days left or late, categories) still work.
    for url in (f"/tasks/{task.id}", f"/resolutions/{scene.resolution.id}", "/tasks",
                f"/committees/{scene.committee.id}/dashboard"):
        assert client.get(url).status_code in (200, 404), url


@given(number=texts(), title=texts(), signer=texts(), text=texts(), issued_on=date_strings())
def test_resolution_edit_form(scene, as_user, number, title, signer, text, issued_on):
    resolution = scene.resolution
    client, token = as_user(scene.secretary, f"/resolutions/{resolution.id}/edit")
    before = oracles.counts()
    day = parsed_date(issued_on)
    valid = (oracles.name_fits(number, 60, required=True)
             and oracles.name_fits(title, 1000, required=True)
             and oracles.name_fits(signer, 255, required=False)
             and oracles.fits(text, 200000, required=False)
             and day is not None and oracles.in_range(day))
    response = client.post(f"/resolutions/{resolution.id}/edit", data={
        "kind": "conclusion", "number": number, "title": title, "signer": signer, "text": text,
        "issued_on": issued_on, "meeting_id": "", "version": str(resolution.version),
        "csrf_token": token})
    if not valid:
        assert response.status_code == 422
        assert any(error_next_to(response, name)
                   for name in ("number", "title", "signer", "text", "issued_on"))
        assert oracles.counts() == before
        return
    assert response.status_code == 302, [error_next_to(response, n) for n in ("number", "title")]
    db.session.expire_all()
    assert resolution.number == oracles.stored(number)
    assert resolution.title == oracles.stored(title)
    assert resolution.signer == (oracles.stored(signer) or None)
    assert resolution.text == (oracles.stored(text) or None)
    assert resolution.issued_on == day
    assert client.get(f"/resolutions/{resolution.id}").status_code == 200


def test_invalid_utf8_in_a_form_is_stored_readable(scene, as_user):
    """Bytes that are not UTF-8 never reach the database undecodable (werkzeug keeps their
    percent-escapes as text)."""
    client, token = as_user(scene.lead_member, f"/tasks/{scene.task.id}")
    body = (b"text=Bi%C3%AAn+b%E1%BA%A3n%FF%FE%C3%00&progress=40&csrf_token="
            + token.encode())
    response = client.post(f"/tasks/{scene.task.id}/reports", data=body,
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 302
    text = newest_report().text
    assert text.startswith("Biên bản") and "\x00" not in text
    text.encode("utf-8")  # no lone surrogate
