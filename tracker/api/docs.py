"""The OpenAPI document as a page people can read: every operation, its inputs and answers.

Rendered on the server from the same document clients download, with no script, so it
works under the site's strict Content-Security-Policy and in the user's language.
"""

from __future__ import annotations

from flask import Blueprint, render_template

from .common import API_PREFIX

bp = Blueprint("api_docs", __name__, template_folder="templates")

METHODS = ("get", "post", "put", "patch", "delete")


def _schema_name(schema: dict | None) -> str | None:
    if not schema:
        return None
    ref = schema.get("$ref") or (schema.get("items") or {}).get("$ref")
    return ref.rsplit("/", 1)[-1] if ref else schema.get("type")


def _operations(spec: dict) -> dict[str, list[dict]]:
    """Operations grouped by tag, in the document's order."""
    groups: dict[str, list[dict]] = {tag["name"]: [] for tag in spec.get("tags", [])}
    for path, item in spec.get("paths", {}).items():
        shared = item.get("parameters", [])
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            body = (operation.get("requestBody") or {}).get("content", {})
            groups.setdefault((operation.get("tags") or ["api"])[0], []).append({
                "method": method.upper(), "path": path,
                "summary": operation.get("summary") or "",
                "description": operation.get("description") or "",
                "parameters": shared + operation.get("parameters", []),
                "body": _schema_name((body.get("application/json") or {}).get("schema")),
                "responses": [(code, response.get("description", ""), _schema_name(
                    (response.get("content", {}).get("application/json") or {}).get("schema")))
                    for code, response in operation.get("responses", {}).items()],
                "public": operation.get("security") == [],
            })
    return {tag: ops for tag, ops in groups.items() if ops}


@bp.route(API_PREFIX + "/docs")
def page():
    from . import api

    spec = api.spec.to_dict()
    return render_template("api/docs.html", spec=spec, groups=_operations(spec),
                           schemas=spec.get("components", {}).get("schemas", {}))
