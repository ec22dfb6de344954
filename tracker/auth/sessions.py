"""Sign-ins that end: what Flask-Login stores, how it is checked, and how it is ended.

Flask-Login keeps ``User.get_id()`` in the session and, signed, in the remember-me
cookie. Here that id is ``"<user id>:<session token>:<signed-in at>"``:

- the session token is a random per-user secret; replacing it (``end_all_sessions``:
  logout, password change or reset, deactivation, "sign out everywhere") makes every
  session and remember-me cookie issued before worthless, wherever copies of them are;
- the sign-in time (Unix seconds) bounds a sign-in to ``REMEMBER_COOKIE_DURATION``
  (14 days) on the server, whatever the browser does with the cookie's expiry;
- even a leaked ``SECRET_KEY`` does not let anyone forge a cookie without the token.

Flask-Login's "strong" protection ties a session to a hash of the client's address and
User-Agent. Its own hash reads ``X-Forwarded-For`` as sent by the client, so anybody
could claim another address; ours uses ``request.remote_addr``, which ProxyFix sets from
the trusted proxies' header only when ``PROXY_HOPS`` says there are any.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

from flask import Flask, current_app, request, session
from flask_login import login_user, user_loaded_from_cookie
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from tracker.auth.models import User, new_session_token
from tracker.clock import utcnow
from tracker.committees.choices import remember_token, token_column
from tracker.extensions import db, login_manager


def load_user(stored_id: str) -> User | None:
    """The user a session or remember-me cookie names, if that sign-in has not ended."""
    try:
        user_id, token, signed_in_at = str(stored_id).split(":")
        user_id, signed_in_at = int(user_id), int(signed_in_at)
    except ValueError:
        return None  # malformed, or an id from before sessions could end
    age = utcnow().timestamp() - signed_in_at
    # A minute of grace for clocks a little apart (web processes on several hosts).
    if not -60 <= age <= current_app.config["REMEMBER_COOKIE_DURATION"].total_seconds():
        return None
    row = db.session.execute(_user_statement(), {"user_id": user_id}).unique().first()
    if row is None:
        return None
    user, choices = row
    remember_token(choices)
    if not user.is_active_account:
        return None
    if not hmac.compare_digest(user.session_token.encode(), token.encode()):
        return None
    return user


@lru_cache(maxsize=1)
def _user_statement():
    """The user by the parameter ``user_id``, built once (every signed-in request runs it).

    With the user's committee roles: nearly every page asks which committees the user sees
    (rights.visible_committee_ids), a statement of its own when loaded lazily. With the
    reference data's token too (committees.choices), which every list asks for."""
    return (select(User, token_column()).options(joinedload(User.committee_roles))
            .where(User.id == bindparam("user_id")))


def end_all_sessions(user: User) -> None:
    """Sign ``user`` out everywhere: every session and remember-me cookie stops working."""
    user.session_token = new_session_token()
    db.session.flush()


def stay_signed_in(user: User) -> None:
    """After ``end_all_sessions`` by the user's own hand (a password change), keep this
    browser signed in with a new sign-in, and renew its remember-me cookie if it had one."""
    remembered = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") \
        in request.cookies
    login_user(user, remember=remembered)


def session_identifier() -> str:
    """What "strong" session protection compares: the client's address and User-Agent."""
    agent = request.headers.get("User-Agent", "")
    base = f"{request.remote_addr}|{agent}"
    return hashlib.sha512(base.encode("utf-8", "replace")).hexdigest()


def _bind_restored_session(_app, user=None, **_extra) -> None:
    # A session restored from the remember-me cookie gets the identifier a sign-in gets;
    # without it "strong" protection takes the next request for a stolen session.
    session["_id"] = session_identifier()


def init_app(app: Flask) -> None:
    login_manager.user_loader(load_user)
    login_manager._session_identifier_generator = session_identifier
    user_loaded_from_cookie.connect(_bind_restored_session, app)
