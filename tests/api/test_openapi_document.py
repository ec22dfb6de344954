"""The OpenAPI document at /api/v1/openapi.json: valid, and complete for the routes we serve.

An integrator knows the API only through this document, so every route of the URL map
under /api/v1 must be in it with its method, every operation must say what it answers
and how it is authenticated, and the bearer scheme must be declared.
"""

from __future__ import annotations

import re

import pytest
from openapi_spec_validator import validate

from tracker.api.auth import PUBLIC_ENDPOINTS

METHODS = ("get", "post", "put", "patch", "delete")
# The documents themselves are not operations of the API.
DOCUMENT_ENDPOINTS = {"api-docs.openapi_json", "api_docs.page"}


@pytest.fixture
def spec(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return response.get_json()


def _operations(spec):
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method], item.get("parameters", [])


def _openapi_path(rule: str) -> str:
    """/api/v1/tasks/<id:task_id> → /api/v1/tasks/{task_id}"""
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule)


def test_the_document_is_valid_openapi_3(spec):
    validate(spec)  # raises with the first problem
    assert spec["openapi"].startswith("3.")


def test_every_api_route_is_documented_with_its_methods(app, spec):
    missing = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.endpoint in DOCUMENT_ENDPOINTS:
            continue
        path = _openapi_path(rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if method.lower() not in spec["paths"].get(path, {}):
                missing.append(f"{method} {path} ({rule.endpoint})")
    assert not missing, f"routes missing from the OpenAPI document: {missing}"
    documented = {(path, method) for path, method, _, _ in _operations(spec)}
    served = {(_openapi_path(r.rule), m.lower()) for r in app.url_map.iter_rules()
              for m in r.methods - {"HEAD", "OPTIONS"} if r.rule.startswith("/api/v1/")}
    assert documented <= served, f"documented but not served: {sorted(documented - served)}"


def test_the_bearer_scheme_is_declared_and_required_by_default(spec):
    schemes = spec["components"]["securitySchemes"]
    assert schemes["bearerAuth"] == {**schemes["bearerAuth"], "type": "http",
                                     "scheme": "bearer"}
    assert spec["security"] == [{"bearerAuth": []}]


def test_every_operation_states_its_security_and_only_the_public_ones_need_none(app, spec):
    """Operations inherit the bearer requirement; the token exchange says explicitly that
    it needs none. Nothing else may opt out."""
    paths_of_public = {_openapi_path(r.rule) for r in app.url_map.iter_rules()
                       if r.endpoint in PUBLIC_ENDPOINTS - DOCUMENT_ENDPOINTS}
    for path, method, operation, _ in _operations(spec):
        security = operation.get("security", spec["security"])
        if path in paths_of_public:
            assert security == [], f"{method.upper()} {path} should say security: []"
        else:
            assert security == [{"bearerAuth": []}], f"{method.upper()} {path}: {security}"
            # Any call without a valid token is answered 401: every such operation says so.
            assert "401" in operation["responses"], f"{method.upper()} {path}: no 401"


def test_every_operation_has_a_summary_a_success_and_error_responses(spec):
    problems = []
    for path, method, operation, shared in _operations(spec):
        label = f"{method.upper()} {path}"
        responses = operation.get("responses", {})
        if not operation.get("summary"):
            problems.append(f"{label}: no summary (the view's docstring)")
        if not any(code.startswith("2") for code in responses):
            problems.append(f"{label}: no success response")
        for code, response in responses.items():
            if "$ref" in response:
                continue
            if not response.get("description"):
                problems.append(f"{label} {code}: no description")
            if code.startswith(("4", "5")):
                schema = response.get("content", {}).get("application/json", {}).get("schema")
                if schema != {"$ref": "#/components/schemas/Error"}:
                    problems.append(f"{label} {code}: not the Error envelope")
        parameters = shared + operation.get("parameters", [])
        if any(p.get("in") == "path" for p in parameters) and "404" not in responses:
            problems.append(f"{label}: a path with ids but no documented 404")
        if "requestBody" in operation:
            # Not JSON (400), over the size cap (413), not what the schema says (422).
            for code in ("400", "413", "422"):
                if code not in responses:
                    problems.append(f"{label}: takes a body but documents no {code}")
    assert not problems, "\n".join(problems)


def test_every_schema_is_named_and_referenced_schemas_exist(spec):
    text = str(spec)
    schemas = spec["components"]["schemas"]
    for name in re.findall(r"#/components/schemas/([A-Za-z0-9_.-]+)", text):
        assert name in schemas, f"dangling reference to {name}"
    assert "Error" in schemas
