"""The task workflow's table (tracker.tasks.workflow) and the one answer it gives: on the
site as on the API, a verb the task's state does not allow is refused with the service's
reason (409), before anyone's rights are looked at; rights are a 403; unseen is a 404."""

from __future__ import annotations

from html import unescape

import pytest
from flask_babel import force_locale
from sqlalchemy import update
from werkzeug.exceptions import Forbidden, NotFound

from tests.tasks.scenes import in_days, lang_son_scene
from tracker.access import Action, can
from tracker.domain import StateError
from tracker.extensions import db
from tracker.labels import STATE_LABELS
from tracker.tasks import services, workflow
from tracker.tasks.extensions import services as extensions
from tracker.tasks.models import Task, TaskState

# --- The table -------------------------------------------------------------------------------


def test_every_verb_names_its_screens_and_its_refusal(app):
    site = {rule.endpoint for rule in app.url_map.iter_rules()}
    for verb in workflow.VERBS.values():
        assert verb.site_endpoint in site, verb
        assert verb.api_endpoint is None or verb.api_endpoint in site, verb
        assert verb.states <= set(TaskState) and verb.states, verb
        # A verb refused in some state says why; one allowed in every state needs no reason.
        assert (verb.refused is None) == (verb.states == workflow.EVERY_STATE
                                          or verb.target == workflow.Target.COMMITTEE), verb
        assert (verb.target == workflow.Target.EXTENSION) == bool(verb.extension_statuses)
        assert verb.leads_to is None or verb.leads_to not in verb.states


def test_the_transitions_are_the_life_of_a_task():
    assert {(t.before, t.verb.name, t.after) for t in workflow.transitions()} == {
        ("open", "submit_completion", "submitted"),
        ("submitted", "accept_completion", "done"),
        ("submitted", "return_completion", "open"),
        ("open", "cancel", "cancelled"),
        ("submitted", "cancel", "cancelled"),
    }


@pytest.mark.parametrize("state", list(TaskState))
def test_access_can_reads_the_states_from_the_table(state):
    scene = lang_son_scene()
    task = scene.add_task(state=state, submitted_on=in_days(-1))
    for user, action, verb in [(scene.lead_member, Action.REPORT_PROGRESS,
                                workflow.REPORT_PROGRESS),
                               (scene.lead_member, Action.SUBMIT_COMPLETION,
                                workflow.SUBMIT_COMPLETION),
                               (scene.chair, Action.REVIEW, workflow.ACCEPT_COMPLETION),
                               (scene.secretary, Action.MANAGE, workflow.EDIT)]:
        assert can(user, action, task) is (state in verb.states), (action, state)
        assert workflow.allowed(user, verb, task) is (state in verb.states)


def test_check_answers_unseen_then_state_then_rights():
    scene = lang_son_scene()
    submitted = scene.add_task(state="submitted", submitted_on=in_days(-1))
    with pytest.raises(NotFound):
        workflow.check(scene.outsider, workflow.REPORT_PROGRESS, submitted)
    # A viewer, who may never report, hears about the state first, as everyone else.
    for user in (scene.viewer, scene.lead_member, scene.chair):
        with pytest.raises(StateError) as refused:
            workflow.check(user, workflow.REPORT_PROGRESS, submitted)
        assert refused.value.field == "state"
        with force_locale("en"):
            assert str(refused.value.message) == \
                "Progress can only be reported on a task in progress."
    with pytest.raises(Forbidden):
        workflow.check(scene.viewer, workflow.REPORT_PROGRESS, scene.task)
    workflow.check(scene.lead_member, workflow.REPORT_PROGRESS, scene.task)  # allowed


# --- On the site: the state's reason, 409 -----------------------------------------------------


def _page(response) -> str:
    return unescape(response.get_data(as_text=True))


def test_reporting_on_a_task_submitted_a_moment_ago_shows_why(login):
    scene = lang_son_scene()
    browser = login(scene.lead_member)
    assert "Post a progress report" in browser.get(f"/tasks/{scene.task.id}").get_data(
        as_text=True)
    services.submit_completion(scene.task, result="Đã hoàn thành.",
                               actor=scene.lead_member)  # meanwhile
    db.session.flush()

    response = browser.post(f"/tasks/{scene.task.id}/reports",
                            {"text": "Đã hoàn thành hồ sơ.", "progress": "90"},
                            form_url=f"/tasks/{scene.task.id}")

    assert response.status_code == 409
    assert "Progress can only be reported on a task in progress." in _page(response)
    db.session.expire_all()
    # The completion's 100 %, not the refused report's 90.
    assert db.session.get(Task, scene.task.id).progress == 100


def test_a_state_changed_under_the_view_is_refused_by_the_service_with_the_same_reason(login):
    scene = lang_son_scene()
    browser = login(scene.lead_member)
    browser.get(f"/tasks/{scene.task.id}")
    # Submitted behind the session's back: the view may still hold the open task, the
    # service re-reads it under its row lock and refuses.
    db.session.execute(update(Task).where(Task.id == scene.task.id)
                       .values(state="submitted", submitted_on=in_days(0)))

    response = browser.post(f"/tasks/{scene.task.id}/reports",
                            {"text": "Đã hoàn thành hồ sơ.", "progress": "90"},
                            form_url=f"/tasks/{scene.task.id}")

    assert response.status_code == 409
    assert "Progress can only be reported on a task in progress." in _page(response)


@pytest.mark.parametrize(("path", "form", "message"), [
    ("submit", {}, "Only a task in progress can be reported done."),
    ("part-done", {}, "A part can only be reported done on a task in progress."),
    ("extensions", {"requested_deadline": "2099-01-01", "reason": "Cần thêm thời gian."},
     "Only a task in progress can get a new deadline."),
])
def test_the_lead_and_coordinating_verbs_on_a_finished_task_say_why(login, path, form, message):
    scene = lang_son_scene()
    done = scene.add_task(state="done", submitted_on=in_days(-2), completed_on=in_days(-2),
                          coordinating_agencies=[scene.coordinating])
    user = scene.coordinating_member if path == "part-done" else scene.lead_member
    response = login(user).post(f"/tasks/{done.id}/{path}", form, form_url=f"/tasks/{done.id}")
    assert response.status_code == 409
    assert message in _page(response)


@pytest.mark.parametrize("path", ["accept", "return"])
def test_reviewing_a_task_still_open_says_why_even_to_a_member(login, path):
    scene = lang_son_scene()
    verb = "accepted" if path == "accept" else "returned"
    for user in (scene.chair, scene.lead_member):
        browser = login(user)
        response = browser.post(f"/tasks/{scene.task.id}/{path}", {"comment": "Đạt."},
                                form_url=f"/tasks/{scene.task.id}")
        assert response.status_code == 409
        assert f"Only a submitted completion can be {verb}." in _page(response)
        browser.post("/logout", form_url="/profile")


def test_deciding_an_extension_already_decided_says_so(login):
    scene = lang_son_scene()
    task = scene.add_task(deadline=in_days(10))
    request = extensions.request_extension(task, actor=scene.lead_member,
                                           requested_deadline=in_days(30), reason="Mưa lũ.")
    extensions.refuse_extension(request, actor=scene.chair, comment="Chưa đủ căn cứ.")
    db.session.flush()
    response = login(scene.chair).post(f"/extensions/{request.id}/grant", {"comment": ""},
                                       form_url=f"/tasks/{task.id}")
    assert response.status_code == 409
    assert "This request has already been decided." in _page(response)
    db.session.expire_all()
    assert db.session.get(Task, task.id).deadline == in_days(10)


def test_editing_or_cancelling_a_finished_task_says_why(login):
    scene = lang_son_scene()
    cancelled = scene.add_task(state="cancelled", cancel_reason="Không còn phù hợp")
    browser = login(scene.secretary)
    edit = browser.get(f"/tasks/{cancelled.id}/edit")
    assert edit.status_code == 409
    assert "A finished or cancelled task can no longer be edited." in _page(edit)
    cancel = browser.get(f"/tasks/{cancelled.id}/cancel")
    assert cancel.status_code == 409
    assert "Only a task in progress can be cancelled." in _page(cancel)
    page = browser.get(f"/tasks/{cancelled.id}").get_data(as_text=True)
    assert "Edit the task" not in page and "Cancel the task" not in page


def test_rights_are_still_a_403_and_unseen_a_404(login):
    scene = lang_son_scene()
    browser = login(scene.viewer)
    assert browser.post(f"/tasks/{scene.task.id}/submit", {},
                        form_url=f"/tasks/{scene.task.id}").status_code == 403
    browser.post("/logout", form_url="/profile")
    assert login(scene.outsider).post(f"/tasks/{scene.task.id}/submit", {},
                                      form_url="/profile").status_code == 404


def test_every_state_has_a_label_and_every_label_a_state():
    # tracker.labels names the states by their stored values (it imports no area); this
    # keeps those names and TaskState one list.
    assert set(STATE_LABELS) == {state.value for state in TaskState}
