"""Committees: the list a user may see, a committee's page, and (admins) its set-up and roles.

Agency and user administration live in ``admin_views`` on the same blueprint (``blueprint``).
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tracker.access import Action, fetch, require, visible_committee_ids
from tracker.auth.models import User
from tracker.auth.services import find_user_by_email
from tracker.committees import queries, services
from tracker.committees.blueprint import bp, page_args
from tracker.committees.forms import CommitteeForm, CommitteeRoleForm
from tracker.committees.models import Committee
from tracker.extensions import db
from tracker.history.display import history_rows
from tracker.history.services import entries_for
from tracker.unit_of_work import attempt, save_submitted


@bp.route("/committees")
@login_required
def index():
    args = page_args()
    stmt = queries.committees_query(visible_committee_ids(current_user), args["q"], args["sort"])
    page = db.paginate(stmt, page=args["page"], per_page=current_app.config["PER_PAGE"],
                       error_out=False)
    ids = [c.id for c in page.items]
    return render_template(
        "committees/index.html", page=page, q=args["q"],
        sort=queries.sort_key(queries.COMMITTEE_SORTS, args["sort"], "name"),
        member_counts=queries.member_counts(ids), my_roles=queries.roles_of(current_user, ids),
    )


def _render_committee(committee: Committee, role_form=None, status: int = 200):
    role_form = role_form or CommitteeRoleForm(formdata=None)
    is_admin = current_user.is_admin
    return render_template(
        "committees/show.html", committee=committee, role_form=role_form,
        people=queries.committee_people(committee),
        history=history_rows(entries_for("committee", committee.id)[-20:]) if is_admin else [],
    ), status


@bp.route("/committees/<id:committee_id>")
@login_required
def show(committee_id: int):
    committee = fetch(current_user, Action.VIEW, Committee, committee_id)
    return _render_committee(committee)


def _committee_values(form: CommitteeForm) -> dict:
    return {
        "name": form.name.data, "parent_body": form.parent_body.data,
        "timezone": form.timezone.data, "standing_agency_id": form.standing_agency_id.data,
        "due_soon_days": form.due_soon_days.data,
        "member_agency_ids": form.member_agency_ids.data or [],
        "public_page": form.public_page.data,
        "max_extensions": form.max_extensions.data,
        "four_eyes": form.four_eyes.data,
    }


@bp.route("/admin/committees/new", methods=["GET", "POST"])
@login_required
def new():
    require(current_user, Action.ADMINISTER)
    form = CommitteeForm()
    form.fill_choices(queries.all_agencies())
    created = save_submitted(
        form, lambda: services.create_committee(**_committee_values(form), actor=current_user),
        _("The committee has been created."))
    if created:
        return redirect(url_for("committees.show", committee_id=created.result.id))
    return render_template("committees/form.html", form=form, committee=None), (
        422 if form.errors else 200
    )


@bp.route("/admin/committees/<id:committee_id>/edit", methods=["GET", "POST"])
@login_required
def edit(committee_id: int):
    committee = fetch(current_user, Action.ADMINISTER, Committee, committee_id)
    form = CommitteeForm(obj=committee)
    form.fill_choices(queries.all_agencies())
    if request.method == "GET":
        form.member_agency_ids.data = [a.id for a in committee.member_agencies]
    if save_submitted(form, lambda: services.update_committee(
            committee, **_committee_values(form), actor=current_user),
            _("The committee has been saved.")):
        return redirect(url_for("committees.show", committee_id=committee.id))
    return render_template("committees/form.html", form=form, committee=committee), (
        422 if form.errors else 200
    )


@bp.route("/committees/<id:committee_id>/roles", methods=["POST"])
@login_required
def add_role(committee_id: int):
    committee = fetch(current_user, Action.VIEW, Committee, committee_id)
    require(current_user, Action.ADMINISTER)
    form = CommitteeRoleForm()
    if form.validate_on_submit():
        user = find_user_by_email(form.email.data)
        if user is None:
            form.email.errors.append(_("There is no account with this e-mail."))
        else:
            with attempt(form) as saved:
                services.set_committee_role(committee, user, form.role.data, actor=current_user)
            if saved:
                flash(_("%(name)s's role has been saved.", name=user.name), "success")
                return redirect(url_for("committees.show", committee_id=committee.id)
                                + "#people")
    return _render_committee(committee, role_form=form, status=422)


@bp.route("/committees/<id:committee_id>/roles/<id:user_id>/remove", methods=["POST"])
@login_required
def remove_role(committee_id: int, user_id: int):
    committee = fetch(current_user, Action.VIEW, Committee, committee_id)
    user = fetch(current_user, Action.ADMINISTER, User, user_id)
    with attempt() as removed:
        services.remove_committee_role(committee, user, actor=current_user)
    if not removed:  # the person had no role here
        abort(404)
    flash(_("%(name)s no longer has a role in this committee.", name=user.name), "success")
    return redirect(url_for("committees.show", committee_id=committee.id) + "#people")

