"""Restructuring: an agency leaves a committee, is renamed or merges into another.

The secretary moves the agency's unfinished work to its successor in one step.
Finished and cancelled tasks keep the old agency, so its past figures stay true;
the old agency's record stays too (optionally marked as merged into the successor).

Restructuring stays inside the committee (issue #10): a secretary names a successor among
the committee's own member agencies (an admin may first seat another one, or name any
agency here, which seats it); and since "merged" is a record every committee sees,
marking an agency that also sits on other committees as merged is an admin's act.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from tracker.committees import services as committee_services
from tracker.committees.models import Agency, Committee
from tracker.committees.services import member_agency_ids
from tracker.domain import DomainError
from tracker.extensions import db
from tracker.history.services import record
from tracker.tasks import workflow
from tracker.tasks.models import Task, task_coordinator


class RestructureError(DomainError):
    pass


def movable_tasks_query(committee: Committee, agency_id: int):
    """The committee's unfinished tasks the agency leads or coordinates."""
    coordinates = select(task_coordinator.c.task_id).where(
        task_coordinator.c.agency_id == agency_id)
    return (select(Task)
            .where(Task.committee_id == committee.id,
                   Task.state.in_(workflow.RESTRUCTURE.states),
                   or_(Task.lead_agency_id == agency_id, Task.id.in_(coordinates)))
            .order_by(Task.id))


def count_movable_tasks(committee: Committee, agency_id: int) -> int:
    return len(db.session.scalars(movable_tasks_query(committee, agency_id)).all())


def _is_admin(actor) -> bool:
    return actor is not None and bool(getattr(actor, "is_admin", False))


def successor_choices(committee: Committee, actor) -> list[Agency]:
    """The agencies ``actor`` may name as successor: the committee's members, or for an
    admin every agency; never one that has itself merged into another."""
    if _is_admin(actor):
        agencies = db.session.scalars(select(Agency).order_by(Agency.name)).all()
    else:
        agencies = committee.member_agencies
    return [a for a in agencies if a.merged_into_id is None]


def _check(committee: Committee, old: Agency | None, new: Agency | None,
           remove_from_committee: bool, *, actor, mark_merged: bool) -> None:
    if old is None or old not in committee.member_agencies:
        raise RestructureError("from_agency_id", _l("Choose one of the committee's members."))
    if new is None:
        raise RestructureError("to_agency_id", _l("Choose the agency that takes over."))
    if new.id == old.id:
        raise RestructureError("to_agency_id", _l("Choose another agency than the one leaving."))
    if new.merged_into_id is not None:
        raise RestructureError("to_agency_id",
                               _l("This agency has itself merged into another one."))
    if new not in committee.member_agencies and not _is_admin(actor):
        raise RestructureError("to_agency_id", _l(
            "Choose the agency taking over among the committee's member agencies; an "
            "administrator can first add another agency to the committee."))
    if mark_merged and not _is_admin(actor) and any(
            c.id != committee.id for c in old.committees):
        raise RestructureError("mark_merged", _l(
            "This agency also sits on other committees: only an administrator can record "
            "that it merged into another one."))
    if remove_from_committee and committee.standing_agency_id == old.id:
        raise RestructureError("remove_from_committee", _l(
            "This is the committee's standing agency: choose another standing agency on the "
            "committee's edit form first."))


def _move_one(task: Task, old: Agency, new: Agency, *, actor) -> None:
    before = {"lead_agency": task.lead_agency.label,
              "coordinating_agencies": sorted(a.label for a in task.coordinating_agencies)}
    coordinating = [a for a in task.coordinating_agencies if a.id != old.id]
    if task.lead_agency_id == old.id:
        task.lead_agency = new
        task.lead_agency_id = new.id
        # Assignees must be staff of the lead agency; the new one assigns its own people.
        task.assignees = [u for u in task.assignees if u.agency_id == new.id]
    elif new not in coordinating:
        coordinating.append(new)
    task.coordinating_agencies = [a for a in coordinating if a.id != task.lead_agency_id]
    after = {"lead_agency": task.lead_agency.label,
             "coordinating_agencies": sorted(a.label for a in task.coordinating_agencies)}
    changes = {key: [before[key], after[key]] for key in before if before[key] != after[key]}
    record("task", task.id, "restructured", actor=actor, changes=changes,
           comment=f"{old.name} → {new.name}")


def count_tasks_to_move(committee: Committee, old: Agency | None, new: Agency | None, *,
                        actor, mark_merged: bool = False,
                        remove_from_committee: bool = False) -> int:
    """The first step of the secretary's screen: check the choice as ``move_open_tasks``
    would and say how many tasks it would move, writing nothing."""
    _check(committee, old, new, remove_from_committee, actor=actor, mark_merged=mark_merged)
    return count_movable_tasks(committee, old.id)


def move_open_tasks(committee: Committee, old: Agency | None, new: Agency | None, *, actor,
                    mark_merged: bool = False, remove_from_committee: bool = False) -> int:
    """Hand every unfinished task the old agency leads or coordinates to the new one.

    Each moved task gets a history entry. ``mark_merged`` records the successor on the
    old agency; ``remove_from_committee`` takes the old agency off the committee's
    members. Returns how many tasks moved. Only an admin may name a successor from outside
    the committee (it is then seated) or mark merged an agency that sits on other
    committees too.
    """
    _check(committee, old, new, remove_from_committee, actor=actor, mark_merged=mark_merged)
    if new not in committee.member_agencies:
        committee.member_agencies.append(new)
        record("committee", committee.id, "updated", actor=actor,
               changes={"member_agencies": [None, new.name]})
    tasks = list(db.session.scalars(movable_tasks_query(committee, old.id)))
    for task in tasks:
        _move_one(task, old, new, actor=actor)
    if mark_merged and old.merged_into_id != new.id:
        record("agency", old.id, "updated", actor=actor,
               changes={"merged_into": [old.merged_into.name if old.merged_into else None,
                                        new.name]})
        old.merged_into = new
    if remove_from_committee:
        committee.member_agencies.remove(old)
        record("committee", committee.id, "updated", actor=actor,
               changes={"member_agencies": [old.name, None]})
    db.session.flush()
    return len(tasks)


def remove_member_agency(committee: Committee, agency: Agency, actor=None) -> None:
    """Take ``agency`` off ``committee``. Refused while it is the standing agency or still
    leads or coordinates unfinished tasks of the committee: those are handed to another
    agency first (restructuring), so no open task is left with an agency that has gone."""
    if agency not in committee.member_agencies:
        raise committee_services.CommitteeError(
            "agency_id", _l("This agency does not sit on this committee."))
    if committee.standing_agency_id == agency.id:
        raise committee_services.AgencyStillNeeded("agency_id", _l(
            "This is the committee's standing agency: make another agency the standing "
            "agency first."))
    unfinished = count_movable_tasks(committee, agency.id)
    if unfinished:
        raise committee_services.AgencyStillNeeded("agency_id", _l(
            "This agency still leads or coordinates unfinished tasks of this committee "
            "(%(num)d): hand them to another agency (restructuring) first.", num=unfinished))
    before = member_agency_ids(committee)
    committee.member_agencies.remove(agency)
    db.session.flush()
    record("committee", committee.id, "updated", actor=actor,
           changes={"member_agency_ids": [before, member_agency_ids(committee)]})
