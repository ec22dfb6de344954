"""Limits per signed-in user on what costs disk or worker time: file uploads and summary
compilations (password guessing is limited in ``tracker.auth.limits``).

A limit is a Flask-Limiter string from the config (``"60 per hour"``), read per request so
tests can change it; its counters live in ``RATELIMIT_STORAGE_URI`` (Redis in production,
shared by every web process). Two ways to apply one: ``per_user`` decorates the views whose
every request counts (uploads), ``spend`` counts from inside a view once it knows the
request costs something (a summary compilation, not a reused summary). A refused request is
a 429 whose message says how many the limit allows and over what time, in the user's
language (``tracker.errors`` shows it), with ``Retry-After``.
"""

from __future__ import annotations

import math
import time
from datetime import timedelta

from flask import current_app
from flask_babel import format_timedelta
from flask_limiter.util import get_remote_address
from flask_login import current_user
from limits import parse_many
from werkzeug.exceptions import TooManyRequests

from tracker.extensions import limiter


class LimitReached(TooManyRequests):
    """A user's allowance is used up (``spend``): the description is the message to show."""


def explains_itself(error) -> bool:
    """Whether a 429 carries its own message (from here), rather than Flask-Limiter's bare
    "10 per 1 minute" (the login's limit, which ``tracker.errors`` words generally)."""
    return isinstance(error, LimitReached) or bool(
        getattr(getattr(error, "limit", None), "error_message", None))


def user_key() -> str:
    """The counter of the signed-in user (site session or API token), else of the address."""
    user_id = getattr(current_user, "id", None)
    return f"user:{user_id}" if user_id is not None else f"address:{get_remote_address()}"


def _worded(message, item) -> str:
    """``message`` with the limit's ``amount`` and ``period`` ("1 hour", "1 giờ")."""
    period = format_timedelta(timedelta(seconds=item.get_expiry()), threshold=1)
    return str(message % {"amount": item.amount, "period": period})


def _explained(message):
    """The decorator's 429 text, worded for the limit that was breached."""

    def explain() -> str:
        return _worded(message, limiter.current_limit.limit)

    return explain


def spend(config_key: str, scope: str, message) -> None:
    """Take one from the user's allowance ``config[config_key]``, counted under ``scope``;
    when none is left, raise LimitReached (429) with ``message`` (as for ``per_user``) and
    the seconds until the allowance comes back. Nothing is counted for a refused request."""
    items = parse_many(current_app.config[config_key])
    strategy, key = limiter.limiter, user_key()
    for item in items:
        if not strategy.test(item, scope, key):
            reset_at = strategy.get_window_stats(item, scope, key).reset_time
            raise LimitReached(description=_worded(message, item),
                               retry_after=max(1, math.ceil(reset_at - time.time())))
    for item in items:
        strategy.hit(item, scope, key)


def per_user(config_key: str, scope: str, message, **options):
    """A decorator limiting each user to ``config[config_key]`` requests, counted together
    across every view it decorates (``scope`` names the shared counter). ``message`` is a
    lazy string with ``%(amount)d`` and ``%(period)s``; ``options`` go to Flask-Limiter
    (``exempt_when``, ``deduct_when``, ``methods``)."""
    return limiter.shared_limit(lambda: current_app.config[config_key], scope=scope,
                                key_func=user_key, error_message=_explained(message),
                                **options)
