"""Who may do what: the one place authorization is decided.

Views and services ask ``can(user, action, target)`` or ``require(...)``; no
view checks roles by hand. The rules (issue #2, DOMAIN.md):

* admins may do everything and see every committee;
* nobody else sees a committee unless they hold a role in it — for them its
  records do not exist (404);
* chairs, vice-chairs and secretaries manage the committee's meetings,
  resolutions and tasks and review completions;
* a member of the lead agency reports progress and submits completion;
  a member of a coordinating agency reports progress on its part and reports its part done;
* members, secretaries, (vice-)chairs and admins comment on tasks (viewers read only);
* a member of the lead agency asks for a later deadline on an open task; the chair or a
  vice-chair grants or refuses it;
* "four eyes", a committee setting (issue #10): whoever reported a task done may not also
  accept or return it, and whoever asked for an extension may not also grant or refuse it
  (admins included). The workflow services enforce it (``ensure_second_person``); ``can``
  says no to that person so no page offers them the button, and ``require`` tells why;
* viewers read.
"""

from __future__ import annotations

from enum import StrEnum

from flask import abort
from flask_babel import lazy_gettext as _l

from tracker.committees.models import RoleName
from tracker.domain import NotPermitted


class Action(StrEnum):
    VIEW = "view"  # read a committee or any of its records
    MANAGE = "manage"  # create/edit meetings, resolutions, tasks; cancel tasks
    REVIEW = "review"  # accept or return a submitted completion
    REPORT_PROGRESS = "report_progress"
    SUBMIT_COMPLETION = "submit_completion"
    COMPLETE_PART = "complete_part"  # a coordinating agency reports its own part done
    COMMENT = "comment"  # comment on a task (and mention people)
    REQUEST_EXTENSION = "request_extension"  # the lead agency asks for a later deadline
    DECIDE_EXTENSION = "decide_extension"  # the chair or a vice-chair grants or refuses it
    ADMINISTER = "administer"  # committees, agencies, users


# Roles that decide deadline extensions (admins act as chairs).
DECIDING_ROLES = frozenset({RoleName.CHAIR, RoleName.VICE_CHAIR})
MANAGER_ROLES = frozenset({RoleName.CHAIR, RoleName.VICE_CHAIR, RoleName.SECRETARY})
# Roles whose holders may write on their own agency's tasks.
ACTING_ROLES = MANAGER_ROLES | {RoleName.MEMBER}

# Task states in which reporting and submitting still make sense.
_REPORTABLE_STATES = frozenset({"open"})
_SUBMITTABLE_STATES = frozenset({"open"})
_REVIEWABLE_STATES = frozenset({"submitted"})
_MANAGEABLE_TASK_STATES = frozenset({"open", "submitted"})

SECOND_PERSON_REVIEW = _l(
    "This committee requires a second person: whoever reported the task done cannot also "
    "accept or return it.")
SECOND_PERSON_EXTENSION = _l(
    "This committee requires a second person: whoever asked for the extension cannot also "
    "grant or refuse it.")


class SecondPersonNeeded(NotPermitted):
    """The committee's "four eyes" rule refused the actor (the API answers 403)."""


def second_person_needed(user, committee, first_person_id: int | None) -> bool:
    """Whether the committee's "four eyes" rule keeps ``user`` from deciding on what
    ``first_person_id`` submitted or asked for (nobody is kept when that person is unknown)."""
    return (user is not None and first_person_id is not None and committee is not None
            and bool(committee.four_eyes) and getattr(user, "id", None) == first_person_id)


def ensure_second_person(actor, committee, first_person_id: int | None, message) -> None:
    """The workflow services' check of the "four eyes" rule; raises ``SecondPersonNeeded``."""
    if second_person_needed(actor, committee, first_person_id):
        raise SecondPersonNeeded("four_eyes", message)


def _is(target, name: str) -> bool:
    return target is not None and target.__class__.__name__ == name


def _committee_id_of(target) -> int | None:
    """The committee a target belongs to (a Committee, or anything with committee_id)."""
    if _is(target, "Committee"):
        return target.id
    if _is(target, "TaskExtension"):
        return target.task.committee_id
    return getattr(target, "committee_id", None)


def role_of(user, target) -> str | None:
    """The user's role in the target's committee, or None."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    committee_id = _committee_id_of(target)
    return user.role_in(committee_id) if committee_id is not None else None


def can(user, action: Action, target=None) -> bool:
    """Whether ``user`` may perform ``action`` on ``target`` (committee, resolution, task…).

    ``DECIDE_EXTENSION`` takes the task (may this person decide its extensions at all) or
    one request (``TaskExtension``: also not the one who asked, under "four eyes")."""
    return _can_by_role(user, action, target) and _four_eyes(user, action, target) is None


def refusal(user, action: Action, target=None):
    """The "four eyes" rule's message when it, and not the role, keeps ``user`` from
    ``action`` on ``target``; else None (pages show it instead of the button)."""
    return _four_eyes(user, action, target) if _can_by_role(user, action, target) else None


def _four_eyes(user, action: Action, target):
    if action == Action.REVIEW and _is(target, "Task") and second_person_needed(
            user, target.committee, target.submitted_by_id):
        return SECOND_PERSON_REVIEW
    if action == Action.DECIDE_EXTENSION and _is(target, "TaskExtension") and \
            second_person_needed(user, target.task.committee, target.requested_by_id):
        return SECOND_PERSON_EXTENSION
    return None


def _can_by_role(user, action: Action, target=None) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if action == Action.DECIDE_EXTENSION and _is(target, "TaskExtension"):
        target = target.task
    if action == Action.ADMINISTER:
        return user.is_admin

    is_task = _is(target, "Task")
    if user.is_admin:
        role = RoleName.CHAIR  # admins act with a chair's powers everywhere
    else:
        role = role_of(user, target)
        if role is None:
            return False

    if action == Action.VIEW:
        return True
    if action == Action.MANAGE:
        if role not in MANAGER_ROLES:
            return False
        return not is_task or target.state in _MANAGEABLE_TASK_STATES
    if action == Action.REVIEW:
        return role in MANAGER_ROLES and is_task and target.state in _REVIEWABLE_STATES
    if action == Action.REPORT_PROGRESS:
        return _acts_on(user, role, target, _REPORTABLE_STATES) and target.involves_agency(
            user.agency_id)
    if action == Action.COMMENT:
        return is_task and role in ACTING_ROLES
    if action == Action.COMPLETE_PART:  # a coordinating agency's own part
        return (
            _acts_on(user, role, target, _REPORTABLE_STATES)
            and user.agency_id != target.lead_agency_id
            and target.involves_agency(user.agency_id)
        )
    if action == Action.SUBMIT_COMPLETION:
        return (_acts_on(user, role, target, _SUBMITTABLE_STATES)
                and user.agency_id == target.lead_agency_id)
    if action == Action.REQUEST_EXTENSION:
        return (_acts_on(user, role, target, _REPORTABLE_STATES)
                and user.agency_id == target.lead_agency_id)
    if action == Action.DECIDE_EXTENSION:
        return is_task and role in DECIDING_ROLES and target.state in _MANAGEABLE_TASK_STATES
    return False


def _acts_on(user, role: str, target, states) -> bool:
    """The common ground of an agency's own actions: a task in one of ``states``, a role
    that may act (not a viewer), and an agency to act for."""
    return (
        _is(target, "Task")
        and role in ACTING_ROLES
        and target.state in states
        and user.agency_id is not None
    )


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


def visible_committee_ids(user) -> list[int] | None:
    """Committees the user may see; None means all (admins)."""
    if user.is_admin:
        return None
    return [r.committee_id for r in user.committee_roles]
