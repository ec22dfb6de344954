"""The summary as PDF: an HTML document (templates/summaries/document.html) through WeasyPrint.

Fonts: Times New Roman as Decree 30/2020 asks, else Liberation Serif (Debian
fonts-liberation, its metric twin, which LibreOffice also shows the DOCX in), else Noto
Serif (fonts-noto-core) then DejaVu Serif, found by fontconfig and embedded by
WeasyPrint; each prints every Vietnamese glyph. The project's setup scripts install
Liberation, Noto and DejaVu with Pango.
"""

from __future__ import annotations

from pathlib import Path

from flask import render_template
from flask_babel import force_locale

from tracker.summaries.document import day_text, document_context, rate_text

STYLESHEET = Path(__file__).resolve().parent / "document.css"


def render_html(summary) -> str:
    with force_locale(summary.language):
        doc = document_context(summary)
        return render_template("summaries/document.html", doc=doc,
                               rate=lambda r: rate_text(r, doc["language"]), day=day_text)


def render(summary) -> bytes:
    from weasyprint import CSS, HTML  # heavy import, only where PDFs are made

    return HTML(string=render_html(summary)).write_pdf(
        stylesheets=[CSS(filename=str(STYLESHEET))])
