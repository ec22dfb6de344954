"""The site and the API give the same answer for every verb on a task, in every cell.

A cell is (verb × task state [× extension request status] × role × agency relation). Each
is walked through the site (the form POST, CSRF included) and through the API (a personal
token), and both answers must be the one the workflow table gives (``workflow.check``):
allowed (and the task's history grew), the same state refusal (409, the site's page showing
the API's message), the same rights refusal (403) or invisible (404).

Everything comes from the table (``tracker.tasks.workflow.VERBS``): the verbs, their
states, their endpoints on each surface. The test only keeps, per verb name, a request each
surface accepts when the verb is allowed (``SITE_FORMS``, ``API_BODIES``), so a refusal
means the rule and not the input: a verb added to the table without them fails here.
A verb with no API endpoint (commenting) is walked on the site against the table alone.
"""

from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import dataclass

import pytest
from flask import url_for
from flask_babel import force_locale
from werkzeug.exceptions import Forbidden, NotFound

from tests.workflow_parity_world import (
    ACTORS,
    LEAD_MEMBER,
    Actor,
    add_extension,
    build_world,
    history_count,
    put_task_in,
    supported_states,
    undone,
)
from tracker.domain import StateError
from tracker.extensions import db
from tracker.tasks import workflow
from tracker.tasks.models import ExtensionStatus, TaskExtension, TaskState

ALLOWED, STATE, RIGHTS, INVISIBLE = "allowed", "state (409)", "rights (403)", "invisible (404)"

_REASON = "Chờ ý kiến thẩm định của Bộ."

# A valid request per verb and surface. A verb that needs nothing still has its (empty)
# entry: adding a verb to the table means saying here how it is asked for.
SITE_FORMS = {
    "report_progress": lambda task: {"text": "Đã tổ chức 3 đợt kiểm tra.", "progress": "60"},
    "complete_part": lambda task: {},
    "submit_completion": lambda task: {"result": "Đã hoàn thành."},
    "accept_completion": lambda task: {"comment": "Đạt."},
    "return_completion": lambda task: {"comment": "Thiếu biên bản nghiệm thu."},
    "request_extension": lambda task: {"requested_deadline": "2031-06-30", "reason": _REASON},
    "grant_extension": lambda task: {"comment": "Đồng ý gia hạn."},
    "refuse_extension": lambda task: {"comment": "Chưa đủ căn cứ."},
    "edit": lambda task: {
        "title": task.title, "lead_agency_id": str(task.lead_agency_id),
        "coordinating_agency_ids": [str(a.id) for a in task.coordinating_agencies],
        "deadline": task.deadline.isoformat(), "priority": "high",
        "expected_output": task.expected_output or "", "version": str(task.version)},
    "cancel": lambda task: {"reason": "Không còn phù hợp"},
    "comment": lambda task: {"body": "Đề nghị bổ sung biên bản."},
}
API_BODIES = {
    "report_progress": {"text": "Đã tổ chức 3 đợt kiểm tra.", "progress": 60},
    "complete_part": None,
    "submit_completion": {"result": "Đã hoàn thành."},
    "accept_completion": {"comment": "Đạt."},
    "return_completion": {"comment": "Thiếu biên bản nghiệm thu."},
    "request_extension": {"requested_deadline": "2031-06-30", "reason": _REASON},
    "grant_extension": {"comment": "Đồng ý gia hạn."},
    "refuse_extension": {"comment": "Chưa đủ căn cứ."},
    "edit": {"priority": "high"},
    "cancel": {"reason": "Không còn phù hợp"},
}

# Verbs on a whole committee (restructuring moves many tasks at once) have no per-task
# cell; tests/tasks/restructure covers them.
PER_TASK_VERBS = [name for name, verb in workflow.VERBS.items()
                  if verb.target != workflow.Target.COMMITTEE]


@dataclass(frozen=True)
class Outcome:
    category: str
    message: str | None = None  # the reason of a state refusal (API and table)
    page: str | None = None  # the site's page, where that reason must show

    def __str__(self) -> str:
        return self.category + (f" «{self.message}»" if self.message else "")


def _site_outcome(response, changed: bool) -> Outcome:
    status = response.status_code
    if status in (200, 302, 303) and changed:
        return Outcome(ALLOWED)
    if status == 302:
        return Outcome(f"redirect to {response.headers['Location']} without a change")
    category = {409: STATE, 403: RIGHTS, 404: INVISIBLE}.get(status, f"HTTP {status}")
    return Outcome(category, page=html.unescape(response.get_data(as_text=True)))


def _api_outcome(response, changed: bool) -> Outcome:
    status = response.status_code
    if 200 <= status < 300 and changed:
        return Outcome(ALLOWED)
    error = (response.get_json(silent=True) or {}).get("error") or {}
    fields = error.get("fields") or {}
    if status == 409:
        return Outcome(STATE, fields.get("state"))
    if status == 403:
        return Outcome(RIGHTS, page=error.get("message"))
    category = {404: INVISIBLE}.get(status, f"HTTP {status}")
    return Outcome(category, str(fields) if fields else None)


def _table_outcome(verb, user, task, extension) -> Outcome:
    """What the workflow table says the answer is (``workflow.check``, in English)."""
    try:
        with force_locale("en"):
            workflow.check(user, verb, task, extension)
    except StateError as error:
        with force_locale("en"):
            return Outcome(STATE, str(error.message))
    except NotFound:
        return Outcome(INVISIBLE)
    except Forbidden as refused:
        # A reason of its own ("four eyes") must be shown; the generic one need not.
        reason = refused.description if refused.description != Forbidden.description else None
        return Outcome(RIGHTS, reason)
    return Outcome(ALLOWED)


def _same(expected: Outcome, answer: Outcome, surface: str) -> bool:
    if answer.category != expected.category:
        return False
    if expected.message is None:
        return True
    if surface == "api" and expected.category == STATE:
        return answer.message == expected.message
    return expected.message in (answer.page or "")  # the reason, said on the page or body


def _api_method(app, endpoint: str) -> str:
    rule = next(app.url_map.iter_rules(endpoint))
    return next(iter(rule.methods - {"GET", "HEAD", "OPTIONS"}))


def _perform(app, world, verb, actor, target_id: int, surface: str, before: int) -> Outcome:
    """Use ``verb`` as ``actor`` on one surface; its answer, and whether it changed the task
    (every verb writes the task's history, which had ``before`` entries)."""
    ids = ({"extension_id": target_id} if verb.target == workflow.Target.EXTENSION
           else {"task_id": target_id})
    if surface == "site":
        url = url_for(verb.site_endpoint, _external=False, **ids)
        response = world.site[actor].post(url, SITE_FORMS[verb.name](world.task))
        return _site_outcome(response, history_count(world.task_id) > before)
    url = url_for(verb.api_endpoint, _external=False, **ids)
    response = world.api[actor]._call(_api_method(app, verb.api_endpoint), url,
                                      json=API_BODIES[verb.name])
    return _api_outcome(response, history_count(world.task_id) > before)


@dataclass(frozen=True)
class Situation:
    state: TaskState
    status: ExtensionStatus | None = None  # of the extension request a verb decides on
    # The committee's "four eyes" rule on, and the chair of the lead agency the one who
    # submitted (or asked), so that they may not decide on it themselves.
    four_eyes: bool = False

    def __str__(self) -> str:
        return (f"a {self.state} task" + (f" ({self.status} request)" if self.status else "")
                + (" under four eyes" if self.four_eyes else ""))


FIRST_PERSON = Actor("chair", "lead")


def _situations(verb) -> list[Situation]:
    """Every task state, and for a verb on a request every status of the request too; for a
    verb the "four eyes" rule applies to, once more with it on where the verb is allowed."""
    statuses = list(ExtensionStatus) if verb.target == workflow.Target.EXTENSION else [None]
    every = [Situation(state, status) for state in TaskState for status in statuses]
    if verb.four_eyes is None:
        return every
    return every + [Situation(s.state, s.status, four_eyes=True) for s in every
                    if s.state in verb.states and (s.status is None
                                                   or s.status in verb.extension_statuses)]


def _walk(app, verb) -> tuple[int, list[str]]:
    """Every cell of ``verb``: how many, and those where a surface is not the table."""
    world = build_world(app)
    surfaces = ("site", "api") if verb.api_endpoint else ("site",)
    walked, wrong = 0, defaultdict(list)
    for situation in _situations(verb):
        with undone():
            first = world.users[FIRST_PERSON if situation.four_eyes else LEAD_MEMBER]
            world.committee.four_eyes = situation.four_eyes
            put_task_in(world, situation.state, submitted_by=first)
            extension_id = (add_extension(world, situation.status, requested_by=first)
                            if situation.status else None)
            before = history_count(world.task_id)
            for actor in ACTORS:
                extension = db.session.get(TaskExtension, extension_id) if extension_id \
                    else None
                expected = _table_outcome(verb, world.users[actor], world.task, extension)
                answers = {}
                for surface in surfaces:
                    with undone():
                        answers[surface] = _perform(app, world, verb, actor,
                                                    extension_id or world.task_id, surface,
                                                    before)
                walked += 1
                if not all(_same(expected, answers[s], s) for s in surfaces):
                    where = str(situation)
                    said = ", ".join(f"{s} {answers[s]}" for s in surfaces)
                    wrong[where, said, str(expected)].append(str(actor))
    # One line per situation and set of answers, naming the actors, so a rule shows once.
    return walked, [f"{verb} on {where}: {said}; the table: {expected} — for {len(who)}: "
                    + ", ".join(who) for (where, said, expected), who in wrong.items()]


def test_every_verb_says_how_it_is_asked_for_on_each_surface(app):
    for name in PER_TASK_VERBS:
        verb = workflow.VERBS[name]
        assert verb.site_endpoint in app.view_functions, f"{name}: no site endpoint"
        assert name in SITE_FORMS, (
            f"{name!r} has no valid site form in SITE_FORMS (tests/test_workflow_parity.py)")
        if verb.api_endpoint is not None:
            assert verb.api_endpoint in app.view_functions, f"{name}: no such API endpoint"
            assert name in API_BODIES, (
                f"{name!r} has no valid API body in API_BODIES (tests/test_workflow_parity.py)")
    stale = sorted((set(SITE_FORMS) | set(API_BODIES)) - set(PER_TASK_VERBS))
    assert not stale, f"Requests for verbs the workflow table no longer has: {stale}"


def test_every_task_state_can_be_set_up():
    assert set(TaskState) <= supported_states(), (
        "A task state the parity test cannot put a task in: add its columns to "
        "_STATE_COLUMNS in tests/workflow_parity_world.py.")


@pytest.mark.parametrize("name", PER_TASK_VERBS)
def test_the_site_and_the_api_answer_as_the_table_in_every_cell(app, name):
    verb = workflow.VERBS[name]
    if name not in SITE_FORMS or (verb.api_endpoint and name not in API_BODIES):
        pytest.fail(f"{name!r} has no valid request to walk it with (see the test above)")
    walked, wrong = _walk(app, verb)
    assert walked
    assert not wrong, (f"{name}: {len(wrong)} answers differ ({walked} cells walked):\n"
                       + "\n".join(wrong))
