"""Login, logout, profile, language and password."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from tracker.auth import limits, services, sessions, tokens
from tracker.auth.forms import ApiTokenForm, ChangePasswordForm, LoginForm, ProfileForm
from tracker.clock import utcnow
from tracker.routing import safe_local_path
from tracker.unit_of_work import attempt

bp = Blueprint("auth", __name__, template_folder="templates")


@bp.route("/login", methods=["GET", "POST"])
@limits.login_limits
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(_("E-mail or password is not correct."))
        else:
            session.clear()
            login_user(user, remember=form.remember.data)
            return redirect(safe_local_path(request.args.get("next")) or url_for("main.home"))
    return render_template("auth/login.html", form=form), (422 if form.errors else 200)


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        # Ends this sign-in wherever a copy of its cookies is (and the user's other ones).
        sessions.end_all_sessions(current_user)
    session.clear()
    logout_user()  # after clear(): it marks the remember-me cookie for deletion in the session
    flash(_("You have been signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/profile/sign-out-everywhere", methods=["POST"])
@login_required
def sign_out_everywhere():
    services.sign_out_everywhere(current_user)
    session.clear()
    logout_user()
    flash(_("You have been signed out on every computer and phone."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/language/<code>", methods=["POST"])
def set_language(code: str):
    if code in current_app.config["LANGUAGES"]:
        session["language"] = code
        if current_user.is_authenticated:
            services.update_user(current_user, actor=current_user, language=code)
    return redirect(safe_local_path(request.form.get("next")) or url_for("main.home"))


@bp.route("/profile", methods=["GET", "POST"])
@login_required
@limits.current_password_limits
def profile():
    which = request.form.get("which") if request.method == "POST" else None
    # Two forms on one page: only the submitted one reads the posted data.
    form = ProfileForm(obj=current_user, prefix="profile",
                       **({} if which == "profile" else {"formdata": None}))
    password_form = ChangePasswordForm(
        prefix="password", **({} if which == "password" else {"formdata": None})
    )
    if which == "profile" and form.validate_on_submit():
        with attempt(form) as saved:
            services.update_user(
                current_user, actor=current_user, name=form.name.data,
                language=form.language.data, mail_optional=form.mail_optional.data,
            )
        if saved:
            flash(_("Your profile has been saved."), "success")
            return redirect(url_for("auth.profile"))
    if which == "password" and password_form.validate_on_submit():
        with attempt(password_form) as saved:
            services.change_password(
                current_user, password_form.current_password.data,
                password_form.new_password.data,
            )
        if saved:
            # Every other session of the user has just ended; this one goes on.
            sessions.stay_signed_in(current_user._get_current_object())
            flash(_("Your password has been changed; you have been signed out everywhere "
                    "else."), "success")
            return redirect(url_for("auth.profile"))
    status = 422 if (form.errors or password_form.errors) else 200
    return _profile_page(form=form, password_form=password_form), status


def _profile_page(**forms):
    forms.setdefault("form", ProfileForm(obj=current_user, prefix="profile", formdata=None))
    forms.setdefault("password_form", ChangePasswordForm(prefix="password", formdata=None))
    forms.setdefault("token_form", ApiTokenForm(prefix="token", formdata=None))
    return render_template("auth/profile.html", api_tokens=tokens.tokens_of(current_user),
                           now=utcnow(), **forms)


@bp.route("/profile/tokens", methods=["POST"])
@login_required
def create_api_token():
    """The new token's secret is shown in this response only: never stored, never redirected."""
    token_form = ApiTokenForm(prefix="token")
    if token_form.validate_on_submit():
        with attempt(token_form) as saved:
            token, secret = tokens.create_token(current_user, token_form.name.data,
                                                token_form.expires_on.data)
        if saved:
            page = render_template("auth/token_created.html", token=token, secret=secret)
            # Neither the browser's cache nor a proxy may keep the page with the secret.
            return page, 200, {"Cache-Control": "no-store"}
    return _profile_page(token_form=token_form), 422


@bp.route("/profile/tokens/<id:token_id>/revoke", methods=["POST"])
@login_required
def revoke_api_token(token_id: int):
    token = tokens.owned_token(current_user, token_id)
    if token is None or token.revoked_at is not None:
        abort(404)
    tokens.revoke_token(token, actor=current_user)
    flash(_("The token “%(name)s” has been revoked: it no longer works.", name=token.name),
          "success")
    return redirect(url_for("auth.profile") + "#api-tokens")

