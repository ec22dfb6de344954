"""The summary as DOCX, laid out like the PDF for editing before signature.

Written by the shared administrative writer (``tracker.documents.docx_writer``: Times New
Roman at the sizes of Decree 30/2020/NĐ-CP, fixed column widths); this module only says
what goes where, with the PDF's column proportions (templates/summaries/document.html).
"""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _

from tracker.documents.docx_writer import LEFT, TEXT_WIDTH_MM, AdministrativeDocument
from tracker.labels import CATEGORY_LABELS
from tracker.summaries.document import day_text, document_context, rate_text

# Column widths in mm, each table's adding up to the text width (165 mm).
CATEGORY_WIDTHS = (95, 30, 40)
COMPARISON_WIDTHS = (75, 30, 30, 30)
# Rank, agency, assigned, the four categories, on-time rate, previous rate (10 pt).
AGENCY_WIDTHS = (11, 38, 16, 17, 17, 17, 17, 16, 16)
# No., task, document, original deadline, deadline in force[, days late | completed on];
# the task's title takes what is left.
LAST_WIDTHS = {"late": 18, "completed": 24, "none": 0}


def _task_widths(last: str) -> tuple[float, ...]:
    fixed = (10, 26, 24, 24)
    title = TEXT_WIDTH_MM - sum(fixed) - LAST_WIDTHS[last]
    widths = (fixed[0], title, *fixed[1:])
    return (*widths, LAST_WIDTHS[last]) if last != "none" else widths


def _groups(writer: AdministrativeDocument, groups, last: str, empty: str) -> None:
    headers = [_("No."), _("Task"), _("Document"), _("Original deadline"),
               _("Deadline in force")]
    if last == "late":
        headers.append(_("Days late"))
    elif last == "completed":
        headers.append(_("Completed on"))
    if not groups:
        writer.paragraph(empty)
    for group in groups:
        writer.subheading(f'{group["name"]} ({group["total"]})')
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
            writer.table(headers, rows, _task_widths(last), numeric_from=3)
        if group["total"] > len(group["tasks"]):
            writer.note(_("… and %(num)d more tasks of this agency (see the XLSX file).",
                          num=group["total"] - len(group["tasks"])))


def _body(writer: AdministrativeDocument, doc: dict) -> None:
    rate = lambda r: rate_text(r, doc["language"])  # noqa: E731
    writer.heading("I. " + _("Tasks by category"))
    writer.table([_("Category"), _("Tasks"), _("At the previous summary")],
                 [(r["label"], r["count"], "—" if r["previous"] is None else r["previous"])
                  for r in doc["categories"]], CATEGORY_WIDTHS, numeric_from=1)
    writer.paragraph(doc["previous_line"])
    writer.table([_("In the period"), _("This period"), _("Previous period"), _("Change")],
                 [(label, now, before, f"{now - before:+d}") for label, now, before in
                  doc["comparison"]], COMPARISON_WIDTHS, numeric_from=1)
    writer.heading("II. " + _("Results by lead agency"))
    writer.note(doc["rate_note"])
    writer.table(
        [_("Rank"), _("Agency"), _("Assigned"), CATEGORY_LABELS["done_on_time"],
         CATEGORY_LABELS["done_late"], CATEGORY_LABELS["in_progress"],
         CATEGORY_LABELS["overdue"], _("On-time rate"), _("Previous rate")],
        [(a["rank"], a["name"], a["assigned"], a["done_on_time"], a["done_late"],
          a["in_progress"], a["overdue"], rate(a["on_time_rate"]), rate(a["previous_rate"]))
         for a in doc["agencies"]], AGENCY_WIDTHS, numeric_from=2, small=True)
    if not doc["agencies"]:
        writer.paragraph(_("No tasks yet."))
    writer.heading("III. " + _("Overdue tasks, with days late"))
    if doc["capped"]:
        writer.note(doc["cap_note"])
    _groups(writer, doc["overdue"], "late", _("No overdue tasks."))
    writer.heading("IV. " + _("Tasks completed in the period"))
    _groups(writer, doc["completed"], "completed", _("No task was completed in the period."))
    writer.heading("V. " + _("Tasks falling due in the next period"))
    writer.paragraph(doc["next_line"])
    _groups(writer, doc["due_next"], "none", _("No task falls due in the next period."))
    writer.heading("VI. " + _("Deadline extensions granted"))
    writer.paragraph(_("Extensions granted in the period: %(num)d.",
                       num=doc["extensions"]["granted"]))
    if doc.get("original_rate_line"):
        writer.paragraph(doc["original_rate_line"])


def render(summary) -> bytes:
    """The document's bytes, in the summary's language."""
    with force_locale(summary.language):
        doc = document_context(summary)
        formulas = doc["formulas"]
        writer = AdministrativeDocument()
        writer.header(issuer_parent=doc["issuer_parent"], issuer=doc["issuer"],
                      number=formulas["number"], state=formulas["state"],
                      motto=formulas["motto"], place_date=doc["place_date"])
        writer.kind_and_title(formulas["kind"], doc["title"])
        writer.paragraph(doc["period_line"], align=LEFT)
        _body(writer, doc)
        writer.signature(recipients_label=formulas["recipients"],
                         recipient_lines=formulas["recipient_lines"],
                         signer_title=formulas["signer_title"], signer_name=doc["chair"])
        return writer.to_bytes()
