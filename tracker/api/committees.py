"""Committees, the agencies that sit on them and the people who hold roles in them.

Who may (as on the site): anyone sees the committees they hold a role in (admins: all)
and their member agencies and people; only admins set committees up, change them, seat
or remove agencies and give or take roles. An invisible committee is a 404 whatever
the method; a visible one a non-admin may not change is a 403.
"""

from __future__ import annotations

import marshmallow as ma
from flask import abort, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from marshmallow import validate

from tracker import rules
from tracker.access import visible_committee_ids
from tracker.auth.models import User
from tracker.clock import DEFAULT_TIMEZONE
from tracker.committees import services
from tracker.committees.models import Agency, AgencyKind, Committee, RoleName
from tracker.committees.queries import (
    COMMITTEE_SORTS,
    committee_roles_query,
    committees_query,
    members_query,
)
from tracker.extensions import db
from tracker.tasks.restructure.services import remove_member_agency

from .common import (
    ApiSchema,
    Id,
    Number,
    PageArgsSchema,
    Sort,
    Text,
    api_blueprint,
    get_visible,
    listed,
    page_of,
    require_admin,
)
from .schemas import AgencyRefSchema

bp = api_blueprint("api_committees", __name__,
                   "Steering committees, their member agencies and the roles people hold.")

NOT_FOUND = "No such committee, or not visible."


# --- committees ---------------------------------------------------------------------------

class CommitteeListArgsSchema(PageArgsSchema):
    q = Text(100, metadata={"description": "Words in the name or parent body; diacritics and "
                                           "case ignored."})
    sort = Sort(COMMITTEE_SORTS, "name")


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
    my_role = ma.fields.Function(lambda committee: current_user.role_in(committee.id),
                                 allow_none=True, required=True, metadata={
        "type": "string",
        "enum": [r.value for r in RoleName],
        "description": "The caller's role in the committee (null: none, e.g. an admin)."})
    created_at = ma.fields.DateTime(required=True)
    url = ma.fields.Function(
        lambda committee: url_for("committees.show", committee_id=committee.id, _external=True),
        required=True, metadata={"type": "string", "description": "Its page on the site."})


CommitteePageSchema = page_of(CommitteeSchema, "CommitteePage")

TIMEZONE_DOC = {"description": f"An IANA time zone, e.g. {DEFAULT_TIMEZONE} (the default)."}


class CommitteeFieldsSchema(ApiSchema):
    name = Text(rules.COMMITTEE_NAME, metadata={"description": "Unique, whatever the case."})
    parent_body = Text(rules.COMMITTEE_PARENT_BODY, allow_none=True, metadata={
        "description": "The body that set it up, e.g. UBND tỉnh Lạng Sơn."})
    timezone = Text(64, allow_none=True, metadata=TIMEZONE_DOC)
    standing_agency_id = Id(metadata={
        "description": "The standing agency (cơ quan thường trực); it is seated as a member."})
    due_soon_days = Number(rules.DUE_SOON_DAYS)
    max_extensions = Number(rules.EXTENSIONS_PER_TASK)
    public_page = ma.fields.Boolean()
    four_eyes = ma.fields.Boolean(metadata={
        "description": "\"Four eyes\" (see the committee); new committees: true."})


class CommitteeCreateSchema(CommitteeFieldsSchema):
    name = Text(rules.COMMITTEE_NAME, required=True,
                metadata={"description": "Unique, whatever the case."})
    standing_agency_id = Id(required=True, metadata={
        "description": "The standing agency (cơ quan thường trực); it is seated as a member."})
    member_agency_ids = ma.fields.List(Id(), validate=validate.Length(max=500), metadata={
        "description": "Further member agencies (see also /committees/{id}/members)."})


@bp.paged("/committees", CommitteePageSchema, CommitteeListArgsSchema)
def list_committees(args):
    """The committees the caller holds a role in (admins: all)."""
    return committees_query(visible_committee_ids(current_user), args.get("q"), args["sort"])


@bp.route("/committees", methods=["POST"])
@bp.arguments(CommitteeCreateSchema)
@bp.response(201, CommitteeSchema)
@bp.errors(forbidden="Only admins set committees up.")
def create_committee(fields):
    """Set up a committee (admins)."""
    require_admin()
    return services.create_committee(
        name=fields["name"], parent_body=fields.get("parent_body"),
        timezone=fields.get("timezone") or DEFAULT_TIMEZONE,
        standing_agency_id=fields["standing_agency_id"],
        due_soon_days=fields.get("due_soon_days", 3),
        member_agency_ids=fields.get("member_agency_ids", []),
        public_page=fields.get("public_page"), max_extensions=fields.get("max_extensions"),
        four_eyes=fields.get("four_eyes"), actor=current_user)


@bp.route("/committees/<id:committee_id>")
@bp.response(200, CommitteeSchema)
@bp.errors(not_found=NOT_FOUND)
def get_committee(committee_id):
    """One committee and its settings."""
    return get_visible(Committee, committee_id)


@bp.route("/committees/<id:committee_id>", methods=["PATCH"])
@bp.arguments(CommitteeFieldsSchema)
@bp.response(200, CommitteeSchema)
@bp.errors(forbidden="Only admins change committees.", not_found=NOT_FOUND)
def update_committee(fields, committee_id):
    """Change a committee's settings; only the fields sent change. A new standing agency is
    seated as a member; the member list itself changes through /committees/{id}/members."""
    committee = get_visible(Committee, committee_id)
    require_admin()

    def value(name):
        return fields[name] if name in fields else getattr(committee, name)

    return services.update_committee(
        committee, name=value("name"), parent_body=value("parent_body"),
        timezone=(fields["timezone"] or DEFAULT_TIMEZONE) if "timezone" in fields
        else committee.timezone,
        standing_agency_id=value("standing_agency_id"),
        due_soon_days=value("due_soon_days"),
        member_agency_ids=[a.id for a in committee.member_agencies],
        public_page=fields.get("public_page"), max_extensions=fields.get("max_extensions"),
        four_eyes=fields.get("four_eyes"), actor=current_user)


# --- member agencies ----------------------------------------------------------------------

MEMBER_ROLE_DOC = {"enum": list(services.MEMBER_ROLES), "description":
                   "standing: the committee's standing agency (exactly one); member: any other."}


class MemberSchema(ApiSchema):
    """An agency on the committee, as ``committees.queries.members_query`` lists it."""

    agency_id = ma.fields.Integer(attribute="id", required=True)
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


@bp.paged("/committees/<id:committee_id>/members", MemberPageSchema, not_found=NOT_FOUND)
def list_members(_args, committee_id):
    """The agencies that sit on the committee, by name, with their role."""
    return members_query(get_visible(Committee, committee_id).id)


@bp.route("/committees/<id:committee_id>/members", methods=["POST"])
@bp.arguments(MemberCreateSchema)
@bp.response(201, MemberSchema, description="Seated (200 when it already sat there).")
@bp.alt_response(200, schema=MemberSchema, description="Already a member; its role is as asked.")
@bp.errors(forbidden="Only admins seat agencies.", not_found=NOT_FOUND)
def add_member(fields, committee_id):
    """Seat an agency on the committee, or make a member the standing agency (the previous
    standing agency stays on as a member)."""
    committee = get_visible(Committee, committee_id)
    require_admin()
    agency = db.session.get(Agency, fields["agency_id"])
    if agency is None:
        raise services.CommitteeError("agency_id", _l("This agency does not exist."))
    was_member = agency in committee.member_agencies
    services.add_member_agency(committee, agency, fields["role"], actor=current_user)
    return _member(committee, agency), 200 if was_member else 201


@bp.route("/committees/<id:committee_id>/members/<id:agency_id>", methods=["DELETE"])
@bp.response(204)
@bp.errors(forbidden="Only admins remove agencies.",
           not_found="No such committee (or not visible), or the agency does not sit on it.",
           conflict="The agency is the standing agency, or still leads or coordinates "
                    "unfinished tasks of the committee: make another agency standing, or hand "
                    "the tasks over (restructuring), then retry.")
def remove_member(committee_id, agency_id):
    """Take an agency off the committee."""
    committee = get_visible(Committee, committee_id)
    require_admin()
    agency = db.session.get(Agency, agency_id)
    if agency is None or agency not in committee.member_agencies:
        abort(404)
    remove_member_agency(committee, agency, actor=current_user)
    return None


# --- roles --------------------------------------------------------------------------------

ROLE_DOC = {"enum": [r.value for r in RoleName]}


class RoleSchema(ApiSchema):
    user_id = ma.fields.Integer(required=True)
    name = ma.fields.String(attribute="user.name", required=True)
    agency = ma.fields.Nested(AgencyRefSchema, attribute="user.agency", allow_none=True,
                              required=True)
    role = ma.fields.String(required=True, metadata=ROLE_DOC)


RolePageSchema = page_of(RoleSchema, "RolePage")


class RoleCreateSchema(ApiSchema):
    user_id = Id(required=True)
    role = ma.fields.String(required=True, validate=validate.OneOf([r.value for r in RoleName]),
                            metadata=ROLE_DOC)


@bp.paged("/committees/<id:committee_id>/roles", RolePageSchema, not_found=NOT_FOUND)
def list_roles(_args, committee_id):
    """The people holding a role in the committee: chair first, then by role and name."""
    return committee_roles_query(get_visible(Committee, committee_id).id)


@bp.route("/committees/<id:committee_id>/roles", methods=["POST"])
@bp.arguments(RoleCreateSchema)
@bp.response(201, RoleSchema, description="Given (200 when it replaced the person's role).")
@bp.alt_response(200, schema=RoleSchema, description="The person held a role here already; "
                 "it is replaced (one role per person and committee).")
@bp.errors(forbidden="Only admins give roles.", not_found=NOT_FOUND)
def set_role(fields, committee_id):
    """Give a person a role in the committee, replacing the one they held there."""
    committee = get_visible(Committee, committee_id)
    require_admin()
    user = db.session.get(User, fields["user_id"])
    if user is None:
        raise services.CommitteeError("user_id", _l("There is no such user."))
    had_role = user.role_in(committee.id) is not None
    role = services.set_committee_role(committee, user, fields["role"], actor=current_user)
    return role, 200 if had_role else 201


@bp.route("/committees/<id:committee_id>/roles/<id:user_id>", methods=["DELETE"])
@bp.response(204)
@bp.errors(forbidden="Only admins take roles away.",
           not_found="No such committee (or not visible), or the person holds no role in it.")
def remove_role(committee_id, user_id):
    """Take away a person's role in the committee (they no longer see it)."""
    committee = get_visible(Committee, committee_id)
    require_admin()
    user = db.session.get(User, user_id)
    if user is None or user.role_in(committee.id) is None:
        abort(404)
    services.remove_committee_role(committee, user, actor=current_user)
    return None


def _member(committee: Committee, agency: Agency):
    """One agency on the committee, as the list shows it."""
    return listed(db.session.execute(
        members_query(committee.id).where(Agency.id == agency.id)).one())
