"""Every list answers with the same number of SQL statements for one row as for a full page.

A list that loads a relationship per row (an N+1) runs more statements the more rows its
page holds; here each list is requested over a world holding one row of everything, then
over one holding many (tasks with assignees, coordinating agencies and reports), and the
statement counts must be equal. The API's lists are found in the app itself (every operation
answering a page envelope, ``bp.paged``); the site's list pages are named in SITE_LISTS, and
every other page of the site in NOT_LISTS, so a new page fails until it is classified.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from flask import url_for

from tests.factories import (
    AgencyFactory,
    CommitteeFactory,
    MeetingFactory,
    ProgressReportFactory,
    ResolutionFactory,
    TaskFactory,
    UserFactory,
    member_of,
)
from tracker.auth import tokens
from tracker.auth.models import User
from tracker.clock import local_today, utcnow
from tracker.committees.models import Agency, Committee
from tracker.extensions import db
from tracker.history.models import HistoryEntry
from tracker.meetings.models import AgendaItem
from tracker.notifications.models import Notification
from tracker.reminders.models import Holiday, MailDigest, Reminder
from tracker.summaries.models import Summary
from tracker.tasks import categories, list_options
from tracker.tasks.categories import Category
from tracker.tasks.models import Attachment, Task, TaskComment, TaskExtension
from tracker.tasks.recurrence.models import TaskSeries

MANY = 30
WORD = "Mẫusơn"  # in every resolution's and task's title: what the search looks for

# The site's list pages, each with the query strings it is read with.
SITE_LISTS = {
    "tasks.index": ["", *(f"?category={c.value}" for c in Category), "?sort=-deadline"],
    "tasks.my_agency": ["", "?category=in_progress"],
    "resolutions.index": ["", "?sort=tasks"],
    "resolutions.detail": [""],
    "resolutions.meetings": [""],
    "resolutions.meeting": [""],
    # The draft conclusion notice: a clause per task of the meeting's documents.
    "meeting_notice.docx": [""],
    # A meeting's agenda, and the invitation's preview (recipients, agenda, carry-over).
    "meetings.agenda": [""],
    "meetings.invitation": [""],
    "committees.index": [""],
    "committees.show": [""],
    "committees.agencies": [""],
    "committees.users": [""],
    "notifications.index": [""],
    "search.index": [f"?q={WORD}"],
    "reminders.outbox": [""],
    "reminders.holidays": ["?year=2031"],
    "summaries.index": [""],
    "lists.export_tasks": [""],
    "lists.export_my_agency": [""],
    "lists.export_resolutions": [""],
    # Its overdue lists, ranking and pending reviews grow with the committee.
    "reports.dashboard": [""],
    # Completions and extension requests waiting for the signed-in reviewer.
    "waiting.index": ["", "?page=2"],
    # A recurring duty's occurrences, each with its outcome.
    "recurrence.show": [""],
    # One task: its progress reports (each with its files), requests for a later deadline,
    # comments and history grow with it.
    "tasks.detail": [""],
    # A committee's public progress page (the world's committee publishes one).
    "public.committee": [""],
}
# Site pages that are not lists (one record, a form, a file, a redirect), or whose rows are
# not read from the database (the demo's mail sink reads files).
NOT_LISTS = {
    "main.home", "main.dashboard", "main.healthz", "auth.login", "auth.profile", "calendars.feed",
    "committees.agency_edit", "committees.agency_new", "committees.edit", "committees.new",
    "committees.user_edit", "committees.user_new", "reminders.holiday_edit",
    "reminders.holiday_new", "reminders.mail_sink", "reminders.mail_message",
    "reminders.mail_raw", "reminders.policy",
    "drafting.paste",  # a form; the review it answers with: tests/drafting/review
    "resolutions.new_meeting", "resolutions.new", "resolutions.edit_meeting",
    "resolutions.edit", "resolutions.import_tasks", "resolutions.import_preview",
    "resolutions.import_template", "resolutions.add_tasks", "resolutions.choose_committee",
    "resolutions.cancel_task", "resolutions.edit_task", "restructuring.move_open_tasks",
    "summaries.new", "summaries.show", "summaries.status", "summaries.download",
    "recurrence.new", "recurrence.edit", "recurrence.stop",
    "tasks.attachment", "tasks.thumbnail", "lists.rename_view", "static",
    "lists.export_progress", "lists.export_download",  # one export of its owner's
    "pwa.manifest", "pwa.service_worker", "pwa.offline",  # no database read at all
    "meeting_notice.pdf",  # the same reads as meeting_notice.docx, checked in SITE_LISTS
    "meetings.edit_item", "meetings.delete_item", "meetings.assign_from_item",
}
# The extension format an export is asked in.
EXPORT_FORMAT = "csv"


def _paged_api_endpoints(app) -> list[str]:
    """Every API operation answering a page envelope (``ApiBlueprint.paged``)."""
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/") or "GET" not in rule.methods:
            continue
        view = app.view_functions[rule.endpoint]
        responses = getattr(view, "_apidoc", {}).get("response", {}).get("responses", {})
        # The documented schema: a class, or an instance with options (ApiBlueprint).
        schemas = [answer.get("schema") for answer in responses.get(200, [])
                   if isinstance(answer, dict)]
        if any({"items", "total", "pages"} <= set(getattr(schema, "_declared_fields", {}))
               for schema in schemas):
            found.append(rule.endpoint)
    return sorted(found)


def _site_get_endpoints(app) -> set[str]:
    return {rule.endpoint for rule in app.url_map.iter_rules()
            if "GET" in rule.methods and not rule.rule.startswith("/api/")}


@dataclass
class World:
    """Ids of the rows the lists are asked about, and the admin who asks."""

    admin_id: int = 0
    agency_id: int = 0
    committee_id: int = 0
    resolution_id: int = 0
    meeting_id: int = 0
    task_id: int = 0
    series_id: int = 0
    secret: str = ""
    grown: int = 0
    seq: list = field(default_factory=lambda: [0])

    def path_args(self) -> dict[str, int]:
        return {"committee_id": self.committee_id, "resolution_id": self.resolution_id,
                "meeting_id": self.meeting_id, "task_id": self.task_id,
                "series_id": self.series_id, "fmt": EXPORT_FORMAT}


_TASK_SHAPES = (  # (deadline in days, state): one task in each category
    (40, "open"), (2, "open"), (-5, "open"), (None, "open"), (10, "submitted"),
    (-3, "done"), (20, "cancelled"),
)


def _grow(world: World, count: int) -> None:
    """``count`` more rows of every kind the lists show."""
    admin = db.session.get(User, world.admin_id)
    committee = db.session.get(Committee, world.committee_id)
    agency = db.session.get(Agency, world.agency_id)
    subject = db.session.get(Task, world.task_id)
    resolution = subject.resolution
    today = local_today("Asia/Ho_Chi_Minh")
    for _ in range(count):
        world.grown += 1
        n = world.grown
        coordinators = [AgencyFactory(), AgencyFactory()]
        committee.member_agencies.extend(coordinators)
        assignees = [member_of(committee, "member", agency=agency),
                     UserFactory(agency=coordinators[0])]
        new_resolution = ResolutionFactory(committee=committee, title=f"Kết luận {WORD} {n}",
                                           meeting=resolution.meeting)
        for days, state in _TASK_SHAPES:
            deadline = today + timedelta(days=days) if days is not None else None
            task = TaskFactory(resolution=new_resolution, lead_agency=agency, state=state,
                               title=f"Đề án {WORD} {n}", deadline=deadline,
                               completed_on=today if state == "done" else None,
                               submitted_on=today if state in ("done", "submitted") else None,
                               cancel_reason="Thôi" if state == "cancelled" else None)
            task.assignees.extend(assignees)
            task.coordinating_agencies.extend(coordinators)
            ProgressReportFactory(task=task, author=assignees[0])
        TaskFactory(resolution=resolution, lead_agency=agency, title=f"Nhiệm vụ {WORD} {n}",
                    coordinating_agencies=coordinators, assignees=assignees)
        report = ProgressReportFactory(task=subject, author=assignees[0], agency=agency)
        db.session.add(Attachment(report=report, filename=f"bao-cao-{n}.pdf",
                                  stored_name=f"stored-report-{n}", content_type="application/pdf",
                                  size=100, uploaded_by_id=assignees[0].id))
        db.session.add(TaskComment(task=subject, author=assignees[0], body=f"Ý kiến {n}"))
        db.session.add(TaskExtension(task=subject, requested_by=assignees[0], agency=agency,
                                     requested_deadline=today + timedelta(days=60 + n),
                                     previous_deadline=subject.deadline, reason="Chưa kịp"))
        db.session.add(TaskExtension(task=subject, requested_by=assignees[0], agency=agency,
                                     requested_deadline=today + timedelta(days=90 + n),
                                     previous_deadline=subject.deadline, reason="Chưa kịp",
                                     status="granted", decided_by=admin, decided_at=utcnow()))
        item = AgendaItem(meeting_id=world.meeting_id, position=n, title=f"Nội dung {n}",
                          presenter_agency=coordinators[0], minutes_allotted=15)
        db.session.add(item)
        db.session.flush()
        TaskFactory(resolution=resolution, lead_agency=agency, title=f"Giao từ mục {n}",
                    agenda_item_id=item.id)
        db.session.add(HistoryEntry(subject_type="task", subject_id=subject.id,
                                    actor_id=assignees[0].id, action="updated",
                                    changes={"title": ["a", "b"]}))
        MeetingFactory(committee=committee)
        CommitteeFactory()
        db.session.add(Summary(committee=committee, period_kind="month",
                               starts_on=date(2024, 1, 1), ends_on=date(2024, 1, 31),
                               requested_by=assignees[0]))
        db.session.add(Notification(user_id=world.admin_id, kind="comment", task=subject,
                                    actor=assignees[0], payload={"excerpt": "Đã xong"}))
        digest = MailDigest(recipient_email=f"nhan{n}@langson.gov.vn", recipient_user=admin,
                            digest_on=today - timedelta(days=n), language="vi")
        db.session.add(digest)
        db.session.add(Reminder(task=subject, committee_id=committee.id, digest=digest,
                                recipient_email=digest.recipient_email, kind="overdue",
                                due_on=digest.digest_on))
        db.session.add(Holiday(on=date(2031, 1, 1) + timedelta(days=n), name=f"Nghỉ {n}"))
        # One more occurrence of the recurring duty (its period: a month), and one more duty.
        TaskFactory(resolution=resolution, lead_agency=agency, title=f"Báo cáo {WORD} {n}",
                    series_id=world.series_id, series_period=f"{2000 + n // 12}-{n % 12 + 1:02d}",
                    deadline=date(2000 + n // 12, n % 12 + 1, 15), assignees=assignees)
        _series(resolution, agency)
    db.session.flush()


def _series(resolution, agency) -> TaskSeries:
    series = TaskSeries(resolution=resolution, committee_id=resolution.committee_id,
                        title=f"Báo cáo tháng {WORD}", lead_agency=agency, frequency="monthly",
                        due_day=15, starts_on=date(2000, 1, 1))
    db.session.add(series)
    db.session.flush()
    return series


def _world() -> World:
    agency = AgencyFactory()
    committee = CommitteeFactory(public_page=True)
    committee.member_agencies.append(agency)
    admin = member_of(committee, "chair", agency=agency, is_admin=True, language="en")
    # Still to come: its page shows the live carry-over of every earlier resolution.
    meeting = MeetingFactory(committee=committee,
                             held_on=local_today("Asia/Ho_Chi_Minh") + timedelta(days=10))
    resolution = ResolutionFactory(committee=committee, meeting=meeting,
                                   title=f"Thông báo {WORD}")
    task = TaskFactory(resolution=resolution, lead_agency=agency, title=f"Nhiệm vụ {WORD}",
                       assignees=[admin])
    _, secret = tokens.create_token(admin, "statement counts")
    db.session.flush()
    world = World(admin_id=admin.id, agency_id=agency.id, committee_id=committee.id,
                  resolution_id=resolution.id, meeting_id=meeting.id, task_id=task.id,
                  series_id=_series(resolution, agency).id, secret=secret)
    _grow(world, 1)
    return world


class _Counter:
    """Counts the statements sent to the database while it is on."""

    def __init__(self):
        self.statements: list[str] = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        # The test's savepoints stand for the transaction a real request begins and ends.
        if "SAVEPOINT" not in statement:
            self.statements.append(statement)


def _count(client, url: str, headers: dict) -> tuple[int, list[str]]:
    """Statements run by GET ``url``, on a session holding nothing the request could reuse
    (a real request starts with an empty one), and no filter option or committee zone kept
    by the process (``tasks.list_options``, ``tasks.categories``: their own queries are
    counted too)."""
    db.session.expunge_all()
    list_options.forget_cached()
    categories.forget_zones()
    counter = _Counter()
    sa.event.listen(db.engine, "before_cursor_execute", counter)
    try:
        response = client.get(url, headers=headers)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", counter)
    assert response.status_code == 200, f"GET {url}: {response.status_code}"
    return len(counter.statements), counter.statements


def _assert_flat(client, url_of, headers, label: str) -> None:
    world = url_of.world
    url = url_of()
    _count(client, url, headers)  # warm-up: what a first request does once
    few, few_sql = _count(client, url, headers)
    _grow(world, MANY - 1)
    many, many_sql = _count(client, url, headers)
    grown = Counter(many_sql)
    grown.subtract(Counter(few_sql))
    extra = [f"{times}× {sql[:160]}" for sql, times in grown.most_common(3) if times > 0]
    assert few == many, (
        f"{label}: {few} SQL statements with 1 row of each kind, {many} with {MANY}: a "
        f"relationship is loaded per row. Statements run more often: {extra}")


class _Url:
    def __init__(self, world: World, endpoint: str, query: str = ""):
        self.world, self.endpoint, self.query = world, endpoint, query

    def __call__(self) -> str:
        from flask import current_app

        rule = next(r for r in current_app.url_map.iter_rules() if r.endpoint == self.endpoint)
        known = self.world.path_args()
        missing = [arg for arg in rule.arguments if arg not in known]
        assert not missing, f"{self.endpoint}: no test data for {missing}; add it to World"
        return url_for(self.endpoint, **{a: known[a] for a in rule.arguments}) + self.query


@pytest.fixture
def world(app):
    with app.test_request_context():
        return _world()


def test_every_site_page_is_classified(app):
    unclassified = _site_get_endpoints(app) - set(SITE_LISTS) - NOT_LISTS
    assert not unclassified, (
        f"pages neither in SITE_LISTS (checked for a constant statement count) nor in "
        f"NOT_LISTS: {sorted(unclassified)}")


def test_the_api_lists_are_found(app):
    assert "api_tasks.list_tasks" in _paged_api_endpoints(app)


def _api_endpoints():
    from tracker import create_app

    return _paged_api_endpoints(create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://"))


@pytest.mark.parametrize("endpoint", _api_endpoints())
def test_api_list_statement_count_is_flat(app, world, endpoint):
    client = app.test_client(use_cookies=False)
    headers = {"Authorization": f"Bearer {world.secret}", "Accept-Language": "en"}
    with app.test_request_context():
        url_of = _Url(world, endpoint)
        _assert_flat(client, url_of, headers, f"GET {url_of()} ({endpoint})")


def _site_cases():
    for endpoint, queries in SITE_LISTS.items():
        for query in queries:
            yield pytest.param(endpoint, query)


@pytest.mark.parametrize(("endpoint", "query"), list(_site_cases()))
def test_site_list_statement_count_is_flat(app, world, login, endpoint, query):
    browser = login(db.session.get(User, world.admin_id))
    with app.test_request_context():
        url_of = _Url(world, endpoint, query)
        _assert_flat(browser.client, url_of, {}, f"GET {url_of()} ({endpoint})")

