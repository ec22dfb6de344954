"""Every API route × every role, over HTTP with real tokens: allowed, 403, 404 or 401.

The routes come from ``app.url_map`` (every rule under /api/), so a new API route cannot
be forgotten: ``test_every_api_route_has_a_matrix_entry`` fails until it has an entry in
``API_ROUTES`` (who may use it, how to build its URL, a valid JSON body). Each call
carries a personal token of the role's user (``Authorization: Bearer``, no cookie);
anonymous calls carry none. A denied write must change nothing: every table is compared
row by row before and after, and an allowed write must change something (the body is valid).

The world is the site matrix's (tests/test_access_matrix.py), so both matrices judge the
same people: its roles are a superset of the issue's eight (it adds a vice-chair and a
member of the coordinating agency, who have powers of their own).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import pytest
from flask import url_for

from tests.factories import TEST_PASSWORD, AgencyFactory
from tests.test_access_matrix import (
    ROLES,
    SIGNED_IN,
    _pending_extension,
    build_world,
    snapshot,
)
from tracker import create_app
from tracker.auth import tokens
from tracker.clock import utcnow
from tracker.extensions import db

ALLOWED, FORBIDDEN, HIDDEN, UNAUTHENTICATED = "allowed", 403, 404, 401
IN_COMMITTEE = frozenset(ROLES[:8])


def policy(allowed, hidden=frozenset({"member of another committee"})) -> dict[str, object]:
    """Expected outcome per role: allowed, hidden (404), else forbidden; anonymous → 401."""
    outcome = {role: FORBIDDEN for role in SIGNED_IN}
    outcome.update({role: HIDDEN for role in hidden})
    outcome.update({role: ALLOWED for role in allowed})
    outcome["anonymous"] = UNAUTHENTICATED
    return outcome


# The rules are the site's (tracker/access.py); see tests/test_access_matrix.py.
EVERYONE = {role: ALLOWED for role in ROLES}
ANY_SIGNED_IN = policy(SIGNED_IN, hidden=())
ADMINS = policy({"admin"}, hidden=())
# Admin-only actions on one committee: outsiders do not even see the committee (404).
ADMINS_OF_VISIBLE_COMMITTEE = policy({"admin"})
READERS = policy(IN_COMMITTEE)
MANAGERS = policy({"admin", "chair", "vice_chair", "secretary"})
REVIEWERS = MANAGERS
PROGRESS_REPORTERS = policy({"lead agency member", "coordinating agency member"})
COMPLETION_SUBMITTERS = policy({"lead agency member"})
PART_REPORTERS = policy({"coordinating agency member"})
EXTENSION_REQUESTERS = policy({"lead agency member"})
EXTENSION_DECIDERS = policy({"admin", "chair", "vice_chair"})
NOBODY = policy(())


@dataclass(frozen=True)
class ApiRoute:
    """How to call one API endpoint in the fixture world, and who may."""

    expected: dict[str, object]
    url_values: Callable = lambda w: {}
    # A valid JSON body (world, calling user or None) → dict, so a missing check would
    # really change something. None: no body.
    body: Callable | None = None
    # Per-method overrides of ``expected``.
    methods: dict[str, dict[str, object]] = field(default_factory=dict)
    # False for a write that may legitimately change nothing (a draft, which saves nothing).
    writes: bool = True


def _task(name):
    return lambda w: {"task_id": w.tasks[name].id}


def _resolution(w):
    return {"resolution_id": w.resolution.id}


def _committee(w):
    return {"committee_id": w.committee.id}


def _other_agency(w):
    """An agency of the committee that the other committee's member does not work with."""
    return {"agency_id": w.agencies["other"].id}


def _new_agency():
    return AgencyFactory(name="Hợp tác xã Du lịch Mẫu Sơn", short_name="HTX Mẫu Sơn")


def _credentials(w, user):
    """The caller's own e-mail and password; anonymous callers exchange the admin's."""
    return {"email": (user or w.users["admin"]).email, "password": TEST_PASSWORD,
            "name": "Hệ thống quản lý văn bản"}


def _task_fields(w, user):
    return {"title": "Tổ chức Tuần Văn hóa – Du lịch Lạng Sơn",
            "lead_agency_id": w.agencies["lead"].id,
            "coordinating_agency_ids": [w.agencies["coordinating"].id],
            "deadline": "2030-06-30", "priority": "normal",
            "expected_output": "Báo cáo kết quả"}


def _series(w):
    """A monthly reporting duty of the lead agency (made for the call)."""
    from tracker.tasks.recurrence import services as recurrence
    from tracker.tasks.services import TaskSpec

    series = recurrence.create_series(
        w.resolution, TaskSpec(title="Báo cáo tháng về du lịch",
                               lead_agency_id=w.agencies["lead"].id),
        recurrence.RuleSpec(preset="monthly_15"), starts_on=date(2030, 1, 1),
        actor=w.users["secretary"])
    return {"series_id": series.id}


def _series_fields(w, user):
    return {"title": "Báo cáo quý về du lịch", "lead_agency_id": w.agencies["lead"].id,
            "preset": "quarterly_20", "starts_on": "2030-01-01"}


API_ROUTES: dict[str, ApiRoute] = {
    # --- public: the token exchange and the documentation ---------------------------------
    "api_auth.create_token": ApiRoute(EVERYONE, body=_credentials),
    "api-docs.openapi_json": ApiRoute(EVERYONE),
    "api_docs.page": ApiRoute(EVERYONE),
    # --- tasks (tracker/api/tasks.py) -------------------------------------------------------
    # The list is filtered to the caller's committees (an outsider gets an empty page).
    "api_tasks.list_tasks": ApiRoute(ANY_SIGNED_IN),
    "api_tasks.get_task": ApiRoute(READERS, _task("open")),
    "api_tasks.create_task": ApiRoute(MANAGERS, _resolution, body=_task_fields),
    "api_tasks.update_task": ApiRoute(MANAGERS, _task("open"), body=lambda w, u: {
        "priority": "high", "expected_output": "Kế hoạch đã ký"}),
    # --- recurring duties (tracker/api/series.py) ------------------------------------------
    "api_series.create_series": ApiRoute(MANAGERS, _resolution, body=_series_fields),
    "api_series.get_series": ApiRoute(READERS, _series),
    "api_series.list_occurrences": ApiRoute(READERS, _series),
    "api_series.stop_series": ApiRoute(MANAGERS, _series),
    # --- committees, member agencies, roles (tracker/api/committees.py): admins change ----
    "api_committees.list_committees": ApiRoute(ANY_SIGNED_IN),
    "api_committees.create_committee": ApiRoute(ADMINS, body=lambda w, u: {
        "name": "Ban Chỉ đạo phát triển du lịch Mẫu Sơn",
        "standing_agency_id": w.agencies["standing"].id,
        "member_agency_ids": [w.agencies["lead"].id]}),
    "api_committees.get_committee": ApiRoute(READERS, _committee),
    "api_committees.update_committee": ApiRoute(ADMINS_OF_VISIBLE_COMMITTEE, _committee,
                                                body=lambda w, u: {"due_soon_days": 7}),
    "api_committees.list_members": ApiRoute(READERS, _committee),
    "api_committees.add_member": ApiRoute(ADMINS_OF_VISIBLE_COMMITTEE, _committee,
                                          body=lambda w, u: {"agency_id": _new_agency().id}),
    # The other agency leads and coordinates nothing, so it may leave.
    "api_committees.remove_member": ApiRoute(ADMINS_OF_VISIBLE_COMMITTEE, lambda w: {
        "committee_id": w.committee.id, "agency_id": w.agencies["other"].id}),
    "api_committees.list_roles": ApiRoute(READERS, _committee),
    "api_committees.set_role": ApiRoute(ADMINS_OF_VISIBLE_COMMITTEE, _committee,
                                        body=lambda w, u: {"user_id": w.spare_user.id,
                                                           "role": "member"}),
    "api_committees.remove_role": ApiRoute(ADMINS_OF_VISIBLE_COMMITTEE, lambda w: {
        "committee_id": w.committee.id, "user_id": w.users["viewer"].id}),
    # --- agencies (tracker/api/agencies.py): admins add and change; others see the agencies
    # of their committees and their own (any other is a 404, like an invisible committee) --
    "api_agencies.list_agencies": ApiRoute(ANY_SIGNED_IN),
    "api_agencies.create_agency": ApiRoute(ADMINS, body=lambda w, u: {
        "name": "Hợp tác xã Du lịch Mẫu Sơn", "short_name": "HTX Mẫu Sơn",
        "email": "htxmauson@langson.gov.vn"}),
    "api_agencies.get_agency": ApiRoute(READERS, _other_agency),
    "api_agencies.update_agency": ApiRoute(ADMINS_OF_VISIBLE_COMMITTEE, _other_agency,
                                           body=lambda w, u: {"short_name": "UBND H. Cao Lộc"}),
    # --- users (tracker/api/users.py): admins list and create accounts; anyone reads
    # themselves (GET /users/me writes nothing) -------------------------------------------
    "api_users.list_users": ApiRoute(ADMINS),
    "api_users.create_user": ApiRoute(ADMINS, body=lambda w, u: {
        "email": "hoangvanmoi@langson.gov.vn", "name": "Hoàng Văn Mới",
        "password": "mật khẩu rất dài 123", "agency_id": w.agencies["other"].id,
        "language": "vi"}),
    "api_users.get_me": ApiRoute(ANY_SIGNED_IN),
    # --- meetings (tracker/api/meetings.py): readers see them, managers record and edit --
    "api_meetings.list_meetings": ApiRoute(READERS, _committee),
    "api_meetings.create_meeting": ApiRoute(MANAGERS, _committee, body=lambda w, u: {
        "title": "Phiên họp quý II", "held_on": "2024-06-20", "place": "Lạng Sơn",
        "attending_agency_ids": [w.agencies["lead"].id]}),
    "api_meetings.get_meeting": ApiRoute(READERS, lambda w: {"meeting_id": w.meeting.id}),
    "api_meetings.update_meeting": ApiRoute(MANAGERS, lambda w: {"meeting_id": w.meeting.id},
                                            body=lambda w, u: {"place": "Hội trường UBND tỉnh"}),
    # The draft conclusion notice (a file): those who manage the meeting.
    "api_meetings.get_notice": ApiRoute(MANAGERS, lambda w: {"meeting_id": w.meeting.id}),
    "api_meetings.list_agenda": ApiRoute(READERS, lambda w: {"meeting_id": w.meeting.id}),
    "api_meetings.add_agenda_item": ApiRoute(MANAGERS, lambda w: {"meeting_id": w.meeting.id},
                                             body=lambda w, u: {
                                                 "title": "Báo cáo chuẩn bị Lễ hội Hoa Đào",
                                                 "minutes_allotted": 20}),
    # --- resolutions (tracker/api/resolutions.py) -------------------------------------------
    "api_resolutions.list_resolutions": ApiRoute(READERS, _committee),
    "api_resolutions.create_resolution": ApiRoute(MANAGERS, _committee, body=lambda w, u: {
        "kind": "conclusion_notice", "number": "99/TB-BCĐ", "issued_on": "2024-01-25",
        "title": "Kết luận của Trưởng Ban Chỉ đạo", "signer": "Dương Xuân Huyên"}),
    "api_resolutions.get_resolution": ApiRoute(READERS, _resolution),
    # A draft proposed from a document's text: the managers' right, and nothing is saved.
    "api_drafts.draft_resolution": ApiRoute(MANAGERS, _committee, writes=False,
                                            body=lambda w, u: {
        "text": "Giao Sở Văn hóa, Thể thao và Du lịch chủ trì, hoàn thành trước ngày 30/6."}),
    "api_resolutions.update_resolution": ApiRoute(MANAGERS, _resolution, body=lambda w, u: {
        "title": "Tiêu đề đã sửa", "version": w.resolution.version}),
    # --- a task's workflow (tracker/api/task_workflow.py) -----------------------------------
    "api_task_workflow.list_updates": ApiRoute(READERS, _task("open")),
    "api_task_workflow.create_update": ApiRoute(PROGRESS_REPORTERS, _task("open"),
                                                body=lambda w, u: {
        "text": "Đã tổ chức 3 đợt kiểm tra.", "progress": 60}),
    "api_task_workflow.submit_completion": ApiRoute(COMPLETION_SUBMITTERS, _task("open"),
                                                    body=lambda w, u: {
        "result": "Đã hoàn thành, hồ sơ đã trình."}),
    "api_task_workflow.accept_completion": ApiRoute(REVIEWERS, _task("submitted"),
                                                    body=lambda w, u: {"comment": "Đạt."}),
    "api_task_workflow.return_completion": ApiRoute(REVIEWERS, _task("submitted"),
                                                    body=lambda w, u: {
        "comment": "Thiếu biên bản nghiệm thu."}),
    "api_task_workflow.complete_part": ApiRoute(PART_REPORTERS, _task("open")),
    "api_task_workflow.cancel_task": ApiRoute(MANAGERS, _task("open"),
                                              body=lambda w, u: {"reason": "Không còn phù hợp"}),
    "api_task_workflow.list_extensions": ApiRoute(READERS, _task("open")),
    "api_task_workflow.request_extension": ApiRoute(EXTENSION_REQUESTERS, _task("open"),
                                                    body=lambda w, u: {
        "requested_deadline": "2031-06-30", "reason": "Chờ ý kiến thẩm định của Bộ."}),
    "api_task_workflow.get_extension": ApiRoute(READERS, _pending_extension),
    "api_task_workflow.grant_extension": ApiRoute(EXTENSION_DECIDERS, _pending_extension,
                                                  body=lambda w, u: {"comment": "Đồng ý."}),
    "api_task_workflow.refuse_extension": ApiRoute(EXTENSION_DECIDERS, _pending_extension,
                                                   body=lambda w, u: {
        "comment": "Chưa đủ căn cứ."}),
    "api_task_workflow.task_history": ApiRoute(READERS, _task("open")),
    # --- a task's files (tracker/api/attachments.py): whoever may see the task ------------
    "api_attachments.download": ApiRoute(READERS, lambda w: {
        "task_id": w.tasks["open"].id, "attachment_id": w.attachment.id}),
    # --- dashboard and summaries (tracker/api/dashboard.py, summaries.py) -------------------
    "api_dashboard.dashboard": ApiRoute(READERS, _committee),
    "api_summaries.list_summaries": ApiRoute(READERS, _committee),
    "api_summaries.create_summary": ApiRoute(MANAGERS, _committee, body=lambda w, u: {
        "period_start": "2026-01-01", "period_end": "2026-06-30"}),
    "api_summaries.get_summary": ApiRoute(READERS, lambda w: {"summary_id": w.summary.id}),
    "api_summaries.download": ApiRoute(READERS, lambda w: {"summary_id": w.ready_summary.id,
                                                           "fmt": "xlsx"}),
}

# A task's verbs apply in some states only. The workflow verbs check the state before the
# caller's rights: whoever sees the task gets 409 with the task as it is (outsiders 404);
# editing a finished task is not managing it: 403.
CONFLICT = 409
STATE_CONFLICT = {**{role: CONFLICT for role in IN_COMMITTEE},
                  "member of another committee": HIDDEN, "anonymous": UNAUTHENTICATED}
NOT_OPEN, NOT_SUBMITTED, FINISHED = ("submitted", "done", "cancelled"), \
    ("open", "done", "cancelled"), ("done", "cancelled")
WRONG_STATE = [
    # Editing is a verb of the workflow like the others: its state refusal is the same 409 as
    # the site's (it was a 403 here while the site said why).
    *[("api_tasks.update_task", "PATCH", state, STATE_CONFLICT) for state in FINISHED],
    *[(f"api_task_workflow.{verb}", "POST", state, STATE_CONFLICT)
      for verb in ("create_update", "submit_completion", "complete_part", "request_extension")
      for state in NOT_OPEN],
    *[(f"api_task_workflow.{verb}", "POST", state, STATE_CONFLICT)
      for verb in ("accept_completion", "return_completion") for state in NOT_SUBMITTED],
    *[("api_task_workflow.cancel_task", "POST", state, STATE_CONFLICT) for state in FINISHED],
]


def _api_routes_of(app) -> list[tuple[str, str]]:
    """(endpoint, method) for every rule under /api/."""
    found = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                found.add((rule.endpoint, method))
    return sorted(found)


# Read at collection time from an app that is never served (no database needed).
ALL_API_ROUTES = _api_routes_of(create_app("testing"))


def test_every_api_route_has_a_matrix_entry(app):
    endpoints = {endpoint for endpoint, _ in _api_routes_of(app)}
    missing = sorted(endpoints - set(API_ROUTES))
    assert not missing, (
        f"API routes without an access-matrix entry: {missing}. Add each to API_ROUTES in "
        "tests/api/test_access_matrix_api.py with who may use it, its URL and a valid body.")
    stale = sorted(set(API_ROUTES) - endpoints)
    assert not stale, f"API matrix entries for routes that no longer exist: {stale}"


def test_the_public_api_endpoints_are_the_documented_ones(app):
    """What the API lets through without a token is exactly what the matrix calls public."""
    from tracker.api.auth import PUBLIC_ENDPOINTS

    public = {endpoint for endpoint, route in API_ROUTES.items()
              if route.expected["anonymous"] == ALLOWED}
    assert public == set(PUBLIC_ENDPOINTS)


def _headers(world, role: str) -> dict[str, str]:
    headers = {"Accept-Language": "en"}
    if role != "anonymous":
        token, secret = tokens.create_token(world.users[role], "matrix")
        # Used just now: the request does not write last_used_at (at most once a minute),
        # so "a denied write changes no row" compares like with like.
        token.last_used_at = utcnow()
        db.session.flush()
        headers["Authorization"] = f"Bearer {secret}"
    return headers


ERROR_CODES = {401: "unauthorized", 403: "forbidden", 404: "not_found", 409: "conflict"}


def _status_matches(expected, status: int) -> bool:
    if expected == ALLOWED:
        return 200 <= status < 300
    return status == expected


def exercise(app, world, endpoint: str, method: str, role: str, route: ApiRoute,
             expected) -> None:
    """Call as ``role``; check the status, the error envelope, and what a write changed."""
    client = app.test_client(use_cookies=False)
    url = url_for(endpoint, _external=False, **route.url_values(world))
    headers = _headers(world, role)
    user = world.users.get(role)
    kwargs = {}
    if route.body is not None and method != "GET":
        kwargs["json"] = route.body(world, user)
    # Error paths roll the request's session back; in a test that session holds the world,
    # so commit it first (the test's outer transaction still undoes everything).
    db.session.commit()
    before = snapshot() if method != "GET" else None
    response = client.open(url, method=method, headers=headers, **kwargs)
    detail = response.get_data()[:300].decode("utf-8", "replace")  # files are bytes
    assert _status_matches(expected, response.status_code), (
        f"{method} {url} as {role}: expected {expected}, got {response.status_code}: {detail}")
    if role != "anonymous" or response.is_json:
        # A token call is stateless, and no JSON answer starts a session. (The docs page
        # is HTML in the site's layout: an anonymous visitor gets the site's cookie.)
        assert "Set-Cookie" not in response.headers, f"{method} {url} as {role} set a cookie"
    if expected != ALLOWED:
        body = response.get_json(silent=True)
        assert body and body["error"]["code"] == ERROR_CODES[expected], (
            f"{method} {url} as {role}: not the JSON error envelope: {detail}")
    if before is None:
        return
    if expected == ALLOWED and route.writes:
        assert snapshot() != before, f"allowed {method} {url} as {role} changed nothing"
    elif expected == ALLOWED:
        assert snapshot() == before, f"{method} {url} as {role} saves nothing, yet changed"
    elif expected != ALLOWED:
        assert snapshot() == before, f"denied {method} {url} as {role} changed the database"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("endpoint", "method"),
                         [pytest.param(e, m, id=f"{m} {e}") for e, m in ALL_API_ROUTES])
def test_api_route_answers_each_role_as_the_rules_say(app, endpoint, method, role):
    route = API_ROUTES.get(endpoint)
    if route is None:
        pytest.fail(f"{endpoint} has no entry in API_ROUTES "
                    "(see test_every_api_route_has_a_matrix_entry)")
    world = build_world()
    exercise(app, world, endpoint, method, role, route,
             route.methods.get(method, route.expected)[role])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("endpoint", "method", "state", "expected"),
                         [pytest.param(*case, id=f"{case[1]} {case[0]} on {case[2]} task")
                          for case in WRONG_STATE])
def test_task_writes_are_refused_in_the_wrong_state(app, endpoint, method, state, expected,
                                                     role):
    world = build_world()
    route = API_ROUTES[endpoint]
    route = ApiRoute(route.expected, _task(state), route.body)
    exercise(app, world, endpoint, method, role, route, expected[role])


@pytest.mark.parametrize(("endpoint", "method"), [
    pytest.param(e, m, id=f"{m} {e}") for e, m in ALL_API_ROUTES
    if API_ROUTES.get(e) is None or API_ROUTES[e].expected["anonymous"] != ALLOWED])
def test_a_revoked_token_is_401_everywhere(app, endpoint, method):
    """A revoked token opens nothing, not even what its user could do before."""
    world = build_world()
    route = API_ROUTES.get(endpoint)
    if route is None:
        pytest.fail(f"{endpoint} has no entry in API_ROUTES")
    token, secret = tokens.create_token(world.users["admin"], "revoked")
    tokens.revoke_token(token, actor=world.users["admin"])
    client = app.test_client(use_cookies=False)
    url = url_for(endpoint, _external=False, **route.url_values(world))
    kwargs = {"json": route.body(world, world.users["admin"])} if route.body else {}
    # A refused token rolls the request's session back; in a test that session holds the
    # world, so commit it first (the test's outer transaction still undoes everything).
    db.session.commit()
    before = snapshot()
    response = client.open(url, method=method, headers={"Authorization": f"Bearer {secret}"},
                           **kwargs)
    assert response.status_code == 401, f"{method} {url}: {response.status_code}"
    assert response.get_json()["error"]["code"] == "unauthorized"
    assert snapshot() == before
