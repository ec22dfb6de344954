"""Meetings of a committee: the list, recording one, its page, editing it."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tracker.access import Action, fetch
from tracker.committees.models import Committee
from tracker.extensions import db
from tracker.history.display import history_rows
from tracker.history.services import entries_for
from tracker.meetings import queries as meeting_queries
from tracker.meetings.labels import EXTENSION_DECISION_LABELS, MEETING_STATE_LABELS
from tracker.paging import page_number
from tracker.resolutions import queries
from tracker.resolutions.blueprint import bp
from tracker.resolutions.forms import MeetingForm
from tracker.resolutions.models import Meeting
from tracker.resolutions.services import create_meeting, update_meeting
from tracker.unit_of_work import attempt


@bp.route("/committees/<id:committee_id>/meetings")
@login_required
def meetings(committee_id: int):
    committee = fetch(current_user, Action.VIEW, Committee, committee_id)
    page = db.paginate(queries.meetings_query(committee.id), page=page_number(request.args),
                       per_page=current_app.config["PER_PAGE"], error_out=False)
    return render_template("resolutions/meetings.html", committee=committee, page=page)


@bp.route("/committees/<id:committee_id>/meetings/new", methods=["GET", "POST"])
@login_required
def new_meeting(committee_id: int):
    committee = fetch(current_user, Action.MANAGE, Committee, committee_id)
    form = MeetingForm()
    form.set_choices(queries.member_agencies(committee))
    context = {"form": form, "committee": committee, "meeting": None, "problems": []}
    if request.method == "GET":
        return render_template("resolutions/meeting_form.html", **context)
    if form.validate():
        with attempt(form, problems=context["problems"]) as saved:
            meeting = create_meeting(committee, actor=current_user,
                                     attending_agency_ids=form.attending_agency_ids.data,
                                     **form.values())
        if saved:
            flash(_("Meeting recorded."), "success")
            return redirect(url_for("resolutions.meeting", meeting_id=meeting.id))
    return render_template("resolutions/meeting_form.html", **context), 422


@bp.route("/meetings/<id:meeting_id>")
@login_required
def meeting(meeting_id: int):
    meeting = fetch(current_user, Action.VIEW, Meeting, meeting_id)
    return render_template("resolutions/meeting.html", meeting=meeting,
                           resolutions=queries.meeting_documents(meeting),
                           history=history_rows(entries_for("meeting", meeting.id)),
                           meeting_states=MEETING_STATE_LABELS,
                           decisions=EXTENSION_DECISION_LABELS,
                           **meeting_queries.preparation(meeting))


@bp.route("/meetings/<id:meeting_id>/edit", methods=["GET", "POST"])
@login_required
def edit_meeting(meeting_id: int):
    meeting = fetch(current_user, Action.MANAGE, Meeting, meeting_id)
    form = MeetingForm(obj=meeting if request.method == "GET" else None)
    form.set_choices(queries.member_agencies(meeting.committee))
    context = {"form": form, "committee": meeting.committee, "meeting": meeting, "problems": []}
    if request.method == "GET":
        form.attending_agency_ids.data = [a.id for a in meeting.attending_agencies]
        return render_template("resolutions/meeting_form.html", **context)
    if form.validate():
        with attempt(form, problems=context["problems"]) as saved:
            update_meeting(meeting, actor=current_user,
                           attending_agency_ids=form.attending_agency_ids.data, **form.values())
        if saved:
            flash(_("Meeting saved."), "success")
            return redirect(url_for("resolutions.meeting", meeting_id=meeting.id))
    return render_template("resolutions/meeting_form.html", **context), 422
