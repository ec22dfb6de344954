"""Schemathesis against the API's own OpenAPI document: no 5xx, and every answer as documented.

A bounded, seeded run through the WSGI app on the test database: for every operation of
/api/v1/openapi.json, requests generated from the document (valid ones, and invalid ones
that must be refused with a 4xx), half of them aimed at rows that exist (the Lạng Sơn
scene: a committee, its agencies and people, a resolution, tasks, an extension request, a
summary), all with an admin's real token — the caller who reaches the deepest code.

Checks on every answer: not a server error; the status code is one the operation
documents explicitly (the catch-all ``default`` does not count); the content type is a
documented one; the body matches the documented schema.

Bounds: ``FUZZ_EXAMPLES`` examples per operation (default 12), derandomized (the same
cases every run), no deadline, no example database. Set FUZZ_EXAMPLES higher for a
longer local run; scripts/fuzz-api.sh fuzzes a running server with the CLI.
"""

from __future__ import annotations

import os
from datetime import date

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from tests.factories import MeetingFactory, UserFactory
from tests.tasks.recurrence.scene import monthly_duty
from tests.tasks.scenes import in_days, lang_son_scene
from tracker.auth import tokens
from tracker.clock import utcnow
from tracker.extensions import db
from tracker.summaries.models import Summary

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))
# Checking an unknown e-mail still costs a password hash (no timing oracle): fewer examples.
SLOW_OPERATIONS = {("POST", "/api/v1/auth/token"): 4}


def documented_status_code(ctx, response, case):
    """The status is one the operation lists, not only the catch-all ``default``."""
    responses = case.operation.definition.raw.get("responses", {})
    explicit = {code for code in responses if code != "default"}
    status = str(response.status_code)
    if status in explicit or f"{status[0]}XX" in explicit:
        return None
    raise AssertionError(
        f"{case.operation.label} answered {status}, not among its documented "
        f"{sorted(explicit)} — document it (alt_response) or do not answer it")


CHECKS = [not_a_server_error, documented_status_code, content_type_conformance,
          response_schema_conformance]


@pytest.fixture
def fuzz_scene(app):
    """The scene, committed (error paths roll the request back), and known ids by name."""
    from tracker.tasks.extensions.services import request_extension

    scene = lang_son_scene()
    meeting = MeetingFactory(committee=scene.committee)
    waiting = scene.add_task(title="Nâng cấp đường lên đỉnh Mẫu Sơn", deadline=in_days(20),
                             coordinating_agencies=[scene.coordinating])
    extension = request_extension(waiting, actor=scene.lead_member,
                                  requested_deadline=in_days(60), reason="Chờ vốn.")
    summary = Summary(committee=scene.committee, period_kind="month",
                      starts_on=date(2026, 9, 15), ends_on=date(2026, 10, 14),
                      status="failed", error="timeout", requested_by_id=scene.secretary.id)
    db.session.add(summary)
    series = monthly_duty(scene, starts_on=date(2026, 1, 1))
    admin = UserFactory(is_admin=True, agency=None, language="en", name="Quản trị hệ thống")
    db.session.flush()
    token, secret = tokens.create_token(admin, "fuzz")
    token.last_used_at = utcnow()
    db.session.commit()
    known = {
        "committee_id": scene.committee.id, "resolution_id": scene.resolution.id,
        "task_id": scene.task.id, "agency_id": scene.other.id, "user_id": scene.viewer.id,
        "meeting_id": meeting.id, "extension_id": extension.id, "summary_id": summary.id,
        "series_id": series.id,
    }
    return {"Authorization": f"Bearer {secret}", "Accept-Language": "en"}, known


def _strategy(operation, known):
    """Generated cases, valid and invalid, with generated ids and with the scene's ids."""
    names = {p.name for p in operation.path_parameters}
    fixed = {name: value for name, value in known.items() if name in names}
    strategies = []
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        strategies.append(operation.as_strategy(generation_mode=mode))
        if fixed:
            strategies.append(operation.as_strategy(generation_mode=mode,
                                                    path_parameters=fixed))
    return st.one_of(strategies)


def test_the_api_survives_its_own_openapi_document(app, fuzz_scene):
    headers, known = fuzz_scene
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    failures = []
    operations = 0
    statuses: dict[int, int] = {}
    answered: set[str] = set()  # operations that succeeded at least once
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        examples = SLOW_OPERATIONS.get((operation.method.upper(), operation.path), EXAMPLES)

        @settings(max_examples=examples, derandomize=True, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck), print_blob=False)
        @given(case=_strategy(operation, known))
        def run(case):
            response = case.call(headers=headers)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            if 200 <= response.status_code < 300:
                answered.add(case.operation.label)
            case.validate_response(response, checks=CHECKS, headers=headers)

        try:
            run()
        except (Exception, BaseExceptionGroup) as error:  # every broken operation reported
            failures.append(f"--- {operation.label}\n{error}")
    print(f"schemathesis: {operations} operations, {sum(statuses.values())} requests, "
          f"statuses {dict(sorted(statuses.items()))}, {len(answered)} operations answered 2xx")
    assert operations >= 10, f"only {operations} operations in the document"
    assert not failures, f"{len(failures)} operation(s) failed:\n" + "\n".join(failures)
