"""The verbs on tasks, on the real database: their rules and the history they leave."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.factories import UserFactory
from tests.tasks.scenes import lang_son_scene
from tracker.extensions import db
from tracker.history.models import HistoryEntry
from tracker.history.services import entries_for
from tracker.tasks import services
from tracker.tasks.categories import Category, category_of
from tracker.tasks.services import TaskError, TaskSpec

# 31 March 2025, 10:00 in Hà Nội.
NOW = datetime(2025, 3, 31, 3, 0, tzinfo=UTC)
TODAY = date(2025, 3, 31)


def spec_for(scene, **fields) -> TaskSpec:
    fields.setdefault("title", "Xây dựng Kế hoạch tổ chức Lễ hội Xứ Lạng năm 2024")
    fields.setdefault("lead_agency_id", scene.lead.id)
    fields.setdefault("deadline", TODAY + timedelta(days=30))
    return TaskSpec(**fields)


def last_entry(task) -> HistoryEntry:
    return entries_for("task", task.id)[-1]


# --- assign_task --------------------------------------------------------------------------


def test_secretary_assigns_a_task_and_history_records_it():
    scene = lang_son_scene()
    task = services.assign_task(
        scene.resolution,
        spec_for(scene, coordinating_agency_ids=[scene.coordinating.id],
                 assignee_ids=[scene.lead_member.id], priority="high"),
        actor=scene.secretary)
    assert task.original_deadline == task.deadline == TODAY + timedelta(days=30)
    assert task.state == "open" and task.progress == 0
    assert [a.id for a in task.coordinating_agencies] == [scene.coordinating.id]
    entry = last_entry(task)
    assert entry.action == "created" and entry.actor_id == scene.secretary.id
    assert entry.changes["lead_agency"] == [None, "UBND Cao Lộc"]


def test_lead_agency_must_sit_on_the_committee():
    scene = lang_son_scene()
    stranger = UserFactory().agency
    with pytest.raises(TaskError) as error:
        services.assign_task(scene.resolution, spec_for(scene, lead_agency_id=stranger.id),
                             actor=scene.secretary)
    assert error.value.field == "lead_agency_id"


def test_coordinating_agencies_must_sit_on_the_committee():
    scene = lang_son_scene()
    stranger = UserFactory().agency
    with pytest.raises(TaskError) as error:
        services.assign_task(scene.resolution,
                             spec_for(scene, coordinating_agency_ids=[stranger.id]),
                             actor=scene.secretary)
    assert error.value.field == "coordinating_agency_ids"
    task = scene.task
    with pytest.raises(TaskError) as error:
        services.update_task(task, spec_for(scene, title=task.title, deadline=task.deadline,
                                            coordinating_agency_ids=[stranger.id]),
                             actor=scene.secretary)
    assert error.value.field == "coordinating_agency_ids"
    assert stranger not in task.coordinating_agencies


def test_assignees_must_work_for_the_lead_agency():
    scene = lang_son_scene()
    with pytest.raises(TaskError) as error:
        services.assign_task(scene.resolution,
                             spec_for(scene, assignee_ids=[scene.coordinating_member.id]),
                             actor=scene.secretary)
    assert error.value.field == "assignee_ids"


def test_a_task_needs_a_title():
    scene = lang_son_scene()
    with pytest.raises(TaskError) as error:
        services.assign_task(scene.resolution, spec_for(scene, title="   "),
                             actor=scene.secretary, prefix="tasks-2-")
    assert error.value.field == "tasks-2-title"


# --- report_progress ----------------------------------------------------------------------


def test_lead_agencys_report_moves_the_task_progress_and_is_in_history():
    scene = lang_son_scene()
    report = services.report_progress(scene.task, actor=scene.lead_member,
                                      text="Đã hoàn thành dự thảo hồ sơ.", progress="45")
    assert report.progress == 45 and report.agency_id == scene.lead.id
    assert scene.task.progress == 45
    assert scene.task.last_progress_at is not None
    entry = last_entry(scene.task)
    assert entry.action == "progress_reported"
    assert entry.changes == {"progress": [0, 45]}
    assert entry.comment == "Đã hoàn thành dự thảo hồ sơ."


def test_coordinating_agencys_report_leaves_the_task_progress_alone():
    scene = lang_son_scene()
    report = services.report_progress(scene.task, actor=scene.coordinating_member,
                                      text="Công an tỉnh đã rà soát an ninh khu di tích.",
                                      progress=90)
    assert report.agency_id == scene.coordinating.id
    assert scene.task.progress == 0
    # Only the coordinating agency's own part moves (tests/tasks/test_coordination.py).
    assert last_entry(scene.task).changes == {"part_progress": [0, 90]}


@pytest.mark.parametrize("progress", [-1, 101, "abc", None, "12.5"])
def test_progress_must_be_a_whole_number_from_0_to_100(progress):
    scene = lang_son_scene()
    with pytest.raises(TaskError) as error:
        services.report_progress(scene.task, actor=scene.lead_member, text="Đang làm",
                                 progress=progress)
    assert error.value.field == "progress"


def test_report_needs_text():
    scene = lang_son_scene()
    with pytest.raises(TaskError) as error:
        services.report_progress(scene.task, actor=scene.lead_member, text=" ", progress=10)
    assert error.value.field == "text"


@pytest.mark.parametrize("state", ["submitted", "done", "cancelled"])
def test_no_report_on_a_task_that_is_not_in_progress(state):
    scene = lang_son_scene()
    task = scene.add_task(state=state, submitted_on=TODAY, completed_on=TODAY)
    with pytest.raises(TaskError) as error:
        services.report_progress(task, actor=scene.lead_member, text="Đang làm", progress=10)
    assert error.value.field == "state"


def test_an_uninvolved_agency_cannot_report_even_if_called_directly():
    scene = lang_son_scene()
    with pytest.raises(TaskError):
        services.report_progress(scene.task, actor=scene.other_member, text="x", progress=10)
    assert scene.task.progress == 0


# --- submit, accept, return --------------------------------------------------------------


def test_accepted_completion_dates_from_the_submission_and_is_on_time_on_the_deadline_day():
    scene = lang_son_scene()
    task = scene.add_task(deadline=TODAY)
    services.submit_completion(task, result="Đã hoàn thành.", actor=scene.lead_member, now=NOW)
    assert task.state == "submitted" and task.submitted_on == TODAY

    services.accept_completion(task, actor=scene.chair, comment="Đạt yêu cầu.")
    assert task.state == "done"
    assert task.completed_on == task.submitted_on == TODAY
    assert task.progress == 100
    assert category_of(task, NOW + timedelta(days=10)) == Category.DONE_ON_TIME
    assert [e.action for e in entries_for("task", task.id)] == ["submitted", "accepted"]


def test_submitted_after_the_deadline_is_done_late_even_when_accepted_later():
    scene = lang_son_scene()
    task = scene.add_task(deadline=TODAY - timedelta(days=1))
    services.submit_completion(task, result="Đã hoàn thành.", actor=scene.lead_member, now=NOW)
    services.accept_completion(task, actor=scene.secretary)
    assert category_of(task, NOW) == Category.DONE_LATE


def test_submission_date_is_the_committees_local_day():
    scene = lang_son_scene()
    task = scene.add_task(deadline=TODAY)
    # 23:30 on 31 March in UTC is already 1 April in Hà Nội.
    services.submit_completion(task, result="Đã hoàn thành.", actor=scene.lead_member,
                               now=datetime(2025, 3, 31, 23, 30, tzinfo=UTC))
    assert task.submitted_on == date(2025, 4, 1)


def test_only_an_open_task_can_be_submitted_and_only_a_submitted_one_accepted():
    scene = lang_son_scene()
    with pytest.raises(TaskError):
        services.accept_completion(scene.task, actor=scene.chair)
    services.submit_completion(scene.task, result="Đã hoàn thành.",
                               actor=scene.lead_member, now=NOW)
    with pytest.raises(TaskError):
        services.submit_completion(scene.task, result="Đã hoàn thành.",
                                   actor=scene.lead_member, now=NOW)


def test_returning_needs_a_comment_and_puts_the_task_back_in_progress():
    scene = lang_son_scene()
    services.submit_completion(scene.task, result="Đã hoàn thành.",
                               actor=scene.lead_member, now=NOW)
    with pytest.raises(TaskError) as error:
        services.return_completion(scene.task, "  ", actor=scene.chair)
    assert error.value.field == "comment"

    services.return_completion(scene.task, "Chưa có biên bản nghiệm thu.", actor=scene.chair)
    assert scene.task.state == "open" and scene.task.submitted_on is None
    entry = last_entry(scene.task)
    assert entry.action == "returned" and entry.comment == "Chưa có biên bản nghiệm thu."
    assert entry.changes["state"] == ["submitted", "open"]


# --- cancel, update ------------------------------------------------------------------------


def test_cancelling_needs_a_reason_which_is_kept():
    scene = lang_son_scene()
    with pytest.raises(TaskError) as error:
        services.cancel_task(scene.task, "", actor=scene.secretary)
    assert error.value.field == "reason"

    services.cancel_task(scene.task, "Đã lồng ghép vào Kế hoạch 45/KH-BCĐ.",
                         actor=scene.secretary)
    assert scene.task.state == "cancelled"
    assert scene.task.cancel_reason == "Đã lồng ghép vào Kế hoạch 45/KH-BCĐ."
    assert category_of(scene.task, NOW) == Category.CANCELLED
    with pytest.raises(TaskError):
        services.cancel_task(scene.task, "lại", actor=scene.secretary)


def test_editing_a_task_records_only_what_changed():
    scene = lang_son_scene()
    task = scene.task
    old_deadline = task.deadline
    new_deadline = old_deadline + timedelta(days=60)
    services.update_task(task, TaskSpec(
        title=task.title, lead_agency_id=scene.lead.id, deadline=new_deadline,
        description=task.description, coordinating_agency_ids=[scene.coordinating.id],
        priority="high", expected_output=task.expected_output), actor=scene.secretary)

    entry = last_entry(task)
    assert entry.action == "updated"
    assert entry.changes == {
        "deadline": [old_deadline.isoformat(), new_deadline.isoformat()],
        "original_deadline": [old_deadline.isoformat(), new_deadline.isoformat()],
        "priority": ["normal", "high"],
    }


def test_editing_a_stale_copy_is_refused():
    scene = lang_son_scene()
    with pytest.raises(TaskError) as error:
        services.update_task(scene.task, spec_for(scene), actor=scene.secretary,
                             expected_version=scene.task.version - 1)
    assert error.value.field == "version"


def test_editing_without_changes_writes_no_history():
    scene = lang_son_scene()
    task = scene.task
    count = len(entries_for("task", task.id))
    services.update_task(task, TaskSpec(
        title=task.title, lead_agency_id=task.lead_agency_id, deadline=task.deadline,
        description=task.description, coordinating_agency_ids=[scene.coordinating.id],
        priority=task.priority, expected_output=task.expected_output), actor=scene.secretary)
    assert len(entries_for("task", task.id)) == count
    assert db.session.scalar(select(HistoryEntry.id).where(
        HistoryEntry.subject_id == task.id, HistoryEntry.action == "updated")) is None
