"""The summary as XLSX: the figures, the agencies' table, then every task once.

Sheets:
  1. the summary's tables (categories, the period against the previous one);
  2. every task of the committee, one row each, with its category at the summary's
     instant and two columns saying whether it is in the "completed in the period" and
     "falls due in the next period" lists — a heading row with an autofilter, so the
     overdue list is the Category filter, sorted by days left;
  3. the per-agency table (rank, counts per category, on-time rates).
The task rows stream from the database (a server-side cursor on PostgreSQL) into the
file through ``xlsx_stream`` (see there why not openpyxl): a 100k-task committee
takes about a second. Rows come from one query through the one category rule, at the
same ``now`` as the figures.
"""

from __future__ import annotations

from datetime import date
from io import BytesIO

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from tracker.committees.models import Agency, Committee
from tracker.extensions import db
from tracker.labels import CATEGORY_LABELS, STATE_LABELS
from tracker.resolutions.models import Resolution
from tracker.summaries.document import document_context
from tracker.summaries.figures import completed_in, due_in
from tracker.summaries.periods import Period
from tracker.summaries.xlsx_stream import EXCEL_EPOCH, STYLE_DATE, Heading, XlsxWriter
from tracker.tasks.categories import (
    category_expression,
    days_left_expression,
    local_today_expression,
)
from tracker.tasks.models import Task

TASK_WIDTHS = (7, 8, 16, 60, 36, 12, 12, 16, 22, 10, 12, 10, 14, 14)
STREAM = {"stream_results": True, "max_row_buffer": 5_000}


def _period(figures: dict, key: str, kind: str) -> Period:
    part = figures[key]
    return Period(kind, date.fromisoformat(part["starts_on"]), date.fromisoformat(part["ends_on"]))


def task_rows(summary):
    """Every task of the committee, streamed: (id, document, title, agency, original
    deadline, deadline, state, category, days left, completed on, progress,
    completed in the period, due in the next period)."""
    today = local_today_expression(summary.as_of_at)
    figures = summary.figures
    kind = figures["period"]["kind"]
    period, following = _period(figures, "period", kind), _period(figures, "due_next", kind)
    return db.session.execute(
        select(Task.id, Resolution.number, Task.title, Agency.name, Task.original_deadline,
               Task.deadline, Task.state, category_expression(today),
               days_left_expression(today), Task.completed_on, Task.progress,
               completed_in(period), due_in(following))
        .join(Committee, Committee.id == Task.committee_id)
        .join(Agency, Agency.id == Task.lead_agency_id)
        .join(Resolution, Resolution.id == Task.resolution_id)
        .where(Task.committee_id == summary.committee_id)
        .order_by(Agency.name, Task.deadline, Task.id)
        .execution_options(**STREAM)
    )


def _summary_rows(doc: dict):
    for line in (doc["issuer_parent"], doc["issuer"], doc["formulas"]["state"],
                 doc["formulas"]["motto"], doc["place_date"]):
        yield (line,)
    yield Heading((f'{doc["formulas"]["kind"]}: {doc["title"]}',))
    yield (doc["period_line"],)
    yield ()
    yield Heading((_("Category"), _("Tasks"), _("At the previous summary")))
    for row in doc["categories"]:
        yield (row["label"], row["count"], row["previous"])
    yield ()
    yield (doc["previous_line"],)
    yield Heading((_("In the period"), _("This period"), _("Previous period")))
    yield from doc["comparison"]  # (label, this period, previous period)
    yield (_("Deadline extensions granted"), doc["extensions"]["granted"])
    yield ()
    yield (_("The sheet \"%(sheet)s\" lists every task; filter its columns for the overdue, "
             "completed and due-next lists.", sheet=_("Every task")),)


def _percent(rate: float | None) -> float | None:
    return None if rate is None else round(rate * 100, 1)


def _agency_rows(doc: dict):
    yield (doc["rate_note"],)
    yield Heading((_("Rank"), _("Agency"), _("Assigned"), str(CATEGORY_LABELS["done_on_time"]),
                   str(CATEGORY_LABELS["done_late"]), str(CATEGORY_LABELS["in_progress"]),
                   str(CATEGORY_LABELS["due_soon"]), str(CATEGORY_LABELS["overdue"]),
                   str(CATEGORY_LABELS["standing"]), str(CATEGORY_LABELS["cancelled"]),
                   _("On-time rate (%)"), _("Previous rate (%)")))
    for a in doc["agencies"]:
        yield (a["rank"], a["name"], a["assigned"], a["done_on_time"], a["done_late"],
               a["in_progress"], a["due_soon"], a["overdue"], a["standing"], a["cancelled"],
               _percent(a["on_time_rate"]), _percent(a["previous_rate"]))


def _task_sheet_rows(rows):
    yield Heading((_("No."), _("ID"), _("Document"), _("Task"), _("Lead agency"),
                   _("Original deadline"), _("Deadline in force"), _("State"), _("Category"),
                   _("Days left (negative: late)"), _("Completed on"), _("Progress (%)"),
                   _("Completed in the period"), _("Falls due in the next period")))
    yield from rows


def _task_formatter(book: XlsxWriter):
    """One task row as XML in one f-string (the generic path costs ~1 µs per cell)."""
    states = {k: book.text(str(v)) for k, v in STATE_LABELS.items()}
    categories = {k: book.text(str(v)) for k, v in CATEGORY_LABELS.items()}
    yes, text = book.text(_("Yes")), book.text
    generic = book.sheet_row

    def string(ref: str, escaped: str) -> str:
        return f'<c r="{ref}" t="inlineStr"><is><t>{escaped}</t></is></c>' if escaped else ""

    def day(ref: str, value) -> str:
        return f'<c r="{ref}" s="{STYLE_DATE}"><v>{value.toordinal() - EXCEL_EPOCH}</v></c>' \
            if value else ""

    def number(ref: str, value) -> str:
        return f'<c r="{ref}"><v>{int(value)}</v></c>' if value is not None else ""

    def row(n: int, r) -> str:
        if isinstance(r, Heading):
            return generic(n, r)
        return (
            f'<row r="{n}"><c r="A{n}"><v>{n - 1}</v></c><c r="B{n}"><v>{r[0]}</v></c>'
            f'{string(f"C{n}", text(r[1]))}{string(f"D{n}", text(r[2]))}'
            f'{string(f"E{n}", text(r[3]))}{day(f"F{n}", r[4])}{day(f"G{n}", r[5])}'
            f'{string(f"H{n}", states.get(r[6]) or text(r[6]))}'
            f'{string(f"I{n}", categories.get(r[7]) or text(r[7]))}{number(f"J{n}", r[8])}'
            f'{day(f"K{n}", r[9])}{number(f"L{n}", r[10])}'
            f'{string(f"M{n}", yes if r[11] else "")}{string(f"N{n}", yes if r[12] else "")}'
            "</row>"
        )

    return row


def write(summary, fileobj) -> int:
    """Write the workbook into ``fileobj``, in the summary's language; returns the tasks."""
    with force_locale(summary.language):
        doc = document_context(summary)
        with XlsxWriter(fileobj) as book:
            book.sheet(_("Summary"), _summary_rows(doc), widths=(45, 12, 14))
            written = book.sheet(_("Every task"), _task_sheet_rows(task_rows(summary)),
                                 widths=TASK_WIDTHS, freeze_heading=True, autofilter=True,
                                 formatter=_task_formatter(book))
            book.sheet(_("By agency"), _agency_rows(doc),
                       widths=(8, 45) + (12,) * 10, freeze_heading=False)
    return written - 1


def render(summary) -> bytes:
    """The workbook's bytes, in the summary's language."""
    buffer = BytesIO()
    write(summary, buffer)
    return buffer.getvalue()
