"""Committees: the list a user may see, a committee's page, and (admins) its set-up and roles.

Agency and user administration live in ``admin_views`` on the same blueprint.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tracker.access import Action, require, visible_committee_ids
from tracker.auth.models import User
from tracker.auth.services import AccountError, find_user_by_email
from tracker.committees import queries, services
from tracker.committees.forms import CommitteeForm, CommitteeRoleForm
from tracker.committees.models import Committee
from tracker.domain import parse_id
from tracker.extensions import db
from tracker.history.display import history_rows
from tracker.history.services import entries_for
from tracker.paging import page_number

bp = Blueprint("committees", __name__, template_folder="templates")


def show_error(form, error) -> None:
    """Put a service's error next to its field (or above the form if no field matches)."""
    field = getattr(form, error.field, None)
    if field is not None and hasattr(field, "errors") and isinstance(field.errors, list):
        field.errors.append(error.message)
    else:
        form.form_errors.append(error.message)


FAILED = object()  # what attempt() returns when a rule was broken


def attempt(form, service, *args, **kwargs):
    """Run one service inside a savepoint; on a broken rule undo its writes, show the error.

    Returns the service's result, or FAILED. Only the savepoint is rolled back, so the
    request's session stays usable for re-rendering the form.
    """
    try:
        with db.session.begin_nested():
            return service(*args, **kwargs)
    except (services.CommitteeError, AccountError) as error:
        if form is not None:
            show_error(form, error)
        return FAILED


def id_arg(name: str) -> int | None:
    """An id from the query string, or None when absent or not a possible id."""
    return parse_id(request.args.get(name))


def page_args() -> dict:
    """Page and sort from the query string; bad values fall back to defaults."""
    return {
        "page": page_number(request.args),
        "sort": request.args.get("sort", type=str),
        "q": (request.args.get("q", type=str) or "").strip()[:100],
    }


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
        # The dashboard belongs to the reports area; link to it only once it exists.
        has_dashboard="reports.dashboard" in current_app.view_functions,
    ), status


@bp.route("/committees/<id:committee_id>")
@login_required
def show(committee_id: int):
    committee = db.get_or_404(Committee, committee_id)
    require(current_user, Action.VIEW, committee)
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
    if form.validate_on_submit():
        committee = attempt(
            form, services.create_committee, **_committee_values(form), actor=current_user
        )
        if committee is not FAILED:
            db.session.commit()
            flash(_("The committee has been created."), "success")
            return redirect(url_for("committees.show", committee_id=committee.id))
    return render_template("committees/form.html", form=form, committee=None), (
        422 if form.errors else 200
    )


@bp.route("/admin/committees/<id:committee_id>/edit", methods=["GET", "POST"])
@login_required
def edit(committee_id: int):
    require(current_user, Action.ADMINISTER)
    committee = db.get_or_404(Committee, committee_id)
    form = CommitteeForm(obj=committee)
    form.fill_choices(queries.all_agencies())
    if request.method == "GET":
        form.member_agency_ids.data = [a.id for a in committee.member_agencies]
    if form.validate_on_submit():
        outcome = attempt(
            form, services.update_committee, committee, **_committee_values(form),
            actor=current_user,
        )
        if outcome is not FAILED:
            db.session.commit()
            flash(_("The committee has been saved."), "success")
            return redirect(url_for("committees.show", committee_id=committee.id))
    return render_template("committees/form.html", form=form, committee=committee), (
        422 if form.errors else 200
    )


@bp.route("/committees/<id:committee_id>/roles", methods=["POST"])
@login_required
def add_role(committee_id: int):
    committee = db.get_or_404(Committee, committee_id)
    require(current_user, Action.VIEW, committee)
    require(current_user, Action.ADMINISTER)
    form = CommitteeRoleForm()
    if form.validate_on_submit():
        user = find_user_by_email(form.email.data)
        if user is None:
            form.email.errors.append(_("There is no account with this e-mail."))
        elif attempt(form, services.set_committee_role, committee, user, form.role.data,
                     actor=current_user) is not FAILED:
            db.session.commit()
            flash(_("%(name)s's role has been saved.", name=user.name), "success")
            return redirect(url_for("committees.show", committee_id=committee.id) + "#people")
    return _render_committee(committee, role_form=form, status=422)


@bp.route("/committees/<id:committee_id>/roles/<id:user_id>/remove", methods=["POST"])
@login_required
def remove_role(committee_id: int, user_id: int):
    committee = db.get_or_404(Committee, committee_id)
    require(current_user, Action.VIEW, committee)
    require(current_user, Action.ADMINISTER)
    user = db.get_or_404(User, user_id)
    if attempt(None, services.remove_committee_role, committee, user,
               actor=current_user) is FAILED:
        abort(404)
    db.session.commit()
    flash(_("%(name)s no longer has a role in this committee.", name=user.name), "success")
    return redirect(url_for("committees.show", committee_id=committee.id) + "#people")


# Agency and user administration share this blueprint (base.html links committees.agencies/users).
from tracker.committees import admin_views  # noqa: E402,F401
