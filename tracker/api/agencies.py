"""Agencies: the departments, district people's committees, forces and partners that sit
on committees and lead or coordinate tasks.

Who may: admins add and change agencies (as on the site's admin screens) and read all of
them. Anyone else reads the agencies they work with — those sitting on a committee they
hold a role in, and their own — so an integrator can name lead and coordinating agencies;
any other agency is a 404, as invisible committees are.
"""

from __future__ import annotations

import marshmallow as ma
from flask import abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from marshmallow import validate
from sqlalchemy import or_, select

from tracker.access import visible_committee_ids
from tracker.committees import services
from tracker.committees.models import Agency, AgencyKind, committee_agency
from tracker.committees.queries import AGENCY_SORTS, agencies_query
from tracker.extensions import db

from .committees import settled_by_constraint
from .common import (
    ApiSchema,
    ErrorSchema,
    Id,
    PageArgsSchema,
    SafeString,
    Text,
    api_blueprint,
    page_body,
    page_of,
    require_admin,
)

bp = api_blueprint("api_agencies", __name__,
                   "Agencies: members of committees, leading and coordinating tasks.")

NAME_TAKEN = _l("Another agency already has this name.")
AGENCY_SORT_KEYS = [*AGENCY_SORTS, *(f"-{key}" for key in AGENCY_SORTS)]
KIND_DOC = {"enum": [k.value for k in AgencyKind], "description":
            "department (Sở, ban, ngành), peoples_committee (UBND huyện/thành phố), security "
            "(Công an, Biên phòng, Quân sự), management_board (Ban Quản lý), business, "
            "cooperative (hợp tác xã), organisation (hội, đoàn thể), other."}


def Email(**kwargs) -> ma.fields.String:  # noqa: N802 — reads like a field
    return SafeString(validate=[validate.Length(max=254), validate.Email()], **kwargs)


class AgencyListArgsSchema(PageArgsSchema):
    q = Text(100, metadata={"description": "Words in the name or short name; diacritics and "
                                           "case ignored."})
    kind = ma.fields.String(validate=validate.OneOf([k.value for k in AgencyKind]))
    committee = Id(strict=False, metadata={"description": "Only agencies sitting on this "
                                                          "committee."})
    sort = ma.fields.String(load_default="name", validate=validate.OneOf(AGENCY_SORT_KEYS),
                            metadata={"description": "A key; prefix '-' for descending."})


class AgencySchema(ApiSchema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    short_name = ma.fields.String(allow_none=True, required=True)
    kind = ma.fields.String(required=True, metadata=KIND_DOC)
    email = ma.fields.String(allow_none=True, required=True, metadata={
        "description": "Focal-point mailbox: reminders reach agencies without accounts here."})
    head_email = ma.fields.String(allow_none=True, required=True, metadata={
        "description": "The head's mailbox: the first step of the overdue escalation."})
    merged_into_id = ma.fields.Integer(allow_none=True, required=True, metadata={
        "description": "The agency this one merged into (restructuring), if any."})
    committee_ids = ma.fields.List(ma.fields.Integer(), required=True, metadata={
        "description": "Committees it sits on, of those visible to you."})
    created_at = ma.fields.DateTime(required=True)


AgencyPageSchema = page_of(AgencySchema, "AgencyPage")


class AgencyFieldsSchema(ApiSchema):
    name = Text(255, metadata={"description": "Full official name; unique, whatever the case."})
    short_name = Text(80, allow_none=True, metadata={
        "description": "As written in tables, e.g. Sở VHTTDL."})
    kind = ma.fields.String(validate=validate.OneOf([k.value for k in AgencyKind]),
                            metadata=KIND_DOC)
    email = Email(allow_none=True)
    head_email = Email(allow_none=True)


class AgencyCreateSchema(AgencyFieldsSchema):
    name = Text(255, required=True, metadata={
        "description": "Full official name; unique, whatever the case."})
    kind = ma.fields.String(load_default=AgencyKind.DEPARTMENT.value,
                            validate=validate.OneOf([k.value for k in AgencyKind]),
                            metadata=KIND_DOC)


def _visible_filter():
    """None for admins (every agency); else the condition naming the agencies they see."""
    committees = visible_committee_ids(current_user)
    if committees is None:
        return None
    seated = select(committee_agency.c.agency_id).where(
        committee_agency.c.committee_id.in_(committees or [-1]))
    return or_(Agency.id.in_(seated), Agency.id == current_user.agency_id)


def agency_body(agency: Agency) -> dict:
    visible = visible_committee_ids(current_user)
    return {
        "id": agency.id, "name": agency.name, "short_name": agency.short_name,
        "kind": agency.kind, "email": agency.email, "head_email": agency.head_email,
        "merged_into_id": agency.merged_into_id,
        "committee_ids": sorted(c.id for c in agency.committees
                                if visible is None or c.id in visible),
        "created_at": agency.created_at,
    }


def _get_agency(agency_id: int) -> Agency:
    """The agency, or 404 when it does not exist or the caller does not work with it."""
    condition = _visible_filter()
    query = select(Agency).where(Agency.id == agency_id)
    if condition is not None:
        query = query.where(condition)
    agency = db.session.scalar(query)
    if agency is None:
        abort(404)
    return agency


@bp.route("/agencies")
@bp.arguments(AgencyListArgsSchema, location="query")
@bp.response(200, AgencyPageSchema)
def list_agencies(args):
    """The agencies the caller works with (admins: all), filtered, sorted and paginated."""
    query = agencies_query(args.get("q"), args["sort"])
    condition = _visible_filter()
    if condition is not None:
        query = query.where(condition)
    if args.get("kind"):
        query = query.where(Agency.kind == args["kind"])
    if args.get("committee"):
        query = query.where(Agency.id.in_(select(committee_agency.c.agency_id).where(
            committee_agency.c.committee_id == args["committee"])))
    return page_body(query, args, agency_body)


@bp.route("/agencies", methods=["POST"])
@bp.arguments(AgencyCreateSchema)
@bp.response(201, AgencySchema)
@bp.alt_response(403, schema=ErrorSchema, description="Only admins add agencies.")
def create_agency(fields):
    """Add an agency (admins). It needs no user accounts: its focal-point e-mail gets mail."""
    require_admin()
    with settled_by_constraint("name", NAME_TAKEN):
        agency = services.create_agency(
            name=fields["name"], short_name=fields.get("short_name"), kind=fields["kind"],
            email=fields.get("email"), head_email=fields.get("head_email"), actor=current_user)
        db.session.commit()
    return agency_body(agency)


@bp.route("/agencies/<id:agency_id>")
@bp.response(200, AgencySchema)
@bp.alt_response(404, schema=ErrorSchema, description="No such agency, or not one you work "
                 "with.")
def get_agency(agency_id):
    """One agency."""
    return agency_body(_get_agency(agency_id))


@bp.route("/agencies/<id:agency_id>", methods=["PATCH"])
@bp.arguments(AgencyFieldsSchema)
@bp.response(200, AgencySchema)
@bp.alt_response(403, schema=ErrorSchema, description="Only admins change agencies.")
@bp.alt_response(404, schema=ErrorSchema, description="No such agency, or not one you work "
                 "with.")
def update_agency(fields, agency_id):
    """Change an agency's names, kind or e-mails; only the fields sent change."""
    agency = _get_agency(agency_id)
    require_admin()

    def value(name):
        return fields[name] if name in fields else getattr(agency, name)

    with settled_by_constraint("name", NAME_TAKEN):
        services.update_agency(agency, name=value("name"), short_name=value("short_name"),
                               kind=value("kind"), email=value("email"),
                               head_email=value("head_email"), actor=current_user)
        db.session.commit()
    return agency_body(agency)
