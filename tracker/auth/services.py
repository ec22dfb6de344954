"""Account verbs: create, update, deactivate, authenticate, change and reset passwords,
sign out everywhere."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from tracker import rules
from tracker.auth.models import User
from tracker.auth.passwords import (
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    hash_password,
    needs_rehash,
    verify_password,
)
from tracker.auth.sessions import end_all_sessions
from tracker.auth.tokens import revoke_all_tokens
from tracker.clock import utcnow
from tracker.committees.models import Agency
from tracker.database import claiming_unique
from tracker.domain import DomainError, is_id, too_long
from tracker.extensions import db
from tracker.history.services import apply_changes, diff, record

LANGUAGES = ("vi", "en")
# The fields an admin (or the user, for name and language) may change through update_user.
UPDATABLE_FIELDS = frozenset({"email", "name", "agency_id", "language", "is_admin",
                              "mail_optional"})


class AccountError(DomainError):
    """A rule about accounts was broken; ``field`` names the form field at fault."""


EMAIL_TAKEN = _l("An account with this e-mail already exists.")


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(db.select(User).where(User.email == normalise_email(email)))


def _check_password(password: str, field: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise AccountError(
            field, _l("Use at least %(num)d characters.", num=MIN_PASSWORD_LENGTH)
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(field, too_long(MAX_PASSWORD_LENGTH))


def _check_fields(fields: dict, user: User | None = None, actor: User | None = None) -> dict:
    """Validate and normalise profile fields; raises AccountError naming the field at fault."""
    if "email" in fields:
        fields["email"] = normalise_email(fields["email"])
        if "@" not in fields["email"]:
            raise AccountError("email", _l("Enter a valid e-mail address."))
        other = find_user_by_email(fields["email"])
        if other is not None and (user is None or other.id != user.id):
            raise AccountError("email", EMAIL_TAKEN)
    if "name" in fields:
        fields["name"] = rules.PERSON_NAME.check("name", fields["name"], error=AccountError)
    if "language" in fields and fields["language"] not in LANGUAGES:
        raise AccountError("language", _l("Choose a language from the list."))
    if "mail_optional" in fields:  # overdue and escalation mail go out whatever it says
        fields["mail_optional"] = bool(fields["mail_optional"])
    agency_id = fields.get("agency_id")
    if agency_id is not None and (
        not is_id(agency_id) or db.session.get(Agency, agency_id) is None
    ):
        raise AccountError("agency_id", _l("This agency does not exist."))
    if "is_admin" in fields:
        fields["is_admin"] = bool(fields["is_admin"])
        if user is not None and actor is not None and user.id == actor.id and user.is_admin \
                and not fields["is_admin"]:
            raise AccountError("is_admin", _l("You cannot take away your own admin rights."))
    return fields


def create_user(
    *, email: str, name: str, password: str, agency_id: int | None = None,
    language: str = "vi", is_admin: bool = False, actor: User | None = None,
) -> User:
    """Create an account; raises AccountError("email") when the address is taken."""
    fields = _check_fields({
        "email": email, "name": name, "agency_id": agency_id,
        "language": language, "is_admin": is_admin,
    })
    _check_password(password, "password")
    user = User(password_hash=hash_password(password), **fields)
    with claiming_unique(AccountError("email", EMAIL_TAKEN)):
        db.session.add(user)
    record("user", user.id, "created", actor=actor, changes=diff({}, fields))
    return user


def update_user(user: User, *, actor: User | None, **fields) -> User:
    """Change profile fields (name, email, agency_id, language, is_admin)."""
    unknown = set(fields) - UPDATABLE_FIELDS
    if unknown:
        raise TypeError(f"update_user cannot change {sorted(unknown)}")
    fields = _check_fields(dict(fields), user=user, actor=actor)
    with claiming_unique(AccountError("email", EMAIL_TAKEN)):
        apply_changes(user, "user", fields, actor=actor)
    return user


def deactivate_user(user: User, *, actor: User | None) -> User:
    """Stop an account from signing in; its history and roles stay. Not your own account."""
    if actor is not None and actor.id == user.id:
        raise AccountError("is_active_account", _l("You cannot deactivate your own account."))
    if user.is_active_account:
        user.is_active_account = False
        end_all_sessions(user)
        record("user", user.id, "deactivated", actor=actor,
               changes={"is_active_account": [True, False]})
    return user


def reactivate_user(user: User, *, actor: User | None) -> User:
    """Let a deactivated account sign in again."""
    if not user.is_active_account:
        user.is_active_account = True
        db.session.flush()
        record("user", user.id, "reactivated", actor=actor,
               changes={"is_active_account": [False, True]})
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None. Upgrades old hashes in passing."""
    user = find_user_by_email(email)
    if user is None or not user.is_active_account:
        # Spend the same time as a real check so unknown addresses are not revealed.
        verify_password(hash_password("timing-equaliser"), password)
        return None
    if not verify_password(user.password_hash, password):
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    db.session.flush()
    return user


def change_password(user: User, current_password: str, new_password: str) -> None:
    """The user changes their own password; the current one must be right."""
    if not verify_password(user.password_hash, current_password or ""):
        raise AccountError("current_password", _l("The current password is not correct."))
    set_password(user, new_password, actor=user)


def set_password(user: User, new_password: str, *, actor: User | None) -> None:
    """Set a new password (the user's own change, or an admin's reset).

    Every session and remember-me cookie of the user ends: whoever knew the old password
    must not stay signed in (the view signs the user's own browser in again).
    """
    _check_password(new_password, "new_password")
    user.password_hash = hash_password(new_password)
    end_all_sessions(user)
    record("user", user.id, "password_changed", actor=actor)


def reset_password(user: User, new_password: str, *, actor: User | None) -> None:
    """An admin's reset: a new password, every session ended and every API token revoked,
    since the reset usually means the account's credentials are no longer trusted."""
    set_password(user, new_password, actor=actor)
    revoke_all_tokens(user, actor=actor)


def sign_out_everywhere(user: User) -> None:
    """The user ends every session and remember-me cookie of theirs, on every device."""
    end_all_sessions(user)
    record("user", user.id, "signed_out_everywhere", actor=user)
