"""Personal API tokens: made once and shown once, stored as a hash, revocable, may expire.

A token is ``bcd_`` + 43 URL-safe characters (256 random bits), so a plain SHA-256 is the
right hash: nothing can be guessed, and a lookup by hash stays one indexed read per request.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from tracker import rules
from tracker.auth.models import ApiToken, User
from tracker.clock import DEFAULT_TIMEZONE, local_today, utcnow
from tracker.committees.choices import remember_token, token_column
from tracker.domain import DomainError, checked_date
from tracker.extensions import db
from tracker.history.services import record

PREFIX = "bcd_"
# Writing last_used_at on every request would turn each GET into a write; a minute is enough.
LAST_USED_RESOLUTION = timedelta(minutes=1)
MAX_TOKENS_PER_USER = 20


class TokenError(DomainError):
    pass


def hash_secret(secret: str) -> str:
    """What is stored of a high-entropy secret (API tokens, calendar feed URLs)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def tokens_of(user: User) -> list[ApiToken]:
    """The user's live tokens (not revoked), newest first; expired ones are shown as such."""
    return list(db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .order_by(ApiToken.id.desc())))


def create_token(user: User, name: str, expires_on: date | None = None, *,
                 today: date | None = None) -> tuple[ApiToken, str]:
    """A new token for ``user``: (the row, the secret to show once)."""
    name = rules.TOKEN_NAME.check("name", name, error=TokenError)
    today = today or local_today(DEFAULT_TIMEZONE)
    checked_date("expires_on", expires_on, error=TokenError)
    if expires_on is not None and expires_on <= today:
        raise TokenError("expires_on", _l("The expiry date must be after today."))
    if len(tokens_of(user)) >= MAX_TOKENS_PER_USER:
        raise TokenError("name", _l("You have too many tokens; revoke one you no longer use."))
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id, name=name, token_hash=hash_secret(secret), prefix=secret[:12],
        # Valid through the whole expiry day, local time: it ends at the next local midnight.
        expires_at=(datetime.combine(expires_on + timedelta(days=1), time(),
                                     tzinfo=ZoneInfo(DEFAULT_TIMEZONE)).astimezone(UTC)
                    if expires_on else None),
    )
    db.session.add(token)
    db.session.flush()
    record("api_token", token.id, "created", actor=user, changes={"name": [None, name]})
    return token, secret


def revoke_token(token: ApiToken, *, actor: User | None) -> None:
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.flush()
        record("api_token", token.id, "revoked", actor=actor)


def revoke_all_tokens(user: User, *, actor: User | None) -> int:
    """Revoke every live token of ``user`` (an admin's password reset); how many there were."""
    live = tokens_of(user)
    for token in live:
        revoke_token(token, actor=actor)
    return len(live)


def owned_token(user: User, token_id: int) -> ApiToken | None:
    """One of the user's tokens; anybody else's does not exist for them."""
    return db.session.scalar(select(ApiToken).where(ApiToken.id == token_id,
                                                    ApiToken.user_id == user.id))


def token_for_secret(secret: str, now: datetime | None = None) -> ApiToken | None:
    """The token a presented secret is, with its active user and their roles loaded (one
    statement), or None (unknown, revoked, expired, or its user's account closed)."""
    if not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    now = now or utcnow()
    row = db.session.execute(_token_statement(),
                             {"token_hash": hash_secret(secret)}).unique().one_or_none()
    if row is None:
        return None
    token, choices = row
    remember_token(choices)
    if token.revoked_at is not None:
        return None
    if token.expires_at is not None and token.expires_at <= now:
        return None
    if not token.user.is_active_account:
        return None
    return token


@lru_cache(maxsize=1)
def _token_statement():
    """The token by the parameter ``token_hash``, built once (every API call runs it).

    The user's committee roles with it: nearly every answer asks which committees the user
    sees (rights.visible_committee_ids), a statement of its own when loaded lazily. The
    reference data's token too (committees.choices), which every list asks for."""
    return (select(ApiToken, token_column())
            .options(joinedload(ApiToken.user).joinedload(User.committee_roles))
            .where(ApiToken.token_hash == bindparam("token_hash")))


def use_to_note(token: ApiToken, now: datetime | None = None) -> bool:
    """Whether the token's last use is due to be written (at most once a minute)."""
    now = now or utcnow()
    return token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION


def note_use(token: ApiToken, now: datetime | None = None) -> None:
    token.last_used_at = now or utcnow()
    db.session.flush()


def is_expired(token: ApiToken, now: datetime | None = None) -> bool:
    return token.expires_at is not None and token.expires_at <= (now or utcnow())
