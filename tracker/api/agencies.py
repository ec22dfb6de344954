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
from flask_login import current_user
from marshmallow import validate
from sqlalchemy import select
from sqlalchemy.orm import Load, selectinload

from tracker import rules
from tracker.access import visible_committee_ids
from tracker.committees import services
from tracker.committees.models import Agency, AgencyKind
from tracker.committees.queries import AGENCY_SORTS, agencies_query, agencies_seen_by
from tracker.extensions import db

from .common import (
    ApiSchema,
    Id,
    PageArgsSchema,
    SafeString,
    Sort,
    Text,
    api_blueprint,
    page_of,
    require_admin,
)

bp = api_blueprint("api_agencies", __name__,
                   "Agencies: members of committees, leading and coordinating tasks.")

NOT_FOUND = "No such agency, or not one you work with."
KIND_DOC = {"enum": [k.value for k in AgencyKind], "description":
            "department (Sở, ban, ngành), peoples_committee (UBND huyện/thành phố), security "
            "(Công an, Biên phòng, Quân sự), management_board (Ban Quản lý), business, "
            "cooperative (hợp tác xã), organisation (hội, đoàn thể), other."}


def Email(**kwargs) -> ma.fields.String:  # noqa: N802 — reads like a field
    return SafeString(validate=[validate.Length(max=rules.EMAIL_LENGTH), validate.Email()],
                      **kwargs)


class AgencyListArgsSchema(PageArgsSchema):
    q = Text(100, metadata={"description": "Words in the name or short name; diacritics and "
                                           "case ignored."})
    kind = ma.fields.String(validate=validate.OneOf([k.value for k in AgencyKind]))
    committee = Id(strict=False, metadata={"description": "Only agencies sitting on this "
                                                          "committee."})
    sort = Sort(AGENCY_SORTS, "name")


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
    committee_ids = ma.fields.Function(
        lambda agency: _visible_committee_ids_of(agency), required=True, metadata={
            "type": "array", "items": {"type": "integer"},
            "description": "Committees it sits on, of those visible to you."})
    created_at = ma.fields.DateTime(required=True)


AgencyPageSchema = page_of(AgencySchema, "AgencyPage")


class AgencyFieldsSchema(ApiSchema):
    name = Text(rules.AGENCY_NAME, metadata={
        "description": "Full official name; unique, whatever the case."})
    short_name = Text(rules.AGENCY_SHORT_NAME, allow_none=True, metadata={
        "description": "As written in tables, e.g. Sở VHTTDL."})
    kind = ma.fields.String(validate=validate.OneOf([k.value for k in AgencyKind]),
                            metadata=KIND_DOC)
    email = Email(allow_none=True)
    head_email = Email(allow_none=True)


class AgencyCreateSchema(AgencyFieldsSchema):
    name = Text(rules.AGENCY_NAME, required=True, metadata={
        "description": "Full official name; unique, whatever the case."})
    kind = ma.fields.String(load_default=AgencyKind.DEPARTMENT.value,
                            validate=validate.OneOf([k.value for k in AgencyKind]),
                            metadata=KIND_DOC)


def _visible_committee_ids_of(agency: Agency) -> list[int]:
    visible = visible_committee_ids(current_user)
    return sorted(c.id for c in agency.committees if visible is None or c.id in visible)


def _get_agency(agency_id: int) -> Agency:
    """The agency, or 404 when it does not exist or the caller does not work with it."""
    condition = agencies_seen_by(current_user)
    query = select(Agency).where(Agency.id == agency_id)
    if condition is not None:
        query = query.where(condition)
    agency = db.session.scalar(query)
    if agency is None:
        abort(404)
    return agency


@bp.paged("/agencies", AgencyPageSchema, AgencyListArgsSchema)
def list_agencies(args):
    """The agencies the caller works with (admins: all), filtered, sorted and paginated."""
    return agencies_query(args.get("q"), args["sort"], kind=args.get("kind"),
                          committee_id=args.get("committee"), seen_by=current_user).options(
        selectinload(Agency.committees), Load(Agency).raiseload("*", sql_only=True))


@bp.route("/agencies", methods=["POST"])
@bp.arguments(AgencyCreateSchema)
@bp.response(201, AgencySchema)
@bp.errors(forbidden="Only admins add agencies.")
def create_agency(fields):
    """Add an agency (admins). It needs no user accounts: its focal-point e-mail gets mail."""
    require_admin()
    return services.create_agency(
        name=fields["name"], short_name=fields.get("short_name"), kind=fields["kind"],
        email=fields.get("email"), head_email=fields.get("head_email"), actor=current_user)


@bp.route("/agencies/<id:agency_id>")
@bp.response(200, AgencySchema)
@bp.errors(not_found=NOT_FOUND)
def get_agency(agency_id):
    """One agency."""
    return _get_agency(agency_id)


@bp.route("/agencies/<id:agency_id>", methods=["PATCH"])
@bp.arguments(AgencyFieldsSchema)
@bp.response(200, AgencySchema)
@bp.errors(forbidden="Only admins change agencies.", not_found=NOT_FOUND)
def update_agency(fields, agency_id):
    """Change an agency's names, kind or e-mails; only the fields sent change."""
    agency = _get_agency(agency_id)
    require_admin()

    def value(name):
        return fields[name] if name in fields else getattr(agency, name)

    return services.update_agency(agency, name=value("name"), short_name=value("short_name"),
                                  kind=value("kind"), email=value("email"),
                                  head_email=value("head_email"), actor=current_user)
