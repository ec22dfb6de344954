"""The JSON API, ``/api/v1``: everything a user does on the site, for other systems.

flask-smorest derives the OpenAPI 3 document (``/api/v1/openapi.json``) from the
routes and marshmallow schemas here, so the document cannot drift from the code.
Errors are answered by ``tracker.errors`` in the API's envelope, not by flask-smorest.
"""

from __future__ import annotations

from flask import Flask
from flask_smorest import Api

from tracker.routing import IdConverter

from .common import API_PREFIX, ErrorSchema


class TrackerApi(Api):
    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self):
        """tracker.errors answers every error, in the API's envelope under /api/."""


api = TrackerApi()

SPEC = {
    "info": {
        "description": (
            "Steering-committee action items: committees, member agencies, resolutions "
            "and the tasks they assign, progress reports, completion, extensions, "
            "dashboards and progress summaries.\n\n"
            "Authenticate with a personal token (`Authorization: Bearer …`), created on "
            "your profile page or with `POST /api/v1/auth/token`. Dates are `YYYY-MM-DD`, "
            "timestamps ISO 8601 in UTC. Errors are "
            "`{\"error\": {\"code\", \"message\", \"fields\"}}` in the language of "
            "`Accept-Language` (vi or en). Writes that could overwrite someone else's "
            "change take the record's `version` (or `If-Match`) and answer 409 when stale."
        ),
    },
    "components": {"securitySchemes": {
        "bearerAuth": {"type": "http", "scheme": "bearer",
                       "description": "A personal API token (bcd_…)."},
    }},
    "security": [{"bearerAuth": []}],
    "servers": [{"url": "/"}],
}


def _blueprints():
    from . import (
        agencies,
        attachments,
        auth,
        committees,
        dashboard,
        meetings,
        resolutions,
        summaries,
        task_workflow,
        tasks,
        users,
    )

    return [auth.bp, tasks.bp, committees.bp, agencies.bp, users.bp, meetings.bp,
            resolutions.bp, task_workflow.bp, attachments.bp, dashboard.bp, summaries.bp]


def init_app(app: Flask) -> None:
    from tracker.extensions import csrf

    from . import auth, docs

    app.config.setdefault("API_TITLE", "BCĐ Tracker API")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("OPENAPI_URL_PREFIX", API_PREFIX)
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    app.config.setdefault("API_SPEC_OPTIONS", SPEC)
    api.init_app(app)
    api.register_converter(IdConverter, lambda converter: {
        "type": "integer", "minimum": 1, "maximum": converter.max})
    for blueprint in _blueprints():
        api.register_blueprint(blueprint)
        csrf.exempt(blueprint)  # auth.authenticate_api_request checks CSRF for session callers
    app.register_blueprint(docs.bp)
    auth.init_app(app)
