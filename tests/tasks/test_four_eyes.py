""""Four eyes", a committee setting: whoever reported a task done does not also accept or
return it, and whoever asked for an extension does not also grant or refuse it (issue #10).

The people acting twice here are a secretary and a vice-chair who work for the lead agency,
so their roles let them both report and decide; the rule, not the role, refuses them.
"""

from __future__ import annotations

import pytest

from tests.factories import CommitteeFactory, UserFactory
from tests.tasks.scenes import in_days, lang_son_scene, person
from tracker.access import (
    SECOND_PERSON_EXTENSION,
    SECOND_PERSON_REVIEW,
    Action,
    SecondPersonNeeded,
    can,
    refusal,
)
from tracker.committees import services as committee_services
from tracker.extensions import db
from tracker.tasks import services
from tracker.tasks.extensions import services as extensions
from tracker.tasks.models import Task


@pytest.fixture
def scene():
    scene = lang_son_scene()
    # Staff of the lead agency who also review and decide for the committee.
    scene.lead_secretary = person(scene.committee, "secretary", scene.lead,
                                  name="Hoàng Văn Thụ")
    scene.lead_vice_chair = person(scene.committee, "vice_chair", scene.lead,
                                   name="Lương Thị Hoa")
    return scene


def _submitted_by(scene, user) -> Task:
    task = scene.add_task(deadline=in_days(10))
    services.submit_completion(task, result="Đã hoàn thành.", actor=user)
    return task


def _asked_by(scene, user):
    task = scene.add_task(deadline=in_days(10))
    return task, extensions.request_extension(task, actor=user, requested_deadline=in_days(40),
                                              reason="Chờ ý kiến của Bộ Văn hóa")


def test_new_committees_have_four_eyes_on():
    assert CommitteeFactory().four_eyes is True
    committee = committee_services.create_committee(
        name="Ban Chỉ đạo xây dựng nông thôn mới tỉnh Cao Bằng",
        standing_agency_id=UserFactory().agency_id)
    assert committee.four_eyes is True


def test_whoever_submitted_cannot_accept_or_return_it(scene):
    task = _submitted_by(scene, scene.lead_secretary)
    assert task.submitted_by_id == scene.lead_secretary.id
    with pytest.raises(SecondPersonNeeded) as error:
        services.accept_completion(task, actor=scene.lead_secretary)
    assert error.value.message == SECOND_PERSON_REVIEW
    with pytest.raises(SecondPersonNeeded):
        services.return_completion(task, "Thiếu biên bản nghiệm thu", actor=scene.lead_secretary)
    assert task.state == "submitted"
    # A second person decides.
    services.accept_completion(task, actor=scene.secretary)
    assert task.state == "done"


def test_a_return_forgets_who_submitted(scene):
    task = _submitted_by(scene, scene.lead_secretary)
    services.return_completion(task, "Thiếu biên bản nghiệm thu", actor=scene.chair)
    assert task.state == "open" and task.submitted_by_id is None
    services.submit_completion(task, result="Đã hoàn thành.", actor=scene.lead_member)
    services.accept_completion(task, actor=scene.lead_secretary)  # now the second person
    assert task.state == "done"


def test_whoever_asked_cannot_grant_or_refuse_the_extension(scene):
    task, request = _asked_by(scene, scene.lead_vice_chair)
    with pytest.raises(SecondPersonNeeded) as error:
        extensions.grant_extension(request, actor=scene.lead_vice_chair)
    assert error.value.message == SECOND_PERSON_EXTENSION
    with pytest.raises(SecondPersonNeeded):
        extensions.refuse_extension(request, actor=scene.lead_vice_chair, comment="Không")
    assert request.status == "pending" and task.deadline == in_days(10)
    extensions.grant_extension(request, actor=scene.chair)
    assert task.deadline == in_days(40)


def test_with_four_eyes_off_one_person_may_do_both(scene):
    scene.committee.four_eyes = False
    task = _submitted_by(scene, scene.lead_secretary)
    services.accept_completion(task, actor=scene.lead_secretary)
    assert task.state == "done"
    task, request = _asked_by(scene, scene.lead_vice_chair)
    extensions.grant_extension(request, actor=scene.lead_vice_chair)
    assert task.deadline == in_days(40)


def test_can_does_not_offer_the_decision_to_the_first_person(scene):
    task = _submitted_by(scene, scene.lead_secretary)
    assert not can(scene.lead_secretary, Action.REVIEW, task)
    assert refusal(scene.lead_secretary, Action.REVIEW, task) == SECOND_PERSON_REVIEW
    assert can(scene.secretary, Action.REVIEW, task)
    assert refusal(scene.secretary, Action.REVIEW, task) is None
    # Someone whose role never allowed it is not told about four eyes.
    assert refusal(scene.lead_member, Action.REVIEW, task) is None

    _task, request = _asked_by(scene, scene.lead_vice_chair)
    assert not can(scene.lead_vice_chair, Action.DECIDE_EXTENSION, request)
    assert refusal(scene.lead_vice_chair, Action.DECIDE_EXTENSION, request) \
        == SECOND_PERSON_EXTENSION
    assert can(scene.chair, Action.DECIDE_EXTENSION, request)
    assert not can(scene.lead_member, Action.DECIDE_EXTENSION, request)


# --- On the site -------------------------------------------------------------------------


def test_the_submitter_sees_why_instead_of_the_buttons_and_is_refused(scene, login):
    task = _submitted_by(scene, scene.lead_secretary)
    db.session.flush()
    browser = login(scene.lead_secretary)
    page = browser.get(f"/tasks/{task.id}").get_data(as_text=True)
    assert "Accept the completion" not in page
    assert "whoever reported the task done cannot also accept or return it" in page
    response = browser.post(f"/tasks/{task.id}/accept", {"comment": ""},
                            form_url=f"/tasks/{task.id}")
    assert response.status_code == 403
    assert "whoever reported the task done cannot also" in response.get_data(as_text=True)
    response = browser.post(f"/tasks/{task.id}/return", {"comment": "Thiếu"},
                            form_url=f"/tasks/{task.id}")
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Task, task.id).state == "submitted"
    # The second person gets the buttons.
    browser.post("/logout", form_url="/profile")
    assert "Accept the completion" in login(scene.secretary).get(
        f"/tasks/{task.id}").get_data(as_text=True)


def test_the_requester_sees_why_instead_of_the_decision_and_is_refused(scene, login):
    task, request = _asked_by(scene, scene.lead_vice_chair)
    db.session.flush()
    browser = login(scene.lead_vice_chair)
    page = browser.get(f"/tasks/{task.id}").get_data(as_text=True)
    assert f"/extensions/{request.id}/grant" not in page
    assert "whoever asked for the extension cannot also grant or refuse it" in page
    response = browser.post(f"/extensions/{request.id}/grant", {"comment": ""},
                            form_url=f"/tasks/{task.id}")
    assert response.status_code == 403
    assert "whoever asked for the extension" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Task, task.id).deadline == in_days(10)
    browser.post("/logout", form_url="/profile")
    assert f"/extensions/{request.id}/grant" in login(scene.chair).get(
        f"/tasks/{task.id}").get_data(as_text=True)
