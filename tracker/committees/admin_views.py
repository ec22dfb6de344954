"""Admin screens for agencies and user accounts (and a user's committee roles).

Routes hang on the committees blueprint (``committees.blueprint``) so the endpoint names
stay ``committees.agencies`` and ``committees.users``.
"""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tracker.access import Action, fetch, require
from tracker.auth import services as accounts
from tracker.auth import sessions
from tracker.auth.forms import NewUserForm, ResetPasswordForm, UserForm
from tracker.auth.models import User
from tracker.committees import queries, services
from tracker.committees.blueprint import bp, id_arg, page_args
from tracker.committees.forms import AgencyForm, UserRoleForm
from tracker.committees.models import Agency, Committee
from tracker.extensions import db
from tracker.history.display import history_rows
from tracker.history.services import entries_for
from tracker.unit_of_work import attempt, save_submitted


def _paginate(stmt):
    args = page_args()
    return db.paginate(stmt, page=args["page"], per_page=current_app.config["PER_PAGE"],
                       error_out=False)


# --- agencies ---------------------------------------------------------------------------

@bp.route("/admin/agencies")
@login_required
def agencies():
    require(current_user, Action.ADMINISTER)
    args = page_args()
    page = _paginate(queries.agencies_query(args["q"], args["sort"]))
    return render_template(
        "committees/agencies.html", page=page, q=args["q"],
        sort=queries.sort_key(queries.AGENCY_SORTS, args["sort"], "name"),
    )


def _agency_values(form: AgencyForm) -> dict:
    return {"name": form.name.data, "short_name": form.short_name.data,
            "kind": form.kind.data, "email": form.email.data,
            "head_email": form.head_email.data}


@bp.route("/admin/agencies/new", methods=["GET", "POST"])
@login_required
def agency_new():
    require(current_user, Action.ADMINISTER)
    form = AgencyForm()
    if save_submitted(form, lambda: services.create_agency(**_agency_values(form),
                                                           actor=current_user),
                      _("The agency has been added.")):
        return redirect(url_for("committees.agencies"))
    return render_template("committees/agency_form.html", form=form, agency=None), (
        422 if form.errors else 200
    )


@bp.route("/admin/agencies/<id:agency_id>/edit", methods=["GET", "POST"])
@login_required
def agency_edit(agency_id: int):
    agency = fetch(current_user, Action.ADMINISTER, Agency, agency_id)
    form = AgencyForm(obj=agency)
    if save_submitted(form, lambda: services.update_agency(agency, **_agency_values(form),
                                                           actor=current_user),
                      _("The agency has been saved.")):
        return redirect(url_for("committees.agencies"))
    return render_template("committees/agency_form.html", form=form, agency=agency), (
        422 if form.errors else 200
    )


# --- users ------------------------------------------------------------------------------

@bp.route("/admin/users")
@login_required
def users():
    require(current_user, Action.ADMINISTER)
    args = page_args()
    agency_id = id_arg("agency")
    page = _paginate(queries.users_query(args["q"], agency_id, args["sort"]))
    return render_template(
        "committees/users.html", page=page, q=args["q"], agency_id=agency_id,
        agencies=queries.all_agencies(),
        sort=queries.sort_key(queries.USER_SORTS, args["sort"], "name"),
    )


def _user_values(form: UserForm) -> dict:
    return {"name": form.name.data, "email": form.email.data, "agency_id": form.agency_id.data,
            "language": form.language.data, "is_admin": form.is_admin.data}


@bp.route("/admin/users/new", methods=["GET", "POST"])
@login_required
def user_new():
    require(current_user, Action.ADMINISTER)
    form = NewUserForm()
    form.fill_choices(queries.all_agencies())
    created = save_submitted(
        form, lambda: accounts.create_user(**_user_values(form), password=form.password.data,
                                           actor=current_user),
        _("The account has been created."))
    if created:
        return _back_to_user(created.result)
    return render_template("committees/user_new.html", form=form), (422 if form.errors else 200)


def _render_user(user: User, form=None, password_form=None, role_form=None,
                 account_error=None, status: int = 200):
    if form is None:
        form = UserForm(formdata=None, obj=user)
        form.fill_choices(queries.all_agencies())
    role_form = role_form or UserRoleForm(formdata=None)
    role_form.fill_choices(queries.all_committees())
    return render_template(
        "committees/user_edit.html", user=user, form=form,
        password_form=password_form or ResetPasswordForm(formdata=None),
        role_form=role_form, roles=queries.user_roles(user), account_error=account_error,
        history=history_rows(entries_for("user", user.id)[-20:]),
    ), status


def _back_to_user(user: User, section: str = ""):
    """Back to the person's page (at ``section``, an anchor) after a change to them."""
    return redirect(url_for("committees.user_edit", user_id=user.id) + section)


@bp.route("/admin/users/<id:user_id>", methods=["GET", "POST"])
@login_required
def user_edit(user_id: int):
    user = fetch(current_user, Action.ADMINISTER, User, user_id)
    if request.method == "GET":
        return _render_user(user)
    form = UserForm()
    form.fill_choices(queries.all_agencies())
    if save_submitted(form, lambda: accounts.update_user(user, **_user_values(form),
                                                        actor=current_user),
                      _("The account has been saved.")):
        return _back_to_user(user)
    return _render_user(user, form=form, status=422)


@bp.route("/admin/users/<id:user_id>/password", methods=["POST"])
@login_required
def user_password(user_id: int):
    user = fetch(current_user, Action.ADMINISTER, User, user_id)
    form = ResetPasswordForm()
    saved = save_submitted(
        form, lambda: accounts.reset_password(user, form.new_password.data, actor=current_user),
        _("The password has been reset: the person has been signed out everywhere "
          "and their API tokens no longer work."))
    if not saved:
        return _render_user(user, password_form=form, status=422)
    if user.id == current_user.id:  # an admin resetting their own: stay signed in
        sessions.stay_signed_in(user)
    return _back_to_user(user)


@bp.route("/admin/users/<id:user_id>/deactivate", methods=["POST"])
@login_required
def user_deactivate(user_id: int):
    user = fetch(current_user, Action.ADMINISTER, User, user_id)
    if user.id == current_user.id:
        # Checked here too so the message lands next to the button, not in a form.
        return _render_user(user, account_error=_("You cannot deactivate your own account."),
                            status=422)
    accounts.deactivate_user(user, actor=current_user)
    flash(_("The account has been deactivated; it can no longer sign in."), "success")
    return _back_to_user(user)


@bp.route("/admin/users/<id:user_id>/reactivate", methods=["POST"])
@login_required
def user_reactivate(user_id: int):
    user = fetch(current_user, Action.ADMINISTER, User, user_id)
    accounts.reactivate_user(user, actor=current_user)
    flash(_("The account has been reactivated."), "success")
    return _back_to_user(user)


@bp.route("/admin/users/<id:user_id>/roles", methods=["POST"])
@login_required
def user_add_role(user_id: int):
    user = fetch(current_user, Action.ADMINISTER, User, user_id)
    form = UserRoleForm()
    form.fill_choices(queries.all_committees())
    if save_submitted(form, lambda: services.set_committee_role(
            db.session.get(Committee, form.committee_id.data), user, form.role.data,
            actor=current_user), _("The role has been saved.")):
        return _back_to_user(user, "#roles")
    return _render_user(user, role_form=form, status=422)


@bp.route("/admin/users/<id:user_id>/roles/<id:committee_id>/remove", methods=["POST"])
@login_required
def user_remove_role(user_id: int, committee_id: int):
    user = fetch(current_user, Action.ADMINISTER, User, user_id)
    committee = db.get_or_404(Committee, committee_id)
    with attempt() as removed:
        services.remove_committee_role(committee, user, actor=current_user)
    if removed:  # else the person had no role there: nothing to say
        flash(_("The role has been removed."), "success")
    return _back_to_user(user, "#roles")
