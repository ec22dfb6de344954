"""The world the workflow parity test walks (tests/test_workflow_parity.py): one committee,
one person per (role × agency relation), a site client and an API client for each, and a
way to put the task (and its extension request) into any state, undone after each cell.

Built once per verb; every cell runs inside a savepoint of the test's connection that is
rolled back afterwards, so a verb that succeeded leaves nothing behind for the next cell.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from flask import g
from flask import session as flask_session
from flask_wtf.csrf import generate_csrf

from tests.api.conftest import ApiClient
from tests.factories import (
    AgencyFactory,
    CommitteeFactory,
    ResolutionFactory,
    TaskFactory,
    UserFactory,
    member_of,
)
from tracker.clock import local_today
from tracker.committees.models import RoleName
from tracker.extensions import db
from tracker.history.models import HistoryEntry
from tracker.tasks.models import Task, TaskExtension

# Who acts: a role in the task's committee (admin: the site-wide flag, no role; "none": a
# signed-in person with a role in another committee only, for whom the task does not exist).
ROLES = ("admin", *RoleName, "none")
# The actor's agency as seen from the task.
RELATIONS = ("lead", "coordinating", "other")

# How each task state is reached by setting its columns (a new state needs a line here).
_STATE_COLUMNS = {
    "open": {},
    "submitted": {"submitted": True},
    "done": {"submitted": True, "completed_on": True, "progress": 100},
    "cancelled": {"cancel_reason": "Không còn phù hợp"},
}


@dataclass(frozen=True)
class Actor:
    role: str
    relation: str

    def __str__(self) -> str:
        return f"{self.role} of the {self.relation} agency"


ACTORS = tuple(Actor(role, relation) for role in ROLES for relation in RELATIONS)
# Who submitted the task, or asked for the extension, unless a cell says otherwise.
LEAD_MEMBER = Actor("member", "lead")


class SiteClient:
    """A signed-in browser of one actor: its own cookie jar and a CSRF token for its forms."""

    def __init__(self, app, user):
        self.client = app.test_client()
        with app.test_request_context(environ_base=self.client.environ_base):
            # The tests share one app context, and so ``g``, where the last token is cached.
            g.pop("csrf_token", None)
            identifier = app.login_manager._session_identifier_generator()
            csrf = generate_csrf()
            raw_csrf = flask_session["csrf_token"]
        # What Flask-Login stores after a real sign-in (its argon2 check is skipped: login
        # itself is tested in tests/auth), and the CSRF secret the token above is signed for.
        with self.client.session_transaction() as session:
            session.update({"_user_id": user.get_id(), "_fresh": True, "_id": identifier,
                            "csrf_token": raw_csrf})
        self.csrf = csrf

    def post(self, url, form):
        return self.client.post(url, data={**form, "csrf_token": self.csrf})


@dataclass
class World:
    committee: object
    agencies: dict
    task_id: int
    users: dict
    site: dict
    api: dict

    @property
    def task(self) -> Task:
        return db.session.get(Task, self.task_id)


def build_world(app) -> World:
    agencies = {
        "standing": AgencyFactory(name="Sở Văn hóa, Thể thao và Du lịch",
                                  short_name="Sở VHTTDL"),
        "lead": AgencyFactory(name="Ủy ban nhân dân huyện Cao Lộc", short_name="UBND Cao Lộc"),
        "coordinating": AgencyFactory(name="Công an tỉnh Lạng Sơn", short_name="Công an tỉnh"),
        "other": AgencyFactory(name="Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
                               short_name="BĐBP tỉnh"),
    }
    committee = CommitteeFactory(standing_agency=agencies["standing"])
    committee.member_agencies = list(agencies.values())
    elsewhere = CommitteeFactory()
    task = TaskFactory(resolution=ResolutionFactory(committee=committee), committee=committee,
                       lead_agency=agencies["lead"],
                       coordinating_agencies=[agencies["coordinating"]])
    users = {}
    for actor in ACTORS:
        agency = agencies[actor.relation]
        if actor.role == "admin":
            user = UserFactory(is_admin=True, agency=agency, language="en")
        elif actor.role == "none":
            user = member_of(elsewhere, "chair", agency=agency, language="en")
        else:
            user = member_of(committee, actor.role, agency=agency, language="en")
        users[actor] = user
    db.session.flush()
    world = World(committee=committee, agencies=agencies, task_id=task.id, users=users,
                  site={a: SiteClient(app, u) for a, u in users.items()},
                  api={a: ApiClient(app.test_client(use_cookies=False), u)
                       for a, u in users.items()})
    # The world joins the test's outer transaction; each cell's savepoint is undone on top.
    db.session.commit()
    return world


def supported_states() -> frozenset:
    return frozenset(_STATE_COLUMNS)


def put_task_in(world: World, state: str, submitted_by) -> None:
    """Set the task's columns as if it had reached ``state`` (history is not needed)."""
    columns = _STATE_COLUMNS[state]
    task = world.task
    on = local_today(world.committee.timezone) - timedelta(days=1)
    task.state = state
    if columns.get("submitted"):
        task.submitted_on = on
        task.submitted_by_id = submitted_by.id
    if columns.get("completed_on"):
        task.completed_on = on
    task.progress = columns.get("progress", task.progress)
    task.cancel_reason = columns.get("cancel_reason")
    db.session.commit()


def add_extension(world: World, status: str, requested_by) -> int:
    """A request for a later deadline from the lead agency, in ``status``; its id."""
    task = world.task
    extension = TaskExtension(
        task_id=task.id, requested_by_id=requested_by.id,
        agency_id=task.lead_agency_id, requested_deadline=date(2031, 6, 30),
        previous_deadline=task.deadline, reason="Chờ ý kiến thẩm định của Bộ.",
        status=status)
    if status != "pending":
        extension.decided_by_id = world.users[Actor("chair", "other")].id
        extension.decision_comment = "Đã quyết định."
    db.session.add(extension)
    db.session.commit()
    return extension.id


def history_count(task_id: int) -> int:
    """How many history entries the task has: every verb that changes a task writes one."""
    connection = db.session.get_bind()
    return connection.scalar(sa.select(sa.func.count()).select_from(HistoryEntry).where(
        HistoryEntry.subject_type == "task", HistoryEntry.subject_id == task_id))


@contextmanager
def undone():
    """Everything in the block (requests included) is rolled back at its end."""
    # The session's own savepoint must not be open around ours: ending it later would end
    # ours too (a savepoint released or rolled back takes those opened inside it along).
    db.session.commit()
    connection = db.session.get_bind()
    savepoint = connection.begin_nested()
    try:
        yield
    finally:
        db.session.rollback()
        savepoint.rollback()
        db.session.expire_all()
