"""Error pages: every failure is a page in the user's language, never a stack trace."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, InternalServerError

from tracker.extensions import db


def _wants_json() -> bool:
    return request.path.startswith("/api/") or (
        request.accept_mimetypes.best == "application/json"
    )


def _render(status: int, title: str, message: str):
    if _wants_json():
        return jsonify(error={"code": status, "message": message, "fields": {}}), status
    return render_template("error.html", status=status, title=title, message=message), status


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
            403: (_("Not allowed"), _("You do not have permission to do this.")),
            404: (_("Not found"), _("This page does not exist or you may not see it.")),
            405: (_("Not allowed"), _("This action is not available here.")),
            413: (_("File too large"), _("The upload is larger than allowed.")),
            429: (_("Too many attempts"), _("Please wait a minute and try again.")),
        }
        title, message = messages.get(error.code, (error.name, error.description or ""))
        return _render(error.code or 500, title, message)

    @app.errorhandler(InternalServerError)
    def server_error(error):
        db.session.rollback()
        return _render(500, _("Something went wrong"),
                       _("The error has been logged. Please try again in a moment."))
