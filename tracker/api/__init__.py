"""The JSON API, ``/api/v1``: everything a user does on the site, for other systems.

flask-smorest derives the OpenAPI 3 document (``/api/v1/openapi.json``) from the
routes and marshmallow schemas here, so the document cannot drift from the code.
Errors are answered by ``tracker.errors`` in the API's envelope, not by flask-smorest.
"""

from __future__ import annotations

import threading

from flask import Flask
from flask_smorest import Api

from tracker.routing import IdConverter

from .common import API_PREFIX, ErrorSchema


class TrackerApi(Api):
    """flask-smorest's Api, with its errors left to tracker.errors and its OpenAPI document
    written when first read rather than at boot.

    flask-smorest describes a blueprint's operations in the document as it registers the
    blueprint (``register_views_in_doc``: a deep copy of every operation's docs, then
    apispec's schema resolution): 0.1–0.2 s of CPU for our 11 blueprints, paid by every
    gunicorn worker that starts, for a document only the two document pages (and
    ``flask openapi``) read. Here the blueprint is served at once and described on the first read of
    ``api.spec``: the document is the same, built from the same calls in the same order.
    """

    ERROR_SCHEMA = ErrorSchema

    def __init__(self, *args, **kwargs):
        self._undocumented: list[tuple] = []  # (app, blueprint, name, parameters)
        self._documenting = threading.Lock()  # gthread workers: one thread writes the document
        super().__init__(*args, **kwargs)

    def init_app(self, app, **kwargs):
        self._undocumented = []  # a new app starts a new document
        super().init_app(app, **kwargs)

    def _register_error_handlers(self):
        """tracker.errors answers every error, in the API's envelope under /api/."""

    def register_blueprint(self, blp, *, parameters=None, **options):
        """Serve ``blp`` now; describe it in the document when the document is first read."""
        name = options.get("name", blp.name)
        self._app.extensions["flask-smorest"]["blp_name_to_api"][name] = self
        self._app.register_blueprint(blp, **options)
        self._undocumented.append((self._app, blp, name, parameters))

    @property
    def spec(self):
        """The apispec document, completed with the blueprints registered so far."""
        if self._undocumented:
            with self._documenting:
                while self._undocumented:
                    app, blp, name, parameters = self._undocumented[0]
                    # What flask-smorest's register_blueprint does after serving it.
                    blp.register_views_in_doc(self, app, self._spec, name=name,
                                              parameters=parameters)
                    self._spec.tag({"name": name, "description": blp.description})
                    self._undocumented.pop(0)
        return self._spec

    @spec.setter
    def spec(self, value):
        self._spec = value


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
        drafts,
        meetings,
        resolutions,
        series,
        summaries,
        task_workflow,
        tasks,
        users,
    )

    return [auth.bp, tasks.bp, committees.bp, agencies.bp, users.bp, meetings.bp,
            resolutions.bp, drafts.bp, task_workflow.bp, attachments.bp, dashboard.bp,
            summaries.bp, series.bp]


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
