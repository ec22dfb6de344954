"""Recurring-duty screens: start one on a resolution, its page (the rule in words and each
occurrence's outcome), change it, stop it.

Every handler: parse → ``access.fetch`` (the committee's managers change a duty, anyone who
sees the committee reads it) → one service in ``attempt`` → redirect; a broken rule comes
back next to its field, 422, nothing written.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tracker.access import Action, fetch
from tracker.clock import local_today
from tracker.domain import EditConflict, parse_id
from tracker.history.display import history_rows
from tracker.history.services import entries_for
from tracker.paging import page_number
from tracker.resolutions import queries as resolution_queries
from tracker.resolutions.models import Resolution
from tracker.tasks.recurrence import queries, services
from tracker.tasks.recurrence.forms import SeriesEditForm, SeriesForm, StopSeriesForm
from tracker.tasks.recurrence.models import TaskSeries
from tracker.tasks.recurrence.periods import describe, period_label
from tracker.unit_of_work import attempt, put_error

bp = Blueprint("recurrence", __name__, template_folder="templates")


def _series_page(series: TaskSeries) -> str:
    return url_for("recurrence.show", series_id=series.id)


def _choices(form, committee) -> None:
    form.set_choices(resolution_queries.member_agencies(committee),
                     resolution_queries.assignable_users(committee))


@bp.route("/resolutions/<id:resolution_id>/series/new", methods=["GET", "POST"])
@login_required
def new(resolution_id: int):
    resolution = fetch(current_user, Action.MANAGE, Resolution, resolution_id)
    form = SeriesForm()
    _choices(form, resolution.committee)
    context = {"form": form, "resolution": resolution, "problems": [],
               "back": url_for("resolutions.detail", resolution_id=resolution.id)}
    if request.method == "GET":
        form.starts_on.data = local_today(resolution.committee.timezone)
        return render_template("recurrence/new.html", **context)
    valid = form.validate()
    valid = form.check_required() and valid
    if not valid:
        return render_template("recurrence/new.html", **context), 422
    with attempt(form, problems=context["problems"]) as saved:
        series = services.create_series(
            resolution, form.spec(), form.rule_spec(), starts_on=form.starts_on.data,
            ends_on=form.ends_on.data, actor=current_user,
            lead_days=current_app.config["RECURRENCE_LEAD_DAYS"])
    if not saved:
        return render_template("recurrence/new.html", **context), 422
    flash(_("Recurring duty saved: %(rule)s.", rule=describe(series.rule)), "success")
    return redirect(_series_page(series))


@bp.route("/series/<id:series_id>")
@login_required
def show(series_id: int):
    series = fetch(current_user, Action.VIEW, TaskSeries, series_id)
    page = page_number(request.args)
    rows = queries.occurrences_page(series, page, current_app.config["PER_PAGE"])
    return render_template(
        "recurrence/show.html", series=series, resolution=series.resolution, rows=rows,
        upcoming=queries.upcoming(series) if page == 1 else None, rule=describe(series.rule),
        outcome_labels=queries.OUTCOME_LABELS, outcome_badges=queries.OUTCOME_BADGES,
        period_label=period_label,
        history=history_rows(entries_for("task_series", series.id)))


@bp.route("/series/<id:series_id>/edit", methods=["GET", "POST"])
@login_required
def edit(series_id: int):
    series = fetch(current_user, Action.MANAGE, TaskSeries, series_id)
    form = SeriesEditForm()
    _choices(form, series.committee)
    context = {"form": form, "series": series, "resolution": series.resolution,
               "problems": [], "back": _series_page(series), "rule": describe(series.rule)}
    if request.method == "GET":
        form.fill_from(series)
        form.version.data = series.version
        return render_template("recurrence/edit.html", **context)
    valid = form.validate()
    valid = form.check_required() and valid
    if not valid:
        return render_template("recurrence/edit.html", **context), 422
    with attempt() as saved:
        followed = services.update_series(
            series, form.spec(), due_day=form.due_day.data,
            due_after_period=bool(form.due_after_period.data), ends_on=form.ends_on.data,
            actor=current_user, expected_version=parse_id(form.version.data) or 0)
    if saved:
        flash(_("Recurring duty saved; %(n)d occurrences not started yet follow the change.",
                n=followed), "success")
        return redirect(_series_page(series))
    if isinstance(saved.error, EditConflict):
        context["problems"].append(saved.error.message)
        return render_template("recurrence/edit.html", **context), 409
    put_error(form, saved.error, problems=context["problems"])
    return render_template("recurrence/edit.html", **context), 422


@bp.route("/series/<id:series_id>/stop", methods=["GET", "POST"])
@login_required
def stop(series_id: int):
    series = fetch(current_user, Action.MANAGE, TaskSeries, series_id)
    form = StopSeriesForm()
    context = {"form": form, "series": series, "resolution": series.resolution,
               "problems": [], "back": _series_page(series), "rule": describe(series.rule)}
    if request.method == "GET" or not form.validate():
        return render_template("recurrence/stop.html", **context), (
            200 if request.method == "GET" else 422)
    with attempt(form, problems=context["problems"]) as saved:
        services.stop_series(series, actor=current_user)
    if not saved:
        return render_template("recurrence/stop.html", **context), 422
    flash(_("Recurring duty stopped: no more occurrences will be created."), "success")
    return redirect(_series_page(series))
