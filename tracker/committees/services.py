"""Verbs that change agencies, committees and who holds which role in them.

Each service validates everything first (so a broken rule changes nothing),
then writes and records a history entry in the same transaction. Services
flush; the request commits.
"""

from __future__ import annotations

from zoneinfo import available_timezones

from flask_babel import lazy_gettext as _l
from sqlalchemy import func

from tracker import rules
from tracker.clock import DEFAULT_TIMEZONE
from tracker.committees.models import Agency, AgencyKind, Committee, CommitteeRole, RoleName
from tracker.database import claiming_unique
from tracker.domain import DomainError, EditConflict, StateError, is_id
from tracker.extensions import db
from tracker.history.services import apply_changes, diff, record


class CommitteeError(DomainError):
    """A rule about agencies, committees or roles was broken; ``field`` names the input at fault."""


class AgencyStillNeeded(CommitteeError, StateError):
    """The agency cannot leave the committee as things stand (it is the standing agency, or
    unfinished tasks still depend on it); the API answers 409: change that first, then retry."""


AGENCY_NAME_TAKEN = _l("Another agency already has this name.")
COMMITTEE_NAME_TAKEN = _l("Another committee already has this name.")
# Two admins seating the same agency, or giving the same person a role, at the same moment.
RACED = _l("Someone else changed this at the same moment; please try again.")


# --- agencies ---------------------------------------------------------------------------

def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def _name(field: str, value, rule: rules.TextRule) -> str | None:
    """A name under its rule (``tracker.rules``), None when empty."""
    return rule.check(field, value, error=CommitteeError)


def _agency_fields(name, short_name, kind, email, agency_id=None, head_email=None) -> dict:
    name = _name("name", name, rules.AGENCY_NAME)
    taken = db.session.scalar(
        db.select(Agency.id).where(func.lower(Agency.name) == name.lower(), Agency.id != agency_id)
    )
    if taken is not None:
        raise CommitteeError("name", AGENCY_NAME_TAKEN)
    if kind not in set(AgencyKind):
        raise CommitteeError("kind", _l("Choose a kind from the list."))
    email = _clean(email)
    head_email = _clean(head_email)
    for field, address in (("email", email), ("head_email", head_email)):
        if address and "@" not in address:
            raise CommitteeError(field, _l("Enter a valid e-mail address."))
    return {
        "name": name,
        "short_name": _name("short_name", short_name, rules.AGENCY_SHORT_NAME),
        "kind": str(kind),
        "email": email.lower() if email else None,
        "head_email": head_email.lower() if head_email else None,
    }


def create_agency(
    *, name: str, short_name: str | None = None, kind: str = AgencyKind.DEPARTMENT,
    email: str | None = None, head_email: str | None = None, actor=None,
) -> Agency:
    """Add an agency. It may have no user accounts: its focal-point e-mail still gets mail."""
    fields = _agency_fields(name, short_name, kind, email, head_email=head_email)
    agency = Agency(**fields)
    with claiming_unique(CommitteeError("name", AGENCY_NAME_TAKEN)):
        db.session.add(agency)
    record("agency", agency.id, "created", actor=actor, changes=diff({}, fields))
    return agency


def update_agency(
    agency: Agency, *, name: str, short_name: str | None, kind: str, email: str | None,
    head_email: str | None = None, actor=None,
) -> Agency:
    """Change an agency's names, kind, focal-point or head's e-mail."""
    fields = _agency_fields(name, short_name, kind, email, agency_id=agency.id,
                            head_email=head_email)
    with claiming_unique(CommitteeError("name", AGENCY_NAME_TAKEN)):
        apply_changes(agency, "agency", fields, actor=actor)
    return agency


# --- committees -------------------------------------------------------------------------

def _agencies_by_id(ids) -> dict[int, Agency]:
    ids = {i for i in ids if is_id(i)}
    if not ids:
        return {}
    found = db.session.scalars(db.select(Agency).where(Agency.id.in_(ids)))
    return {agency.id: agency for agency in found}


def _committee_fields(
    name, parent_body, timezone, standing_agency_id, due_soon_days, member_agency_ids,
    committee_id=None, public_page=None, max_extensions=None, four_eyes=None,
) -> tuple[dict, list[Agency]]:
    name = _name("name", name, rules.COMMITTEE_NAME)
    taken = db.session.scalar(
        db.select(Committee.id).where(
            func.lower(Committee.name) == name.lower(), Committee.id != committee_id
        )
    )
    if taken is not None:
        raise CommitteeError("name", COMMITTEE_NAME_TAKEN)
    timezone = timezone or DEFAULT_TIMEZONE
    if timezone not in available_timezones():
        raise CommitteeError("timezone", _l("Choose a time zone from the list."))
    if standing_agency_id is None:
        raise CommitteeError("standing_agency_id", _l("Choose the standing agency."))
    if not is_id(standing_agency_id) or not all(is_id(i) for i in member_agency_ids or ()):
        raise CommitteeError("member_agency_ids", _l("Some of these agencies do not exist."))
    rules.DUE_SOON_DAYS.check("due_soon_days", due_soon_days, error=CommitteeError)
    wanted = set(member_agency_ids or ()) | {standing_agency_id}
    agencies = _agencies_by_id(wanted)
    if standing_agency_id not in agencies:
        raise CommitteeError("standing_agency_id", _l("This agency does not exist."))
    if set(agencies) != wanted:
        raise CommitteeError("member_agency_ids", _l("Some of these agencies do not exist."))
    fields = {
        "name": name,
        "parent_body": _name("parent_body", parent_body, rules.COMMITTEE_PARENT_BODY),
        "timezone": timezone,
        "standing_agency_id": standing_agency_id,
        "due_soon_days": due_soon_days,
    }
    if public_page is not None:  # None: leave the public page as it is
        fields["public_page"] = bool(public_page)
    if four_eyes is not None:  # None: leave it as it is (new committees: on)
        fields["four_eyes"] = bool(four_eyes)
    if max_extensions is not None:  # None: leave the cap as it is (new committees: 2)
        rules.EXTENSIONS_PER_TASK.check("max_extensions", max_extensions, error=CommitteeError)
        fields["max_extensions"] = max_extensions
    return fields, sorted(agencies.values(), key=lambda a: a.id)


def create_committee(
    *, name: str, parent_body: str | None = None, timezone: str | None = DEFAULT_TIMEZONE,
    standing_agency_id: int | None, due_soon_days: int = 3, member_agency_ids=(), actor=None,
    public_page: bool | None = None, max_extensions: int | None = None,
    four_eyes: bool | None = None,
) -> Committee:
    """Set up a committee; its standing agency always sits on it as a member. "Four eyes"
    (the submitter or requester does not decide) is on unless ``four_eyes`` is False."""
    fields, members = _committee_fields(
        name, parent_body, timezone, standing_agency_id, due_soon_days, member_agency_ids,
        public_page=public_page, max_extensions=max_extensions, four_eyes=four_eyes,
    )
    committee = Committee(**fields)
    with claiming_unique(CommitteeError("name", COMMITTEE_NAME_TAKEN)):
        db.session.add(committee)
        committee.member_agencies = members
    after = fields | {"member_agency_ids": [a.id for a in members]}
    record("committee", committee.id, "created", actor=actor, changes=diff({}, after))
    return committee


def update_committee(
    committee: Committee, *, name: str, parent_body: str | None, timezone: str | None,
    standing_agency_id: int | None, due_soon_days: int, member_agency_ids=(), actor=None,
    public_page: bool | None = None, max_extensions: int | None = None,
    four_eyes: bool | None = None,
) -> Committee:
    """Change a committee's settings and the agencies that sit on it."""
    fields, members = _committee_fields(
        name, parent_body, timezone, standing_agency_id, due_soon_days, member_agency_ids,
        committee_id=committee.id, public_page=public_page, max_extensions=max_extensions,
        four_eyes=four_eyes,
    )
    before = {key: getattr(committee, key) for key in fields}
    before["member_agency_ids"] = sorted(a.id for a in committee.member_agencies)
    with claiming_unique(CommitteeError("name", COMMITTEE_NAME_TAKEN)):
        for key, value in fields.items():
            setattr(committee, key, value)
        committee.member_agencies = members
    changes = diff(before, fields | {"member_agency_ids": [a.id for a in members]})
    if changes:
        record("committee", committee.id, "updated", actor=actor, changes=changes)
    return committee


# --- roles ------------------------------------------------------------------------------

def _role_key(user) -> str:
    # History keeps the person readable even after the account is renamed or removed.
    return f"role:{user.email}"


def _role_of(committee: Committee, user) -> CommitteeRole | None:
    return db.session.scalar(db.select(CommitteeRole).where(
        CommitteeRole.committee_id == committee.id, CommitteeRole.user_id == user.id))


def set_committee_role(committee: Committee, user, role: str, actor=None) -> CommitteeRole:
    """Give ``user`` ``role`` in ``committee``, replacing the role they held there, if any."""
    if role not in set(RoleName):
        raise CommitteeError("role", _l("Choose a role from the list."))
    if user is None:
        raise CommitteeError("user", _l("There is no such user."))
    if committee is None:
        raise CommitteeError("committee_id", _l("There is no such committee."))
    existing = _role_of(committee, user)
    old = existing.role if existing else None
    with claiming_unique(EditConflict("user_id", RACED)):
        if existing is None:
            existing = CommitteeRole(committee=committee, user=user, role=str(role))
            db.session.add(existing)
        else:
            existing.role = str(role)
    if old != role:
        record("committee", committee.id, "role_set", actor=actor,
               changes={_role_key(user): [old, str(role)]})
    return existing


def remove_committee_role(committee: Committee, user, actor=None) -> None:
    """Take away ``user``'s role in ``committee`` (they no longer see it)."""
    existing = _role_of(committee, user)
    if existing is None:
        raise CommitteeError("user", _l("This person has no role in this committee."))
    old = existing.role
    db.session.delete(existing)
    # Keep the in-memory collections honest for the rest of the request.
    if existing in user.committee_roles:
        user.committee_roles.remove(existing)
    if existing in committee.roles:
        committee.roles.remove(existing)
    db.session.flush()
    record("committee", committee.id, "role_removed", actor=actor,
           changes={_role_key(user): [old, None]})


# --- member agencies, one at a time -------------------------------------------------------

MEMBER_ROLES = ("standing", "member")


def member_agency_ids(committee: Committee) -> list[int]:
    return sorted(a.id for a in committee.member_agencies)


def add_member_agency(committee: Committee, agency: Agency | None, role: str = "member",
                      actor=None) -> bool:
    """Seat ``agency`` on ``committee`` as a member, or make it the standing agency (the
    previous standing agency stays on as a member). Returns whether anything changed."""
    if role not in MEMBER_ROLES:
        raise CommitteeError("role", _l("Choose a role from the list."))
    if agency is None:
        raise CommitteeError("agency_id", _l("This agency does not exist."))
    if role == "member" and committee.standing_agency_id == agency.id:
        # A committee always has a standing agency; demoting it would leave none.
        raise CommitteeError("role", _l(
            "This is the committee's standing agency: make another agency the standing "
            "agency first."))
    before = {"member_agency_ids": member_agency_ids(committee),
              "standing_agency_id": committee.standing_agency_id}
    with claiming_unique(EditConflict("agency_id", RACED)):
        if agency not in committee.member_agencies:
            committee.member_agencies.append(agency)
        if role == "standing":
            committee.standing_agency = agency
            committee.standing_agency_id = agency.id
    changes = diff(before, {"member_agency_ids": member_agency_ids(committee),
                            "standing_agency_id": committee.standing_agency_id})
    if changes:
        record("committee", committee.id, "updated", actor=actor, changes=changes)
    return bool(changes)
