"""The bodies the task workflow's endpoints answer with and the requests they take
(``tracker.api.task_workflow``): schemas that document them and dump the records."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from tracker import rules
from tracker.tasks.models import ExtensionStatus

from .attachments import AttachmentSchema
from .common import ApiSchema, Number, Text, page_of
from .schemas import AgencyRefSchema, TaskSchema, UserRefSchema

# --- Bodies --------------------------------------------------------------------------------


class ProgressReportSchema(ApiSchema):
    id = ma.fields.Integer(required=True)
    task_id = ma.fields.Integer(required=True)
    agency = ma.fields.Nested(AgencyRefSchema, required=True, metadata={
        "description": "The agency reported for."})
    part = ma.fields.Function(
        lambda report: "lead" if report.agency_id == report.task.lead_agency_id
        else "coordinating", required=True, metadata={
        "type": "string",
        "enum": ["lead", "coordinating"],
        "description": "lead: the report moved the task's own percentage; coordinating: it "
                       "moved that agency's part only."})
    author = ma.fields.Nested(UserRefSchema, allow_none=True, required=True)
    text = ma.fields.String(required=True)
    progress = ma.fields.Integer(required=True, metadata={"description": "Percent, 0–100."})
    created_at = ma.fields.DateTime(required=True)
    attachments = ma.fields.List(ma.fields.Nested(AttachmentSchema), required=True)


class ExtensionSchema(ApiSchema):
    id = ma.fields.Integer(required=True)
    task_id = ma.fields.Integer(required=True)
    status = ma.fields.String(required=True, metadata={
        "enum": [s.value for s in ExtensionStatus]})
    requested_deadline = ma.fields.Date(required=True)
    previous_deadline = ma.fields.Date(allow_none=True, required=True, metadata={
        "description": "The deadline in force when it was asked for."})
    reason = ma.fields.String(required=True)
    agency = ma.fields.Nested(AgencyRefSchema, required=True)
    requested_by = ma.fields.Nested(UserRefSchema, allow_none=True, required=True)
    decided_by = ma.fields.Nested(UserRefSchema, allow_none=True, required=True)
    decision_comment = ma.fields.String(allow_none=True, required=True)
    decided_at = ma.fields.DateTime(allow_none=True, required=True)
    created_at = ma.fields.DateTime(required=True)
    attachments = ma.fields.List(ma.fields.Nested(AttachmentSchema), required=True, metadata={
        "description": "The supporting papers sent with the request."})


class ExtensionDecisionSchema(ExtensionSchema):
    task = ma.fields.Nested(TaskSchema, required=True, metadata={
        "description": "The task after the decision (a grant moves its deadline)."})


class HistoryEntrySchema(ApiSchema):
    id = ma.fields.Integer(required=True)
    at = ma.fields.DateTime(attribute="created_at", required=True,
                            metadata={"description": "When (UTC)."})
    actor = ma.fields.Nested(UserRefSchema, allow_none=True, required=True, metadata={
        "description": "Who; null for the system (scheduled jobs, imports)."})
    action = ma.fields.String(required=True, metadata={
        "description": "created, updated, progress_reported, part_done, submitted, accepted, "
                       "returned, cancelled, extension_requested, extension_granted, "
                       "extension_refused, commented…"})
    changes = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.List(ma.fields.Raw(allow_none=True), validate=validate.Length(equal=2)),
        required=True, metadata={"description": "field → [old, new], JSON values (dates as "
                                                "YYYY-MM-DD)."})
    comment = ma.fields.String(allow_none=True, required=True, metadata={
        "description": "The reason or comment that came with the change."})

    @ma.post_dump
    def _nothing_changed_is_empty(self, body, **kwargs):
        body["changes"] = body["changes"] or {}
        return body


ProgressReportPageSchema = page_of(ProgressReportSchema, "ProgressReportPage")
ExtensionPageSchema = page_of(ExtensionSchema, "ExtensionPage")
HistoryPageSchema = page_of(HistoryEntrySchema, "HistoryPage")


# --- Requests ------------------------------------------------------------------------------


class ReportCreateSchema(ApiSchema):
    text = Text(rules.PROGRESS_TEXT, required=True, metadata={"description": "What was done."})
    progress = Number(rules.PROGRESS, required=True,
                      metadata={"description": "Percent done, 0–100: the task's own "
                                "for the lead agency, its part for a coordinating one."})


class CompletionSchema(ApiSchema):
    result = Text(rules.COMPLETION_RESULT, required=True,
                  metadata={"description": "The result achieved: what the task delivered."})


class NoBodySchema(ApiSchema):
    """Nothing to send (an empty object, or no body)."""


class OptionalCommentSchema(ApiSchema):
    comment = Text(rules.DECISION_COMMENT, allow_none=True)


class CommentSchema(ApiSchema):
    comment = Text(rules.DECISION_COMMENT, required=True)  # may not be empty: the verb's rule


class ReasonSchema(ApiSchema):
    reason = Text(rules.CANCEL_REASON, required=True)


class ExtensionRequestSchema(ApiSchema):
    requested_deadline = ma.fields.Date(required=True, metadata={
        "description": "Must be after the deadline in force."})
    reason = Text(rules.EXTENSION_REASON, required=True)
