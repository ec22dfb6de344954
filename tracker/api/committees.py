"""Committees, the agencies that sit on them and the people who hold roles in them.

Who may (as on the site): anyone sees the committees they hold a role in (admins: all)
and their member agencies and people; only admins set committees up, change them, seat
or remove agencies and give or take roles. An invisible committee is a 404 whatever
the method; a visible one a non-admin may not change is a 403.
"""

from __future__ import annotations

from contextlib import contextmanager

import marshmallow as ma
from flask import abort, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from marshmallow import validate
from sqlalchemy import case, select
from sqlalchemy.exc import IntegrityError

from tracker.access import visible_committee_ids
from tracker.auth.models import User
from tracker.clock import DEFAULT_TIMEZONE
from tracker.committees import services
from tracker.committees.models import (
    Agency,
    AgencyKind,
    Committee,
    CommitteeRole,
    RoleName,
    committee_agency,
)
from tracker.committees.queries import COMMITTEE_SORTS, ROLE_ORDER, committees_query
from tracker.errors import json_error
from tracker.extensions import db

from .common import (
    ApiSchema,
    ErrorSchema,
    Id,
    PageArgsSchema,
    Text,
    api_blueprint,
    get_visible,
    page_body,
    page_of,
    require_admin,
)
from .schemas import AgencyRefSchema, agency_ref

bp = api_blueprint("api_committees", __name__,
                   "Steering committees, their member agencies and the roles people hold.")

COMMITTEE_SORT_KEYS = [*COMMITTEE_SORTS, *(f"-{key}" for key in COMMITTEE_SORTS)]
RACED = _l("Someone else changed this at the same moment; please try again.")


@contextmanager
def settled_by_constraint(field: str, message, status: int = 422):
    """Two requests writing the same unique value at once both pass the service's check; the
    database's constraint refuses the later one, which gets the answer the check would give."""
    try:
        yield
    except IntegrityError:
        db.session.rollback()
        abort(json_error(status, message, {field: message}))


# --- committees ---------------------------------------------------------------------------

class CommitteeListArgsSchema(PageArgsSchema):
    q = Text(100, metadata={"description": "Words in the name or parent body; diacritics and "
                                           "case ignored."})
    sort = ma.fields.String(load_default="name", validate=validate.OneOf(COMMITTEE_SORT_KEYS),
                            metadata={"description": "A key; prefix '-' for descending."})


class CommitteeSchema(ApiSchema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    parent_body = ma.fields.String(allow_none=True, required=True)
    timezone = ma.fields.String(required=True, metadata={
        "description": "IANA time zone; deadlines are calendar dates there."})
    standing_agency_id = ma.fields.Integer(allow_none=True, required=True)
    standing_agency = ma.fields.Nested(AgencyRefSchema, allow_none=True, required=True)
    due_soon_days = ma.fields.Integer(required=True, metadata={
        "description": "\"Due soon\" means a deadline within this many days."})
    max_extensions = ma.fields.Integer(required=True, metadata={
        "description": "How many deadline extensions one task may be granted."})
    public_page = ma.fields.Boolean(required=True, metadata={
        "description": "Whether the read-only public progress page is on."})
    four_eyes = ma.fields.Boolean(required=True, metadata={
        "description": "Whether a second person must decide: whoever submitted a completion "
                       "cannot accept or return it, whoever asked for an extension cannot "
                       "grant or refuse it (403 if they try)."})
    my_role = ma.fields.String(allow_none=True, required=True, metadata={
        "enum": [r.value for r in RoleName],
        "description": "The caller's role in the committee (null: none, e.g. an admin)."})
    created_at = ma.fields.DateTime(required=True)
    url = ma.fields.String(required=True, metadata={"description": "Its page on the site."})


CommitteePageSchema = page_of(CommitteeSchema, "CommitteePage")

NAME_TAKEN = _l("Another committee already has this name.")
TIMEZONE_DOC = {"description": f"An IANA time zone, e.g. {DEFAULT_TIMEZONE} (the default)."}


class CommitteeFieldsSchema(ApiSchema):
    name = Text(255, metadata={"description": "Unique, whatever the case."})
    parent_body = Text(255, allow_none=True, metadata={
        "description": "The body that set it up, e.g. UBND tỉnh Lạng Sơn."})
    timezone = Text(64, allow_none=True, metadata=TIMEZONE_DOC)
    standing_agency_id = Id(metadata={
        "description": "The standing agency (cơ quan thường trực); it is seated as a member."})
    due_soon_days = ma.fields.Integer(strict=True, validate=validate.Range(
        min=0, max=services.MAX_DUE_SOON_DAYS))
    max_extensions = ma.fields.Integer(strict=True, validate=validate.Range(
        min=0, max=services.MAX_EXTENSIONS))
    public_page = ma.fields.Boolean()
    four_eyes = ma.fields.Boolean(metadata={
        "description": "\"Four eyes\" (see the committee); new committees: true."})


class CommitteeCreateSchema(CommitteeFieldsSchema):
    name = Text(255, required=True, metadata={"description": "Unique, whatever the case."})
    standing_agency_id = Id(required=True, metadata={
        "description": "The standing agency (cơ quan thường trực); it is seated as a member."})
    member_agency_ids = ma.fields.List(Id(), validate=validate.Length(max=500), metadata={
        "description": "Further member agencies (see also /committees/{id}/members)."})


def committee_body(committee: Committee) -> dict:
    return {
        "id": committee.id, "name": committee.name, "parent_body": committee.parent_body,
        "timezone": committee.timezone, "standing_agency_id": committee.standing_agency_id,
        "standing_agency": agency_ref(committee.standing_agency)
        if committee.standing_agency is not None else None,
        "due_soon_days": committee.due_soon_days, "max_extensions": committee.max_extensions,
        "public_page": committee.public_page, "four_eyes": committee.four_eyes,
        "my_role": current_user.role_in(committee.id),
        "created_at": committee.created_at,
        "url": url_for("committees.show", committee_id=committee.id, _external=True),
    }


@bp.route("/committees")
@bp.arguments(CommitteeListArgsSchema, location="query")
@bp.response(200, CommitteePageSchema)
def list_committees(args):
    """The committees the caller holds a role in (admins: all)."""
    query = committees_query(visible_committee_ids(current_user), args.get("q"), args["sort"])
    return page_body(query, args, committee_body)


@bp.route("/committees", methods=["POST"])
@bp.arguments(CommitteeCreateSchema)
@bp.response(201, CommitteeSchema)
@bp.alt_response(403, schema=ErrorSchema, description="Only admins set committees up.")
def create_committee(fields):
    """Set up a committee (admins)."""
    require_admin()
    with settled_by_constraint("name", NAME_TAKEN):
        committee = services.create_committee(
            name=fields["name"], parent_body=fields.get("parent_body"),
            timezone=fields.get("timezone") or DEFAULT_TIMEZONE,
            standing_agency_id=fields["standing_agency_id"],
            due_soon_days=fields.get("due_soon_days", 3),
            member_agency_ids=fields.get("member_agency_ids", []),
            public_page=fields.get("public_page"), max_extensions=fields.get("max_extensions"),
            four_eyes=fields.get("four_eyes"), actor=current_user)
        db.session.commit()
    return committee_body(committee)


@bp.route("/committees/<id:committee_id>")
@bp.response(200, CommitteeSchema)
@bp.alt_response(404, schema=ErrorSchema, description="No such committee, or not visible.")
def get_committee(committee_id):
    """One committee and its settings."""
    return committee_body(get_visible(Committee, committee_id))


@bp.route("/committees/<id:committee_id>", methods=["PATCH"])
@bp.arguments(CommitteeFieldsSchema)
@bp.response(200, CommitteeSchema)
@bp.alt_response(403, schema=ErrorSchema, description="Only admins change committees.")
@bp.alt_response(404, schema=ErrorSchema, description="No such committee, or not visible.")
def update_committee(fields, committee_id):
    """Change a committee's settings; only the fields sent change. A new standing agency is
    seated as a member; the member list itself changes through /committees/{id}/members."""
    committee = get_visible(Committee, committee_id)
    require_admin()

    def value(name):
        return fields[name] if name in fields else getattr(committee, name)

    with settled_by_constraint("name", NAME_TAKEN):
        services.update_committee(
            committee, name=value("name"), parent_body=value("parent_body"),
            timezone=(fields["timezone"] or DEFAULT_TIMEZONE) if "timezone" in fields
            else committee.timezone,
            standing_agency_id=value("standing_agency_id"),
            due_soon_days=value("due_soon_days"),
            member_agency_ids=[a.id for a in committee.member_agencies],
            public_page=fields.get("public_page"), max_extensions=fields.get("max_extensions"),
            four_eyes=fields.get("four_eyes"), actor=current_user)
        db.session.commit()
    return committee_body(committee)


# --- member agencies ----------------------------------------------------------------------

MEMBER_ROLE_DOC = {"enum": list(services.MEMBER_ROLES), "description":
                   "standing: the committee's standing agency (exactly one); member: any other."}


class MemberSchema(ApiSchema):
    agency_id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    short_name = ma.fields.String(allow_none=True, required=True)
    kind = ma.fields.String(required=True, metadata={"enum": [k.value for k in AgencyKind]})
    email = ma.fields.String(allow_none=True, required=True, metadata={
        "description": "The agency's focal-point mailbox."})
    role = ma.fields.String(required=True, metadata=MEMBER_ROLE_DOC)


MemberPageSchema = page_of(MemberSchema, "MemberPage")


class MemberCreateSchema(ApiSchema):
    agency_id = Id(required=True)
    role = ma.fields.String(load_default="member", validate=validate.OneOf(services.MEMBER_ROLES),
                            metadata=MEMBER_ROLE_DOC)


def member_body(committee: Committee, agency: Agency) -> dict:
    return {"agency_id": agency.id, "name": agency.name, "short_name": agency.short_name,
            "kind": agency.kind, "email": agency.email,
            "role": "standing" if agency.id == committee.standing_agency_id else "member"}


@bp.route("/committees/<id:committee_id>/members")
@bp.arguments(PageArgsSchema, location="query")
@bp.response(200, MemberPageSchema)
@bp.alt_response(404, schema=ErrorSchema, description="No such committee, or not visible.")
def list_members(args, committee_id):
    """The agencies that sit on the committee, by name, with their role."""
    committee = get_visible(Committee, committee_id)
    query = (select(Agency)
             .join(committee_agency, committee_agency.c.agency_id == Agency.id)
             .where(committee_agency.c.committee_id == committee.id)
             .order_by(Agency.name, Agency.id))
    return page_body(query, args, lambda agency: member_body(committee, agency))


@bp.route("/committees/<id:committee_id>/members", methods=["POST"])
@bp.arguments(MemberCreateSchema)
@bp.response(201, MemberSchema, description="Seated (200 when it already sat there).")
@bp.alt_response(200, schema=MemberSchema, description="Already a member; its role is as asked.")
@bp.alt_response(403, schema=ErrorSchema, description="Only admins seat agencies.")
@bp.alt_response(404, schema=ErrorSchema, description="No such committee, or not visible.")
def add_member(fields, committee_id):
    """Seat an agency on the committee, or make a member the standing agency (the previous
    standing agency stays on as a member)."""
    committee = get_visible(Committee, committee_id)
    require_admin()
    agency = db.session.get(Agency, fields["agency_id"])
    if agency is None:
        raise services.CommitteeError("agency_id", _l("This agency does not exist."))
    was_member = agency in committee.member_agencies
    with settled_by_constraint("agency_id", RACED, 409):
        services.add_member_agency(committee, agency, fields["role"], actor=current_user)
        db.session.commit()
    return member_body(committee, agency), 200 if was_member else 201


@bp.route("/committees/<id:committee_id>/members/<id:agency_id>", methods=["DELETE"])
@bp.response(204)
@bp.alt_response(403, schema=ErrorSchema, description="Only admins remove agencies.")
@bp.alt_response(404, schema=ErrorSchema,
                 description="No such committee (or not visible), or the agency does not sit "
                             "on it.")
@bp.alt_response(409, schema=ErrorSchema, description="The agency is the standing agency, or "
                 "still leads or coordinates unfinished tasks of the committee: make another "
                 "agency standing, or hand the tasks over (restructuring), then retry.")
def remove_member(committee_id, agency_id):
    """Take an agency off the committee."""
    committee = get_visible(Committee, committee_id)
    require_admin()
    agency = db.session.get(Agency, agency_id)
    if agency is None or agency not in committee.member_agencies:
        abort(404)
    try:
        services.remove_member_agency(committee, agency, actor=current_user)
    except services.AgencyStillNeeded as error:
        db.session.rollback()
        return json_error(409, error.message, {"agency_id": error.message})
    db.session.commit()
    return None


# --- roles --------------------------------------------------------------------------------

ROLE_DOC = {"enum": [r.value for r in RoleName]}


class RoleSchema(ApiSchema):
    user_id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    agency = ma.fields.Nested(AgencyRefSchema, allow_none=True, required=True)
    role = ma.fields.String(required=True, metadata=ROLE_DOC)


RolePageSchema = page_of(RoleSchema, "RolePage")


class RoleCreateSchema(ApiSchema):
    user_id = Id(required=True)
    role = ma.fields.String(required=True, validate=validate.OneOf([r.value for r in RoleName]),
                            metadata=ROLE_DOC)


def role_body(role: CommitteeRole) -> dict:
    user = role.user
    return {"user_id": user.id, "name": user.name, "role": role.role,
            "agency": agency_ref(user.agency) if user.agency is not None else None}


@bp.route("/committees/<id:committee_id>/roles")
@bp.arguments(PageArgsSchema, location="query")
@bp.response(200, RolePageSchema)
@bp.alt_response(404, schema=ErrorSchema, description="No such committee, or not visible.")
def list_roles(args, committee_id):
    """The people holding a role in the committee: chair first, then by role and name."""
    committee = get_visible(Committee, committee_id)
    rank = case({role: i for i, role in enumerate(ROLE_ORDER)}, value=CommitteeRole.role,
                else_=len(ROLE_ORDER))
    query = (select(CommitteeRole).join(User, CommitteeRole.user_id == User.id)
             .where(CommitteeRole.committee_id == committee.id)
             .order_by(rank, User.name, User.id))
    return page_body(query, args, role_body)


@bp.route("/committees/<id:committee_id>/roles", methods=["POST"])
@bp.arguments(RoleCreateSchema)
@bp.response(201, RoleSchema, description="Given (200 when it replaced the person's role).")
@bp.alt_response(200, schema=RoleSchema, description="The person held a role here already; "
                 "it is replaced (one role per person and committee).")
@bp.alt_response(403, schema=ErrorSchema, description="Only admins give roles.")
@bp.alt_response(404, schema=ErrorSchema, description="No such committee, or not visible.")
def set_role(fields, committee_id):
    """Give a person a role in the committee, replacing the one they held there."""
    committee = get_visible(Committee, committee_id)
    require_admin()
    user = db.session.get(User, fields["user_id"])
    if user is None:
        raise services.CommitteeError("user_id", _l("There is no such user."))
    had_role = user.role_in(committee.id) is not None
    with settled_by_constraint("user_id", RACED, 409):
        role = services.set_committee_role(committee, user, fields["role"],
                                           actor=current_user)
        db.session.commit()
    return role_body(role), 200 if had_role else 201


@bp.route("/committees/<id:committee_id>/roles/<id:user_id>", methods=["DELETE"])
@bp.response(204)
@bp.alt_response(403, schema=ErrorSchema, description="Only admins take roles away.")
@bp.alt_response(404, schema=ErrorSchema, description="No such committee (or not visible), "
                 "or the person holds no role in it.")
def remove_role(committee_id, user_id):
    """Take away a person's role in the committee (they no longer see it)."""
    committee = get_visible(Committee, committee_id)
    require_admin()
    user = db.session.get(User, user_id)
    if user is None or user.role_in(committee.id) is None:
        abort(404)
    services.remove_committee_role(committee, user, actor=current_user)
    db.session.commit()
    return None
