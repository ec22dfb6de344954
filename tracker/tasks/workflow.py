"""The task workflow as one table: every verb on a task, the states it is allowed in, who
may use it (roles, and the agency relation to the task), the state it leads to, and why
it is refused when the task's state does not allow it.

Everything that asks "may this be done to this task now?" reads ``VERBS``:

* ``check(actor, verb, task)`` answers a request: 404 when the actor may not see the task,
  then ``StateError`` (the API's 409, the site's page with the message) when the state does
  not allow the verb — state before rights, so the reason is the same for everyone who can
  see the task — then 403 (saying why when the committee's "four eyes" rule is the reason);
* ``allowed(actor, verb, task)`` is its yes/no twin, for pages and ``access.can``;
* ``ensure_state(verb, task)`` is the services' own check, made again under the row lock,
  so a state changed meanwhile is refused with the same message.

Adding a verb is one entry here plus its service (and its screens). Nothing else compares
a task's state with a value: the rest of the code asks these functions, or ``IN_WORK``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from flask import abort
from flask_babel import lazy_gettext as _l

from tracker.domain import StateError
from tracker.rights import (
    ACTING_ROLES,
    DECIDING_ROLES,
    MANAGER_ROLES,
    SECOND_PERSON_EXTENSION,
    SECOND_PERSON_REVIEW,
    Action,
    acting_role,
    may_see,
    second_person_needed,
)
from tracker.tasks.models import ExtensionStatus, TaskState

# A task being carried out: its deadline still counts (days left, reminders, calendars),
# and its unfinished work moves to a successor agency.
IN_WORK = frozenset({TaskState.OPEN, TaskState.SUBMITTED})
EVERY_STATE = frozenset(TaskState)


class Relation(StrEnum):
    """What the actor's agency must be to the task."""

    ANY = "any"  # no agency needed (managers, commenters)
    LEAD = "lead"  # the lead agency
    COORDINATING = "coordinating"  # a coordinating agency (not the lead)
    LEAD_OR_COORDINATING = "lead_or_coordinating"


class Target(StrEnum):
    """What a verb is used on: the task itself, one of its extension requests, or (to move
    many tasks at once) the committee."""

    TASK = "task"
    EXTENSION = "extension"
    COMMITTEE = "committee"


@dataclass(frozen=True)
class FourEyes:
    """The committee's "four eyes" rule on a verb: the person ``first_person`` names (who
    submitted, who asked) may not also decide; ``message`` tells them so."""

    first_person: Callable  # (task, extension) -> user id or None
    message: object


REVIEW_FOUR_EYES = FourEyes(lambda task, extension: task.submitted_by_id, SECOND_PERSON_REVIEW)
EXTENSION_FOUR_EYES = FourEyes(
    lambda task, extension: extension.requested_by_id if extension is not None else None,
    SECOND_PERSON_EXTENSION)


@dataclass(frozen=True)
class Verb:
    """One row of the workflow table."""

    name: str
    action: Action  # the right it needs (``access.can(user, action, task)`` reads this row)
    roles: frozenset[str]  # committee roles that may use it (admins act as chairs)
    relation: Relation  # what the actor's agency must be to the task
    states: frozenset[TaskState]  # the task states it is allowed in
    refused: object | None  # the message when the task's state does not allow it
    leads_to: TaskState | None = None  # the task's state after it (None: unchanged)
    target: Target = Target.TASK
    # On an extension request: the request's statuses it is allowed in, and the message.
    extension_statuses: frozenset[str] = frozenset()
    extension_refused: object | None = None
    four_eyes: FourEyes | None = None
    site_endpoint: str | None = None  # the site's POST that performs it
    api_endpoint: str | None = None  # the API's operation that performs it

    def __str__(self) -> str:
        return self.name


OPEN = frozenset({TaskState.OPEN})
SUBMITTED = frozenset({TaskState.SUBMITTED})

REPORT_PROGRESS = Verb(
    "report_progress", Action.REPORT_PROGRESS, ACTING_ROLES, Relation.LEAD_OR_COORDINATING,
    OPEN, _l("Progress can only be reported on a task in progress."),
    site_endpoint="tasks.report", api_endpoint="api_task_workflow.create_update")
COMPLETE_PART = Verb(
    "complete_part", Action.COMPLETE_PART, ACTING_ROLES, Relation.COORDINATING,
    OPEN, _l("A part can only be reported done on a task in progress."),
    site_endpoint="tasks.part_done", api_endpoint="api_task_workflow.complete_part")
SUBMIT_COMPLETION = Verb(
    "submit_completion", Action.SUBMIT_COMPLETION, ACTING_ROLES, Relation.LEAD,
    OPEN, _l("Only a task in progress can be reported done."), leads_to=TaskState.SUBMITTED,
    site_endpoint="tasks.submit", api_endpoint="api_task_workflow.submit_completion")
ACCEPT_COMPLETION = Verb(
    "accept_completion", Action.REVIEW, MANAGER_ROLES, Relation.ANY,
    SUBMITTED, _l("Only a submitted completion can be accepted."), leads_to=TaskState.DONE,
    four_eyes=REVIEW_FOUR_EYES,
    site_endpoint="tasks.accept", api_endpoint="api_task_workflow.accept_completion")
RETURN_COMPLETION = Verb(
    "return_completion", Action.REVIEW, MANAGER_ROLES, Relation.ANY,
    SUBMITTED, _l("Only a submitted completion can be returned."), leads_to=TaskState.OPEN,
    four_eyes=REVIEW_FOUR_EYES,
    site_endpoint="tasks.return_completion", api_endpoint="api_task_workflow.return_completion")
REQUEST_EXTENSION = Verb(
    "request_extension", Action.REQUEST_EXTENSION, ACTING_ROLES, Relation.LEAD,
    OPEN, _l("Only a task in progress can get a new deadline."),
    site_endpoint="extensions.request_extension",
    api_endpoint="api_task_workflow.request_extension")
_DEADLINE_FIXED = _l("The task is finished or cancelled; its deadline can no longer change.")
_ALREADY_DECIDED = _l("This request has already been decided.")
GRANT_EXTENSION = Verb(
    "grant_extension", Action.DECIDE_EXTENSION, DECIDING_ROLES, Relation.ANY,
    IN_WORK, _DEADLINE_FIXED, target=Target.EXTENSION,
    extension_statuses=frozenset({ExtensionStatus.PENDING}), extension_refused=_ALREADY_DECIDED,
    four_eyes=EXTENSION_FOUR_EYES,
    site_endpoint="extensions.grant", api_endpoint="api_task_workflow.grant_extension")
REFUSE_EXTENSION = Verb(
    "refuse_extension", Action.DECIDE_EXTENSION, DECIDING_ROLES, Relation.ANY,
    IN_WORK, _DEADLINE_FIXED, target=Target.EXTENSION,
    extension_statuses=frozenset({ExtensionStatus.PENDING}), extension_refused=_ALREADY_DECIDED,
    four_eyes=EXTENSION_FOUR_EYES,
    site_endpoint="extensions.refuse", api_endpoint="api_task_workflow.refuse_extension")
EDIT = Verb(
    "edit", Action.MANAGE, MANAGER_ROLES, Relation.ANY,
    IN_WORK, _l("A finished or cancelled task can no longer be edited."),
    site_endpoint="resolutions.edit_task", api_endpoint="api_tasks.update_task")
CANCEL = Verb(
    "cancel", Action.MANAGE, MANAGER_ROLES, Relation.ANY,
    IN_WORK, _l("Only a task in progress can be cancelled."), leads_to=TaskState.CANCELLED,
    site_endpoint="resolutions.cancel_task", api_endpoint="api_task_workflow.cancel_task")
COMMENT = Verb(
    "comment", Action.COMMENT, ACTING_ROLES, Relation.ANY,
    EVERY_STATE, None, site_endpoint="tasks.comment")
# Restructuring acts on a committee: it moves the tasks in these states, leaves the others.
RESTRUCTURE = Verb(
    "restructure", Action.MANAGE, MANAGER_ROLES, Relation.ANY,
    IN_WORK, None, target=Target.COMMITTEE, site_endpoint="restructuring.move_open_tasks")

VERBS: dict[str, Verb] = {verb.name: verb for verb in (
    REPORT_PROGRESS, COMPLETE_PART, SUBMIT_COMPLETION, ACCEPT_COMPLETION, RETURN_COMPLETION,
    REQUEST_EXTENSION, GRANT_EXTENSION, REFUSE_EXTENSION, EDIT, CANCEL, COMMENT, RESTRUCTURE)}


def verb_named(verb: Verb | str) -> Verb:
    """The table's row for ``verb`` (a row or its name, as templates give it)."""
    return verb if isinstance(verb, Verb) else VERBS[verb]


def verbs_for(action: Action) -> tuple[Verb, ...]:
    """The verbs on one task or request that ``action`` stands for (``access.can``)."""
    return tuple(v for v in VERBS.values() if v.action == action and v.target != Target.COMMITTEE)


def in_work(task) -> bool:
    """Whether the task is being carried out (its deadline still counts)."""
    return task.state in IN_WORK


# --- The state rule --------------------------------------------------------------------------


def state_refusal(verb: Verb | str, task, extension=None):
    """Why the task's state (or the request's status) does not allow ``verb``; None when it
    does. The request's own status is looked at first: a decided request stays decided."""
    verb = verb_named(verb)
    if extension is not None and extension.status not in verb.extension_statuses:
        return verb.extension_refused
    if task.state not in verb.states:
        return verb.refused
    return None


def state_allows(verb: Verb | str, task, extension=None) -> bool:
    return state_refusal(verb, task, extension) is None


def ensure_state(verb: Verb | str, task, extension=None, *,
                 error: type[StateError] = StateError) -> None:
    """Raise ``error`` (a ``StateError``; a service passes its own kind) on the field
    "state" unless the task's state allows ``verb``."""
    message = state_refusal(verb, task, extension)
    if message is not None:
        raise error("state", message)


# --- Who may --------------------------------------------------------------------------------


def _relates(actor, relation: Relation, task) -> bool:
    if relation == Relation.ANY:
        return True
    agency_id = getattr(actor, "agency_id", None)
    if agency_id is None:
        return False
    if relation == Relation.LEAD:
        return agency_id == task.lead_agency_id
    if relation == Relation.COORDINATING:
        return agency_id != task.lead_agency_id and task.involves_agency(agency_id)
    return task.involves_agency(agency_id)


def may_by_role(actor, verb: Verb | str, task) -> bool:
    """The roles and agency ``verb`` needs, whatever the state and "four eyes"."""
    verb = verb_named(verb)
    return acting_role(actor, task) in verb.roles and _relates(actor, verb.relation, task)


def second_person_refusal(actor, verb: Verb | str, task, extension=None):
    """The "four eyes" message when the committee's rule keeps ``actor`` from ``verb``."""
    rule = verb_named(verb).four_eyes
    if rule is not None and second_person_needed(actor, task.committee,
                                                 rule.first_person(task, extension)):
        return rule.message
    return None


def allowed(actor, verb: Verb | str, task, extension=None) -> bool:
    """Whether ``actor`` may use ``verb`` on ``task`` (and ``extension``) now."""
    return (state_allows(verb, task, extension) and may_by_role(actor, verb, task)
            and second_person_refusal(actor, verb, task, extension) is None)


def refusal(actor, verb: Verb | str, task, extension=None):
    """The "four eyes" message when it, and nothing else, keeps ``actor`` from ``verb``
    (pages show it instead of the button); else None."""
    if state_allows(verb, task, extension) and may_by_role(actor, verb, task):
        return second_person_refusal(actor, verb, task, extension)
    return None


def check(actor, verb: Verb | str, task, extension=None) -> None:
    """Let the request use ``verb`` on ``task``, or answer it: 404 when the actor may not
    see the task, ``StateError`` when its state does not allow the verb, 403 when the
    actor's role or agency does not (saying why under "four eyes")."""
    if not may_see(actor, task):
        abort(404)
    ensure_state(verb, task, extension)
    if not may_by_role(actor, verb, task):
        abort(403)
    if (reason := second_person_refusal(actor, verb, task, extension)) is not None:
        abort(403, description=str(reason))


@dataclass(frozen=True)
class Transition:
    """A change of state the table allows: ``verb`` takes a task from ``before`` to
    ``after`` (the README's diagram is drawn from these)."""

    before: TaskState
    verb: Verb
    after: TaskState


def transitions() -> list[Transition]:
    """Every change of state, in the table's order."""
    return [Transition(state, verb, verb.leads_to) for verb in VERBS.values()
            if verb.leads_to is not None for state in sorted(verb.states)]
