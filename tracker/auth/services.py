"""Account verbs: create, update, authenticate, change password."""

from __future__ import annotations

from tracker.auth.models import User
from tracker.auth.passwords import hash_password, needs_rehash, verify_password
from tracker.clock import utcnow
from tracker.extensions import db
from tracker.history.services import diff, record


class AccountError(ValueError):
    """A rule about accounts was broken; ``field`` names the form field at fault."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(db.select(User).where(User.email == normalise_email(email)))


def create_user(
    *, email: str, name: str, password: str, agency_id: int | None = None,
    language: str = "vi", is_admin: bool = False, actor: User | None = None,
) -> User:
    """Create an account; raises AccountError("email") when the address is taken."""
    from flask_babel import lazy_gettext as _l

    email = normalise_email(email)
    if find_user_by_email(email) is not None:
        raise AccountError("email", _l("An account with this e-mail already exists."))
    user = User(
        email=email, name=name.strip(), password_hash=hash_password(password),
        agency_id=agency_id, language=language, is_admin=is_admin,
    )
    db.session.add(user)
    db.session.flush()
    record("user", user.id, "created", actor=actor, changes=diff({}, {
        "email": email, "name": user.name, "agency_id": agency_id,
        "language": language, "is_admin": is_admin,
    }))
    return user


def update_user(user: User, *, actor: User | None, **fields) -> User:
    """Change profile fields (name, email, agency_id, language, is_admin, is_active_account)."""
    from flask_babel import lazy_gettext as _l

    if "email" in fields:
        fields["email"] = normalise_email(fields["email"])
        other = find_user_by_email(fields["email"])
        if other is not None and other.id != user.id:
            raise AccountError("email", _l("An account with this e-mail already exists."))
    before = {k: getattr(user, k) for k in fields}
    for key, value in fields.items():
        setattr(user, key, value)
    db.session.flush()
    changes = diff(before, fields)
    if changes:
        record("user", user.id, "updated", actor=actor, changes=changes)
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
    from flask_babel import lazy_gettext as _l

    if not verify_password(user.password_hash, current_password):
        raise AccountError("current_password", _l("The current password is not correct."))
    set_password(user, new_password, actor=user)


def set_password(user: User, new_password: str, *, actor: User | None) -> None:
    user.password_hash = hash_password(new_password)
    db.session.flush()
    record("user", user.id, "password_changed", actor=actor)
