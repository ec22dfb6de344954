"""Error pages and JSON errors: every failure is answered in the user's language, never a trace.

Under ``/api/`` (or when JSON is asked for) the answer is always the API's envelope:
``{"error": {"code", "message", "fields": {name: message}}}``, never an HTML page.
"""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, InternalServerError, MethodNotAllowed

from tracker.extensions import db

# Machine-readable names of the statuses the API answers with.
ERROR_CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 406: "not_acceptable", 409: "conflict", 413: "payload_too_large",
    415: "unsupported_media_type", 422: "invalid_input", 429: "too_many_requests",
    500: "server_error",
}


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
        fields, headers = None, None
        data = getattr(error, "data", None)  # webargs' validation details (flask-smorest)
        if isinstance(data, dict):
            from tracker.api.messages import field_messages

            fields = field_messages(data.get("messages"))
            headers = data.get("headers")
        if error.code == 401:
            headers = {**(headers or {}), "WWW-Authenticate": 'Bearer realm="api"'}
        if isinstance(error, MethodNotAllowed) and error.valid_methods:
            # RFC 9110: a 405 says which methods the resource does allow.
            headers = {**(headers or {}), "Allow": ", ".join(sorted(error.valid_methods))}
        return _render(error.code or 500, title, message, fields, headers)

    @app.errorhandler(InternalServerError)
    def server_error(error):
        db.session.rollback()
        return _render(500, _("Something went wrong"),
                       _("The error has been logged. Please try again in a moment."))
