"""The summary as XLSX (openpyxl, write-only for speed): the figures, then every task.

Sheets: the summary tables; every task of the committee with its category at
the summary's instant; and the full overdue, completed and due-next lists the
PDF and DOCX cap per agency. Rows come from one query through the one category
rule, at the same ``now`` as the figures.
"""

from __future__ import annotations

from datetime import date
from io import BytesIO

from flask_babel import force_locale
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from sqlalchemy import select

from tracker.committees.models import Agency, Committee
from tracker.extensions import db
from tracker.labels import CATEGORY_LABELS, STATE_LABELS
from tracker.resolutions.models import Resolution
from tracker.summaries.document import document_context
from tracker.tasks.categories import (
    Category,
    category_expression,
    days_left_expression,
    local_today_expression,
)
from tracker.tasks.models import Task

BOLD = Font(bold=True)


def _task_rows(summary):
    today = local_today_expression(summary.as_of_at)
    return db.session.execute(
        select(Task.id, Resolution.number, Task.title, Agency.name, Task.original_deadline,
               Task.deadline, Task.state, category_expression(today),
               days_left_expression(today), Task.completed_on, Task.progress)
        .join(Committee, Committee.id == Task.committee_id)
        .join(Agency, Agency.id == Task.lead_agency_id)
        .join(Resolution, Resolution.id == Task.resolution_id)
        .where(Task.committee_id == summary.committee_id)
        .order_by(Agency.name, Task.deadline, Task.id)
    ).all()


class _Sheet:
    def __init__(self, workbook: Workbook, title: str):
        self.ws = workbook.create_sheet(title[:31])

    def heading(self, *values) -> None:
        row = []
        for value in values:
            cell = WriteOnlyCell(self.ws, value=value)
            cell.font = BOLD
            row.append(cell)
        self.ws.append(row)

    def row(self, *values) -> None:
        self.ws.append(list(values))


def _summary_sheet(workbook: Workbook, doc: dict) -> None:
    sheet = _Sheet(workbook, _("Summary"))
    sheet.ws.column_dimensions["A"].width = 45
    for line in (doc["issuer_parent"], doc["issuer"], doc["formulas"]["state"],
                 doc["formulas"]["motto"], doc["place_date"]):
        sheet.row(line)
    sheet.heading(f'{doc["formulas"]["kind"]}: {doc["title"]}')
    sheet.row(doc["period_line"])
    sheet.row()
    sheet.heading(_("Category"), _("Tasks"), _("At the previous summary"))
    for row in doc["categories"]:
        sheet.row(row["label"], row["count"], row["previous"])
    sheet.row()
    sheet.heading(_("In the period"), _("This period"), _("Previous period"))
    for label, now, before in doc["comparison"]:
        sheet.row(label, now, before)
    sheet.row(_("Deadline extensions granted"), doc["extensions"]["granted"])
    sheet.row()
    sheet.row(doc["rate_note"])
    sheet.heading(_("Rank"), _("Agency"), _("Assigned"), str(CATEGORY_LABELS["done_on_time"]),
                  str(CATEGORY_LABELS["done_late"]), str(CATEGORY_LABELS["in_progress"]),
                  str(CATEGORY_LABELS["overdue"]), str(CATEGORY_LABELS["standing"]),
                  _("On-time rate (%)"), _("Previous rate (%)"))
    for a in doc["agencies"]:
        sheet.row(a["rank"], a["name"], a["assigned"], a["done_on_time"], a["done_late"],
                  a["in_progress"], a["overdue"], a["standing"], _percent(a["on_time_rate"]),
                  _percent(a["previous_rate"]))


def _percent(rate: float | None) -> float | None:
    return None if rate is None else round(rate * 100, 1)


def _task_sheet(workbook: Workbook, title: str, rows, extra_header=None) -> None:
    sheet = _Sheet(workbook, title)
    for column, width in zip("ABCDEFGHIJKL", (6, 8, 16, 60, 36, 12, 12, 22, 22, 10, 12, 10),
                             strict=True):
        sheet.ws.column_dimensions[column].width = width
    sheet.heading(_("No."), _("ID"), _("Document"), _("Task"), _("Lead agency"),
                  _("Original deadline"), _("Deadline in force"), _("State"), _("Category"),
                  _("Days left (negative: late)"), _("Completed on"), _("Progress (%)"))
    states = {k: str(v) for k, v in STATE_LABELS.items()}
    categories = {k: str(v) for k, v in CATEGORY_LABELS.items()}
    append = sheet.ws.append
    # Plain values (dates get openpyxl's ISO format): a styled cell per value is ~3x slower.
    for number, r in enumerate(rows, start=1):
        append((number, r[0], r[1], r[2], r[3], r[4], r[5], states.get(r[6], r[6]),
                categories.get(r[7], r[7]), r[8], r[9], r[10]))


def render(summary) -> bytes:
    """The workbook's bytes, in the summary's language."""
    with force_locale(summary.language):
        doc = document_context(summary)
        rows = _task_rows(summary)
        figures = summary.figures
        start, end = (date.fromisoformat(figures["period"][k]) for k in ("starts_on", "ends_on"))
        next_start, next_end = (date.fromisoformat(figures["due_next"][k])
                                for k in ("starts_on", "ends_on"))
        workbook = Workbook(write_only=True)
        _summary_sheet(workbook, doc)
        _task_sheet(workbook, _("Every task"), rows)
        overdue = sorted((r for r in rows if r[7] == Category.OVERDUE), key=lambda r: r[8])
        _task_sheet(workbook, _("Overdue"), overdue)
        _task_sheet(workbook, _("Completed in period"),
                    [r for r in rows if r[6] == "done" and r[9] and start <= r[9] <= end])
        _task_sheet(workbook, _("Due next period"),
                    [r for r in rows if r[6] in ("open", "submitted") and r[5]
                     and next_start <= r[5] <= next_end])
        buffer = BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
