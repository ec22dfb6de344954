"""Drafts: a document's record and tasks proposed from its text (pasted, or a DOCX, a PDF
with a text layer or a text file), for the caller to review; nothing is saved."""

from __future__ import annotations

import marshmallow as ma
from flask import request
from flask_babel import lazy_gettext as _l

from tracker import rules
from tracker.access import Action
from tracker.clock import local_today
from tracker.committees.models import Committee
from tracker.domain import DomainError
from tracker.drafting.extraction import extract_draft
from tracker.drafting.queries import agency_refs
from tracker.drafting.sources import EXTENSIONS, FIELD, text_of_upload

from .common import ApiSchema, Text, api_blueprint, get_visible
from .resolutions import KIND_HELP, KINDS, NO_COMMITTEE

bp = api_blueprint("api_drafts", __name__,
                   "Drafts of a document's record and tasks, proposed from its text; nothing "
                   "is saved (record them with the resolution and task operations).")

NO_TEXT = _l("Paste the text of the document, or choose a file.")


class DraftTextSchema(ApiSchema):
    text = Text(rules.DRAFT_TEXT, metadata={
        "description": "The document's text: a conclusion notice, plan or directive."})


class AgencyCandidateSchema(ma.Schema):
    agency_id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    score = ma.fields.Float(required=True, metadata={"description": "0–1, higher is closer."})


class AgencyMentionSchema(ma.Schema):
    text = ma.fields.String(required=True, metadata={"description": "As written."})
    agency_ids = ma.fields.List(ma.fields.Integer(), required=True, metadata={
        "description": "The committee's agencies it names: one, several for a group phrase "
                       "(\"UBND các huyện, thành phố\"), none when nothing matched."})
    group = ma.fields.Boolean(required=True, metadata={
        "description": "A group phrase expanded to the agencies of its kind: confirm them."})
    candidates = ma.fields.List(ma.fields.Nested(AgencyCandidateSchema), required=True,
                                metadata={"description": "The closest agencies when nothing "
                                                         "matched."})


class DraftDeadlineSchema(ma.Schema):
    kind = ma.fields.String(required=True, metadata={
        "enum": ["date", "standing", "recurring", "none"],
        "description": "date, standing (thường xuyên), recurring (định kỳ) or none."})
    on = ma.fields.Date(allow_none=True, required=True, metadata={
        "description": "The deadline; for a recurring duty, its first occurrence."})
    text = ma.fields.String(allow_none=True, required=True, metadata={
        "description": "The words it was read from."})
    recurrence = ma.fields.String(allow_none=True, required=True, metadata={
        "description": "Recurring only: monthly:<day>, monthly, quarterly, half_yearly, "
                       "yearly or weekly."})


class DraftTaskSchema(ma.Schema):
    clause = ma.fields.String(required=True, metadata={
        "description": "The clause's number as written (\"2.1\", \"a)\", \"-\"), or empty."})
    title = ma.fields.String(required=True, metadata={"description": "The action, short."})
    description = ma.fields.String(required=True, metadata={"description": "The clause."})
    lead = ma.fields.Nested(AgencyMentionSchema, allow_none=True, required=True)
    coordinating = ma.fields.List(ma.fields.Nested(AgencyMentionSchema), required=True)
    deadline = ma.fields.Nested(DraftDeadlineSchema, required=True)


class DraftRecordSchema(ma.Schema):
    kind = ma.fields.String(allow_none=True, required=True,
                            metadata={"enum": KINDS, "description": KIND_HELP})
    number = ma.fields.String(allow_none=True, required=True)
    issued_on = ma.fields.Date(allow_none=True, required=True)
    signer = ma.fields.String(allow_none=True, required=True)
    title = ma.fields.String(allow_none=True, required=True)


class DraftSchema(ma.Schema):
    record = ma.fields.Nested(DraftRecordSchema, required=True)
    tasks = ma.fields.List(ma.fields.Nested(DraftTaskSchema), required=True)


MULTIPART = {"schema": {"type": "object", "required": [FIELD], "properties": {FIELD: {
    "type": "string", "format": "binary",
    "description": f"The document: {', '.join(EXTENSIONS)}; at most {rules.DRAFT_FILE_MB} MB. "
                   "A scanned PDF without a text layer is refused."}}}}


def _text_of_request(fields: dict) -> str:
    upload = request.files.get(FIELD)
    if upload is not None and upload.filename:
        return text_of_upload(upload.filename, upload.read(rules.DRAFT_FILE_MB * 1024 * 1024 + 1))
    text = (fields.get("text") or "").strip()
    if not text:
        raise DomainError("text", NO_TEXT)
    return text


@bp.route("/committees/<id:committee_id>/resolutions/draft", methods=["POST"])
@bp.arguments(DraftTextSchema, location="json", required=False)
@bp.doc(requestBody={"required": True, "content": {"multipart/form-data": MULTIPART}})
@bp.response(200, DraftSchema)
@bp.errors(forbidden="Only the committee's chair, vice-chairs and secretaries record documents.",
           not_found=NO_COMMITTEE)
def draft_resolution(fields, committee_id):
    """Propose a document's record (kind, number, issue date, signer) and one task per
    assigning clause (title, the clause as description, lead and coordinating agencies
    matched to the committee's, deadline) from its text: JSON `{"text": …}` or a multipart
    `file`. Nothing is saved. 422 on `text` when it is empty, on `file` when the file cannot
    be read (wrong type, too large, no text layer)."""
    committee = get_visible(Committee, committee_id, Action.MANAGE)
    text = _text_of_request(fields or {})
    return extract_draft(text, agency_refs(committee), today=local_today(committee.timezone))
