"""Coordinating agencies report on their own part; the lead sees every part side by side."""

from __future__ import annotations

from sqlalchemy import select

from tests.tasks.scenes import in_days, lang_son_scene, today
from tracker.extensions import db
from tracker.history.models import HistoryEntry
from tracker.tasks import services
from tracker.tasks.coordination import parts_of
from tracker.tasks.models import task_coordinator
from tracker.tasks.queries import reports_query


def part_row(task, agency):
    return db.session.execute(
        select(task_coordinator.c.progress, task_coordinator.c.part_done_on,
               task_coordinator.c.updated_at)
        .where(task_coordinator.c.task_id == task.id,
               task_coordinator.c.agency_id == agency.id)).one()


def test_coordinating_members_report_moves_only_their_agencys_part(login):
    scene = lang_son_scene()
    browser = login(scene.coordinating_member)
    response = browser.post(f"/tasks/{scene.task.id}/reports",
                            {"text": "Công an tỉnh đã rà soát an ninh khu vực.", "progress": "40"},
                            form_url=f"/tasks/{scene.task.id}")
    assert response.status_code == 302
    db.session.refresh(scene.task)
    assert scene.task.progress == 0  # the task's own percentage follows the lead agency
    row = part_row(scene.task, scene.coordinating)
    assert row.progress == 40 and row.part_done_on is None and row.updated_at is not None

    services.report_progress(scene.task, actor=scene.lead_member, text="Đã nộp hồ sơ.",
                             progress=70)
    assert scene.task.progress == 70
    assert part_row(scene.task, scene.coordinating).progress == 40


def test_coordinating_agency_marks_its_part_done_and_history_says_so(login):
    scene = lang_son_scene()
    browser = login(scene.coordinating_member)
    page = browser.get(f"/tasks/{scene.task.id}").get_data(as_text=True)
    assert "Our part is done" in page
    response = browser.post(f"/tasks/{scene.task.id}/part-done", {},
                            form_url=f"/tasks/{scene.task.id}")
    assert response.status_code == 302
    row = part_row(scene.task, scene.coordinating)
    assert (row.progress, row.part_done_on) == (100, today())
    entry = db.session.scalars(select(HistoryEntry).where(
        HistoryEntry.subject_type == "task", HistoryEntry.subject_id == scene.task.id,
        HistoryEntry.action == "part_done")).one()
    assert entry.changes["part_done_on"] == [None, today().isoformat()]
    page = browser.get(f"/tasks/{scene.task.id}").get_data(as_text=True)
    assert "Our part is done" not in page
    assert "reported their agency" in page

    again = browser.post(f"/tasks/{scene.task.id}/part-done", {},
                         form_url=f"/tasks/{scene.task.id}", follow_redirects=True)
    assert "already reported done" in again.get_data(as_text=True)


def test_reporting_less_than_complete_reopens_a_part_marked_done():
    scene = lang_son_scene()
    from tracker.tasks.coordination import mark_part_done

    mark_part_done(scene.task, actor=scene.coordinating_member)
    services.report_progress(scene.task, actor=scene.coordinating_member,
                             text="Phát sinh thêm việc.", progress=80)
    row = part_row(scene.task, scene.coordinating)
    assert (row.progress, row.part_done_on) == (80, None)


def test_lead_and_viewer_cannot_mark_a_coordinating_part_done(login):
    scene = lang_son_scene()
    for user in (scene.lead_member, scene.viewer, scene.other_member):
        browser = login(user)
        assert "Our part is done" not in browser.get(f"/tasks/{scene.task.id}").get_data(
            as_text=True)
        response = browser.post(f"/tasks/{scene.task.id}/part-done", {},
                                form_url=f"/tasks/{scene.task.id}")
        assert response.status_code == 403
        browser.post("/logout", form_url="/profile")
    assert part_row(scene.task, scene.coordinating).part_done_on is None


def test_task_page_shows_the_lead_and_each_coordinating_agency_side_by_side(login):
    scene = lang_son_scene()
    task = scene.add_task(title="Phát triển du lịch cộng đồng Mẫu Sơn", deadline=in_days(20),
                          coordinating_agencies=[scene.coordinating, scene.other])
    services.report_progress(task, actor=scene.lead_member, text="Đã khảo sát.", progress=50)
    services.report_progress(task, actor=scene.coordinating_member, text="Đã bố trí lực lượng.",
                             progress=30)
    parts = parts_of(task, list(db.session.scalars(reports_query(task.id))))
    assert (parts[0].agency.id, parts[0].is_lead, parts[0].progress) == (scene.lead.id, True, 50)
    assert {(p.agency.id, p.is_lead, p.progress) for p in parts[1:]} == {
        (scene.coordinating.id, False, 30), (scene.other.id, False, 0)}
    assert parts[0].last_report.progress == 50
    assert next(p for p in parts if p.agency.id == scene.other.id).last_report is None

    page = login(scene.chair).get(f"/tasks/{task.id}").get_data(as_text=True)
    table = page[page.index('id="parts"'):page.index('id="reports"')]
    for agency in (scene.lead, scene.coordinating, scene.other):
        assert agency.label in table
    assert "Lead agency" in table and "Coordinating agency" in table
    assert "No report yet" in table and "30%" in table and "50%" in table


def test_chair_filters_tasks_where_an_agency_coordinates(login):
    scene = lang_son_scene()
    led = scene.add_task(title="Nhiệm vụ do Công an tỉnh chủ trì", lead_agency=scene.coordinating)
    unrelated = scene.add_task(title="Nhiệm vụ không liên quan")
    browser = login(scene.chair)
    page = browser.get(f"/tasks?coordinating={scene.coordinating.id}").get_data(as_text=True)
    assert scene.task.title in page
    assert led.title not in page  # leading is not coordinating
    assert unrelated.title not in page
    assert 'name="coordinating"' in page
    assert f'<option value="{scene.coordinating.id}" selected>' in page
    # A malformed value is ignored, never an error.
    assert browser.get("/tasks?coordinating=abc").status_code == 200
