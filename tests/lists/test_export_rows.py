"""The task exports' fast path writes, byte for byte, the files the plain one wrote.

``task_csv`` and ``task_xlsx`` read the list as plain rows, agencies a batch at a time, and
make cells safe per distinct text; the plain path (kept below as it was) loaded each row and
checked every cell. Both run here on the same generated lists: every category with its
boundary days, standing duties, finished and cancelled tasks, two time zones, coordinating
agencies listed out of name order, Vietnamese text, text that a spreadsheet would run as a
formula, and more rows than a batch.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, date, datetime, timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from tests.factories import (
    AgencyFactory,
    CommitteeFactory,
    ResolutionFactory,
    TaskFactory,
    UserFactory,
)
from tracker.extensions import db
from tracker.labels import CATEGORY_LABELS, STATE_LABELS
from tracker.lists import export
from tracker.resolutions.models import Resolution
from tracker.tasks import workflow
from tracker.tasks.categories import Category
from tracker.tasks.models import Task, task_coordinator
from tracker.tasks.queries import SORT_KEYS, TaskFilters, task_list_query

NOW = datetime(2025, 3, 31, 18, 30, tzinfo=UTC)  # 1 April in Hà Nội, 31 March in London
TODAY = date(2025, 3, 31)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# --- The plain path, as it was before the fast one -----------------------------------------


def _plain_task_rows(query):
    from tracker.committees.models import Agency, Committee

    if query is None:
        return
    categories = {code: str(label) for code, label in CATEGORY_LABELS.items()}
    states = {code: str(label) for code, label in STATE_LABELS.items()}
    number = (select(Resolution.number).where(Resolution.id == Task.resolution_id)
              .scalar_subquery())
    columns = query.with_only_columns(
        Task.id, number, Committee.name, Task.title, Agency.name, Task.deadline,
        Task.original_deadline, query.selected_columns.category,
        query.selected_columns.days_left, Task.state, Task.progress,
    ).execution_options(stream_results=True, max_row_buffer=export.BATCH)
    for batch in db.session.execute(columns).partitions(export.BATCH):
        names: dict[int, list[str]] = {}
        for task_id, name in db.session.execute(
                select(task_coordinator.c.task_id, Agency.name)
                .join(Agency, Agency.id == task_coordinator.c.agency_id)
                .where(task_coordinator.c.task_id.in_([row[0] for row in batch]))
                .order_by(task_coordinator.c.task_id, Agency.name)):
            names.setdefault(task_id, []).append(name)
        for (task_id, resolution_number, committee, title, lead, deadline, original,
             category, days_left, state, progress) in batch:
            yield (
                task_id, resolution_number, committee, title, lead,
                "; ".join(names.get(task_id, ())), deadline, original,
                categories.get(category, category),
                days_left if state in workflow.IN_WORK and deadline is not None else None,
                states.get(state, state), progress,
            )


def _plain_cell(value):
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _plain_csv(rows, headings) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headings)
    for row in rows:
        writer.writerow([_plain_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode()


def _plain_xlsx(rows, title, headings) -> bytes:
    # xlsx_chunks without a formatter writes each row with the writer's generic sheet_row.
    return b"".join(export.xlsx_chunks(rows, title, headings, export.TASK_WIDTHS))


# --- The world -----------------------------------------------------------------------------


def _world() -> None:
    """Two committees per zone (due-soon windows of 3 and 10 days), tasks on every boundary
    day in every state, coordinating agencies added out of name order, and formula-looking
    and quoted text in titles, agency names and resolution numbers."""
    agencies = [AgencyFactory(name=name) for name in (
        "Sở Văn hóa, Thể thao và Du lịch", "Công an tỉnh Lạng Sơn", "=Ban Quản lý dự án",
        "Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "UBND huyện Cao Lộc", "Ủy ban MTTQ tỉnh",
        "+Đoàn Thanh niên", "Sở Tài chính \"Lạng Sơn\"", "Đài Phát thanh và Truyền hình",
        "Ánh Dương")]
    titles = ("Kiểm tra an ninh trật tự tại các điểm du lịch", "=HYPERLINK(\"http://x.vn\")",
              "+84 đường dây nóng", "-Rà soát, bổ sung quy hoạch", "@Tổ công tác",
              "\tTiêu đề có tab", "\rTiêu đề có CR", "Tiêu đề có\ndòng mới, dấu phẩy",
              "Lễ hội \"Xuân Lạng Sơn\"", "Phát triển sản phẩm du lịch cộng đồng Mẫu Sơn", "")
    count = 0
    for zone in ("Asia/Ho_Chi_Minh", "Europe/London"):
        for due_soon_days in (3, 10):
            committee = CommitteeFactory(timezone=zone, due_soon_days=due_soon_days,
                                         name=f"Ban Chỉ đạo {zone} {due_soon_days}")
            resolutions = [ResolutionFactory(committee=committee, number=number)
                           for number in (f"12/TB-BCĐ-{zone[:4]}{due_soon_days}",
                                          f"=SUM(A1)-{zone[:4]}{due_soon_days}")]
            for offset in (None, -40, -2, -1, 0, 1, 3, 4, 7, 10, 11, 30):
                deadline = None if offset is None else TODAY + timedelta(days=offset)
                for state in ("open", "submitted", "done", "cancelled"):
                    count += 1
                    lead = agencies[count % len(agencies)]
                    # Added in reverse name order: the file lists them by name.
                    coordinating = sorted(
                        (a for a in agencies[count % 4: count % 4 + count % 3 + 1]
                         if a is not lead), key=lambda a: a.name, reverse=True)
                    TaskFactory(
                        resolution=resolutions[count % 2], committee=committee,
                        lead_agency=lead, title=titles[count % len(titles)] or f"Nhiệm vụ {count}",
                        deadline=deadline,
                        original_deadline=deadline - timedelta(days=5) if deadline else None,
                        state=state, progress=count % 11 * 10,
                        completed_on=(TODAY + timedelta(days=count % 3 - 1)
                                      if state == "done" else None),
                        coordinating_agencies=coordinating)
    db.session.flush()


def _lists():
    for filters in (TaskFilters(), TaskFilters(category="overdue"),
                    TaskFilters(category="standing"), TaskFilters(category="in_time"),
                    TaskFilters(category="done_late"), TaskFilters(category="due_soon"),
                    TaskFilters(due_from=TODAY, due_to=TODAY + timedelta(days=3))):
        for sort in (*SORT_KEYS, "-deadline", "-urgency"):
            yield filters, sort


@pytest.mark.parametrize("language", ["vi", "en"])
def test_task_files_are_the_plain_paths_files_byte_for_byte(language, monkeypatch):
    _world()
    admin = UserFactory(is_admin=True)
    checked = 0
    with force_locale(language):
        headings = export.task_headings()
        for filters, sort in _lists():
            query = task_list_query(admin, filters, sort, NOW)
            plain = _plain_csv(_plain_task_rows(query), headings)
            assert b"".join(export.task_csv(query)) == plain, (filters, sort)
            assert _sheet(b"".join(export.task_xlsx(query, "Nhiệm vụ"))) == _sheet(
                _plain_xlsx(_plain_task_rows(query), "Nhiệm vụ", headings)), (filters, sort)
            checked += plain.count(b"\n")
    assert checked > 1_000
    # Several batches: the agencies of each batch are read for that batch.
    monkeypatch.setattr(export, "BATCH", 7)
    with force_locale(language):
        query = task_list_query(admin, TaskFilters(), "title", NOW)
        plain = _plain_csv(_plain_task_rows(query), headings)
        chunks = list(export.task_csv(query))
        assert len(chunks) > 10 and b"".join(chunks) == plain


def test_the_compared_files_hold_what_the_comparison_is_about():
    _world()
    admin = UserFactory(is_admin=True)
    with force_locale("vi"):
        body = b"".join(export.task_csv(task_list_query(admin, TaskFilters(), "urgency", NOW)))
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    cells = {cell for row in rows[1:] for cell in row}
    assert "'=HYPERLINK(\"http://x.vn\")" in cells and "'\tTiêu đề có tab" in cells
    assert "'=Ban Quản lý dự án" in cells and any(c.startswith("'=SUM(A1)") for c in cells)
    assert "Tiêu đề có\ndòng mới, dấu phẩy" in cells
    assert any("; " in row[5] for row in rows[1:]), "tasks with several coordinating agencies"
    standing = [row for row in rows[1:] if row[6] == ""]
    assert standing and all(row[9] == "" for row in standing)
    assert {row[8] for row in rows[1:]} == {str(CATEGORY_LABELS[c]) for c in Category}


def _sheet(xlsx: bytes) -> dict[str, bytes]:
    """Every part of the workbook (the zip's own bytes carry the time of writing)."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as book:
        return {name: book.read(name) for name in book.namelist()}
