"""Resolutions: the directive documents (nghị quyết, kết luận, thông báo kết luận…) a
committee issues, listed per committee, recorded, read and edited with their version."""

from __future__ import annotations

import marshmallow as ma
from flask import url_for
from flask_login import current_user
from marshmallow import validate

from tracker import rules
from tracker.access import Action
from tracker.committees.models import Committee
from tracker.resolutions import services as resolution_services
from tracker.resolutions.models import Resolution, ResolutionKind
from tracker.resolutions.queries import (
    RESOLUTION_SORTS,
    ResolutionFilters,
    resolutions_query,
    task_count_of,
)

from .common import (
    CURRENT_SCHEMAS,
    ApiSchema,
    Id,
    Listed,
    PageArgsSchema,
    Sort,
    Text,
    api_blueprint,
    expected_version,
    get_visible,
    page_of,
)

bp = api_blueprint("api_resolutions", __name__,
                   "Directive documents a committee issues; tasks are assigned under them.")

KINDS = [k.value for k in ResolutionKind]
KIND_HELP = ("resolution (nghị quyết), conclusion (kết luận), conclusion_notice (thông báo "
             "kết luận), plan (kế hoạch), decision (quyết định), regulation (quy chế), other.")
NO_COMMITTEE = "No such committee, or not visible."
NOT_FOUND = "No such document, or not visible."


class ResolutionSchema(ApiSchema):
    id = ma.fields.Integer(required=True)
    committee_id = ma.fields.Integer(required=True)
    kind = ma.fields.String(required=True, metadata={"enum": KINDS, "description": KIND_HELP})
    number = ma.fields.String(required=True, metadata={
        "description": "The official number as printed, e.g. 12/TB-BCĐ; unique in the "
                       "committee."})
    issued_on = ma.fields.Date(required=True)
    title = ma.fields.String(required=True)
    text = ma.fields.String(allow_none=True, required=True)
    signer = ma.fields.String(allow_none=True, required=True)
    meeting_id = ma.fields.Integer(allow_none=True, required=True, metadata={
        "description": "The meeting that produced it, if any."})
    task_count = ma.fields.Integer(required=True, metadata={"description": "Tasks assigned "
                                                                           "under it."})
    version = ma.fields.Integer(required=True, metadata={
        "description": "Send it back (or as If-Match) when changing the document."})
    created_at = ma.fields.DateTime(required=True)
    url = ma.fields.Function(
        lambda resolution: url_for("resolutions.detail", resolution_id=resolution.id,
                                   _external=True),
        required=True, metadata={"type": "string", "description": "Its page on the site."})

    @ma.pre_dump
    def _counted(self, resolution, **kwargs):
        """A list's row carries the count its query computed; one document counts its own."""
        if isinstance(resolution, Listed):
            return resolution
        return Listed(resolution, task_count=task_count_of(resolution.id))


CURRENT_SCHEMAS[Resolution] = ResolutionSchema
ResolutionPageSchema = page_of(ResolutionSchema, "ResolutionPage")


class ResolutionListArgsSchema(PageArgsSchema):
    kind = ma.fields.String(validate=validate.OneOf(KINDS))
    issued_from = ma.fields.Date(metadata={"description": "Issued on or after."})
    issued_to = ma.fields.Date(metadata={"description": "Issued on or before."})
    q = Text(200, metadata={"description": "Words in the number, title, signer or text; "
                                           "diacritics and case ignored."})
    sort = Sort(RESOLUTION_SORTS, "-issued",
                "issued, number, title, committee or tasks; prefix '-' for descending.")


class ResolutionFieldsSchema(ApiSchema):
    kind = ma.fields.String(validate=validate.OneOf(KINDS), metadata={"description": KIND_HELP})
    number = Text(rules.RESOLUTION_NUMBER)
    issued_on = ma.fields.Date()
    title = Text(rules.RESOLUTION_TITLE)
    text = Text(rules.RESOLUTION_TEXT, allow_none=True,
                metadata={"description": "The document's text."})
    signer = Text(rules.RESOLUTION_SIGNER, allow_none=True,
                  metadata={"description": "Who signed it, as printed."})
    meeting_id = Id(allow_none=True, metadata={"description": "A meeting of the same committee."})


class ResolutionCreateSchema(ResolutionFieldsSchema):
    kind = ma.fields.String(required=True, validate=validate.OneOf(KINDS),
                            metadata={"description": KIND_HELP})
    number = Text(rules.RESOLUTION_NUMBER, required=True)
    issued_on = ma.fields.Date(required=True)
    title = Text(rules.RESOLUTION_TITLE, required=True)


class ResolutionPatchSchema(ResolutionFieldsSchema):
    version = ma.fields.Integer(metadata={
        "description": "The version you read; refused with 409 when the document has changed "
                       "since. `If-Match: \"<version>\"` works too."})


@bp.paged("/committees/<id:committee_id>/resolutions", ResolutionPageSchema,
          ResolutionListArgsSchema, not_found=NO_COMMITTEE)
def list_resolutions(args, committee_id):
    """The committee's documents, filtered, sorted (newest first) and paginated."""
    committee = get_visible(Committee, committee_id)
    filters = ResolutionFilters(committee_id=committee.id, kind=args.get("kind"),
                                issued_from=args.get("issued_from"),
                                issued_to=args.get("issued_to"),
                                q=(args.get("q") or "").strip() or None)
    return resolutions_query(current_user, filters, args["sort"])


@bp.route("/committees/<id:committee_id>/resolutions", methods=["POST"])
@bp.arguments(ResolutionCreateSchema)
@bp.response(201, ResolutionSchema)
@bp.errors(forbidden="Only the committee's chair, vice-chairs and secretaries record documents.",
           not_found=NO_COMMITTEE)
def create_resolution(fields, committee_id):
    """Record a document; its number must be unique in the committee (else 422 on number)."""
    committee = get_visible(Committee, committee_id, Action.MANAGE)
    return resolution_services.create_resolution(committee, actor=current_user, **fields)


@bp.route("/resolutions/<id:resolution_id>")
@bp.response(200, ResolutionSchema)
@bp.errors(not_found=NOT_FOUND)
def get_resolution(resolution_id):
    """One document, with its version and how many tasks it assigns."""
    return get_visible(Resolution, resolution_id)


@bp.route("/resolutions/<id:resolution_id>", methods=["PATCH"])
@bp.arguments(ResolutionPatchSchema)
@bp.response(200, ResolutionSchema)
@bp.errors(forbidden="Only the committee's managers.", not_found=NOT_FOUND,
           conflict="Changed since the version you read; `error.current` holds the document "
                    "as stored now.")
def update_resolution(fields, resolution_id):
    """Change a document's fields; only the fields sent change."""
    resolution = get_visible(Resolution, resolution_id, Action.MANAGE)
    version = expected_version(fields)
    fields.pop("version", None)
    return resolution_services.update_resolution(resolution, actor=current_user,
                                                 expected_version=version, **fields)
