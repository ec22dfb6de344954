"""A meeting's preparation on the site: the agenda (add, edit, move, delete), sending the
invitation, marking the meeting held, and assigning tasks from an agenda item.

Every handler: ``fetch`` the meeting with MANAGE (the committee's chair, vice-chairs,
secretaries; admins) → one service in ``attempt`` → redirect; a broken rule comes back
next to its field (422), a state that no longer allows it as its page (409).
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tracker import jobs
from tracker.access import Action, fetch
from tracker.extensions import db
from tracker.meetings import queries, services
from tracker.meetings.forms import AgendaItemForm, ConfirmForm
from tracker.meetings.labels import EXTENSION_DECISION_LABELS, MEETING_STATE_LABELS
from tracker.meetings.models import AgendaItem
from tracker.resolutions.models import Meeting, ResolutionKind
from tracker.resolutions.queries import member_agencies
from tracker.unit_of_work import attempt

bp = Blueprint("meetings", __name__, template_folder="templates")

SEND_JOB = "meetings.send_invitations"


def _item(meeting: Meeting, item_id: int) -> AgendaItem:
    item = db.session.get(AgendaItem, item_id)
    if item is None or item.meeting_id != meeting.id:
        abort(404)
    return item


def _to_agenda(meeting: Meeting):
    return redirect(url_for("meetings.agenda", meeting_id=meeting.id))


@bp.route("/meetings/<id:meeting_id>/agenda", methods=["GET", "POST"])
@login_required
def agenda(meeting_id: int):
    meeting = fetch(current_user, Action.MANAGE, Meeting, meeting_id)
    form = AgendaItemForm()
    form.set_choices(member_agencies(meeting.committee))
    context = {"meeting": meeting, "form": form, "problems": [],
               "items": queries.agenda(meeting)}
    if request.method == "GET":
        return render_template("meetings/agenda.html", **context)
    if form.validate():
        with attempt(form, problems=context["problems"]) as saved:
            services.add_agenda_item(meeting, actor=current_user, **form.values())
        if saved:
            flash(_("Agenda item added."), "success")
            return _to_agenda(meeting)
    return render_template("meetings/agenda.html", **context), 422


@bp.route("/meetings/<id:meeting_id>/agenda/<id:item_id>/edit", methods=["GET", "POST"])
@login_required
def edit_item(meeting_id: int, item_id: int):
    meeting = fetch(current_user, Action.MANAGE, Meeting, meeting_id)
    item = _item(meeting, item_id)
    form = AgendaItemForm()
    form.set_choices(member_agencies(meeting.committee))
    context = {"meeting": meeting, "item": item, "form": form, "problems": []}
    if request.method == "GET":
        form.fill_from(item)
        return render_template("meetings/agenda_item.html", **context)
    if form.validate():
        with attempt(form, problems=context["problems"]) as saved:
            services.update_agenda_item(item, actor=current_user, **form.values())
        if saved:
            flash(_("Agenda item saved."), "success")
            return _to_agenda(meeting)
    return render_template("meetings/agenda_item.html", **context), 422


@bp.route("/meetings/<id:meeting_id>/agenda/<id:item_id>/move", methods=["POST"])
@login_required
def move_item(meeting_id: int, item_id: int):
    meeting = fetch(current_user, Action.MANAGE, Meeting, meeting_id)
    item = _item(meeting, item_id)
    if not ConfirmForm().validate():
        abort(400)
    services.move_agenda_item(item, request.form.get("direction", ""), actor=current_user)
    return _to_agenda(meeting)


@bp.route("/meetings/<id:meeting_id>/agenda/<id:item_id>/delete", methods=["GET", "POST"])
@login_required
def delete_item(meeting_id: int, item_id: int):
    meeting = fetch(current_user, Action.MANAGE, Meeting, meeting_id)
    item = _item(meeting, item_id)
    form = ConfirmForm()
    if request.method == "POST" and form.validate():
        services.delete_agenda_item(item, actor=current_user)
        flash(_("Agenda item deleted."), "success")
        return _to_agenda(meeting)
    return render_template("meetings/agenda_delete.html", meeting=meeting, item=item,
                           form=form)


@bp.route("/meetings/<id:meeting_id>/invitation", methods=["GET", "POST"])
@login_required
def invitation(meeting_id: int):
    """The invitation as it will go out (recipients, agenda, carry-over), and sending it."""
    meeting = fetch(current_user, Action.MANAGE, Meeting, meeting_id)
    form = ConfirmForm()
    context = {"meeting": meeting, "form": form, "problems": [],
               "recipients": queries.invitation_recipients(meeting),
               "decisions": EXTENSION_DECISION_LABELS, "meeting_states": MEETING_STATE_LABELS,
               **queries.preparation(meeting)}
    if request.method == "GET":
        return render_template("meetings/invitation.html", **context)
    if form.validate():
        with attempt(form, problems=context["problems"]) as saved:
            count = services.send_invitation(meeting, actor=current_user)
        if saved:
            jobs.enqueue(SEND_JOB)
            flash(_("The invitation is being sent to %(num)d addresses.", num=count),
                  "success")
            return redirect(url_for("resolutions.meeting", meeting_id=meeting.id))
    return render_template("meetings/invitation.html", **context), 422


@bp.route("/meetings/<id:meeting_id>/held", methods=["POST"])
@login_required
def mark_held(meeting_id: int):
    meeting = fetch(current_user, Action.MANAGE, Meeting, meeting_id)
    if not ConfirmForm().validate():
        abort(400)
    services.mark_held(meeting, actor=current_user)
    flash(_("The meeting is marked as held."), "success")
    return redirect(url_for("resolutions.meeting", meeting_id=meeting.id))


@bp.route("/meetings/<id:meeting_id>/agenda/<id:item_id>/tasks")
@login_required
def assign_from_item(meeting_id: int, item_id: int):
    """"Assign tasks" of an agenda item: the meeting's conclusion notice's several-tasks
    screen, its first row from the item; without a notice yet, the new-document screen
    prefilled with one."""
    meeting = fetch(current_user, Action.MANAGE, Meeting, meeting_id)
    item = _item(meeting, item_id)
    notice = queries.conclusion_notice(meeting)
    if notice is not None:
        return redirect(url_for("resolutions.add_tasks", resolution_id=notice.id,
                                agenda_item=item.id))
    return redirect(url_for("resolutions.new", committee_id=meeting.committee_id,
                            meeting=meeting.id, kind=ResolutionKind.CONCLUSION_NOTICE.value,
                            agenda_item=item.id))
