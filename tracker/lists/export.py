"""Lists (tasks, resolutions) as CSV and XLSX files, streamed row by row with no row limit.

The rows are the list's own query (same filters, same order), read a batch at a time
(a server-side cursor on PostgreSQL), and written as they come:
CSV through ``csv.writer`` (UTF-8 with a BOM, so Excel shows Vietnamese correctly),
XLSX through the summaries' streaming SpreadsheetML writer.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from flask_babel import gettext as _
from sqlalchemy import select

from tracker.committees.models import Agency, Committee
from tracker.extensions import db
from tracker.labels import CATEGORY_LABELS, RESOLUTION_KIND_LABELS, STATE_LABELS
from tracker.resolutions.models import Resolution
from tracker.summaries.xlsx_stream import (
    _NS,
    _SHEET_NAME_BAD,
    _XML,
    Heading,
    XlsxWriter,
    column_letter,
)
from tracker.tasks import workflow
from tracker.tasks.models import Task, task_coordinator

BATCH = 1_000
# A cell starting with one of these runs as a formula in a spreadsheet (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TASK_WIDTHS = (8, 14, 36, 60, 36, 40, 12, 12, 24, 10, 24, 10)
RESOLUTION_WIDTHS = (8, 16, 22, 12, 36, 70, 28, 8)


def task_headings() -> list[str]:
    return [_("ID"), _("Resolution number"), _("Committee"), _("Title"), _("Lead agency"),
            _("Coordinating agencies"), _("Deadline in force"), _("Original deadline"),
            _("Category"), _("Days left (negative: late)"), _("State"), _("Progress (%)")]


def task_rows(query) -> Iterator[tuple]:
    """One tuple per task of the list, in the list's order (dates as ``date``).

    ``query`` is the list's own ``SELECT Task, category, days_left``; its filters, joins and
    order are kept and only the selected columns change, so no ORM object is built per row
    (about 4x faster than loading the tasks); coordinating agencies are read per batch.
    """
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
    ).execution_options(stream_results=True, max_row_buffer=BATCH)
    for batch in db.session.execute(columns).partitions(BATCH):
        coordinating = _coordinating_names([row[0] for row in batch])
        for (task_id, resolution_number, committee, title, lead, deadline, original,
             category, days_left, state, progress) in batch:
            yield (
                task_id, resolution_number, committee, title, lead,
                "; ".join(coordinating.get(task_id, ())), deadline, original,
                categories.get(category, category),
                days_left if state in workflow.IN_WORK and deadline is not None else None,
                states.get(state, state), progress,
            )


def _coordinating_names(task_ids: list[int]) -> dict[int, list[str]]:
    names: dict[int, list[str]] = {}
    rows = db.session.execute(
        select(task_coordinator.c.task_id, Agency.name)
        .join(Agency, Agency.id == task_coordinator.c.agency_id)
        .where(task_coordinator.c.task_id.in_(task_ids))
        .order_by(task_coordinator.c.task_id, Agency.name))
    for task_id, name in rows:
        names.setdefault(task_id, []).append(name)
    return names


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def resolution_headings() -> list[str]:
    return [_("ID"), _("Number"), _("Kind"), _("Issue date"), _("Committee"), _("Title"),
            _("Signed by"), _("Tasks")]


def resolution_rows(query) -> Iterator[tuple]:
    """One tuple per resolution of the list ``(Resolution, task_count)``, in its order."""
    kinds = {code: str(label) for code, label in RESOLUTION_KIND_LABELS.items()}
    for resolution, task_count in db.session.execute(
            query.execution_options(yield_per=BATCH)):
        yield (resolution.id, resolution.number, kinds.get(resolution.kind, resolution.kind),
               resolution.issued_on, resolution.committee.name, resolution.title,
               resolution.signer, task_count)


def csv_chunks(rows: Iterable[tuple], headings: list[str]) -> Iterator[bytes]:
    """The CSV file in pieces: a BOM and the heading, then rows in batches."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headings)
    yield ("\ufeff" + buffer.getvalue()).encode()
    buffer.seek(0)
    buffer.truncate()
    for count, row in enumerate(rows, start=1):
        writer.writerow([_csv_cell(v) for v in row])
        if count % BATCH == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


class _Pipe(io.RawIOBase):
    """A write-only file whose bytes are collected for the response between rows."""

    def __init__(self):
        self.parts: list[bytes] = []
        self.position = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.parts.append(bytes(data))
        self.position += len(data)
        return len(data)

    def tell(self) -> int:
        return self.position

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        return data


def xlsx_chunks(rows: Iterable[tuple], sheet_title: str, headings: list[str],
                widths: tuple) -> Iterator[bytes]:
    """The XLSX file in pieces: one sheet, heading frozen and filtered, sent every batch.

    ``XlsxWriter.sheet`` consumes all its rows before returning; to send the file while
    the rows are still being read, the sheet's part is written here with the writer's own
    row formatting, and the zip (written to a non-seekable pipe) is emptied every batch.
    """
    pipe = _Pipe()
    book = XlsxWriter(pipe)
    name = _SHEET_NAME_BAD.sub(" ", sheet_title)[:31] or "Sheet1"
    columns = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
                      for i, w in enumerate(widths, start=1))
    count = 1
    with book.zip.open("xl/worksheets/sheet1.xml", "w") as out:
        out.write((
            _XML + f'<worksheet {_NS}><sheetViews><sheetView workbookViewId="0" '
            'tabSelected="1"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
            'state="frozen"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>'
            f"<cols>{columns}</cols><sheetData>"
            + book.sheet_row(1, Heading(headings))).encode())
        chunk: list[str] = []
        for count, values in enumerate(rows, start=2):  # noqa: B007 — count is used after
            chunk.append(book.sheet_row(count, values))
            if len(chunk) >= BATCH:
                out.write("".join(chunk).encode())
                chunk.clear()
                yield pipe.take()
        out.write("".join(chunk).encode())
        ref = f"A1:{column_letter(len(headings) - 1)}{count}"
        out.write(f'</sheetData><autoFilter ref="{ref}"/></worksheet>'.encode())
    book.sheets.append((name, ref))
    book.close()
    yield pipe.take()
