"""The draft conclusion notice as files: DOCX for editing, PDF for reading, the same layout.

The DOCX is written by the shared administrative writer (``tracker.documents.docx_writer``,
Times New Roman at Decree 30/2020's sizes, fixed column widths), the PDF by WeasyPrint from
templates/meetings/notice.html with the summaries' stylesheet (page, header, signature
block) and notice.css (a notice's body: 13 pt, clauses with an indented first line). Both
libraries are heavy and imported here only when a file is made (tests/test_boot.py).
"""

from __future__ import annotations

from pathlib import Path

from flask import Response, render_template

from tracker.meetings.notice import Notice, notice_of
from tracker.resolutions.models import Meeting
from tracker.summaries.render_pdf import STYLESHEET as SUMMARY_STYLESHEET

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
STYLESHEET = Path(__file__).resolve().parent / "notice.css"


def render_docx(notice: Notice) -> bytes:
    from tracker.documents.docx_writer import AdministrativeDocument  # python-docx: heavy

    writer = AdministrativeDocument()
    writer.header(issuer_parent=notice.issuer_parent, issuer=notice.issuer,
                  number=notice.number, state=notice.state, motto=notice.motto,
                  place_date=notice.place_date)
    writer.kind_and_title(notice.kind, notice.title, rule=True)
    for paragraph in notice.opening:
        writer.clause(paragraph)
    for section in notice.sections:
        if section.heading:
            writer.heading(section.heading)
        for number, clause in enumerate(section.clauses, start=1):
            writer.clause(clause.text, f"{number}.")
    writer.clause(notice.closing)
    writer.signature(recipients_label=notice.recipients_label,
                     recipient_lines=notice.recipients, signer_title=notice.signer_titles,
                     signer_name=notice.signer_name)
    return writer.to_bytes()


def render_html(notice: Notice) -> str:
    return render_template("meetings/notice.html", notice=notice)


def render_pdf(notice: Notice) -> bytes:
    from weasyprint import CSS, HTML  # heavy import, only where PDFs are made

    return HTML(string=render_html(notice)).write_pdf(
        stylesheets=[CSS(filename=str(SUMMARY_STYLESHEET)), CSS(filename=str(STYLESHEET))])


RENDERERS = {"docx": render_docx, "pdf": render_pdf}


def send_notice(meeting: Meeting, fmt: str) -> Response:
    """The meeting's draft notice as a download, made on each request (it follows the tasks
    as they are now), for the site's buttons and the API alike; never kept by a cache."""
    notice = notice_of(meeting)
    response = Response(RENDERERS[fmt](notice), mimetype=FORMATS[fmt])
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{notice.file_stem}.{fmt}"')
    response.headers["Cache-Control"] = "private, no-store"
    return response
