"""Who may do what: the one place authorization is decided.

Views and services ask ``can(user, action, target)`` or ``require(...)``; no
view checks roles by hand. The rules (issue #2, DOMAIN.md):

* admins may do everything and see every committee;
* nobody else sees a committee unless they hold a role in it — for them its
  records do not exist (404);
* chairs, vice-chairs and secretaries manage the committee's meetings,
  resolutions and tasks and review completions;
* viewers read;
* every verb on a task (reporting progress, submitting, reviewing, extensions, comments…)
  is a row of the workflow table, ``tracker.tasks.workflow``: the roles and the agency it
  needs, the task states it is allowed in, and whether the committee's "four eyes" rule
  (issue #10) keeps whoever reported a task done, or asked for an extension, from also
  deciding on it. ``can`` answers from that row; ``require`` tells why under "four eyes".

The words (``Action``, the role sets, "four eyes") live in ``tracker.rights``, below both.
"""

from __future__ import annotations

from flask import abort

from tracker.extensions import db
from tracker.rights import (  # noqa: F401 — the words of access, used with it everywhere
    ACTING_ROLES,
    DECIDING_ROLES,
    MANAGER_ROLES,
    SECOND_PERSON_EXTENSION,
    SECOND_PERSON_REVIEW,
    Action,
    SecondPersonNeeded,
    acting_role,
    ensure_second_person,
    is_a,
    may_see,
    role_of,
    second_person_needed,
    visible_committee_ids,
)
from tracker.tasks import workflow
from tracker.tasks.models import Task


def _task_and_extension(target):
    """(task, extension request) for a workflow target, else (None, None)."""
    if is_a(target, "TaskExtension"):
        return target.task, target
    if is_a(target, "Task"):
        return target, None
    return None, None


def can(user, action: Action, target=None) -> bool:
    """Whether ``user`` may perform ``action`` on ``target`` (committee, resolution, task…).

    On a task, an action other than viewing is one of the workflow's verbs (``MANAGE``:
    editing or cancelling; ``REVIEW``: accepting or returning…): allowed when one of them is
    allowed now. ``DECIDE_EXTENSION`` takes the task (may this person decide its extensions
    at all) or one request (``TaskExtension``: also pending, and not the one who asked,
    under "four eyes")."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if action == Action.ADMINISTER:
        return user.is_admin
    task, extension = _task_and_extension(target)
    if task is not None and action != Action.VIEW:
        return any(workflow.allowed(user, verb, task, extension)
                   for verb in workflow.verbs_for(action))
    if not may_see(user, target):
        return False
    if action == Action.VIEW:
        return True
    role = acting_role(user, target)
    if action == Action.MANAGE:
        return role in MANAGER_ROLES
    return False  # the other actions are verbs on a task


def refusal(user, action: Action, target=None):
    """The "four eyes" rule's message when it, and not the role or the state, keeps
    ``user`` from ``action`` on ``target``; else None (pages show it instead of the
    button)."""
    task, extension = _task_and_extension(target)
    if task is None or user is None or not getattr(user, "is_authenticated", False):
        return None
    reasons = [workflow.refusal(user, verb, task, extension)
               for verb in workflow.verbs_for(action)]
    return next((reason for reason in reasons if reason is not None), None)


def require(user, action: Action, target=None) -> None:
    """Abort the request unless allowed: 404 when the user may not even see it, else 403
    (saying why when the "four eyes" rule is the reason)."""
    if can(user, action, target):
        return
    if action != Action.ADMINISTER and target is not None and not can(user, Action.VIEW, target):
        abort(404)
    if reason := refusal(user, action, target):
        abort(403, description=str(reason))
    abort(403)


def fetch(user, action: Action, model, record_id: int):
    """The ``model`` record numbered ``record_id``, once ``user`` may ``action`` it: what a
    page about one record checks first. 404 when there is no such record, else as
    ``require``; administration is about no record, so it is refused (403) before looking."""
    if action == Action.ADMINISTER:
        require(user, action)
        return db.get_or_404(model, record_id)
    record = db.get_or_404(model, record_id)
    require(user, action, record)
    return record


def fetch_task(user, verb: workflow.Verb, task_id: int) -> Task:
    """The task numbered ``task_id``, once ``user`` may use the workflow's ``verb`` on it
    now (``workflow.check``: 404, 409 or 403): what a page acting on one task checks first."""
    task = db.get_or_404(Task, task_id)
    workflow.check(user, verb, task)
    return task
