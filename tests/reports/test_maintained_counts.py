"""The dashboard's maintained counts against a recount, after every kind of write.

``reports.models.TaskTally`` is kept by a flush hook (``reports.services``); after each
write below, what it holds is compared with the tasks recounted here in Python (each
task's key: committee, lead agency, state, deadline while in work, done late by the
category rule), and the dashboard's counts with every task's category. The writes are the
services' own: create, edit the deadline, move the lead agency, a granted extension,
submit, return (reopen), accept, cancel, restructure and merge agencies, import, delete, and
a refused form whose savepoint is undone. Then the nightly check: writes that went around
the session drift, the check fixes and reports them, and a second run finds nothing.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from sqlalchemy import func, select, update

from tests.factories import AgencyFactory
from tests.tasks.scenes import in_days, lang_son_scene
from tracker.extensions import db
from tracker.reports.models import TaskTally
from tracker.reports.queries import category_counts
from tracker.reports.services import check_tallies
from tracker.tasks import services
from tracker.tasks.categories import Category, category_of, reported_counts
from tracker.tasks.extensions import services as extensions
from tracker.tasks.imports import services as imports
from tracker.tasks.models import Task
from tracker.tasks.restructure import services as restructure
from tracker.unit_of_work import attempt


def recounted() -> Counter:
    """Every task's key, counted from the tasks themselves."""
    keys: Counter = Counter()
    for task in db.session.scalars(select(Task)):
        in_work = task.state in ("open", "submitted")
        keys[(task.committee_id, task.lead_agency_id, str(task.state),
              task.deadline if in_work else None,
              category_of(task) == Category.DONE_LATE)] += 1
    return keys


def maintained() -> Counter:
    rows = db.session.execute(
        select(TaskTally.committee_id, TaskTally.lead_agency_id, TaskTally.state,
               TaskTally.deadline, TaskTally.done_late, func.sum(TaskTally.tasks))
        .group_by(TaskTally.committee_id, TaskTally.lead_agency_id, TaskTally.state,
                  TaskTally.deadline, TaskTally.done_late))
    return Counter({(c, a, str(s), d, bool(late)): int(n)
                    for c, a, s, d, late, n in rows if n})


def assert_in_step(committee) -> None:
    db.session.flush()
    assert maintained() == recounted()
    per_category = Counter(category_of(task).value for task in db.session.scalars(
        select(Task).where(Task.committee_id == committee.id)))
    assert category_counts(committee.id) == reported_counts(dict(per_category))


def spec_of(task, **changes) -> services.TaskSpec:
    fields = dict(title=task.title, lead_agency_id=task.lead_agency_id, deadline=task.deadline,
                  description=task.description, priority=task.priority,
                  coordinating_agency_ids=[a.id for a in task.coordinating_agencies],
                  assignee_ids=[], expected_output=task.expected_output)
    return services.TaskSpec(**{**fields, **changes})


def test_the_counts_follow_every_kind_of_write():
    scene = lang_son_scene()
    assert_in_step(scene.committee)

    created = services.assign_task(scene.resolution, services.TaskSpec(
        title="Rà soát điểm du lịch cộng đồng", lead_agency_id=scene.lead.id,
        deadline=in_days(2)), actor=scene.secretary)
    assert_in_step(scene.committee)

    services.update_task(created, spec_of(created, deadline=in_days(-3)), actor=scene.secretary)
    assert_in_step(scene.committee)  # due soon → overdue: a new deadline key

    services.update_task(created, spec_of(created, lead_agency_id=scene.other.id),
                         actor=scene.secretary)
    assert_in_step(scene.committee)  # moved to another lead agency

    extension = extensions.request_extension(
        scene.task, actor=scene.lead_member, requested_deadline=in_days(20),
        reason="Chờ ý kiến thẩm định.")
    extensions.grant_extension(extension, actor=scene.chair)
    assert_in_step(scene.committee)  # a granted extension moves the deadline in force

    services.submit_completion(scene.task, actor=scene.lead_member, result="Đã nộp hồ sơ.")
    assert_in_step(scene.committee)
    services.return_completion(scene.task, "Bổ sung ảnh minh chứng.", actor=scene.chair)
    assert_in_step(scene.committee)  # reopened
    services.submit_completion(scene.task, actor=scene.lead_member, result="Đã bổ sung.")
    services.accept_completion(scene.task, actor=scene.chair)
    assert_in_step(scene.committee)  # done on time

    late = scene.add_task(title="Báo cáo sơ kết", deadline=in_days(-10))
    services.submit_completion(late, actor=scene.lead_member, result="Đã báo cáo.")
    services.accept_completion(late, actor=scene.chair)
    assert_in_step(scene.committee)  # done late

    services.cancel_task(created, "Không còn phù hợp.", actor=scene.secretary)
    assert_in_step(scene.committee)

    scene.add_task(title="Tuyên truyền", deadline=in_days(-1))
    scene.add_task(title="Đường dây nóng", deadline=None)
    successor = AgencyFactory(name="Sở Văn hóa, Thể thao và Du lịch (mới)")
    scene.committee.member_agencies.append(successor)
    moved = restructure.move_open_tasks(scene.committee, scene.lead, successor,
                                        actor=scene.secretary, mark_merged=True)
    assert moved >= 2
    assert_in_step(scene.committee)  # restructured: the lead's open tasks to its successor

    data = ("Nội dung nhiệm vụ,Cơ quan chủ trì,Cơ quan phối hợp,Thời hạn,Mức độ ưu tiên,"
            f"Sản phẩm\nKiểm tra an ninh,{scene.other.name},,{in_days(1).isoformat()},,\n"
            f"Duy trì đường dây nóng,{scene.other.name},,Thường xuyên,,\n").encode()
    imported = imports.import_tasks(scene.resolution, imports.read_table(data),
                                    actor=scene.secretary)
    assert len(imported) == 2
    assert_in_step(scene.committee)

    db.session.delete(imported[0])
    assert_in_step(scene.committee)  # deleted

    with attempt() as saved:  # a refused form: its savepoint undoes the counts too
        services.update_task(imported[1], spec_of(imported[1], deadline=in_days(-40)),
                             actor=scene.secretary)
        services.update_task(imported[1], spec_of(imported[1], title=""),
                             actor=scene.secretary)
    assert not saved
    assert_in_step(scene.committee)


def test_the_check_fixes_drift_from_writes_around_the_session_and_says_what_it_fixed():
    scene = lang_son_scene()
    other = scene.add_task(title="Quảng bá", deadline=in_days(5))
    db.session.flush()
    assert check_tallies().drifts == []

    # Around the session (a manual fix, a bulk UPDATE): the hook does not see it.
    db.session.execute(update(Task.__table__).where(Task.id == other.id)
                       .values(deadline=other.deadline + timedelta(days=1)))
    db.session.expire_all()
    assert maintained() != recounted()
    # A second row for an existing key, as two writers inserting at once leave it.
    row = db.session.scalars(select(TaskTally).where(TaskTally.tasks > 0)).first()
    db.session.add(TaskTally(committee_id=row.committee_id, lead_agency_id=row.lead_agency_id,
                             state=row.state, deadline=row.deadline, done_late=row.done_late,
                             tasks=0))
    db.session.flush()

    result = check_tallies(scene.committee.id)
    assert {(d.deadline, d.counted, d.actual) for d in result.drifts} == {
        (other.deadline - timedelta(days=1), 1, 0), (other.deadline, 0, 1)}
    assert result.merged_rows == 1
    assert maintained() == recounted()
    assert check_tallies().drifts == []  # idempotent: nothing left to fix
    assert check_tallies().merged_rows == 0


def test_a_new_database_is_counted_from_its_tasks_by_the_check():
    """The migration fills the counts from the tasks present; a loader that writes rows
    around the session (benchmarks/datagen.py) runs the check, which fills them the same."""
    scene = lang_son_scene()
    db.session.flush()
    db.session.execute(TaskTally.__table__.delete())
    result = check_tallies()
    assert sum(d.actual for d in result.drifts) == sum(recounted().values()) > 0
    assert all(d.counted == 0 for d in result.drifts)
    assert_in_step(scene.committee)
