"""User accounts: admins list and create them; everyone reads their own.

No answer ever carries a password or its hash: the password is write-only.
"""

from __future__ import annotations

import marshmallow as ma
from flask_login import current_user
from marshmallow import validate
from sqlalchemy.orm import selectinload

from tracker import rules
from tracker.auth import services as accounts
from tracker.auth.models import User
from tracker.auth.passwords import MAX_PASSWORD_LENGTH
from tracker.committees.models import CommitteeRole, RoleName
from tracker.committees.queries import USER_SORTS, users_query
from tracker.extensions import db

from .common import (
    ApiSchema,
    Id,
    Listed,
    PageArgsSchema,
    SafeString,
    Sort,
    Text,
    api_blueprint,
    page_of,
    require_admin,
)
from .schemas import AgencyRefSchema

bp = api_blueprint("api_users", __name__, "User accounts (admins) and your own account.")

class UserListArgsSchema(PageArgsSchema):
    q = Text(100, metadata={"description": "Words in the name or e-mail."})
    agency = Id(strict=False, metadata={"description": "Only staff of this agency."})
    sort = Sort(USER_SORTS, "name")


class UserRoleSchema(ApiSchema):
    committee_id = ma.fields.Integer(required=True)
    committee_name = ma.fields.String(attribute="committee.name", required=True)
    role = ma.fields.String(required=True, metadata={"enum": [r.value for r in RoleName]})


class UserSchema(ApiSchema):
    id = ma.fields.Integer(required=True)
    email = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    agency_id = ma.fields.Integer(allow_none=True, required=True)
    agency = ma.fields.Nested(AgencyRefSchema, allow_none=True, required=True)
    language = ma.fields.String(required=True, metadata={"enum": list(accounts.LANGUAGES)})
    is_admin = ma.fields.Boolean(required=True)
    is_active = ma.fields.Boolean(attribute="is_active_account", required=True, metadata={
        "description": "false: deactivated, cannot sign in or use tokens."})
    roles = ma.fields.List(ma.fields.Nested(UserRoleSchema), required=True, metadata={
        "description": "The committees the person holds a role in."})
    created_at = ma.fields.DateTime(required=True)
    last_login_at = ma.fields.DateTime(allow_none=True, required=True)

    @ma.pre_dump
    def _roles_by_committee(self, user, **kwargs):
        return Listed(user, roles=sorted(user.committee_roles,
                                         key=lambda r: (r.committee.name, r.committee_id)))


UserPageSchema = page_of(UserSchema, "UserPage")


class UserCreateSchema(ApiSchema):
    email = SafeString(required=True,
                       validate=[validate.Length(max=rules.EMAIL_LENGTH), validate.Email()])
    name = Text(rules.PERSON_NAME, required=True)
    password = SafeString(required=True, load_only=True,
                          validate=validate.Length(max=MAX_PASSWORD_LENGTH),
                          metadata={"description": "At least 10 characters; never returned."})
    agency_id = Id(allow_none=True, metadata={"description": "The agency the person works "
                                                             "for; null for none."})
    language = ma.fields.String(load_default="vi", validate=validate.OneOf(accounts.LANGUAGES),
                                metadata={"description": "Interface and e-mail language."})
    is_admin = ma.fields.Boolean(load_default=False)


@bp.paged("/users", UserPageSchema, UserListArgsSchema, forbidden="Only admins list accounts.")
def list_users(args):
    """Every account, searched, filtered by agency, sorted and paginated (admins)."""
    require_admin()
    return users_query(args.get("q"), args.get("agency"), args["sort"]).options(
        selectinload(User.agency),
        selectinload(User.committee_roles).selectinload(CommitteeRole.committee))


@bp.route("/users", methods=["POST"])
@bp.arguments(UserCreateSchema)
@bp.response(201, UserSchema)
@bp.errors(forbidden="Only admins create accounts.")
def create_user(fields):
    """Create an account (admins); give it roles with POST /committees/{id}/roles."""
    require_admin()
    return accounts.create_user(
        email=fields["email"], name=fields["name"], password=fields["password"],
        agency_id=fields.get("agency_id"), language=fields["language"],
        is_admin=fields["is_admin"], actor=current_user)


@bp.route("/users/me")
@bp.response(200, UserSchema)
def get_me():
    """The caller's own account, agency and committee roles."""
    return db.session.get(User, current_user.id)
