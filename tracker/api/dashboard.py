"""A committee's dashboard: the chair's review, from the same queries as the site's page
(``tracker.reports.queries``), so the API, the page and the summaries agree."""

from __future__ import annotations

import marshmallow as ma

from tracker.clock import local_today, utcnow
from tracker.committees.models import Committee
from tracker.reports import queries
from tracker.tasks.categories import Category
from tracker.tasks.extensions.services import pending_in_committee

from .common import ApiSchema, ErrorSchema, api_blueprint, get_visible
from .schemas import AgencyRefSchema, agency_ref

bp = api_blueprint("api_dashboard", __name__,
                   "A committee's figures: tasks per category, the agencies' on-time ranking, "
                   "overdue tasks, and what waits for a decision.")

CATEGORY_HELP = ("done_on_time, done_late, in_progress, due_soon, overdue, standing, "
                 "cancelled; in_time = in_progress + due_soon (in progress, on time).")


class CountsSchema(ApiSchema):
    done_on_time = ma.fields.Integer(required=True)
    done_late = ma.fields.Integer(required=True)
    in_progress = ma.fields.Integer(required=True, metadata={
        "description": "Open, in time, not yet due soon."})
    due_soon = ma.fields.Integer(required=True)
    overdue = ma.fields.Integer(required=True)
    standing = ma.fields.Integer(required=True)
    cancelled = ma.fields.Integer(required=True)
    in_time = ma.fields.Integer(required=True, metadata={
        "description": "in_progress + due_soon."})


class AgencyScoreSchema(ApiSchema):
    agency = ma.fields.Nested(AgencyRefSchema, required=True)
    rank = ma.fields.Integer(required=True, metadata={
        "description": "1 = best on-time rate; ties share a rank (1, 2, 2, 4); agencies with "
                       "nothing rated yet share the last rank."})
    on_time_rate = ma.fields.Float(allow_none=True, required=True, metadata={
        "description": "done on time ÷ (done + overdue), 0–1; null when nothing is rated."})
    assigned = ma.fields.Integer(required=True, metadata={"description": "All but cancelled."})
    done_on_time = ma.fields.Integer(required=True)
    done_late = ma.fields.Integer(required=True)
    in_progress = ma.fields.Integer(required=True, metadata={
        "description": "In time, due soon included."})
    due_soon = ma.fields.Integer(required=True)
    overdue = ma.fields.Integer(required=True)
    standing = ma.fields.Integer(required=True)
    cancelled = ma.fields.Integer(required=True)


class OverdueTaskSchema(ApiSchema):
    id = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    deadline = ma.fields.Date(required=True)
    days_late = ma.fields.Integer(required=True)


class OverdueGroupSchema(ApiSchema):
    agency = ma.fields.Nested(AgencyRefSchema, required=True)
    tasks = ma.fields.List(ma.fields.Nested(OverdueTaskSchema), required=True, metadata={
        "description": "Latest first."})


class PendingCompletionSchema(ApiSchema):
    task_id = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    lead_agency = ma.fields.Nested(AgencyRefSchema, required=True)
    submitted_on = ma.fields.Date(allow_none=True, required=True)
    days_waiting = ma.fields.Integer(required=True)


class PendingExtensionSchema(ApiSchema):
    id = ma.fields.Integer(required=True, metadata={"description": "The extension's id."})
    task_id = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
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
        "description": "Overdue tasks by lead agency, the agency with most first."})
    pending_completions = ma.fields.List(ma.fields.Nested(PendingCompletionSchema),
                                         required=True, metadata={
                                             "description": "Submitted, waiting for review; "
                                                            "oldest first."})
    pending_extensions = ma.fields.List(ma.fields.Nested(PendingExtensionSchema), required=True,
                                        metadata={"description": "Waiting for the chair; "
                                                                 "oldest first."})


def _score(score: queries.AgencyScore) -> dict:
    return {"agency": agency_ref(score.agency), "rank": score.rank,
            "on_time_rate": score.on_time_rate, "assigned": score.assigned,
            **{name: getattr(score, name) for name in (
                "done_on_time", "done_late", "in_progress", "due_soon", "overdue", "standing",
                "cancelled")}}


@bp.route("/committees/<id:committee_id>/dashboard")
@bp.response(200, DashboardSchema)
@bp.alt_response(404, schema=ErrorSchema, description="No such committee, or not visible.")
def dashboard(committee_id):
    """Counts per category, the per-agency table with on-time rate and rank, the overdue
    tasks, and the completions and extensions waiting for a decision."""
    committee = get_visible(Committee, committee_id)
    now = utcnow()
    today = local_today(committee.timezone, now)
    counts = queries.category_counts(committee.id, now)
    return {
        "committee_id": committee.id,
        "as_of": today,
        "counts": {key: counts[key] for key in [*(c.value for c in Category), "in_time"]},
        "agencies": [_score(s) for s in queries.agency_scorecard(committee.id, now)],
        "overdue": [{"agency": agency_ref(group.agency),
                     "tasks": [{"id": t.task.id, "title": t.task.title,
                                "deadline": t.task.deadline, "days_late": t.days_late}
                               for t in group.tasks]}
                    for group in queries.overdue_by_agency(committee.id, now)],
        "pending_completions": [
            {"task_id": task.id, "title": task.title, "lead_agency": agency_ref(task.lead_agency),
             "submitted_on": task.submitted_on,
             "days_waiting": (today - task.submitted_on).days if task.submitted_on else 0}
            for task in queries.pending_completions(committee.id)],
        "pending_extensions": [
            {"id": e.id, "task_id": e.task_id, "title": e.task.title,
             "agency": agency_ref(e.agency), "previous_deadline": e.previous_deadline,
             "requested_deadline": e.requested_deadline, "reason": e.reason,
             "created_at": e.created_at}
            for e in pending_in_committee(committee.id)],
    }
