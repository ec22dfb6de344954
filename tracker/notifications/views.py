"""The bell: the unread count on every page, the list of one's notifications, marking
them read, and the choice of which kinds also come by e-mail."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tracker.extensions import db
from tracker.notifications import queries, services
from tracker.notifications.forms import EmailKindsForm, MarkReadForm
from tracker.notifications.labels import KIND_LABELS
from tracker.notifications.models import Notification
from tracker.paging import page_number
from tracker.routing import safe_local_path
from tracker.unit_of_work import attempt

bp = Blueprint("notifications", __name__, template_folder="templates")


@bp.app_context_processor
def kinds():
    """The kinds' labels, and the kinds the user has by email (the bell's count is the
    header's: ``tracker.header_counts``)."""
    def email_kinds() -> list[str]:
        return queries.email_kinds_of(current_user) if current_user.is_authenticated else []

    return {"notification_kind_labels": KIND_LABELS,
            "notification_email_kinds": email_kinds}


@bp.route("/notifications")
@login_required
def index():
    unread_only = request.args.get("unread") == "1"
    page = db.paginate(queries.notifications_of(current_user, unread_only=unread_only),
                       page=page_number(request.args), per_page=30, error_out=False)
    return render_template("notifications/index.html", page=page, unread_only=unread_only,
                           form=MarkReadForm(formdata=None),
                           unread_total=queries.unread_count(current_user))


def _back(form: MarkReadForm):
    """Back to the page the form was sent from (a local path only), else the list."""
    return redirect(safe_local_path(form.next.data) or url_for("notifications.index"))


@bp.route("/notifications/<id:notification_id>/read", methods=["POST"])
@login_required
def mark_read(notification_id: int):
    notification = db.session.get(Notification, notification_id)
    # Someone else's notification does not exist for this user.
    if notification is None or notification.user_id != current_user.id:
        abort(404)
    form = MarkReadForm()
    if form.validate_on_submit():
        services.mark_read(notification, user=current_user)
    return _back(form)


@bp.route("/notifications/read-all", methods=["POST"])
@login_required
def mark_all_read():
    form = MarkReadForm()
    if form.validate_on_submit():
        count = services.mark_all_read(current_user)
        if count:
            flash(_("All your notifications are marked read."), "success")
    return _back(form)


@bp.route("/notifications/email", methods=["POST"])
@login_required
def email_kinds():
    form = EmailKindsForm()
    if form.validate_on_submit():
        with attempt() as saved:
            services.set_email_kinds(current_user, form.kinds.data, actor=current_user)
        if not saved:
            flash(str(saved.error.message), "error")
        else:
            flash(_("Your choice of e-mails has been saved."), "success")
    else:
        for errors in form.errors.values():
            for message in errors:
                flash(str(message), "error")
    return redirect(url_for("auth.profile") + "#notification-mail")
