"""Meetings of a committee: what was held when and where, its minutes and who attended.

Who may (as on the site): anyone on the committee reads its meetings; its chair,
vice-chairs and secretaries (and admins) record and edit them, and draft their conclusion
notices.
"""

from __future__ import annotations

import marshmallow as ma
from flask import url_for
from flask_login import current_user
from marshmallow import validate

from tracker import rules
from tracker.access import Action
from tracker.committees.models import Committee
from tracker.meetings import services as meeting_services
from tracker.meetings.notice_files import FORMATS as NOTICE_FORMATS
from tracker.meetings.notice_files import send_notice
from tracker.meetings.queries import agenda_query
from tracker.resolutions import services as resolution_services
from tracker.resolutions.models import Meeting
from tracker.resolutions.queries import meetings_query

from .common import (
    ApiSchema,
    Id,
    Listed,
    Number,
    Text,
    api_blueprint,
    get_visible,
    page_of,
)
from .schemas import AgencyRefSchema

bp = api_blueprint("api_meetings", __name__,
                   "Meetings of a committee, their minutes and the agencies that attended.")

NO_COMMITTEE = "No such committee, or not visible."
NOT_FOUND = "No such meeting, or not visible."


class MeetingResolutionSchema(ApiSchema):
    id = ma.fields.Integer(required=True)
    number = ma.fields.String(required=True)
    title = ma.fields.String(required=True)


class MeetingSchema(ApiSchema):
    id = ma.fields.Integer(required=True)
    committee_id = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    held_on = ma.fields.Date(required=True)
    place = ma.fields.String(allow_none=True, required=True)
    chaired_by = ma.fields.String(allow_none=True, required=True, metadata={
        "description": "Who chaired, as written in the minutes."})
    minutes = ma.fields.String(allow_none=True, required=True)
    attending_agencies = ma.fields.List(ma.fields.Nested(AgencyRefSchema), required=True)
    resolutions = ma.fields.List(ma.fields.Nested(MeetingResolutionSchema), required=True,
                                 metadata={"description": "Documents the meeting produced."})
    state = ma.fields.String(required=True, metadata={
        "description": "draft (being prepared), invited (the invitation sent: agenda and "
                       "carry-over frozen) or held."})
    invited_at = ma.fields.DateTime(allow_none=True, required=True)
    created_at = ma.fields.DateTime(required=True)
    url = ma.fields.Function(
        lambda meeting: url_for("resolutions.meeting", meeting_id=meeting.id, _external=True),
        required=True, metadata={"type": "string", "description": "Its page on the site."})

    @ma.pre_dump
    def _in_issue_order(self, meeting, **kwargs):
        return Listed(meeting, resolutions=sorted(meeting.resolutions,
                                                  key=lambda r: (r.issued_on, r.id)))


MeetingPageSchema = page_of(MeetingSchema, "MeetingPage")


class MeetingFieldsSchema(ApiSchema):
    title = Text(rules.MEETING_TITLE)
    held_on = ma.fields.Date()
    place = Text(rules.MEETING_PLACE, allow_none=True)
    chaired_by = Text(rules.MEETING_CHAIR, allow_none=True)
    minutes = Text(rules.MEETING_MINUTES, allow_none=True)
    attending_agency_ids = ma.fields.List(Id(), validate=validate.Length(max=500), metadata={
        "description": "Member agencies of the committee that attended."})


class MeetingCreateSchema(MeetingFieldsSchema):
    title = Text(rules.MEETING_TITLE, required=True)
    held_on = ma.fields.Date(required=True)


def _fields(fields: dict) -> dict:
    """The service's keyword arguments: the meeting's own fields, blank text as none."""
    values = {key: value for key, value in fields.items()
              if key in resolution_services.MEETING_FIELDS}
    if "title" in values:
        values["title"] = values["title"].strip()
    for key in ("place", "chaired_by", "minutes"):
        if key in values:
            values[key] = (values[key] or "").strip() or None
    return values


@bp.paged("/committees/<id:committee_id>/meetings", MeetingPageSchema, not_found=NO_COMMITTEE)
def list_meetings(_args, committee_id):
    """The committee's meetings, latest first."""
    return meetings_query(get_visible(Committee, committee_id).id)


@bp.route("/committees/<id:committee_id>/meetings", methods=["POST"])
@bp.arguments(MeetingCreateSchema)
@bp.response(201, MeetingSchema)
@bp.errors(forbidden="Only the committee's chair, vice-chairs and secretaries record meetings.",
           not_found=NO_COMMITTEE)
def create_meeting(fields, committee_id):
    """Record a meeting of the committee and the agencies that attended."""
    committee = get_visible(Committee, committee_id, Action.MANAGE)
    return resolution_services.create_meeting(
        committee, actor=current_user,
        attending_agency_ids=fields.get("attending_agency_ids", []), **_fields(fields))


@bp.route("/meetings/<id:meeting_id>")
@bp.response(200, MeetingSchema)
@bp.errors(not_found=NOT_FOUND)
def get_meeting(meeting_id):
    """One meeting, its minutes, attendance and the documents it produced."""
    return get_visible(Meeting, meeting_id)


@bp.route("/meetings/<id:meeting_id>", methods=["PATCH"])
@bp.arguments(MeetingFieldsSchema)
@bp.response(200, MeetingSchema)
@bp.errors(forbidden="Only the committee's chair, vice-chairs and secretaries edit meetings.",
           not_found=NOT_FOUND)
def update_meeting(fields, meeting_id):
    """Change a meeting; only the fields sent change (attendance: the whole list)."""
    meeting = get_visible(Meeting, meeting_id, Action.MANAGE)
    return resolution_services.update_meeting(
        meeting, actor=current_user, attending_agency_ids=fields.get("attending_agency_ids"),
        **_fields(fields))


class NoticeArgsSchema(ApiSchema):
    format = ma.fields.String(load_default="docx", validate=validate.OneOf(list(NOTICE_FORMATS)),
                              metadata={"description": "docx (to edit, the default) or pdf."})


@bp.route("/meetings/<id:meeting_id>/notice")
@bp.arguments(NoticeArgsSchema, location="query")
@bp.doc(responses={"200": {
    "description": "The draft notice, as an attachment (Content-Disposition).",
    "content": {mime: {"schema": {"type": "string", "format": "binary"}}
                for mime in NOTICE_FORMATS.values()}}})
@bp.errors(forbidden="Only the committee's chair, vice-chairs and secretaries draft notices.",
           not_found=NOT_FOUND)
def get_notice(args, meeting_id):
    """The meeting's draft conclusion notice (Thông báo kết luận), in Vietnamese, laid out per
    Decree 30/2020: one numbered clause per task of the documents the meeting issued, to edit
    (docx) or read (pdf) before it is signed."""
    meeting = get_visible(Meeting, meeting_id, Action.MANAGE)
    return send_notice(meeting, args["format"])
# --- The agenda ---------------------------------------------------------------------------


class AgendaItemSchema(ApiSchema):
    id = ma.fields.Integer(required=True)
    meeting_id = ma.fields.Integer(required=True)
    position = ma.fields.Integer(required=True, metadata={
        "description": "Order on the agenda, from 1 (after the review of the tasks carried "
                       "over, which always opens the meeting)."})
    title = ma.fields.String(required=True)
    presenter_agency = ma.fields.Nested(AgencyRefSchema, allow_none=True, required=True)
    notes = ma.fields.String(allow_none=True, required=True)
    minutes_allotted = ma.fields.Integer(allow_none=True, required=True)


AgendaPageSchema = page_of(AgendaItemSchema, "AgendaPage")


class AgendaItemCreateSchema(ApiSchema):
    title = Text(rules.AGENDA_TITLE, required=True)
    presenter_agency_id = Id(allow_none=True, metadata={
        "description": "A member agency of the committee."})
    notes = Text(rules.AGENDA_NOTES, allow_none=True)
    minutes_allotted = Number(rules.AGENDA_MINUTES, allow_none=True)


@bp.paged("/meetings/<id:meeting_id>/agenda", AgendaPageSchema, not_found=NOT_FOUND)
def list_agenda(_args, meeting_id):
    """The meeting's agenda items, in order."""
    return agenda_query(get_visible(Meeting, meeting_id).id)


@bp.route("/meetings/<id:meeting_id>/agenda", methods=["POST"])
@bp.arguments(AgendaItemCreateSchema)
@bp.response(201, AgendaItemSchema)
@bp.errors(forbidden="Only the committee's chair, vice-chairs and secretaries prepare agendas.",
           not_found=NOT_FOUND,
           conflict="The invitation has been sent: the agenda can no longer change.")
def add_agenda_item(fields, meeting_id):
    """Add an item at the end of the agenda of a meeting still being prepared."""
    meeting = get_visible(Meeting, meeting_id, Action.MANAGE)
    return meeting_services.add_agenda_item(
        meeting, actor=current_user, title=fields["title"],
        presenter_agency_id=fields.get("presenter_agency_id"),
        notes=(fields.get("notes") or "").strip() or None,
        minutes_allotted=fields.get("minutes_allotted"))
