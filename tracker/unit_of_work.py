"""One unit of work per request and per job: the only place a transaction ends.

A request begins its transaction lazily (a writing request takes SQLite's write lock
first, ``database.begin_writing``), runs its view, and is committed once after the view
returns a success (a 1xx–3xx answer); an error answer (a form refused with 422, a 409…)
and any exception roll everything back before the answer is sent, so a refused request
never leaves half of its writes behind, whatever the view did before it failed. Views, API
resources and services never commit, roll back or open savepoints themselves:

* a service's broken rule (``DomainError``) raised out of a view is answered here, in one
  place: the API's blueprints answer it as JSON (``api.common``), the site with its page
  (``_site_domain_error``): 409 for a task's state, 403 for a rule about who acts, 422
  otherwise, the message in the user's language;
* a form that should show the error next to its field runs the service in ``attempt``:
  the service's writes sit in a savepoint, undone on a broken rule, and the message goes
  next to the field (``put_error``), so the page re-renders with nothing saved;
* a job (Celery) or a long sweep that commits item by item uses ``step()``: each step is a
  unit of work of its own (committed when the block ends, rolled back if it raises).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from flask import Flask, current_app, flash, render_template
from flask_babel import gettext as _

from tracker.database import begin_writing
from tracker.domain import DomainError, EditConflict, NotPermitted, StateError
from tracker.errors import json_error, wants_json
from tracker.extensions import db


def init_app(app: Flask) -> None:
    """Wrap every view registered so far (call after the blueprints and the API)."""
    for endpoint, view in list(app.view_functions.items()):
        if not getattr(view, "_unit_of_work", False):
            app.view_functions[endpoint] = _in_unit_of_work(view)
    app.register_error_handler(DomainError, _site_domain_error)


def _in_unit_of_work(view: Callable) -> Callable:
    @functools.wraps(view)
    def run(*args, **kwargs):
        try:
            response = current_app.make_response(view(*args, **kwargs))
            if response.status_code < 400:
                db.session.commit()
            else:
                db.session.rollback()
        except BaseException:
            db.session.rollback()
            raise
        return response

    run._unit_of_work = True
    return run


def status_of(error: DomainError) -> int:
    """The HTTP status a broken rule is answered with, the same on the site and the API."""
    if isinstance(error, NotPermitted):
        return 403
    if isinstance(error, StateError | EditConflict):
        return 409
    return 422


def _site_domain_error(error: DomainError):
    """A site view let a broken rule through (no form to show it beside): its own page,
    saying why. The API's blueprints answer with JSON instead (``api.common``)."""
    status = status_of(error)
    if wants_json():
        return json_error(status, error.message, None if status == 403
                          else {error.field or "_schema": error.message})
    titles = {403: _("Not allowed"), 409: _("Not possible now"), 422: _("Invalid input")}
    page = render_template("error.html", status=status, title=titles[status],
                           message=str(error.message))
    return page, status


# --- Forms: a broken rule shown next to its field -------------------------------------------

_ROW_FIELD = re.compile(r"tasks-(\d+)-(\w+)")


class Attempt:
    """What ``attempt`` yields: true once the block ran without a broken rule. ``result``
    is what ``save_submitted``'s save returned (the record it created…)."""

    def __init__(self) -> None:
        self.ok = False
        self.error: DomainError | None = None
        self.result = None

    def __bool__(self) -> bool:
        return self.ok


@contextmanager
def attempt(form=None, *, rows=(), problems: list | None = None) -> Iterator[Attempt]:
    """Run a service's writes in a savepoint; on a broken rule undo them and put the message
    next to its field in ``form`` (``put_error``), and go on after the block::

        with attempt(form) as saved:
            services.add_comment(task, form.body.data, actor=current_user)
        if saved:
            return redirect(...)
        return render_template(...), 422

    Other exceptions propagate (and the request's unit of work rolls back), and so does a
    ``StateError``: no field can correct a state changed meanwhile.
    """
    outcome = Attempt()
    try:
        with db.session.begin_nested():
            yield outcome
    except StateError:
        raise  # the record's state, not a field, is at fault: answered with its page (409)
    except DomainError as error:
        outcome.error = error
        if form is not None:
            put_error(form, error, rows=rows, problems=problems)
        return
    outcome.ok = True


def save_submitted(form, save: Callable[[], object], done: str) -> Attempt:
    """A form page's usual POST, written once: when ``form`` was submitted and is valid, run
    ``save`` in ``attempt(form)`` and, once it saved, flash ``done``::

        if save_submitted(form, lambda: services.update_agency(agency, ...), _("Saved.")):
            return redirect(...)
        return render_template(...), 422 if form.errors else 200

    The outcome is false when nothing was saved (a GET, a refused form, a broken rule)."""
    outcome = Attempt()
    if form.validate_on_submit():
        with attempt(form) as outcome:
            outcome.result = save()
        if outcome:
            flash(done, "success")
    return outcome


def put_error(form, error: DomainError, *, rows=(), problems: list | None = None) -> None:
    """Show a service's message next to its field: ``tasks-<i>-<name>`` is row ``i`` of a
    several-rows form; a field the form lacks (or a hidden one, such as ``version``) puts it
    in ``problems`` when given, else above the form."""
    field = None
    match = _ROW_FIELD.fullmatch(error.field or "")
    if match and int(match[1]) < len(rows):
        field = rows[int(match[1])]._fields.get(match[2])
    elif not match:
        field = getattr(form, "_fields", {}).get(error.field)
    if field is not None and getattr(field, "type", None) != "HiddenField" \
            and error.field != "next":
        field.errors = [*field.errors, error.message]
    elif problems is not None:
        problems.append(error.message)
    elif hasattr(form, "form_errors"):
        form.form_errors.append(error.message)
    if hasattr(form, "refresh_row_errors"):
        form.refresh_row_errors()


# --- Jobs and sweeps: one unit of work per step ---------------------------------------------


@contextmanager
def step(*, writing: bool = False) -> Iterator[None]:
    """One unit of work inside a job: committed when the block ends, rolled back (and the
    exception raised again) when it fails. ``writing`` takes SQLite's write lock first, for
    a read-then-write that others may do at once."""
    if writing:
        begin_writing()
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


def end_read() -> None:
    """End a read-only transaction (a job that read what to do before its steps), so the
    steps each start their own; on SQLite a read transaction would keep a snapshot."""
    db.session.commit()
