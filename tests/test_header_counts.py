"""The header's two counters (the bell's unread notifications, the decisions waiting) come in
one statement and say what each count says alone, on the page as in the query."""

from __future__ import annotations

import sqlalchemy as sa
from flask_login import AnonymousUserMixin

from tests.tasks.scenes import lang_son_scene
from tracker.extensions import db
from tracker.header_counts import HeaderCounts, header_counts
from tracker.notifications.queries import unread_count
from tracker.notifications.services import notify
from tracker.tasks import services
from tracker.waiting.queries import waiting_count


def _scene():
    scene = lang_son_scene()
    services.submit_completion(scene.task, result="Đã hoàn thành.", actor=scene.lead_member)
    notify(scene.chair, "mentioned", scene.task, actor=scene.lead_member,
           payload={"excerpt": "Đề nghị Ban xem xét."})
    notify(scene.chair, "summary_ready", summary_id=7, payload={"committee_id": 1})
    db.session.flush()
    return scene


def test_both_counts_in_one_statement_as_each_query_counts_them():
    scene = _scene()
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        seen.append(statement)

    people = (scene.chair, scene.secretary, scene.lead_member, scene.viewer, scene.outsider)
    expected = [(unread_count(p), waiting_count(p)) for p in people]
    # The chair: the report's notice, the mention and the summary; one completion to accept.
    assert expected[:3] == [(3, 1), (1, 1), (0, 0)]
    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        for person, (unread, waiting) in zip(people, expected, strict=True):
            seen.clear()
            assert header_counts(person) == HeaderCounts(unread, waiting)
            assert len(seen) == 1, seen
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    assert header_counts(AnonymousUserMixin()) == HeaderCounts(0, 0)
    assert header_counts(None) == HeaderCounts(0, 0)


def test_the_header_shows_them(login):
    scene = _scene()
    page = login(scene.chair).get("/tasks").get_data(as_text=True)
    assert "3 unread" in page
    waiting_link = page[page.index('class="waiting'):].split("</a>", 1)[0]
    assert "(1)" in waiting_link and "has-unread" in waiting_link


def test_nothing_waiting_nothing_lit(login):
    scene = _scene()
    page = login(scene.viewer).get("/tasks").get_data(as_text=True)
    assert 'class="bell"' in page and "has-unread" not in page
    assert "(0)" in page[page.index('class="waiting'):].split("</a>", 1)[0]
