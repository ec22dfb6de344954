"""Summaries through the API at a bounded cost: an identical request is answered with the
summary already there (202 while it compiles, 200 once compiled, Location either way), and
compilations per user are limited (429 with a message)."""

from __future__ import annotations

from contextlib import contextmanager

from flask import current_app

from tracker.clock import utcnow
from tracker.extensions import db, limiter
from tracker.summaries.models import Summary, SummaryStatus

NOVEMBER = {"period": "month", "reference": "2026-11-10", "language": "vi"}


@contextmanager
def settings(**values):
    old = {name: current_app.config[name] for name in values}
    current_app.config.update(values)
    limiter.reset()
    try:
        yield
    finally:
        current_app.config.update(old)
        limiter.reset()


def compile_jobs(app) -> list:
    return [args for name, args in app.extensions["jobs_recorded"]
            if name == "summaries.compile_summary"]


def test_an_identical_request_gets_the_summary_already_there(api, scene, app):
    url = f"committees/{scene.committee.id}/summaries"
    before = len(compile_jobs(app))
    first = api(scene.secretary).post(url, json=NOVEMBER)
    assert first.status_code == 202
    # Another manager, the same parameters: the same summary, still compiling.
    again = api(scene.chair).post(url, json=NOVEMBER)
    assert again.status_code == 202
    assert again.headers["Location"] == first.headers["Location"]
    assert again.get_json()["id"] == first.get_json()["id"]
    assert len(compile_jobs(app)) == before + 1
    # Compiled a moment ago: 200, the summary as it is.
    summary = db.session.get(Summary, first.get_json()["id"])
    summary.status, summary.progress, summary.finished_at = SummaryStatus.READY, 100, utcnow()
    summary.figures = {}
    db.session.flush()
    fresh = api(scene.chair).post(url, json=NOVEMBER)
    assert fresh.status_code == 200
    assert fresh.headers["Location"] == first.headers["Location"]
    assert fresh.get_json()["status"] == "ready"
    # Another language is another summary.
    english = api(scene.chair).post(url, json={**NOVEMBER, "language": "en"})
    assert english.status_code == 202 and english.get_json()["id"] != summary.id
    assert len(compile_jobs(app)) == before + 2


def test_too_many_compilations_are_a_429_naming_the_limit(api, scene, app):
    url = f"committees/{scene.committee.id}/summaries"
    client = api(scene.secretary)
    with settings(SUMMARY_RATE_LIMIT="1 per hour"):
        assert client.post(url, json=NOVEMBER).status_code == 202
        before = (db.session.query(Summary).count(), len(compile_jobs(app)))
        refused = client.post(url, json={**NOVEMBER, "reference": "2026-10-10"})
        assert refused.status_code == 429
        error = refused.get_json()["error"]
        assert error["code"] == "too_many_requests"
        assert "the limit on summary compilations (1 within 1 hour)" in error["message"]
        assert "Retry-After" in refused.headers
        assert (db.session.query(Summary).count(), len(compile_jobs(app))) == before
        # Asking for the one already there costs nothing, so it is never refused.
        assert client.post(url, json=NOVEMBER).status_code == 202
        assert client.get(url).status_code == 200
