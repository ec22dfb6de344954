"""Who is calling the API: a personal token (``Authorization: Bearer …``) or the site's session.

A token request is stateless: it reads no session cookie and sets none, so it carries
no ambient authority and needs no CSRF token. A request without a token may use the
signed-in browser session, and then its writes need the CSRF token (``X-CSRFToken``),
exactly as the site's forms do.
"""

from __future__ import annotations

import marshmallow as ma
from flask import Flask, abort, request
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user, login_user
from marshmallow import validate

from tracker import rules, unit_of_work
from tracker.auth import limits, tokens
from tracker.auth import services as account_services
from tracker.auth.passwords import MAX_PASSWORD_LENGTH
from tracker.extensions import csrf

from .common import API_PREFIX, ApiSchema, ErrorSchema, Listed, SafeString, api_blueprint

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Reachable without credentials: the token exchange and the documentation.
PUBLIC_ENDPOINTS = frozenset({"api_auth.create_token", "api-docs.openapi_json", "api_docs.page"})


def bearer_secret() -> str | None:
    """The token in ``Authorization: Bearer <token>``, or None when there is none."""
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    return secret.strip() if scheme.lower() == "bearer" and secret.strip() else None


def _sends_bearer(incoming) -> bool:
    """Whether the request authenticates with a token (valid or not): then it has no session."""
    return incoming.headers.get("Authorization", "").lower().startswith("bearer ")


class TokenAwareSessionInterface(SecureCookieSessionInterface):
    """The site's signed-cookie session, except that token requests have none."""

    def open_session(self, app, request):
        if _sends_bearer(request):
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app, session, response):
        if not _sends_bearer(request):
            super().save_session(app, session, response)


def authenticate_api_request():
    """Before every API request: a token signs its user in for this request only."""
    if not request.path.startswith(API_PREFIX + "/"):
        return None
    secret = bearer_secret()
    if secret is not None:
        token = tokens.token_for_secret(secret)
        if token is None:
            abort(401)
        if tokens.use_to_note(token):
            # Its own unit of work: the token's last_used_at (written at most once a minute)
            # is kept whatever the request then does. Only then: a commit expires the user
            # read with the token, who would be read again.
            with unit_of_work.step():
                tokens.note_use(token)
        login_user(token.user)  # into this request's throw-away session only
        return None
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if not current_user.is_authenticated:
        abort(401)
    if request.method not in SAFE_METHODS:
        csrf.protect()  # a browser session's writes need the CSRF token, as on the site
    return None


bp = api_blueprint("api_auth", __name__, "Tokens: exchange an e-mail and password for a token.")


class CredentialsSchema(ApiSchema):
    email = SafeString(required=True, validate=validate.Length(min=1, max=rules.EMAIL_LENGTH))
    password = ma.fields.String(required=True,
                                validate=validate.Length(min=1, max=MAX_PASSWORD_LENGTH))
    name = SafeString(validate=validate.Length(min=1, max=rules.TOKEN_NAME.max_length), metadata={
        "description": "A label for the token (default: \"API\")."})
    expires_on = ma.fields.Date(allow_none=True, metadata={
        "description": "Last day the token works (YYYY-MM-DD); none = until revoked."})


class TokenSchema(ApiSchema):
    id = ma.fields.Integer(required=True)
    token = ma.fields.String(required=True, metadata={
        "description": "The secret: send it as `Authorization: Bearer <token>`. Shown only once."})
    name = ma.fields.String(required=True)
    expires_at = ma.fields.DateTime(allow_none=True, required=True)


@bp.route("/auth/token", methods=["POST"])
@limits.login_limits  # the same counters as the site's login
@bp.arguments(CredentialsSchema)
@bp.response(201, TokenSchema)
@bp.alt_response(401, schema=ErrorSchema, description="E-mail or password not correct.")
@bp.alt_response(429, schema=ErrorSchema, description="Too many attempts from this address "
                 "or for this account, counted together with the site's login.")
@bp.doc(security=[])
def create_token(credentials):
    """Exchange an e-mail and password for a new personal token."""
    user = account_services.authenticate(credentials["email"], credentials["password"])
    if user is None:
        abort(401)
    token, secret = tokens.create_token(user, credentials.get("name") or "API",
                                        credentials.get("expires_on"))
    return Listed(token, token=secret)


def init_app(app: Flask) -> None:
    app.session_interface = TokenAwareSessionInterface()
    app.before_request(authenticate_api_request)
