"""A client that knows only the OpenAPI document drives a whole committee's year through the API.

The test plays a new integrator: it fetches /api/v1/openapi.json and calls the API only
through it. ``OpenApiClient.call(method, path_template, ...)`` finds the operation in the
document (failing if it is not there), fills the path's parameters, and checks that the
answer's status is one the operation lists explicitly (not the catch-all ``default``), that
its content type is documented, and that a JSON body matches the documented schema.

The only setup outside the API is one administrator account (tests.factories); the only
work outside HTTP is running the summary job the API enqueued, as the worker would
(workers/summaries.py → tracker.summaries.services.compile_summary, as in test_summaries.py).

The year: agencies, accounts, a committee with a standing agency and members, roles; a
meeting and its concluding notice 12/TB-BCĐ with tasks whose deadlines span the year
(one recorded already overdue, one standing duty); the lead agency reports progress and
submits, the chair accepts; the lead agency asks for a later deadline and the chair grants
it; a stale edit is refused with 409; the dashboard agrees with all of that; a summary is
asked for, compiled, polled and downloaded as PDF, XLSX and DOCX.
"""

from __future__ import annotations

import copy
import re
from datetime import timedelta
from urllib.parse import urlsplit

import jsonschema
import pytest

from tests.factories import TEST_PASSWORD, UserFactory
from tracker.clock import local_today
from tracker.extensions import db
from tracker.summaries.services import compile_summary

TZ = "Asia/Ho_Chi_Minh"
MAGIC = {"pdf": b"%PDF", "xlsx": b"PK\x03\x04", "docx": b"PK\x03\x04"}


def _json_schema(node):
    """OpenAPI 3.0 schema → JSON Schema: ``nullable: true`` becomes "or null"."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _json_schema(value) for key, value in node.items() if key != "nullable"}
    if node.get("nullable"):
        return {"anyOf": [{"type": "null"}, converted]}
    return converted


class OpenApiClient:
    """Calls the API as the document describes it, and nothing else."""

    def __init__(self, http, document: dict):
        self.http = http
        self.document = document
        self.components = _json_schema(document["components"])
        self.calls: list[tuple[str, str, int]] = []

    def operation(self, method: str, template: str) -> dict:
        operation = self.document["paths"].get(template, {}).get(method.lower())
        assert operation is not None, f"{method} {template} is not in the OpenAPI document"
        return operation

    def _resolve(self, node: dict) -> dict:
        """A ``$ref`` to components/responses, followed (schemas keep their refs)."""
        while "$ref" in node and node["$ref"].startswith("#/components/responses/"):
            node = self.document["components"]["responses"][node["$ref"].rsplit("/", 1)[1]]
        return node

    def call(self, method: str, template: str, token: str | None = None, json=None,
             headers=None, expect: int | None = None, **path_params):
        operation = self.operation(method, template)
        names = re.findall(r"{(\w+)}", template)
        declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
        declared |= {p["name"] for p in self.document["paths"][template].get("parameters", [])
                     if p["in"] == "path"}
        assert set(names) <= declared, f"{template}: path parameters {names} not all declared"
        assert set(path_params) == set(names), (template, path_params)
        path = template
        for name in names:
            path = path.replace("{" + name + "}", str(path_params[name]))
        sent = {"Accept-Language": "en", **(headers or {})}
        if token is not None:
            sent["Authorization"] = f"Bearer {token}"
        kwargs = {} if json is None else {"json": json}
        if json is not None:
            body = operation.get("requestBody", {}).get("content", {})
            assert "application/json" in body, f"{method} {template} takes no JSON body"
        response = self.http.open(path, method=method.upper(), headers=sent, **kwargs)
        status = str(response.status_code)
        self.calls.append((method.upper(), template, response.status_code))
        documented = {code for code in operation["responses"] if code != "default"}
        assert status in documented, (
            f"{method} {path} answered {status}, not among its documented {sorted(documented)}: "
            f"{response.get_data(as_text=True)[:500]}")
        if expect is not None:
            assert response.status_code == expect, (
                f"{method} {path}: {status}, expected {expect}: "
                f"{response.get_data(as_text=True)[:500]}")
        self._check_body(operation["responses"][status], response, f"{method} {path}")
        return response

    def _check_body(self, spec: dict, response, label: str) -> None:
        spec = self._resolve(spec)
        content = spec.get("content")
        if not content:
            assert not response.data, f"{label}: a body where none is documented"
            return
        mimetype = response.mimetype
        assert mimetype in content, f"{label}: {mimetype} not among documented {list(content)}"
        schema = content[mimetype].get("schema")
        if mimetype == "application/json" and schema:
            jsonschema.validate(
                response.get_json(),
                {**_json_schema(copy.deepcopy(schema)), "components": self.components})


def _path(url: str) -> str:
    """An absolute URL the API answered with, as a path for the test client."""
    return urlsplit(url).path


@pytest.fixture
def integrator(app):
    http = app.test_client(use_cookies=False)
    response = http.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    document = response.get_json()
    assert document["openapi"].startswith("3.")
    return OpenApiClient(http, document)


def test_a_committees_year_through_the_openapi_document(integrator, app):
    api = integrator
    today = local_today(TZ)

    def day(n: int) -> str:
        return (today + timedelta(days=n)).isoformat()

    # The one account made outside the API: the province's administrator.
    admin_user = UserFactory(is_admin=True, email="quantri@langson.gov.vn", language="en")
    # Committed (in the test, a savepoint) as a real setup would be: a refused login rolls
    # the request's session back, which must not take the account with it.
    db.session.commit()

    def token_for(email: str, password: str) -> str:
        body = api.call("POST", "/api/v1/auth/token", json={
            "email": email, "password": password, "name": "integration"}, expect=201).get_json()
        assert body["token"] and body["id"]
        return body["token"]

    wrong = api.call("POST", "/api/v1/auth/token", json={
        "email": admin_user.email, "password": "not the password"})
    assert wrong.status_code == 401 and wrong.get_json()["error"]["code"]
    admin = token_for(admin_user.email, TEST_PASSWORD)
    assert api.call("GET", "/api/v1/users/me", admin, expect=200).get_json()["is_admin"] is True

    # Agencies.
    def agency(name, short_name, kind, email):
        body = api.call("POST", "/api/v1/agencies", admin, json={
            "name": name, "short_name": short_name, "kind": kind, "email": email},
            expect=201).get_json()
        assert body["id"] and body["name"] == name
        return body["id"]

    culture = agency("Sở Văn hóa, Thể thao và Du lịch", "Sở VHTTDL", "department",
                     "sovhttdl@langson.gov.vn")
    cao_loc = agency("UBND huyện Cao Lộc", "UBND Cao Lộc", "peoples_committee",
                     "ubndcaoloc@langson.gov.vn")
    police = agency("Công an tỉnh", "CA tỉnh", "security", "congantinh@langson.gov.vn")
    province = agency("UBND tỉnh Lạng Sơn", "UBND tỉnh", "peoples_committee",
                      "ubnd@langson.gov.vn")
    listed = api.call("GET", "/api/v1/agencies", admin, expect=200).get_json()
    assert {culture, cao_loc, police, province} <= {a["id"] for a in listed["items"]}

    # Accounts, one per person the year needs.
    people = {}
    for key, name, agency_id in (
        ("chair", "Đoàn Thu Hà", province),
        ("secretary", "Hoàng Thị Lan", culture),
        ("cao_loc", "Nông Văn Tuấn", cao_loc),
        ("police", "Lương Đức Minh", police),
    ):
        email, password = f"{key}@langson.gov.vn", f"Mat-khau-{key}-2024"
        body = api.call("POST", "/api/v1/users", admin, json={
            "email": email, "name": name, "password": password, "agency_id": agency_id,
            "language": "en"}, expect=201).get_json()
        assert body["id"] and body["email"] == email
        assert "password" not in body and "password_hash" not in body
        people[key] = {"id": body["id"], "email": email, "password": password}

    # The committee, its standing agency and members.
    committee = api.call("POST", "/api/v1/committees", admin, json={
        "name": "Ban Chỉ đạo phát triển du lịch tỉnh Lạng Sơn",
        "parent_body": "UBND tỉnh Lạng Sơn", "timezone": TZ, "standing_agency_id": culture,
        "due_soon_days": 7}, expect=201).get_json()
    committee_id = committee["id"]
    assert committee["standing_agency_id"] == culture and committee["timezone"] == TZ
    for member in (cao_loc, police):
        api.call("POST", "/api/v1/committees/{committee_id}/members", admin,
                 json={"agency_id": member, "role": "member"}, expect=201,
                 committee_id=committee_id)
    members = api.call("GET", "/api/v1/committees/{committee_id}/members", admin, expect=200,
                       committee_id=committee_id).get_json()
    seated = {m["agency_id"]: m["role"] for m in members["items"]}
    assert seated == {culture: "standing", cao_loc: "member", police: "member"}

    for key, role in (("chair", "chair"), ("secretary", "secretary"), ("cao_loc", "member"),
                      ("police", "member")):
        api.call("POST", "/api/v1/committees/{committee_id}/roles", admin, json={
            "user_id": people[key]["id"], "role": role}, expect=201, committee_id=committee_id)
    roles = api.call("GET", "/api/v1/committees/{committee_id}/roles", admin, expect=200,
                     committee_id=committee_id).get_json()
    assert {r["user_id"]: r["role"] for r in roles["items"]} == {
        people["chair"]["id"]: "chair", people["secretary"]["id"]: "secretary",
        people["cao_loc"]["id"]: "member", people["police"]["id"]: "member"}

    # Everyone exchanges their password for a token of their own.
    chair, secretary, cao_loc_member, police_member = (
        token_for(people[k]["email"], people[k]["password"])
        for k in ("chair", "secretary", "cao_loc", "police"))
    mine = api.call("GET", "/api/v1/committees", cao_loc_member, expect=200).get_json()
    assert [c["id"] for c in mine["items"]] == [committee_id]

    # The meeting and the notice of its conclusions.
    meeting = api.call("POST", "/api/v1/committees/{committee_id}/meetings", secretary, json={
        "title": "Hội nghị triển khai nhiệm vụ phát triển du lịch năm 2024",
        "held_on": today.isoformat(), "place": "Trụ sở UBND tỉnh",
        "chaired_by": "Đoàn Thu Hà", "minutes": "Các thành viên thống nhất kế hoạch năm.",
        "attending_agency_ids": [culture, cao_loc, police]}, expect=201,
        committee_id=committee_id).get_json()
    resolution = api.call("POST", "/api/v1/committees/{committee_id}/resolutions", secretary,
                          json={"kind": "conclusion_notice", "number": "12/TB-BCĐ",
                                "issued_on": today.isoformat(),
                                "title": "Thông báo kết luận của Trưởng Ban Chỉ đạo",
                                "signer": "Đoàn Thu Hà", "meeting_id": meeting["id"]},
                          expect=201, committee_id=committee_id).get_json()
    assert resolution["number"] == "12/TB-BCĐ"
    duplicate = api.call("POST", "/api/v1/committees/{committee_id}/resolutions", secretary,
                         json={"kind": "conclusion_notice", "number": "12/TB-BCĐ",
                               "issued_on": today.isoformat(), "title": "Bản trùng số"},
                         expect=422, committee_id=committee_id).get_json()
    assert "number" in duplicate["error"]["fields"]

    def task(title, lead, deadline, **extra):
        body = api.call("POST", "/api/v1/resolutions/{resolution_id}/tasks", secretary, json={
            "title": title, "lead_agency_id": lead, "deadline": deadline, **extra},
            expect=201, resolution_id=resolution["id"]).get_json()
        assert body["id"] and body["lead_agency"]["id"] == lead and body["deadline"] == deadline
        assert body["original_deadline"] == deadline and body["state"] == "open"
        return body

    # Deadlines across the year: a month, ten days, already past (an older decision being
    # recorded), five days (due soon), eleven months, and a standing duty.
    signposts = task("Hoàn thiện hệ thống biển chỉ dẫn tại Khu du lịch Mẫu Sơn", cao_loc, day(30),
                     coordinating_agency_ids=[police], priority="high",
                     expected_output="Báo cáo kết quả kèm ảnh")
    homestays = task("Rà soát các cơ sở lưu trú homestay tại xã Mẫu Sơn", cao_loc, day(10))
    border = task("Quản lý khách du lịch tham quan khu vực biên giới", police, day(-15))
    safety = task("Bảo đảm an ninh Lễ hội Hoa Đào Xứ Lạng", police, day(5))
    report = task("Xây dựng báo cáo tổng kết công tác du lịch năm", culture, day(330))
    standing = task("Theo dõi, đôn đốc các cơ quan thành viên", culture, None)
    assert signposts["category"] == "in_progress" and signposts["days_left"] == 30
    assert border["category"] == "overdue" and border["days_late"] == 15
    assert safety["category"] == "due_soon" and standing["category"] == "standing"

    # The lead agency reports progress, then submits; the chair accepts.
    update = api.call("POST", "/api/v1/tasks/{task_id}/updates", cao_loc_member, json={
        "text": "Đã lắp đặt 40/60 biển chỉ dẫn.", "progress": 60}, expect=201,
        task_id=signposts["id"]).get_json()
    assert update["id"] and update["progress"] == 60
    outsider_report = api.call("POST", "/api/v1/tasks/{task_id}/updates", police_member, json={
        "text": "Phối hợp bảo đảm an ninh khi thi công.", "progress": 100},
        task_id=homestays["id"])
    assert outsider_report.status_code in (403, 404)
    current = api.call("GET", "/api/v1/tasks/{task_id}", cao_loc_member, expect=200,
                       task_id=signposts["id"]).get_json()
    assert current["progress"] == 60
    updates = api.call("GET", "/api/v1/tasks/{task_id}/updates", chair, expect=200,
                       task_id=signposts["id"]).get_json()
    assert [u["id"] for u in updates["items"]] == [update["id"]]
    submitted = api.call("POST", "/api/v1/tasks/{task_id}/completion", cao_loc_member,
                         json={"result": "Đã lắp đặt 12 biển chỉ dẫn."},
                         expect=200, task_id=signposts["id"]).get_json()
    assert submitted["state"] == "submitted" and submitted["submitted_on"] == today.isoformat()
    api.call("POST", "/api/v1/tasks/{task_id}/completion/accept", cao_loc_member, json={},
             expect=403, task_id=signposts["id"])
    accepted = api.call("POST", "/api/v1/tasks/{task_id}/completion/accept", chair,
                        json={"comment": "Đạt yêu cầu."}, expect=200,
                        task_id=signposts["id"]).get_json()
    assert accepted["state"] == "done" and accepted["category"] == "done_on_time"
    assert accepted["completed_on"] == today.isoformat()
    api.call("POST", "/api/v1/tasks/{task_id}/completion/accept", chair, json={}, expect=409,
             task_id=signposts["id"])

    # The lead agency asks for a later deadline; the chair grants it.
    asked = api.call("POST", "/api/v1/tasks/{task_id}/extensions", cao_loc_member, json={
        "requested_deadline": day(90), "reason": "Chờ kết quả khảo sát của các xã."},
        expect=201, task_id=homestays["id"]).get_json()
    assert asked["status"] == "pending" and asked["previous_deadline"] == day(10)
    waiting = api.call("GET", "/api/v1/committees/{committee_id}/dashboard", chair, expect=200,
                       committee_id=committee_id).get_json()
    assert len(waiting["pending_extensions"]) == 1
    api.call("POST", "/api/v1/extensions/{extension_id}/grant", cao_loc_member, json={},
             expect=403, extension_id=asked["id"])
    granted = api.call("POST", "/api/v1/extensions/{extension_id}/grant", chair, json={
        "comment": "Đồng ý gia hạn."}, expect=200, extension_id=asked["id"]).get_json()
    assert granted["status"] == "granted" and granted["decided_by"]["id"] == people["chair"]["id"]
    assert granted["task"]["deadline"] == day(90)
    assert granted["task"]["original_deadline"] == day(10)
    after = api.call("GET", "/api/v1/tasks/{task_id}", cao_loc_member, expect=200,
                     task_id=homestays["id"]).get_json()
    assert (after["deadline"], after["original_deadline"], after["days_left"]) == (
        day(90), day(10), 90)
    extensions = api.call("GET", "/api/v1/tasks/{task_id}/extensions", chair, expect=200,
                          task_id=homestays["id"]).get_json()
    assert [(e["id"], e["status"]) for e in extensions["items"]] == [(asked["id"], "granted")]
    history = api.call("GET", "/api/v1/tasks/{task_id}/history", chair, expect=200,
                       task_id=homestays["id"]).get_json()
    assert len(history["items"]) >= 2  # created, then the deadline moved

    # Two people edit the same task: the second, holding the old version, gets 409.
    version = report["version"]
    edited = api.call("PATCH", "/api/v1/tasks/{task_id}", secretary, json={
        "priority": "high", "version": version}, expect=200, task_id=report["id"]).get_json()
    assert edited["version"] > version and edited["priority"] == "high"
    stale = api.call("PATCH", "/api/v1/tasks/{task_id}", secretary, json={
        "title": "Báo cáo tổng kết (bản cũ)", "version": version}, expect=409,
        task_id=report["id"]).get_json()
    assert stale["error"]["code"] == "conflict"
    assert stale["error"]["current"]["version"] == edited["version"]
    assert stale["error"]["current"]["title"] == report["title"]

    # The dashboard agrees with the year so far.
    dashboard = api.call("GET", "/api/v1/committees/{committee_id}/dashboard", chair,
                         expect=200, committee_id=committee_id).get_json()
    assert dashboard["as_of"] == today.isoformat()
    assert dashboard["counts"] == {
        "done_on_time": 1, "done_late": 0, "in_progress": 2, "due_soon": 1, "overdue": 1,
        "standing": 1, "cancelled": 0, "in_time": 3}
    assert dashboard["pending_completions"] == [] and dashboard["pending_extensions"] == []
    rows = {row["agency"]["id"]: row for row in dashboard["agencies"]}
    assert set(rows) == {cao_loc, police, culture}
    assert (rows[cao_loc]["assigned"], rows[cao_loc]["done_on_time"],
            rows[cao_loc]["in_progress"]) == (2, 1, 1)
    assert (rows[police]["overdue"], rows[police]["due_soon"]) == (1, 1)
    assert rows[cao_loc]["rank"] == 1
    assert [group["agency"]["id"] for group in dashboard["overdue"]] == [police]
    assert api.call("GET", "/api/v1/committees/{committee_id}/dashboard", admin, expect=200,
                    committee_id=committee_id).get_json()["counts"] == dashboard["counts"]

    # A summary of the year: asked for (202), compiled in the background, polled, downloaded.
    recorded = app.extensions["jobs_recorded"]
    before = len(recorded)
    asked_summary = api.call("POST", "/api/v1/committees/{committee_id}/summaries", secretary,
                             json={"period": "year", "language": "vi"}, expect=202,
                             committee_id=committee_id)
    summary = asked_summary.get_json()
    assert asked_summary.headers["Location"] == summary["url"]
    assert summary["status"] == "pending" and summary["files"] is None
    summary_id = summary["id"]
    early = api.call("GET", "/api/v1/summaries/{summary_id}/files/{fmt}", secretary, expect=409,
                     summary_id=summary_id, fmt="pdf")
    assert early.get_json()["error"]["code"] == "conflict"

    # The worker's part: run what the request enqueued.
    jobs = recorded[before:]
    assert jobs == [("summaries.compile_summary", (summary_id,))]
    for _, args in jobs:
        compile_summary(*args)

    for _ in range(10):  # poll as an integrator would; the job above has already run
        ready = api.call("GET", "/api/v1/summaries/{summary_id}", chair, expect=200,
                         summary_id=summary_id).get_json()
        if ready["status"] == "ready":
            break
    assert ready["status"] == "ready" and ready["progress"] == 100, ready
    assert ready["language"] == "vi"
    totals = ready["figures"]["totals"]
    assert {k: totals[k] for k in ("done_on_time", "overdue", "due_soon", "standing")} == {
        "done_on_time": 1, "overdue": 1, "due_soon": 1, "standing": 1}
    assert set(ready["files"]) == {"pdf", "xlsx", "docx"}
    for fmt, url in ready["files"].items():
        match = re.fullmatch(r"/api/v1/summaries/(\d+)/files/(\w+)", _path(url))
        assert match and match.groups() == (str(summary_id), fmt), url
        file = api.call("GET", "/api/v1/summaries/{summary_id}/files/{fmt}", cao_loc_member,
                        expect=200, summary_id=summary_id, fmt=fmt)
        assert file.data.startswith(MAGIC[fmt]), fmt
        assert file.headers["Content-Disposition"].startswith("attachment;")
        assert len(file.data) > 1000
    listed = api.call("GET", "/api/v1/committees/{committee_id}/summaries", chair, expect=200,
                      committee_id=committee_id).get_json()
    assert [s["id"] for s in listed["items"]] == [summary_id]

    # The journey the issue asks for, every step an operation of the document.
    operations = {(method, template) for method, template, _ in api.calls}
    assert {
        ("POST", "/api/v1/auth/token"), ("POST", "/api/v1/agencies"), ("POST", "/api/v1/users"),
        ("POST", "/api/v1/committees"), ("POST", "/api/v1/committees/{committee_id}/members"),
        ("POST", "/api/v1/committees/{committee_id}/roles"),
        ("POST", "/api/v1/committees/{committee_id}/meetings"),
        ("POST", "/api/v1/committees/{committee_id}/resolutions"),
        ("POST", "/api/v1/resolutions/{resolution_id}/tasks"),
        ("POST", "/api/v1/tasks/{task_id}/updates"), ("POST", "/api/v1/tasks/{task_id}/completion"),
        ("POST", "/api/v1/tasks/{task_id}/completion/accept"),
        ("POST", "/api/v1/tasks/{task_id}/extensions"),
        ("POST", "/api/v1/extensions/{extension_id}/grant"), ("PATCH", "/api/v1/tasks/{task_id}"),
        ("GET", "/api/v1/committees/{committee_id}/dashboard"),
        ("POST", "/api/v1/committees/{committee_id}/summaries"),
        ("GET", "/api/v1/summaries/{summary_id}"),
        ("GET", "/api/v1/summaries/{summary_id}/files/{fmt}"),
    } <= operations
    assert {status for _, _, status in api.calls} >= {200, 201, 202, 401, 403, 409, 422}
