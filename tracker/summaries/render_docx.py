"""The summary as DOCX (python-docx), laid out like the PDF for editing before signature.

Times New Roman 13 pt as Decree 30/2020/NĐ-CP asks; the reader's word processor
supplies the font, which covers Vietnamese on every office machine.
"""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from flask_babel import force_locale
from flask_babel import gettext as _

from tracker.labels import CATEGORY_LABELS
from tracker.summaries.document import day_text, document_context, rate_text

CENTER = WD_ALIGN_PARAGRAPH.CENTER


def _paragraph(container, text: str = "", bold=False, italic=False, align=None, size=None):
    paragraph = container.add_paragraph()
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(2)
    return paragraph


def _header(document, doc: dict) -> None:
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.width, right.width = Mm(70), Mm(95)
    left.paragraphs[0].add_run(doc["issuer_parent"]).font.size = Pt(12)
    left.paragraphs[0].alignment = CENTER
    _paragraph(left, doc["issuer"], bold=True, align=CENTER, size=12)
    _paragraph(left, "―――――", align=CENTER, size=8)
    _paragraph(left, doc["formulas"]["number"], align=CENTER)
    state = right.paragraphs[0].add_run(doc["formulas"]["state"])
    state.bold, state.font.size = True, Pt(12)
    right.paragraphs[0].alignment = CENTER
    _paragraph(right, doc["formulas"]["motto"], bold=True, align=CENTER)
    _paragraph(right, "――――――――", align=CENTER, size=8)
    _paragraph(right, doc["place_date"], italic=True, align=CENTER)


def _table(document, headers, rows, numeric_from: int = 1):
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.paragraphs[0].add_run(str(text)).bold = True
    for values in rows:
        cells = table.add_row().cells
        for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
            cell.paragraphs[0].add_run("" if value is None else str(value))
            if index >= numeric_from:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return table


def _groups(document, groups, last: str, doc: dict, empty: str) -> None:
    headers = [_("No."), _("Task"), _("Document"), _("Original deadline"),
               _("Deadline in force")]
    if last == "late":
        headers.append(_("Days late"))
    elif last == "completed":
        headers.append(_("Completed on"))
    if not groups:
        _paragraph(document, empty)
    for group in groups:
        _paragraph(document, f'{group["name"]} ({group["total"]})', bold=True, italic=True)
        rows = []
        for number, t in enumerate(group["tasks"], start=1):
            row = [number, t["title"], t["resolution"], day_text(t["original_deadline"]),
                   day_text(t["deadline"])]
            if last == "late":
                row.append(t["days_late"])
            elif last == "completed":
                row.append(day_text(t["completed_on"]))
            rows.append(row)
        if rows:  # past the list's total cap a group prints its count only
            _table(document, headers, rows, numeric_from=3)
        if group["total"] > len(group["tasks"]):
            _paragraph(document, _("… and %(num)d more tasks of this agency (see the XLSX "
                                   "file).", num=group["total"] - len(group["tasks"])),
                       italic=True)


def _body(document, doc: dict) -> None:
    rate = lambda r: rate_text(r, doc["language"])  # noqa: E731
    document.add_heading("I. " + _("Tasks by category"), level=2)
    _table(document, [_("Category"), _("Tasks"), _("At the previous summary")],
           [(r["label"], r["count"], "—" if r["previous"] is None else r["previous"])
            for r in doc["categories"]])
    _paragraph(document, doc["previous_line"])
    _table(document, [_("In the period"), _("This period"), _("Previous period"), _("Change")],
           [(label, now, before, f"{now - before:+d}") for label, now, before in
            doc["comparison"]])
    document.add_heading("II. " + _("Results by lead agency"), level=2)
    _paragraph(document, doc["rate_note"], italic=True)
    _table(document,
           [_("Rank"), _("Agency"), _("Assigned"), CATEGORY_LABELS["done_on_time"],
            CATEGORY_LABELS["done_late"], CATEGORY_LABELS["in_progress"],
            CATEGORY_LABELS["overdue"], _("On-time rate"), _("Previous rate")],
           [(a["rank"], a["name"], a["assigned"], a["done_on_time"], a["done_late"],
             a["in_progress"], a["overdue"], rate(a["on_time_rate"]), rate(a["previous_rate"]))
            for a in doc["agencies"]], numeric_from=2)
    document.add_heading("III. " + _("Overdue tasks, with days late"), level=2)
    if doc["capped"]:
        _paragraph(document, doc["cap_note"], italic=True)
    _groups(document, doc["overdue"], "late", doc, _("No overdue tasks."))
    document.add_heading("IV. " + _("Tasks completed in the period"), level=2)
    _groups(document, doc["completed"], "completed", doc,
            _("No task was completed in the period."))
    document.add_heading("V. " + _("Tasks falling due in the next period"), level=2)
    _paragraph(document, doc["next_line"])
    _groups(document, doc["due_next"], "none", doc, _("No task falls due in the next period."))
    document.add_heading("VI. " + _("Deadline extensions granted"), level=2)
    _paragraph(document, _("Extensions granted in the period: %(num)d.",
                           num=doc["extensions"]["granted"]))
    if doc.get("original_rate_line"):
        _paragraph(document, doc["original_rate_line"])


def _signature(document, doc: dict) -> None:
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.paragraphs[0].add_run(doc["formulas"]["recipients"]).bold = True
    for line in doc["formulas"]["recipient_lines"]:
        _paragraph(left, line, size=11)
    right.paragraphs[0].add_run(doc["formulas"]["signer_title"]).bold = True
    right.paragraphs[0].alignment = CENTER
    for _blank in range(3):
        _paragraph(right, "")
    _paragraph(right, doc["chair"], bold=True, align=CENTER)


def render(summary) -> bytes:
    """The document's bytes, in the summary's language."""
    with force_locale(summary.language):
        doc = document_context(summary)
        document = Document()
        section = document.sections[0]
        section.page_height, section.page_width = Mm(297), Mm(210)
        section.top_margin = section.bottom_margin = Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
        style = document.styles["Normal"]
        style.font.name, style.font.size = "Times New Roman", Pt(13)
        _header(document, doc)
        _paragraph(document, doc["formulas"]["kind"], bold=True, align=CENTER, size=14)
        _paragraph(document, doc["title"], bold=True, align=CENTER)
        _paragraph(document, doc["period_line"])
        _body(document, doc)
        _signature(document, doc)
        buffer = BytesIO()
        document.save(buffer)
        return buffer.getvalue()
