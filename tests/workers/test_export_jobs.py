"""A long list's export asked for on the site is written by a real worker, enqueued by name."""

from __future__ import annotations

from flask_babel import force_locale
from sqlalchemy import select

from tests.factories import CommitteeFactory, ResolutionFactory, TaskFactory, member_of
from tests.workers.harness import wait_until
from tracker.auth.models import User
from tracker.lists import export, services
from tracker.lists.models import ExportRequest
from tracker.lists.task_lists import list_query


def test_a_requested_export_is_written_by_the_worker_twice_safely(clean_db, broker,
                                                                 start_worker, tmp_path):
    with clean_db.session():
        committee = CommitteeFactory()
        resolution = ResolutionFactory(committee=committee)
        for n in range(5):
            TaskFactory(resolution=resolution, committee=committee,
                        title=f"Nhiệm vụ số {n + 1} của Ban Chỉ đạo")
        chair = member_of(committee, "chair", language="vi")
        export_id = services.request_export(chair, "lists.export_tasks", "sort=title", "csv",
                                            "vi").id
        chair_id = chair.id
    with clean_db.session() as session, force_locale("vi"):
        chair = session.get(User, chair_id)
        expected = b"".join(export.task_csv(list_query("tasks", {"sort": "title"}, chair)))
    folder = tmp_path / "exports"
    worker = start_worker(EXPORT_DIR=str(folder))

    def state():
        return clean_db.scalar(select(ExportRequest.state).where(ExportRequest.id == export_id))

    broker.send("exports.write_export", export_id)
    wait_until(lambda: state() in ("done", "failed"), 60, "the export to be written")
    assert state() == "done", worker.log()[-3000:]
    written = (folder / f"export-{export_id}.csv").read_bytes()
    assert written == expected
    assert written.count(b"\r\n") == 6  # the heading and the five tasks
    broker.send("exports.write_export", export_id)  # a redelivered message
    worker.wait_finished("exports.write_export", 2, timeout=60)
    assert state() == "done"
    assert (folder / f"export-{export_id}.csv").read_bytes() == expected
    assert "raised" not in worker.log()
