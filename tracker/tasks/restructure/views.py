"""Restructuring on a committee: move an agency's open tasks to its successor.

Two steps on one URL: the chosen agencies come back with the number of tasks that
will move and a confirm button; confirming moves them (``tasks.restructure``).
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tracker.access import Action, fetch
from tracker.committees.models import Agency, Committee
from tracker.extensions import db
from tracker.tasks.restructure import services as restructure
from tracker.tasks.restructure.forms import RestructureForm
from tracker.unit_of_work import attempt

bp = Blueprint("restructuring", __name__)


def _agency(agency_id) -> Agency | None:
    return db.session.get(Agency, agency_id) if agency_id else None


@bp.route("/committees/<id:committee_id>/restructure", methods=["GET", "POST"])
@login_required
def move_open_tasks(committee_id: int):
    committee = fetch(current_user, Action.MANAGE, Committee, committee_id)
    form = RestructureForm()
    # Successors: the committee's own members (admins: any agency), as the service checks.
    form.fill_choices(committee.member_agencies,
                      restructure.successor_choices(committee, current_user))
    context = {"form": form, "committee": committee, "count": None}
    if not form.is_submitted():
        return render_template("tasks/restructure.html", **context)
    if not form.validate():
        return render_template("tasks/restructure.html", **context), 422
    old, new = _agency(form.from_agency_id.data), _agency(form.to_agency_id.data)
    options = {"mark_merged": form.mark_merged.data,
               "remove_from_committee": form.remove_from_committee.data}
    confirmed = form.confirm.data == "yes"
    with attempt(form) as saved:
        if confirmed:
            moved = restructure.move_open_tasks(committee, old, new, actor=current_user,
                                                **options)
        else:  # the first step: say how many tasks would move
            count = restructure.count_tasks_to_move(committee, old, new, actor=current_user,
                                                    **options)
    if not saved:
        return render_template("tasks/restructure.html", **context), 422
    if not confirmed:
        context.update(count=count, old=old, new=new)
        return render_template("tasks/restructure.html", **context)
    flash(_("%(n)d open tasks moved from %(old)s to %(new)s.", n=moved, old=old.label,
            new=new.label), "success")
    return redirect(url_for("committees.show", committee_id=committee.id))
