"""Read helpers for the committee, agency and user screens."""

from __future__ import annotations

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Load, selectinload

from tracker.access import visible_committee_ids
from tracker.auth.models import User
from tracker.committees.models import Agency, Committee, CommitteeRole, committee_agency
from tracker.extensions import db

AGENCY_SORTS = {
    "name": Agency.name,
    "short_name": Agency.short_name,
    "kind": Agency.kind,
    "created": Agency.created_at,
}
USER_SORTS = {
    "name": User.name,
    "email": User.email,
    "agency": Agency.name,
    "last_login": User.last_login_at,
}
COMMITTEE_SORTS = {"name": Committee.name, "created": Committee.created_at}
ROLE_ORDER = ("chair", "vice_chair", "secretary", "member", "viewer")


def order_by(sorts: dict, key: str | None, default: str):
    """An ORDER BY clause from a whitelisted sort key (``-key`` for descending)."""
    key = key or default
    descending = key.startswith("-")
    column = sorts.get(key.lstrip("-"))
    if column is None:
        column, descending = sorts[default], False
    return column.desc() if descending else column.asc()


def sort_key(sorts: dict, key: str | None, default: str) -> str:
    """The sort key actually applied (unknown keys fall back to the default)."""
    return key if key and key.lstrip("-") in sorts else default


def agencies_query(q: str | None = None, sort: str | None = None, *, kind: str | None = None,
                   committee_id: int | None = None, seen_by=None):
    """Agencies matching ``q``, of ``kind``, sitting on ``committee_id``, sorted; ``seen_by``
    narrows them to those that user works with (``agencies_seen_by``)."""
    stmt = select(Agency)
    if q and q.strip():
        stmt = stmt.where(Agency.search_matches(q))
    if kind:
        stmt = stmt.where(Agency.kind == kind)
    if committee_id:
        stmt = stmt.where(Agency.id.in_(select(committee_agency.c.agency_id).where(
            committee_agency.c.committee_id == committee_id)))
    if seen_by is not None:
        condition = agencies_seen_by(seen_by)
        if condition is not None:
            stmt = stmt.where(condition)
    return stmt.order_by(order_by(AGENCY_SORTS, sort, "name"), Agency.id)


def agencies_seen_by(user):
    """None for admins (every agency); else the condition naming the agencies the user works
    with: those sitting on a committee they hold a role in, and their own."""
    committees = visible_committee_ids(user)
    if committees is None:
        return None
    seated = select(committee_agency.c.agency_id).where(
        committee_agency.c.committee_id.in_(committees or [-1]))
    return or_(Agency.id.in_(seated), Agency.id == user.agency_id)


def users_query(q: str | None = None, agency_id: int | None = None, sort: str | None = None):
    stmt = select(User).outerjoin(Agency, User.agency_id == Agency.id)
    if agency_id is not None:
        stmt = stmt.where(User.agency_id == agency_id)
    if q and q.strip():
        stmt = stmt.where(User.search_matches(q))
    return stmt.order_by(order_by(USER_SORTS, sort, "name"), User.id)


def all_agencies() -> list[Agency]:
    return list(db.session.scalars(select(Agency).order_by(Agency.name)))


def all_committees() -> list[Committee]:
    return list(db.session.scalars(select(Committee).order_by(Committee.name)))


def committees_query(visible_ids: list[int] | None, q: str | None = None,
                     sort: str | None = None):
    """The committees a user may see (``visible_ids`` None: all), standing agency loaded."""
    stmt = select(Committee).options(selectinload(Committee.standing_agency))
    if visible_ids is not None:
        stmt = stmt.where(Committee.id.in_(visible_ids))
    if q and q.strip():
        stmt = stmt.where(Committee.search_matches(q))
    return stmt.order_by(order_by(COMMITTEE_SORTS, sort, "name"), Committee.id)


def member_counts(committee_ids: list[int]) -> dict[int, int]:
    """How many agencies sit on each of these committees."""
    if not committee_ids:
        return {}
    rows = db.session.execute(
        select(committee_agency.c.committee_id, func.count())
        .where(committee_agency.c.committee_id.in_(committee_ids))
        .group_by(committee_agency.c.committee_id)
    )
    return dict(rows.all())


def roles_of(user, committee_ids: list[int]) -> dict[int, str]:
    """The user's role in each of these committees (absent where they hold none)."""
    if not committee_ids:
        return {}
    rows = db.session.execute(
        select(CommitteeRole.committee_id, CommitteeRole.role).where(
            CommitteeRole.user_id == user.id, CommitteeRole.committee_id.in_(committee_ids)
        )
    )
    return dict(rows.all())


def committee_roles_query(committee_id: int):
    """The committee's roles, chair first, then by role and name: the committee's page and
    the API list them in this order."""
    rank = case({role: i for i, role in enumerate(ROLE_ORDER)}, value=CommitteeRole.role,
                else_=len(ROLE_ORDER))
    return (select(CommitteeRole).join(User, CommitteeRole.user_id == User.id)
            .where(CommitteeRole.committee_id == committee_id)
            .options(selectinload(CommitteeRole.user).selectinload(User.agency),
                     Load(CommitteeRole).raiseload("*", sql_only=True))
            .order_by(rank, User.name, User.id))


def committee_people(committee: Committee) -> list[CommitteeRole]:
    """The committee's roles, chair first, then by role and name."""
    return list(db.session.scalars(committee_roles_query(committee.id)))


def members_query(committee_id: int):
    """``SELECT Agency, role`` for the agencies sitting on the committee, by name; ``role`` is
    "standing" for its standing agency, "member" for the others."""
    role = case((Committee.standing_agency_id == Agency.id, "standing"),
                else_="member").label("role")
    return (select(Agency, role)
            .join(committee_agency, committee_agency.c.agency_id == Agency.id)
            .join(Committee, Committee.id == committee_agency.c.committee_id)
            .where(committee_agency.c.committee_id == committee_id)
            .order_by(Agency.name, Agency.id))


def user_roles(user: User) -> list[CommitteeRole]:
    return list(
        db.session.scalars(
            select(CommitteeRole)
            .join(Committee, CommitteeRole.committee_id == Committee.id)
            .where(CommitteeRole.user_id == user.id)
            .order_by(Committee.name)
        )
    )
