"""Who may do what, asked of ``tracker.access.can`` directly: every role × action × target.

The table below is the rule book of issue #2 written out in full. Anything not
listed is denied; a new rule must be added here, in plain sight.
"""

from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin
from werkzeug.exceptions import Forbidden, NotFound

from tests.factories import (
    AgencyFactory,
    CommitteeFactory,
    ResolutionFactory,
    TaskFactory,
    UserFactory,
    member_of,
)
from tracker.access import Action, can, require, visible_committee_ids

VIEW, MANAGE, REVIEW = Action.VIEW, Action.MANAGE, Action.REVIEW
REPORT, SUBMIT, ADMINISTER = Action.REPORT_PROGRESS, Action.SUBMIT_COMPLETION, Action.ADMINISTER

TARGETS = ("committee", "open task", "submitted task", "done task", "cancelled task")
EVERYTHING = frozenset(TARGETS)
# Managing a task stops once it is done or cancelled; the committee itself stays manageable.
STILL_MANAGEABLE = frozenset({"committee", "open task", "submitted task"})
# Only a reported completion can be accepted or returned.
AWAITING_REVIEW = frozenset({"submitted task"})
# Progress is reported, and completion submitted, while the task is being carried out.
BEING_CARRIED_OUT = frozenset({"open task"})
NOTHING = frozenset()

MANAGER = {VIEW: EVERYTHING, MANAGE: STILL_MANAGEABLE, REVIEW: AWAITING_REVIEW}

ALLOWED = {
    # Admins may do everything and see every committee.
    "admin": {**MANAGER, ADMINISTER: EVERYTHING},
    # Chairs, vice-chairs and secretaries manage the committee's records and review completions.
    "chair": MANAGER,
    "vice_chair": MANAGER,
    "secretary": MANAGER,
    # A member of the lead agency reports progress and submits completion.
    "lead agency member": {VIEW: EVERYTHING, REPORT: BEING_CARRIED_OUT, SUBMIT: BEING_CARRIED_OUT},
    # A member of a coordinating agency reports progress only.
    "coordinating agency member": {VIEW: EVERYTHING, REPORT: BEING_CARRIED_OUT},
    # A member of another agency of the same committee reads.
    "other agency member": {VIEW: EVERYTHING},
    # Viewers read — even one who works for the lead agency.
    "viewer": {VIEW: EVERYTHING},
    # Nobody sees a committee they are not in — even staff of the task's lead agency.
    "member of another committee": {},
    "anonymous": {},
}

ROLES = tuple(ALLOWED)
ACTIONS = (VIEW, MANAGE, REVIEW, REPORT, SUBMIT, ADMINISTER)


def _build_world():
    """One committee, one task in each state (led by one agency, coordinated by another)."""
    standing = AgencyFactory(name="Sở Văn hóa, Thể thao và Du lịch", short_name="Sở VHTTDL")
    lead = AgencyFactory(name="Công an tỉnh Lạng Sơn", short_name="Công an tỉnh")
    coordinating = AgencyFactory(name="Bộ Chỉ huy Bộ đội Biên phòng tỉnh", short_name="BĐBP")
    other = AgencyFactory(name="UBND huyện Cao Lộc", short_name="UBND Cao Lộc")
    committee = CommitteeFactory(standing_agency=standing)
    committee.member_agencies = [standing, lead, coordinating, other]
    resolution = ResolutionFactory(committee=committee)

    def task(state, **fields):
        return TaskFactory(resolution=resolution, committee=committee, lead_agency=lead,
                           coordinating_agencies=[coordinating], state=state, **fields)

    targets = {
        "committee": committee,
        "open task": task("open"),
        "submitted task": task("submitted", submitted_on=resolution.issued_on),
        "done task": task("done", submitted_on=resolution.issued_on,
                          completed_on=resolution.issued_on),
        "cancelled task": task("cancelled", cancel_reason="Không còn phù hợp"),
    }
    users = {
        "admin": UserFactory(is_admin=True, agency=None),
        "chair": member_of(committee, "chair", agency=standing),
        "vice_chair": member_of(committee, "vice_chair", agency=standing),
        "secretary": member_of(committee, "secretary", agency=standing),
        "lead agency member": member_of(committee, "member", agency=lead),
        "coordinating agency member": member_of(committee, "member", agency=coordinating),
        "other agency member": member_of(committee, "member", agency=other),
        "viewer": member_of(committee, "viewer", agency=lead),
        "member of another committee": member_of(CommitteeFactory(), "chair", agency=lead),
        "anonymous": AnonymousUserMixin(),
    }
    return users, targets


@pytest.fixture
def world():
    return _build_world()


@pytest.mark.parametrize("target_name", TARGETS)
@pytest.mark.parametrize("action", ACTIONS, ids=str)
@pytest.mark.parametrize("role", ROLES)
def test_access_rule(world, role, action, target_name):
    users, targets = world
    expected = target_name in ALLOWED[role].get(action, NOTHING)

    assert can(users[role], action, targets[target_name]) is expected


def test_every_role_and_action_has_been_decided():
    # A typo in the table would silently mean "denied"; keep its keys honest.
    for rules in ALLOWED.values():
        assert set(rules) <= set(ACTIONS)
        for targets in rules.values():
            assert targets <= EVERYTHING


def test_a_secretary_from_the_lead_agency_also_reports_and_submits(world):
    users, targets = world
    task = targets["open task"]
    secretary = member_of(targets["committee"], "secretary", agency=task.lead_agency)
    assert can(secretary, REPORT, task)
    assert can(secretary, SUBMIT, task)


def test_a_member_without_an_agency_cannot_act_on_tasks(world):
    _, targets = world
    member = member_of(targets["committee"], "member", agency=None)
    member.agency = None
    assert can(member, VIEW, targets["open task"])
    assert not can(member, REPORT, targets["open task"])
    assert not can(member, SUBMIT, targets["open task"])


def test_resolutions_follow_their_committees_rules(world):
    users, targets = world
    resolution = targets["open task"].resolution
    assert can(users["secretary"], MANAGE, resolution)
    assert can(users["viewer"], VIEW, resolution)
    assert not can(users["viewer"], MANAGE, resolution)
    assert not can(users["member of another committee"], VIEW, resolution)


def test_only_admins_administer_even_without_a_target(world):
    users, _ = world
    assert can(users["admin"], ADMINISTER)
    assert not any(can(users[r], ADMINISTER) for r in ROLES if r != "admin")


def test_require_hides_what_the_user_may_not_see_and_forbids_the_rest(world):
    users, targets = world
    task = targets["open task"]
    require(users["lead agency member"], REPORT, task)  # allowed: no exception
    with pytest.raises(Forbidden):
        require(users["viewer"], REPORT, task)
    with pytest.raises(NotFound):
        require(users["member of another committee"], REPORT, task)
    with pytest.raises(Forbidden):
        require(users["chair"], ADMINISTER)


def test_visible_committees_are_the_users_own_and_all_for_admins(world):
    users, targets = world
    assert visible_committee_ids(users["admin"]) is None
    assert visible_committee_ids(users["viewer"]) == [targets["committee"].id]
    assert targets["committee"].id not in visible_committee_ids(
        users["member of another committee"])
