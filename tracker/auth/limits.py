"""Limits on password guessing, shared by every place that checks a password.

Two counters, each shared by the site's login, the API's token exchange and the
profile's current-password check (so a guesser gains nothing by switching doors):

- per client address (``LOGIN_RATE_LIMIT``): ``request.remote_addr``, which ProxyFix
  corrects from the trusted proxies' header only when ``PROXY_HOPS`` is set;
- per account (``LOGIN_ACCOUNT_RATE_LIMIT``): the normalised e-mail tried, so guesses
  spread over many addresses still stop. The right password waits too while the limit
  holds: that is the price of not telling a guesser when they have hit it.
"""

from __future__ import annotations

import hashlib

from flask import current_app, request
from flask_login import current_user

from tracker.auth.services import normalise_email
from tracker.extensions import limiter

ADDRESS_SCOPE = "password-guess:address"
ACCOUNT_SCOPE = "password-guess:account"


def _address_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _account_limit() -> str:
    return current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"]


def _account_key(email: object) -> str:
    # Hashed: the counter's key stays short however long the text sent, and holds no address.
    normalised = normalise_email(email if isinstance(email, str) else "")
    return "account:" + hashlib.sha256(normalised.encode("utf-8", "replace")).hexdigest()


def _sent_email() -> str:
    """The account a login form or token exchange tries: the e-mail in the form or JSON."""
    if request.is_json:
        try:
            body = request.get_json(silent=True)
        except (ValueError, RecursionError):  # what the view itself refuses with a 4xx
            body = None
        return _account_key(body.get("email") if isinstance(body, dict) else None)
    return _account_key(request.form.get("email"))


def _own_email() -> str:
    """The signed-in user's account (the profile's current-password check)."""
    return _account_key(current_user.email if current_user.is_authenticated else None)


def _not_a_password_check() -> bool:
    return request.form.get("which") != "password"


def per_address(**options):
    return limiter.shared_limit(_address_limit, scope=ADDRESS_SCOPE, **options)


def per_account(**options):
    return limiter.shared_limit(_account_limit, scope=ACCOUNT_SCOPE, key_func=_sent_email,
                                **options)


def login_limits(view):
    """For the site's login (its POST) and the API's token exchange."""
    view = per_account(methods=["POST"])(view)
    return per_address(methods=["POST"])(view)


def current_password_limits(view):
    """For the profile: only its password form's POST is a guess."""
    view = limiter.shared_limit(_account_limit, scope=ACCOUNT_SCOPE, key_func=_own_email,
                                methods=["POST"], exempt_when=_not_a_password_check)(view)
    return per_address(methods=["POST"], exempt_when=_not_a_password_check)(view)
