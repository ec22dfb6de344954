"""The task list's items are built from plain rows (``api.schemas.task_items``), not dumped
from Task objects: they must be, field for field, what ``TaskSchema`` dumps for the same
task (the one task's GET), for every kind of task a list shows."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.factories import AgencyFactory, UserFactory
from tests.tasks.scenes import in_days
from tracker.api.schemas import TaskSchema
from tracker.extensions import db
from tracker.tasks.list_items import ITEM_COLUMNS, ItemRow
from tracker.tasks.models import Task


def _every_kind_of_task(scene) -> list[Task]:
    """Overdue, due today, due soon, in progress, standing, submitted, done in time and
    late, cancelled; with no, one and several coordinators and assignees (names given out
    of order, so the items' order is the relationship's); Vietnamese text; None fields."""
    agencies = [AgencyFactory(name=name, short_name=short) for name, short in (
        ("Sở Văn hóa, Thể thao và Du lịch", "Sở VHTTDL"), ("Công an thành phố Lạng Sơn", None),
        ("Ban Chỉ huy Bộ đội Biên phòng tỉnh", "BCH BĐBP"))]
    people = [UserFactory(name=name) for name in ("Trần Thị Lan", "Đỗ Minh", "Lê Văn An")]
    finished_at = datetime(2026, 1, 5, 8, 30, tzinfo=UTC)
    return [
        scene.task,
        scene.add_task(deadline=in_days(-40), coordinating_agencies=agencies,
                       assignees=people, priority="high"),
        scene.add_task(deadline=in_days(0), description=None, expected_output=None),
        scene.add_task(deadline=in_days(3), coordinating_agencies=agencies[1:2]),
        scene.add_task(deadline=in_days(200), progress=60, assignees=people[2:]),
        scene.add_task(deadline=None, original_deadline=None, title="Thường xuyên theo dõi"),
        scene.add_task(deadline=in_days(-2), state="submitted", progress=100,
                       submitted_on=in_days(-1)),
        scene.add_task(deadline=in_days(-9), state="done", progress=100,
                       completed_on=in_days(-12), submitted_on=in_days(-12)),
        scene.add_task(deadline=in_days(-30), state="done", progress=100,
                       completed_on=in_days(-3), submitted_on=in_days(-4),
                       updated_at=finished_at),
        scene.add_task(deadline=in_days(10), state="cancelled",
                       cancel_reason="Trùng với nhiệm vụ khác"),
    ]


def test_every_item_is_what_the_schema_dumps_for_that_task(api, scene):
    tasks = _every_kind_of_task(scene)
    db.session.commit()
    client = api(scene.chair)
    for sort in ("urgency", "-deadline", "title", "agency", "-created", "progress"):
        body = client.get(f"tasks?per_page=50&sort={sort}").get_json()
        assert body["total"] == len(tasks) and body["total_exact"] is True
        items = {item["id"]: item for item in body["items"]}
        assert set(items) == {task.id for task in tasks}
    for task in tasks:
        single = client.get(f"tasks/{task.id}").get_json()
        assert items[task.id] == single, task.title
        assert items[task.id] == TaskSchema().dump(db.session.get(Task, task.id))
    assert [a["name"] for a in items[tasks[1].id]["coordinating_agencies"]] == [
        "Ban Chỉ huy Bộ đội Biên phòng tỉnh", "Công an thành phố Lạng Sơn",
        "Sở Văn hóa, Thể thao và Du lịch"]
    assert len(items[tasks[1].id]["assignees"]) == 3


def test_item_tuples_name_the_item_rows_columns_in_their_order():
    """``item_tuples`` names each row's values by position, for speed: its names must be the
    item rows' columns (``as_item_rows``), in order."""
    assert (*(column.key for column in ITEM_COLUMNS), "category", "days_left") == ItemRow._fields
