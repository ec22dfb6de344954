"""Error pages and JSON errors: every failure is answered in the user's language, never a trace.

Under ``/api/`` (or when JSON is asked for) the answer is always the API's envelope:
``{"error": {"code", "message", "fields": {name: message}}}``, never an HTML page.
"""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import (
    Forbidden,
    HTTPException,
    InternalServerError,
    MethodNotAllowed,
)

from tracker.extensions import db
from tracker.rate_limits import explains_itself
from tracker.schema_messages import field_messages

# Machine-readable names of the statuses the API answers with.
ERROR_CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 406: "not_acceptable", 409: "conflict", 413: "payload_too_large",
    415: "unsupported_media_type", 422: "invalid_input", 429: "too_many_requests",
    500: "server_error", 503: "service_unavailable",
}
# Seconds a client is asked to wait when the embedded database is busy (a 503).
BUSY_RETRY_AFTER = 2


def is_database_busy(error: OperationalError) -> bool:
    """SQLite's "database is locked" (or "database table is locked"): another writer held
    the lock past the busy timeout. Worth retrying, unlike any other OperationalError."""
    return "is locked" in str(getattr(error, "orig", error))


def wants_json() -> bool:
    return request.path.startswith("/api/") or (
        request.accept_mimetypes.best == "application/json"
    )


def json_error(status: int, message: str, fields: dict | None = None, headers=None, **extra):
    """The API's error envelope; ``extra`` adds members such as the current state on a 409."""
    body = {"code": ERROR_CODES.get(status, "error"), "message": str(message),
            "fields": {name: str(text) for name, text in (fields or {}).items()}, **extra}
    response = jsonify(error=body)
    response.status_code = status
    if headers:
        response.headers.update(headers)
    return response


def _render(status: int, title: str, message: str, fields: dict | None = None, headers=None):
    if wants_json():
        return json_error(status, message, fields, headers)
    page = render_template("error.html", status=status, title=title, message=message)
    return page, status, headers or {}


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _render(400, _("The form has expired"),
                       _("Please go back, reload the page and submit the form again."))

    @app.errorhandler(StaleDataError)
    def stale(error):
        db.session.rollback()
        return _render(409, _("Changed by someone else"),
                       _("Someone saved a newer version while you were editing. "
                         "Reload the page to see it, then make your change again."))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        messages = {
            400: (_("Bad request"), _("The request could not be understood.")),
            401: (_("Sign in needed"), _("Send a valid API token: Authorization: Bearer …")),
            403: (_("Not allowed"), _("You do not have permission to do this.")),
            404: (_("Not found"), _("This page does not exist or you may not see it.")),
            405: (_("Not allowed"), _("This action is not available here.")),
            413: (_("File too large"), _("The upload is larger than allowed.")),
            415: (_("Unsupported content"), _("Send the body as application/json.")),
            422: (_("Invalid input"), _("Some fields are not valid; see each field.")),
            429: (_("Too many attempts"), _("Please wait a minute and try again.")),
        }
        title, message = messages.get(error.code, (error.name, error.description or ""))
        if error.code == 429 and explains_itself(error):
            message = error.description  # a user's allowance, worded (tracker.rate_limits)
        if error.code == 403 and error.description != Forbidden.description:
            message = error.description  # a reason given by ``access.require`` ("four eyes")
        fields, headers = None, None
        data = getattr(error, "data", None)  # webargs' validation details (flask-smorest)
        if isinstance(data, dict):
            fields = field_messages(data.get("messages"))
            headers = data.get("headers")
        if error.code == 401:
            headers = {**(headers or {}), "WWW-Authenticate": 'Bearer realm="api"'}
        if getattr(error, "retry_after", None) is not None:  # rate_limits.LimitReached
            headers = {**(headers or {}), "Retry-After": str(error.retry_after)}
        if isinstance(error, MethodNotAllowed) and error.valid_methods:
            # RFC 9110: a 405 says which methods the resource does allow.
            headers = {**(headers or {}), "Allow": ", ".join(sorted(error.valid_methods))}
        return _render(error.code or 500, title, message, fields, headers)

    @app.errorhandler(OperationalError)
    def database_busy(error: OperationalError):
        if not is_database_busy(error):
            raise error  # a real failure: logged, and answered 500 below
        db.session.rollback()
        app.logger.warning("database busy, answered 503: %s", error.orig)
        return _render(503, _("Busy, please try again"),
                       _("The database is busy with other work. Nothing was changed; "
                         "please try again in a moment."),
                       headers={"Retry-After": str(BUSY_RETRY_AFTER)})

    @app.errorhandler(InternalServerError)
    def server_error(error):
        db.session.rollback()
        return _render(500, _("Something went wrong"),
                       _("The error has been logged. Please try again in a moment."))
