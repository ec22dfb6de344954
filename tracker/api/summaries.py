"""Progress summaries: asked for over a period, compiled by a background job (the same job
the site enqueues), then read as figures and downloaded as PDF, XLSX and DOCX."""

from __future__ import annotations

import marshmallow as ma
from flask import url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from marshmallow import validate

from tracker import jobs
from tracker.access import Action, can
from tracker.committees.models import Committee
from tracker.errors import json_error
from tracker.summaries.models import Summary, SummaryStatus
from tracker.summaries.periods import PeriodKind
from tracker.summaries.services import (
    FORMATS,
    JOB,
    MIMETYPES,
    SummaryError,
    ask_for_summary,
    resolve_period,
    send_summary_file,
    spend_compilation,
    summaries_query,
)

from .common import ApiSchema, Listed, api_blueprint, get_visible, page_of

bp = api_blueprint("api_summaries", __name__,
                   "Progress summaries of a committee over a period: figures and documents "
                   "(PDF, XLSX, DOCX), compiled in the background.")

PERIODS = [k.value for k in PeriodKind]
# The service's field names → the API's.
FIELD_NAMES = {"starts_on": "period_start", "ends_on": "period_end", "period": "period",
               "reference": "reference"}
NO_COMMITTEE = "No such committee, or not visible."
NOT_FOUND = "No such summary, or not visible."


class SummaryRequestSchema(ApiSchema):
    period_start = ma.fields.Date(metadata={
        "description": "First day (inclusive); required for a custom period."})
    period_end = ma.fields.Date(metadata={
        "description": "Last day (inclusive); required for a custom period; at most three "
                       "years after the start."})
    period = ma.fields.String(load_default=PeriodKind.CUSTOM.value,
                              validate=validate.OneOf(PERIODS), metadata={
        "description": "custom (the default: period_start to period_end) or a named period "
                       "containing `reference`: week, month, quarter, half_year, year, or the "
                       "reporting cut-off periods cutoff_month… (15th to 14th)."})
    reference = ma.fields.Date(metadata={
        "description": "A day in the named period; default today in the committee's zone."})
    language = ma.fields.String(validate=validate.OneOf(["vi", "en"]), metadata={
        "description": "The documents' language; default the request's (Accept-Language)."})

    @ma.validates_schema
    def _one_way(self, data, **kwargs):
        if data.get("period") != PeriodKind.CUSTOM.value:
            extra = [name for name in ("period_start", "period_end") if name in data]
            if extra:
                message = str(_l("Leave this out for a named period; send reference instead."))
                raise ma.ValidationError({name: [message] for name in extra})
        elif "reference" in data:
            raise ma.ValidationError({"reference": [str(_l(
                "Only for a named period; a custom period takes period_start and "
                "period_end."))]})


# Where to download it: a URL for each of the formats it is compiled in.
SummaryFilesSchema = ApiSchema.from_dict({fmt: ma.fields.String(required=True) for fmt in FORMATS},
                                         name="SummaryFilesSchema")


class SummarySchema(ApiSchema):
    id = ma.fields.Integer(required=True)
    committee_id = ma.fields.Integer(required=True)
    period = ma.fields.String(attribute="period_kind", required=True, metadata={"enum": PERIODS})
    period_start = ma.fields.Date(attribute="starts_on", required=True)
    period_end = ma.fields.Date(attribute="ends_on", required=True)
    language = ma.fields.String(required=True, metadata={"enum": ["vi", "en"]})
    status = ma.fields.String(required=True, metadata={
        "enum": [s.value for s in SummaryStatus],
        "description": "pending → running → ready (or failed). Poll this resource."})
    progress = ma.fields.Integer(required=True, metadata={"description": "Percent compiled."})
    created_at = ma.fields.DateTime(required=True)
    started_at = ma.fields.DateTime(allow_none=True, required=True)
    finished_at = ma.fields.DateTime(allow_none=True, required=True)
    as_of = ma.fields.DateTime(attribute="as_of_at", allow_none=True, required=True, metadata={
        "description": "The instant the figures describe."})
    error = ma.fields.String(allow_none=True, required=True, metadata={
        "description": "Why compiling failed (shown to the committee's managers only)."})
    figures = ma.fields.Dict(allow_none=True, required=True, metadata={
        "description": "When ready: totals per category, agencies with rank and on-time "
                       "rate, overdue and completed tasks, the trend — as in the documents."})
    files = ma.fields.Nested(SummaryFilesSchema, allow_none=True, required=True, metadata={
        "description": "When ready: where to download each document (this API)."})
    url = ma.fields.Function(
        lambda summary: url_for("api_summaries.get_summary", summary_id=summary.id,
                                _external=True),
        required=True, metadata={"type": "string", "description": "This resource."})
    page_url = ma.fields.Function(
        lambda summary: url_for("summaries.show", summary_id=summary.id, _external=True),
        required=True, metadata={"type": "string", "description": "Its page on the site."})

    @ma.pre_dump
    def _as_the_caller_may_see_it(self, summary, **kwargs):
        """Figures and files once ready; why it failed only for the committee's managers."""
        ready = summary.is_ready
        return Listed(
            summary,
            error=summary.error if can(current_user, Action.MANAGE, summary) else None,
            figures=summary.figures if ready else None,
            files={fmt: url_for("api_summaries.download", summary_id=summary.id, fmt=fmt,
                                _external=True) for fmt in FORMATS} if ready else None)


SummaryPageSchema = page_of(SummarySchema, "SummaryPage")


@bp.paged("/committees/<id:committee_id>/summaries", SummaryPageSchema, not_found=NO_COMMITTEE)
def list_summaries(_args, committee_id):
    """The committee's summaries (asked for, or the weekly ones), newest first."""
    return summaries_query(get_visible(Committee, committee_id).id)


LOCATION = {"Location": {"description": "The summary's URL: poll it until status is ready.",
                         "schema": {"type": "string"}}}


@bp.route("/committees/<id:committee_id>/summaries", methods=["POST"])
@bp.arguments(SummaryRequestSchema)
@bp.response(202, SummarySchema, headers=LOCATION, description="Accepted: a new summary to "
             "compile, or the identical one (same committee, period and language, whoever "
             "asked) that is already waiting or compiling.")
@bp.alt_response(200, schema=SummarySchema, headers=LOCATION, success=True, description=(
    "The identical summary compiled in the last SUMMARY_FRESH_MINUTES minutes (default 10), "
    "as it is; nothing is compiled again."))
@bp.errors(forbidden="Only the committee's chair, vice-chairs and secretaries.",
           not_found=NO_COMMITTEE,
           too_many_requests="You have started as many compilations as allowed "
                             "(SUMMARY_RATE_LIMIT, default 20 per hour, site and API together); "
                             "`Retry-After` says when to try again.")
def create_summary(fields, committee_id):
    """Ask for a summary of a period; it is compiled in the background (202, then poll).

    An identical request gets the summary already there instead of a second compilation:
    202 while it waits or compiles, 200 once compiled (for a few minutes), with its
    Location either way."""
    committee = get_visible(Committee, committee_id, Action.MANAGE)
    try:
        period = resolve_period(committee, fields["period"], fields.get("reference"),
                                fields.get("period_start"), fields.get("period_end"))
    except SummaryError as error:
        name = FIELD_NAMES.get(error.field, error.field)
        return json_error(422, error.message, {name: error.message})
    language = fields.get("language") or str(get_locale())
    asked = ask_for_summary(committee, period, requested_by=current_user, language=language,
                            before_compiling=spend_compilation)
    if not asked.reused:
        jobs.enqueue(JOB, asked.summary.id)
    location = url_for("api_summaries.get_summary", summary_id=asked.summary.id,
                       _external=True)
    return asked.summary, 200 if asked.summary.is_ready else 202, {"Location": location}


@bp.route("/summaries/<id:summary_id>")
@bp.response(200, SummarySchema)
@bp.errors(not_found=NOT_FOUND)
def get_summary(summary_id):
    """A summary's status and progress; its figures and files once ready."""
    return get_visible(Summary, summary_id)


@bp.route("/summaries/<id:summary_id>/files/<any(pdf, xlsx, docx):fmt>")
@bp.doc(responses={"200": {
    "description": "The document, as an attachment (Content-Disposition).",
    "content": {mime: {"schema": {"type": "string", "format": "binary"}}
                for mime in MIMETYPES.values()}}})
@bp.errors(not_found=NOT_FOUND, conflict="Not compiled yet (see its status).")
def download(summary_id, fmt):
    """One of the summary's documents (pdf, xlsx or docx), always as a download."""
    summary = get_visible(Summary, summary_id)
    if not summary.is_ready:
        message = _l("The summary is not ready yet.")
        return json_error(409, message, {"status": message})
    return send_summary_file(summary, fmt)

