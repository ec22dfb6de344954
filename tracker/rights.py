"""The vocabulary of access, below everything that decides it: the actions, which roles
act, a user's role in a target's committee, and the committee's "four eyes" rule.

``tracker.access`` decides who may do what with these words; the task workflow
(``tracker.tasks.workflow``) names, for each verb on a task, the roles and the agency it
needs. Both read them from here, so neither has to import the other's decisions.
"""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_

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


def second_person_allows(user_id: int, four_eyes, first_person):
    """``second_person_needed`` as an SQL condition, for lists of what a user may decide:
    true where the committee's rule (column ``four_eyes``) does not keep ``user_id`` from
    deciding on what ``first_person`` (a column) submitted or asked for."""
    return or_(four_eyes.is_(False), first_person.is_(None), first_person != user_id)


def ensure_second_person(actor, committee, first_person_id: int | None, message) -> None:
    """The workflow services' check of the "four eyes" rule; raises ``SecondPersonNeeded``."""
    if second_person_needed(actor, committee, first_person_id):
        raise SecondPersonNeeded("four_eyes", message)


def is_a(target, name: str) -> bool:
    """Whether ``target`` is a record of the model named ``name`` (access knows the models
    by name only, so that it imports none of the areas it guards)."""
    return target is not None and target.__class__.__name__ == name


def _committee_id_of(target) -> int | None:
    """The committee a target belongs to (a Committee, or anything with committee_id)."""
    if is_a(target, "Committee"):
        return target.id
    if is_a(target, "TaskExtension"):
        return target.task.committee_id
    return getattr(target, "committee_id", None)


def role_of(user, target) -> str | None:
    """The user's role in the target's committee, or None."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    committee_id = _committee_id_of(target)
    return user.role_in(committee_id) if committee_id is not None else None


def acting_role(user, target) -> str | None:
    """The role ``user`` acts with on ``target``: an admin acts with a chair's powers
    everywhere; anyone else with their role in the target's committee (None: none, so the
    target does not exist for them)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if user.is_admin:
        return RoleName.CHAIR
    return role_of(user, target)


def may_see(user, target) -> bool:
    """Whether ``target`` exists for ``user``: an admin sees everything, anyone else what
    belongs to a committee they hold a role in."""
    return acting_role(user, target) is not None


def visible_committee_ids(user) -> list[int] | None:
    """Committees the user may see; None means all (admins)."""
    if user.is_admin:
        return None
    return [r.committee_id for r in user.committee_roles]


def managed_committee_ids(user) -> list[int]:
    """Committees in which the user holds a managing role (``MANAGER_ROLES``), by role; an
    admin manages every committee and is not counted here (the list is empty)."""
    if user is None or not getattr(user, "is_authenticated", False) or user.is_admin:
        return []
    return sorted({r.committee_id for r in user.committee_roles if r.role in MANAGER_ROLES})


def only_visible(query, committee_column, user):
    """``query`` kept to the rows whose ``committee_column`` is a committee the user may see
    (``visible_committee_ids``): every list's first filter."""
    return only_among(query, committee_column, visible_committee_ids(user))


def only_among(query, committee_column, visible):
    """``query`` kept to the rows of the committees ``visible`` (ids; None: all)."""
    return query if visible is None else query.where(committee_column.in_(visible or [-1]))
