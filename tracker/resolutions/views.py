"""Resolutions and their tasks: the list, the secretary's one screen, the document page,
editing; and editing or cancelling a single task. Meetings are in ``meeting_views``.

Every handler: parse → ``access.require`` → one service (in ``attempt``) → redirect; on a
broken rule the form comes back with the error next to its field, 422, and nothing written;
the request commits (``unit_of_work``).
"""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tracker import labels
from tracker.access import Action, fetch, fetch_task
from tracker.clock import local_today
from tracker.committees.models import Committee
from tracker.conflicts import resolution_conflict, task_conflict
from tracker.domain import EditConflict, parse_id
from tracker.history.display import history_rows
from tracker.history.services import entries_for
from tracker.meetings import queries as meeting_queries
from tracker.meetings import services as meeting_services
from tracker.paging import page_number
from tracker.resolutions import queries
from tracker.resolutions.blueprint import bp
from tracker.resolutions.forms import AddTasksForm, ResolutionEditForm, ResolutionWithTasksForm
from tracker.resolutions.models import Resolution, ResolutionKind
from tracker.resolutions.services import update_resolution
from tracker.tasks import services as task_services
from tracker.tasks import workflow
from tracker.tasks.forms import TaskCancelForm, TaskEditForm
from tracker.tasks.models import Task
from tracker.tasks.queries import paginate_rows
from tracker.tasks.recurrence import queries as recurrence_queries
from tracker.tasks.recurrence.periods import describe
from tracker.unit_of_work import attempt, put_error


def _refused(template: str, **context):
    """Re-render a form that was not saved (nothing was written): 422."""
    return render_template(template, **context), 422


def _conflict(template: str, conflict, **context):
    """Someone else saved the record since this form was loaded: nothing written, 409.

    The form keeps what the user typed (and its old version, so saving it again is refused
    again); ``conflict`` compares it with what is stored now.
    """
    return render_template(template, conflict=conflict, **context), 409


def task_page(task: Task) -> str:
    return url_for("tasks.detail", task_id=task.id)


# --- Tasks from a meeting's agenda item ("Assign tasks" on the meeting page) -------------


def _prefill_row(row, item) -> None:
    """The first task row from the agenda item: its title, presenter as lead, notes."""
    row.title.data = item.title
    row.lead_agency_id.data = item.presenter_agency_id
    row.description.data = item.notes


def _prefill_notice(form, item, today) -> None:
    """The new document as the meeting's conclusion notice of today, first row from the item."""
    form.kind.data = ResolutionKind.CONCLUSION_NOTICE.value
    form.meeting_id.data = item.meeting_id
    form.issued_on.data = today
    _prefill_row(form.tasks.entries[0].form, item)


def _agenda_item_page(item) -> str:
    return url_for("resolutions.meeting", meeting_id=item.meeting_id,
                   _anchor=f"agenda-item-{item.id}")


# --- The list -------------------------------------------------------------------------


@bp.route("/resolutions")
@login_required
def index():
    filters = queries.ResolutionFilters.from_args(request.args, labels.RESOLUTION_KIND_LABELS)
    sort = queries.sort_key(request.args.get("sort"))
    page = paginate_rows(queries.resolutions_query(current_user, filters, sort),
                         page_number(request.args), current_app.config["PER_PAGE"])
    return render_template(
        "resolutions/index.html", page=page, filters=filters, sort=sort,
        committees=queries.visible_committees(current_user),
        managed=queries.managed_committees(current_user),
    )


@bp.route("/resolutions/new")
@login_required
def choose_committee():
    """The list's "New resolution" picker (a GET form) leads to the committee's screen."""
    committee = fetch(current_user, Action.MANAGE, Committee,
                      parse_id(request.args.get("committee")) or 0)
    return redirect(url_for("resolutions.new", committee_id=committee.id))


# --- The secretary's screen: a document and its tasks ----------------------------------


@bp.route("/committees/<id:committee_id>/resolutions/new", methods=["GET", "POST"])
@login_required
def new(committee_id: int):
    committee = fetch(current_user, Action.MANAGE, Committee, committee_id)
    agencies = queries.member_agencies(committee)
    users = queries.assignable_users(committee)
    form = ResolutionWithTasksForm()
    form.set_choices(queries.committee_meetings(committee.id))
    form.set_task_choices(agencies, users)
    item = meeting_queries.agenda_item_of(committee.id, parse_id(request.args.get("agenda_item")))
    if request.method == "GET":
        form.meeting_id.data = parse_id(request.args.get("meeting"))
        if item is not None:
            _prefill_notice(form, item, local_today(committee.timezone))
    context = {"form": form, "committee": committee, "problems": [], "agenda_item": item}
    if request.method == "POST" and form.add_row.data:
        form.add_blank_row(agencies, users)
        return render_template("resolutions/new.html", **context)
    if request.method == "POST":
        valid = form.validate()
        valid = form.check_rows() and valid
        if not valid:
            return _refused("resolutions/new.html", **context)
        rows = form.filled_rows()
        with attempt(form, rows=rows, problems=context["problems"]) as saved:
            if item is None:
                resolution = task_services.record_resolution_with_tasks(
                    committee, actor=current_user, resolution_fields=form.values(),
                    task_specs=[row.spec() for row in rows])
            else:
                resolution = meeting_services.record_notice_from_item(
                    committee, item, actor=current_user, resolution_fields=form.values(),
                    task_specs=[row.spec() for row in rows])
        if not saved:
            return _refused("resolutions/new.html", **context)
        flash(_("Document %(number)s recorded with %(n)d tasks.",
                number=resolution.number, n=len(rows)), "success")
        if item is not None:
            return redirect(_agenda_item_page(item))
        return redirect(url_for("resolutions.detail", resolution_id=resolution.id))
    return render_template("resolutions/new.html", **context)


@bp.route("/resolutions/<id:resolution_id>")
@login_required
def detail(resolution_id: int):
    resolution = fetch(current_user, Action.VIEW, Resolution, resolution_id)
    return render_template(
        "resolutions/detail.html", resolution=resolution, task_url=task_page,
        tasks=queries.resolution_tasks(current_user, resolution.id),
        series=recurrence_queries.resolution_series(resolution.id), describe_rule=describe,
        history=history_rows(entries_for("resolution", resolution.id)),
    )


@bp.route("/resolutions/<id:resolution_id>/edit", methods=["GET", "POST"])
@login_required
def edit(resolution_id: int):
    resolution = fetch(current_user, Action.MANAGE, Resolution, resolution_id)
    form = ResolutionEditForm()
    form.set_choices(queries.committee_meetings(resolution.committee_id))
    context = {"form": form, "resolution": resolution, "problems": []}
    if request.method == "GET":
        form.fill_from(resolution)
        form.version.data = resolution.version
        return render_template("resolutions/edit.html", **context)
    if not form.validate():
        return _refused("resolutions/edit.html", **context)
    with attempt() as saved:  # a conflict shows the comparison, not a field's error
        update_resolution(resolution, actor=current_user,
                          expected_version=parse_id(form.version.data) or 0, **form.values())
    if saved:
        flash(_("Document %(number)s saved.", number=resolution.number), "success")
        return redirect(url_for("resolutions.detail", resolution_id=resolution.id))
    if isinstance(saved.error, EditConflict):
        return _conflict("resolutions/edit.html",
                         resolution_conflict(resolution, form.values()), **context)
    put_error(form, saved.error, problems=context["problems"])
    return _refused("resolutions/edit.html", **context)


@bp.route("/resolutions/<id:resolution_id>/tasks/new", methods=["GET", "POST"])
@login_required
def add_tasks(resolution_id: int):
    resolution = fetch(current_user, Action.MANAGE, Resolution, resolution_id)
    agencies = queries.member_agencies(resolution.committee)
    users = queries.assignable_users(resolution.committee)
    form = AddTasksForm()
    form.set_task_choices(agencies, users)
    item = meeting_queries.agenda_item_of(resolution.committee_id,
                                          parse_id(request.args.get("agenda_item")))
    if request.method == "GET" and item is not None:
        _prefill_row(form.tasks.entries[0].form, item)
    context = {"form": form, "resolution": resolution, "problems": [], "agenda_item": item}
    if request.method == "POST" and form.add_row.data:
        form.add_blank_row(agencies, users)
    elif request.method == "POST":
        valid = form.validate()
        valid = form.check_rows() and valid
        rows = form.filled_rows()
        if not rows and valid:
            context["problems"].append(_("Fill in at least one task."))
            return _refused("resolutions/add_tasks.html", **context)
        if not valid:
            return _refused("resolutions/add_tasks.html", **context)
        with attempt(form, rows=rows, problems=context["problems"]) as saved:
            if item is None:
                task_services.assign_tasks(resolution, [row.spec() for row in rows],
                                           actor=current_user)
            else:
                meeting_services.assign_tasks_from_item(
                    resolution, item, [row.spec() for row in rows], actor=current_user)
        if not saved:
            return _refused("resolutions/add_tasks.html", **context)
        flash(_("%(n)d tasks added.", n=len(rows)), "success")
        if item is not None:
            return redirect(_agenda_item_page(item))
        return redirect(url_for("resolutions.detail", resolution_id=resolution.id))
    return render_template("resolutions/add_tasks.html", **context)


# --- One task: edit, cancel ------------------------------------------------------------


@bp.route("/tasks/<id:task_id>/edit", methods=["GET", "POST"])
@login_required
def edit_task(task_id: int):
    task = fetch_task(current_user, workflow.EDIT, task_id)
    form = TaskEditForm()
    form.set_choices(queries.member_agencies(task.committee),
                     queries.assignable_users(task.committee))
    context = {"form": form, "task": task, "problems": [], "back": task_page(task)}
    if request.method == "GET":
        form.fill_from(task)
        form.version.data = task.version
        return render_template("resolutions/task_edit.html", **context)
    valid = form.validate()
    valid = form.check_required() and valid
    if not valid:
        return _refused("resolutions/task_edit.html", **context)
    with attempt() as saved:  # a conflict shows the comparison, not a field's error
        task_services.update_task(task, form.spec(), actor=current_user,
                                  expected_version=parse_id(form.version.data) or 0)
    if saved:
        flash(_("Task saved."), "success")
        return redirect(task_page(task))
    if isinstance(saved.error, EditConflict):
        return _conflict("resolutions/task_edit.html", task_conflict(task, form.spec()),
                         **context)
    put_error(form, saved.error, problems=context["problems"])
    return _refused("resolutions/task_edit.html", **context)


@bp.route("/tasks/<id:task_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel_task(task_id: int):
    task = fetch_task(current_user, workflow.CANCEL, task_id)
    form = TaskCancelForm()
    context = {"form": form, "task": task, "problems": [], "back": task_page(task)}
    if request.method == "GET":
        return render_template("resolutions/task_cancel.html", **context)
    if not form.validate():
        return _refused("resolutions/task_cancel.html", **context)
    with attempt(form, problems=context["problems"]) as saved:
        task_services.cancel_task(task, form.reason.data, actor=current_user)
    if not saved:
        return _refused("resolutions/task_cancel.html", **context)
    flash(_("Task cancelled."), "success")
    return redirect(task_page(task))

