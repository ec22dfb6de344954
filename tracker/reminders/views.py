"""Reminder screens: a committee's reminder policy (its managers), the holiday calendar,
the outbox with its retry button, and the local mail sink in demo mode (admins).

Each handler parses, checks access in ``tracker.access``, calls one service (in
``attempt``) and redirects; a broken rule re-renders the form with the message next to its
field (422) and nothing saved. The request commits (``unit_of_work``).
"""

from __future__ import annotations

from datetime import date

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tracker.access import Action, fetch, require
from tracker.clock import local_today
from tracker.committees.models import Committee
from tracker.extensions import db
from tracker.history.display import history_rows
from tracker.history.services import entries_for
from tracker.paging import page_number
from tracker.reminders import admin
from tracker.reminders.forms import HolidayForm, ReminderPolicyForm
from tracker.reminders.holidays import seed_holidays
from tracker.reminders.models import DigestStatus, Holiday, MailDigest
from tracker.reminders.policy import policy_for
from tracker.reminders.queries import outbox_counts, reminders_for_task
from tracker.reminders.sending import retry_digest
from tracker.unit_of_work import attempt, save_submitted

bp = Blueprint("reminders", __name__, template_folder="templates")

SHIPPED_YEARS = range(2025, 2031)  # the years tracker/reminders/holidays.py writes out


def _page() -> int:
    return page_number(request.args)


@bp.app_template_global("task_reminders")
def task_reminders(task):
    """The task page's "Reminders sent" list (the tasks area does not import this one)."""
    return reminders_for_task(task.id)


# --- a committee's policy --------------------------------------------------------------

@bp.route("/committees/<id:committee_id>/reminder-policy", methods=["GET", "POST"])
@login_required
def policy(committee_id: int):
    committee = fetch(current_user, Action.MANAGE, Committee, committee_id)
    if request.method == "GET":
        form = ReminderPolicyForm.for_policy(admin.policy_to_show(committee))
    else:
        form = ReminderPolicyForm()
        if save_submitted(form, lambda: _save_policy(committee, form),
                          _("The reminder settings have been saved.")):
            return redirect(url_for("reminders.policy", committee_id=committee.id))
    stored = admin.saved_policy(committee)
    history = history_rows(entries_for("reminder_policy", stored.id)[-10:]) if stored else []
    return render_template(
        "reminders/policy.html", committee=committee, form=form, history=history,
    ), (422 if form.errors or form.form_errors else 200)


def _save_policy(committee: Committee, form: ReminderPolicyForm) -> None:
    # The policy row is created here if missing, inside the same savepoint as the change,
    # so a refused change leaves no row behind either.
    admin.update_policy(
        policy_for(committee), actor=current_user,
        days_before=form.days_before_list, on_the_day=form.on_the_day.data,
        overdue_every_days=form.overdue_every_days.data,
        escalate_after_days=form.escalate_after_days.data,
        standing_stale_days=form.standing_stale_days.data,
        working_days_only=form.working_days_only.data,
        weekly_summary=form.weekly_summary.data,
        decision_waiting_days=form.decision_waiting_days.data,
    )


# --- holidays (admins) -----------------------------------------------------------------

@bp.route("/admin/holidays")
@login_required
def holidays():
    require(current_user, Action.ADMINISTER)
    years = admin.holiday_years()
    year = request.args.get("year", type=int)
    if request.args.get("year") == "all":
        year = None
    elif year not in years:
        this_year = local_today(None).year
        year = this_year if this_year in years else (years[0] if years else None)
    page = db.paginate(admin.holidays_in(year), page=_page(), per_page=100, error_out=False)
    return render_template("reminders/holidays.html", page=page, years=years, year=year,
                           shipped=SHIPPED_YEARS)


def _holiday_form_page(form, holiday=None):
    return render_template("reminders/holiday_form.html", form=form, holiday=holiday), (
        422 if form.errors or form.form_errors else 200)


def _holiday_values(form) -> dict:
    return {"on": form.on.data, "name": form.name.data, "kind": form.kind.data}


def _back_to_year(day: date):
    return redirect(url_for("reminders.holidays", year=day.year))


@bp.route("/admin/holidays/new", methods=["GET", "POST"])
@login_required
def holiday_new():
    require(current_user, Action.ADMINISTER)
    form = HolidayForm()
    if save_submitted(form, lambda: admin.add_holiday(**_holiday_values(form),
                                                      actor=current_user),
                      _("The holiday has been added.")):
        return _back_to_year(form.on.data)
    return _holiday_form_page(form)


@bp.route("/admin/holidays/<id:holiday_id>/edit", methods=["GET", "POST"])
@login_required
def holiday_edit(holiday_id: int):
    holiday = fetch(current_user, Action.ADMINISTER, Holiday, holiday_id)
    form = HolidayForm(obj=holiday)
    if save_submitted(form, lambda: admin.update_holiday(holiday, **_holiday_values(form),
                                                         actor=current_user),
                      _("The holiday has been saved.")):
        return _back_to_year(holiday.on)
    return _holiday_form_page(form, holiday)


@bp.route("/admin/holidays/<id:holiday_id>/delete", methods=["POST"])
@login_required
def holiday_delete(holiday_id: int):
    holiday = fetch(current_user, Action.ADMINISTER, Holiday, holiday_id)
    day, name = holiday.on, holiday.name
    admin.delete_holiday(holiday, actor=current_user)
    flash(_("%(name)s has been taken off the calendar.", name=name), "success")
    return _back_to_year(day)


@bp.route("/admin/holidays/load", methods=["POST"])
@login_required
def holidays_load():
    require(current_user, Action.ADMINISTER)
    added = seed_holidays(SHIPPED_YEARS)
    count = added if isinstance(added, int) else len(added or ())
    flash(_("The shipped calendar for %(first)d–%(last)d is loaded (%(num)d days added).",
            first=SHIPPED_YEARS[0], last=SHIPPED_YEARS[-1], num=count), "success")
    return redirect(url_for("reminders.holidays", year=SHIPPED_YEARS[0]))


# --- the outbox (admins) ---------------------------------------------------------------

@bp.route("/admin/outbox")
@login_required
def outbox():
    require(current_user, Action.ADMINISTER)
    filters = admin.OutboxFilters.from_args(request.args)
    page = db.paginate(admin.outbox_query(filters), page=_page(),
                       per_page=current_app.config["PER_PAGE"], error_out=False)
    return render_template(
        "reminders/outbox.html", page=page, filters=filters, statuses=list(DigestStatus),
        counts=outbox_counts(), items=admin.items_of([d.id for d in page.items]),
        filtered=bool(filters.as_args()),
    )


@bp.route("/admin/outbox/<id:digest_id>/retry", methods=["POST"])
@login_required
def outbox_retry(digest_id: int):
    digest = fetch(current_user, Action.ADMINISTER, MailDigest, digest_id)
    with attempt() as retried:
        retry_digest(digest.id, actor=current_user)
    if not retried:  # it was sent, or is being sent, meanwhile
        flash(retried.error.message, "error")
    else:
        flash(_("The e-mail to %(email)s will be sent again.", email=digest.recipient_email),
              "success")
    return redirect(url_for("reminders.outbox", **admin.OutboxFilters.from_args(
        request.args).as_args()))


# --- the local mail sink (admins, demo mode only) --------------------------------------

def _require_sink() -> None:
    if not current_app.config.get("DEMO_MODE"):
        abort(404)  # outside the demo the sink's screens do not exist
    require(current_user, Action.ADMINISTER)


@bp.route("/admin/mail-sink")
@login_required
def mail_sink():
    _require_sink()
    per_page, page_no = current_app.config["PER_PAGE"], _page()
    entries, total = admin.sink_entries(page_no, per_page)
    return render_template("reminders/mail_sink.html", entries=entries, total=total,
                           page_no=page_no, pages=max((total + per_page - 1) // per_page, 1))


def _sink_file(name: str):
    _require_sink()
    path = admin.sink_path(name)
    if path is None:
        abort(404)
    return path


@bp.route("/admin/mail-sink/<name>")
@login_required
def mail_message(name: str):
    message = admin.read_sink_message(_sink_file(name))
    return render_template("reminders/mail_message.html", message=message)


@bp.route("/admin/mail-sink/<name>/raw")
@login_required
def mail_raw(name: str):
    response = send_file(_sink_file(name), mimetype="message/rfc822", as_attachment=True,
                         download_name=name, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
