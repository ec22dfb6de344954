"""A committee's dashboard: the chair's review, from the same queries as the site's page
(``tracker.reports.queries``), so the API, the page and the summaries agree."""

from __future__ import annotations

import marshmallow as ma

from tracker.clock import utcnow
from tracker.committees.models import Committee
from tracker.reports import queries
from tracker.tasks.categories import Category
from tracker.tasks.extensions.services import pending_in_committee

from .common import ApiSchema, Listed, api_blueprint, get_visible
from .schemas import AgencyRefSchema

bp = api_blueprint("api_dashboard", __name__,
                   "A committee's figures: tasks per category, the agencies' on-time ranking, "
                   "overdue tasks, and what waits for a decision.")

CATEGORY_HELP = ("done_on_time, done_late, in_progress, due_soon, overdue, standing, "
                 "cancelled; in_time = in_progress + due_soon (in progress, on time).")


def _per_category(in_progress: str) -> dict[str, ma.fields.Integer]:
    """A count for each category (``tasks.categories``: both answers follow its list), with
    what in_progress counts in that answer."""
    counts = {category.value: ma.fields.Integer(required=True) for category in Category}
    counts[Category.IN_PROGRESS.value] = ma.fields.Integer(required=True, metadata={
        "description": in_progress})
    return counts


CountsSchema = ApiSchema.from_dict({
    **_per_category(in_progress="Open, in time, not yet due soon."),
    "in_time": ma.fields.Integer(required=True, metadata={
        "description": "in_progress + due_soon."}),
}, name="CountsSchema")

AgencyScoreSchema = ApiSchema.from_dict({
    "agency": ma.fields.Nested(AgencyRefSchema, required=True),
    "rank": ma.fields.Integer(required=True, allow_none=True, metadata={
        "description": "1 = best on-time rate; equal rates are ordered by fewer overdue "
                       "tasks, then fewer days late, and what is still equal shares a rank "
                       "(1, 2, 2, 4); agencies with nothing rated yet come last; null for an "
                       "agency with nothing assigned (only cancelled tasks): not ranked."}),
    "on_time_rate": ma.fields.Float(allow_none=True, required=True, metadata={
        "description": "done on time ÷ (done + overdue), 0–1; null when nothing is rated."}),
    "assigned": ma.fields.Integer(required=True, metadata={"description": "All but cancelled."}),
    **_per_category(in_progress="In time, due soon included."),
}, name="AgencyScoreSchema")


class OverdueTaskSchema(ApiSchema):
    id = ma.fields.Integer(attribute="task.id", required=True)
    title = ma.fields.String(attribute="task.title", required=True)
    deadline = ma.fields.Date(attribute="task.deadline", required=True)
    days_late = ma.fields.Integer(required=True)


class OverdueGroupSchema(ApiSchema):
    agency = ma.fields.Nested(AgencyRefSchema, required=True)
    tasks = ma.fields.List(ma.fields.Nested(OverdueTaskSchema), required=True, metadata={
        "description": "Latest first, at most ``overdue_listed_per_agency``; the agency's "
                       "count is its ``overdue`` in ``agencies``, and its full list "
                       "GET /tasks?committee=…&agency=…&category=overdue."})


class PendingCompletionSchema(ApiSchema):
    task_id = ma.fields.Integer(attribute="id", required=True)
    title = ma.fields.String(required=True)
    lead_agency = ma.fields.Nested(AgencyRefSchema, required=True)
    submitted_on = ma.fields.Date(allow_none=True, required=True)
    days_waiting = ma.fields.Integer(required=True)


class PendingExtensionSchema(ApiSchema):
    id = ma.fields.Integer(required=True, metadata={"description": "The extension's id."})
    task_id = ma.fields.Integer(required=True)
    title = ma.fields.String(attribute="task.title", required=True)
    agency = ma.fields.Nested(AgencyRefSchema, required=True)
    previous_deadline = ma.fields.Date(allow_none=True, required=True)
    requested_deadline = ma.fields.Date(required=True)
    reason = ma.fields.String(required=True)
    created_at = ma.fields.DateTime(required=True)


class DashboardSchema(ApiSchema):
    committee_id = ma.fields.Integer(required=True)
    as_of = ma.fields.Date(required=True, metadata={
        "description": "Today in the committee's time zone: the day the categories describe."})
    counts = ma.fields.Nested(CountsSchema, required=True, metadata={
        "description": CATEGORY_HELP})
    agencies = ma.fields.List(ma.fields.Nested(AgencyScoreSchema), required=True, metadata={
        "description": "Every lead agency with a task here, best on-time rate first."})
    overdue = ma.fields.List(ma.fields.Nested(OverdueGroupSchema), required=True, metadata={
        "description": "Overdue tasks by lead agency, the worst first (most overdue "
                       "tasks, then most days late); the most late of each."})
    overdue_listed_per_agency = ma.fields.Integer(required=True, metadata={
        "description": "How many overdue tasks each group lists at most."})
    pending_completions = ma.fields.List(ma.fields.Nested(PendingCompletionSchema),
                                         required=True, metadata={
                                             "description": "Submitted, waiting for review; "
                                                            "oldest first."})
    pending_extensions = ma.fields.List(ma.fields.Nested(PendingExtensionSchema), required=True,
                                        metadata={"description": "Waiting for the chair; "
                                                                 "oldest first."})


@bp.route("/committees/<id:committee_id>/dashboard")
@bp.response(200, DashboardSchema)
@bp.errors(not_found="No such committee, or not visible.")
def dashboard(committee_id):
    """Counts per category, the per-agency table with on-time rate and rank, the overdue
    tasks, and the completions and extensions waiting for a decision."""
    committee = get_visible(Committee, committee_id)
    figures = queries.committee_figures(committee.id, utcnow())
    today = figures.as_of
    return {
        "committee_id": committee.id,
        "as_of": today,
        "counts": figures.counts,
        "agencies": figures.scores,
        "overdue": figures.overdue,
        "overdue_listed_per_agency": queries.OVERDUE_LISTED_PER_AGENCY,
        "pending_completions": [
            Listed(task, days_waiting=(today - task.submitted_on).days if task.submitted_on
                   else 0)
            for task in queries.pending_completions(committee.id)],
        "pending_extensions": pending_in_committee(committee.id),
    }
