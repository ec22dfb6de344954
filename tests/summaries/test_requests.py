"""Asking for summaries at a bounded cost: an identical request gets the summary already
waiting, compiling or freshly compiled instead of a second compilation, and each user may
start only so many compilations an hour."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, timedelta

import pytest
from flask import current_app

from tracker.clock import utcnow
from tracker.extensions import db, limiter
from tracker.summaries.models import Summary, SummaryStatus
from tracker.summaries.periods import PeriodKind, period_containing
from tracker.summaries.services import ask_for_summary

NOV_10 = date(2026, 11, 10)
NOVEMBER = {"period": "month", "reference": NOV_10.isoformat()}


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


@pytest.fixture(autouse=True)
def english(scene):
    """The managers read English pages, so the tests read the English messages."""
    scene.secretary.language = scene.chair.language = "en"
    db.session.flush()


def new_url(scene) -> str:
    return f"/committees/{scene.committee.id}/summaries/new"


def compile_jobs(app) -> list:
    return [args for name, args in app.extensions["jobs_recorded"]
            if name == "summaries.compile_summary"]


def switch_to(browser, login, user):
    browser.post("/logout", form_url="/profile")
    return login(user)


# --- the service ----------------------------------------------------------------------------


def _november(scene, **kw):
    kw.setdefault("language", "vi")
    return ask_for_summary(scene.committee, period_containing(PeriodKind.MONTH, NOV_10),
                           requested_by=scene.secretary, **kw)


def test_an_identical_request_while_one_waits_gets_that_one(scene):
    first = _november(scene)
    assert not first.reused
    again = ask_for_summary(scene.committee, period_containing(PeriodKind.MONTH, NOV_10),
                            requested_by=scene.chair, language="vi")
    assert again.reused and again.summary.id == first.summary.id
    first.summary.status = SummaryStatus.RUNNING
    assert _november(scene).summary.id == first.summary.id
    assert db.session.query(Summary).count() == 1


def test_another_language_or_period_is_another_summary(scene):
    first = _november(scene)
    english = _november(scene, language="en")
    assert not english.reused and english.summary.id != first.summary.id
    earlier = period_containing(PeriodKind.MONTH, first.summary.starts_on - timedelta(days=1))
    other = ask_for_summary(scene.committee, earlier, requested_by=scene.secretary,
                            language="vi")
    assert not other.reused


def test_a_compiled_summary_is_reused_only_while_fresh(scene):
    first = _november(scene).summary
    first.status = SummaryStatus.READY
    with settings(SUMMARY_FRESH_MINUTES=10):
        first.finished_at = utcnow() - timedelta(minutes=9)
        assert _november(scene).summary.id == first.id
        first.finished_at = utcnow() - timedelta(minutes=11)
        assert not _november(scene).reused


def test_a_failed_or_stuck_summary_is_never_reused(scene):
    first = _november(scene).summary
    first.status, first.finished_at = SummaryStatus.FAILED, utcnow()
    second = _november(scene)
    assert not second.reused
    # Waiting for more than an hour: its message was lost or its worker died.
    second.summary.created_at = utcnow() - timedelta(hours=2)
    assert not _november(scene).reused


# --- on the site --------------------------------------------------------------------------


def test_a_second_identical_request_on_the_site_opens_the_first(scene, login, app):
    before = len(compile_jobs(app))
    browser = login(scene.secretary)
    first = browser.post(new_url(scene), NOVEMBER)
    assert first.status_code == 302
    browser = switch_to(browser, login, scene.chair)
    second = browser.post(new_url(scene), NOVEMBER, follow_redirects=True)
    assert second.status_code == 200
    assert second.request.path == first.headers["Location"]
    assert "is already being compiled" in second.get_data(as_text=True)
    assert db.session.query(Summary).count() == 1
    assert len(compile_jobs(app)) == before + 1


def test_a_freshly_compiled_summary_is_opened_with_a_word_on_compiling_again(scene, login):
    browser = login(scene.secretary)
    browser.post(new_url(scene), NOVEMBER)
    summary = db.session.query(Summary).one()
    summary.status, summary.finished_at = SummaryStatus.READY, utcnow()
    db.session.flush()
    response = browser.post(new_url(scene), NOVEMBER)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/summaries/{summary.id}")
    with browser.client.session_transaction() as session:
        [(_category, message)] = session["_flashes"]
    assert "was compiled a few minutes ago" in message
    assert db.session.query(Summary).count() == 1


def test_compilations_are_limited_per_user_and_an_identical_request_is_free(scene, login, app):
    browser = login(scene.secretary)
    with settings(SUMMARY_RATE_LIMIT="2 per hour"):
        assert browser.post(new_url(scene), NOVEMBER).status_code == 302
        for _ in range(3):  # the same summary again: nothing compiled, nothing counted
            assert browser.post(new_url(scene), NOVEMBER).status_code == 302
        october = {"period": "month", "reference": "2026-10-10"}
        assert browser.post(new_url(scene), october).status_code == 302
        before = (db.session.query(Summary).count(), len(compile_jobs(app)))
        refused = browser.post(new_url(scene), {"period": "month",
                                                "reference": "2026-09-10"})
        assert refused.status_code == 429
        message = "the limit on summary compilations (2 within 1 hour)"
        assert message in refused.get_data(as_text=True)
        summary = db.session.query(Summary).first()
        again = browser.post(f"/summaries/{summary.id}/recompile", {},
                             form_url=f"/summaries/{summary.id}")
        assert again.status_code == 429  # "compile again" is a compilation too
        assert (db.session.query(Summary).count(), len(compile_jobs(app))) == before
        assert browser.get(new_url(scene)).status_code == 200  # the form still opens
        # The same summary again costs nothing, so it is not refused even now.
        assert browser.post(new_url(scene), NOVEMBER).status_code == 302
        # The chair has an allowance of their own.
        browser = switch_to(browser, login, scene.chair)
        assert browser.post(new_url(scene), {"period": "month",
                                             "reference": "2026-09-10"}).status_code == 302
