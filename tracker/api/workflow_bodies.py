"""The bodies the task workflow's endpoints answer with and the requests they take
(``tracker.api.task_workflow``): schemas for the OpenAPI document, and the builders of
each item from its row."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from tracker.history.models import HistoryEntry
from tracker.tasks.extensions import services as extension_services
from tracker.tasks.extensions.models import ExtensionStatus, TaskExtension
from tracker.tasks.models import ProgressReport

from .attachments import AttachmentSchema, attachment_body
from .common import ApiSchema, Text, page_of
from .schemas import AgencyRefSchema, TaskSchema, UserRefSchema, agency_ref

# --- Bodies --------------------------------------------------------------------------------


class ProgressReportSchema(ApiSchema):
    id = ma.fields.Integer(required=True)
    task_id = ma.fields.Integer(required=True)
    agency = ma.fields.Nested(AgencyRefSchema, required=True, metadata={
        "description": "The agency reported for."})
    part = ma.fields.String(required=True, metadata={
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
    at = ma.fields.DateTime(required=True, metadata={"description": "When (UTC)."})
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


ProgressReportPageSchema = page_of(ProgressReportSchema, "ProgressReportPage")
ExtensionPageSchema = page_of(ExtensionSchema, "ExtensionPage")
HistoryPageSchema = page_of(HistoryEntrySchema, "HistoryPage")


def _user_ref(user) -> dict | None:
    return {"id": user.id, "name": user.name} if user is not None else None


def report_body(report: ProgressReport) -> dict:
    return {
        "id": report.id, "task_id": report.task_id, "agency": agency_ref(report.agency),
        "part": "lead" if report.agency_id == report.task.lead_agency_id else "coordinating",
        "author": _user_ref(report.author), "text": report.text, "progress": report.progress,
        "created_at": report.created_at,
        "attachments": [attachment_body(a, report.task_id) for a in report.attachments],
    }


def extension_body(extension: TaskExtension) -> dict:
    return {
        "id": extension.id, "task_id": extension.task_id, "status": extension.status,
        "requested_deadline": extension.requested_deadline,
        "previous_deadline": extension.previous_deadline, "reason": extension.reason,
        "agency": agency_ref(extension.agency), "requested_by": _user_ref(extension.requested_by),
        "decided_by": _user_ref(extension.decided_by),
        "decision_comment": extension.decision_comment, "decided_at": extension.decided_at,
        "created_at": extension.created_at,
        "attachments": [attachment_body(a, extension.task_id) for a in extension.attachments],
    }


def history_body(entry: HistoryEntry) -> dict:
    return {"id": entry.id, "at": entry.created_at, "actor": _user_ref(entry.actor),
            "action": entry.action, "changes": entry.changes or {}, "comment": entry.comment}


# --- Requests ------------------------------------------------------------------------------


class ReportCreateSchema(ApiSchema):
    text = Text(20000, required=True, metadata={"description": "What was done."})
    progress = ma.fields.Integer(strict=True, required=True, validate=validate.Range(0, 100),
                                 metadata={"description": "Percent done, 0–100: the task's own "
                                           "for the lead agency, its part for a coordinating "
                                           "one."})


class NoBodySchema(ApiSchema):
    """Nothing to send (an empty object, or no body)."""


class OptionalCommentSchema(ApiSchema):
    comment = Text(5000, allow_none=True)


class CommentSchema(ApiSchema):
    comment = Text(5000, required=True)


class ReasonSchema(ApiSchema):
    reason = Text(5000, required=True)


class ExtensionRequestSchema(ApiSchema):
    requested_deadline = ma.fields.Date(required=True, metadata={
        "description": "Must be after the deadline in force."})
    reason = Text(extension_services.MAX_TEXT, required=True)
