"""Save docs/summary-pdf-and-docx.png: page 1 of the demo's progress summary as the PDF prints
it and as LibreOffice opens the DOCX, side by side, for the README.

    .venv/bin/python scripts/document_preview.py [--language vi|en] [--output PATH]
    .venv/bin/python scripts/document_preview.py --document notice

``--document notice``: the draft conclusion notice of the demo's 18/01/2024 conference
instead (always Vietnamese), saved as docs/conclusion-notice-pdf-and-docx.png.

Builds a throwaway demo (fresh SQLite file, real migrations, demo data with deadlines
relative to today), compiles this month's summary of the Lạng Sơn committee, converts the
DOCX with LibreOffice (``soffice --headless --convert-to pdf``), renders both first pages
with poppler (``pdftoppm -png -r 60``) and puts them side by side with Pillow.
Needs libreoffice-writer-nogui, fonts-liberation2 and poppler-utils (scripts/test.sh
installs them as root).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TRACKER_ENV", "testing")

COMMITTEE = "Ban Chỉ đạo Phát triển du lịch tỉnh Lạng Sơn"
SECRETARY = "secretary@demo.langson.gov.vn"
GAP, MARGIN, CAPTION = 16, 12, 28  # pixels


def _compile(language: str, directory: Path) -> tuple[Path, Path]:
    """The summary's PDF and DOCX, copied into ``directory``."""
    from sqlalchemy import select

    from tracker.auth.models import User
    from tracker.clock import utcnow
    from tracker.committees.models import Committee
    from tracker.demo.server import demo_site
    from tracker.extensions import db
    from tracker.summaries.periods import period_containing
    from tracker.summaries.services import compile_summary, file_path, request_summary

    def compiled() -> tuple[bytes, bytes]:
        committee = db.session.scalar(select(Committee).where(Committee.name == COMMITTEE))
        secretary = db.session.scalar(select(User).where(User.email == SECRETARY))
        now = utcnow()
        summary = request_summary(committee, period_containing("month", now.date()),
                                  secretary, language)
        summary = compile_summary(summary.id, now)
        return file_path(summary, "pdf").read_bytes(), file_path(summary, "docx").read_bytes()

    with demo_site(directory / "site", language) as site:
        pdf, docx = site.run(compiled)
    (directory / "summary.pdf").write_bytes(pdf)
    (directory / "summary.docx").write_bytes(docx)
    return directory / "summary.pdf", directory / "summary.docx"


def _notice(directory: Path) -> tuple[Path, Path]:
    """The demo conference's draft conclusion notice as PDF and DOCX, in ``directory``."""
    from sqlalchemy import select

    from tracker.committees.models import Committee
    from tracker.demo.server import demo_site
    from tracker.extensions import db
    from tracker.meetings.notice import notice_of
    from tracker.meetings.notice_files import render_docx, render_pdf
    from tracker.resolutions.models import Meeting

    def rendered(app) -> tuple[bytes, bytes]:
        meeting = db.session.scalars(select(Meeting).join(Committee).where(
            Committee.name == COMMITTEE).order_by(Meeting.held_on)).first()
        with app.test_request_context():
            notice = notice_of(meeting)
            return render_pdf(notice), render_docx(notice)

    with demo_site(directory / "site", "vi") as site:
        pdf, docx = site.run(rendered, site.app)
    (directory / "notice.pdf").write_bytes(pdf)
    (directory / "notice.docx").write_bytes(docx)
    return directory / "notice.pdf", directory / "notice.docx"


def side_by_side(left: Path, right: Path, captions: tuple[str, str], output: Path) -> None:
    """Two page images on a white sheet, a thin frame round each, a caption above."""
    from PIL import Image, ImageDraw, ImageFont

    pages = [Image.open(left).convert("RGB"), Image.open(right).convert("RGB")]
    width = sum(page.width for page in pages) + GAP + 2 * MARGIN
    height = max(page.height for page in pages) + CAPTION + 2 * MARGIN
    sheet = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(sheet)
    try:
        font = ImageFont.truetype("DejaVuSans.ttf", 14)
    except OSError:
        font = ImageFont.load_default()
    x = MARGIN
    for page, caption in zip(pages, captions, strict=True):
        top = MARGIN + CAPTION
        draw.text((x, MARGIN), caption, fill="black", font=font)
        sheet.paste(page, (x, top))
        draw.rectangle((x - 1, top - 1, x + page.width, top + page.height), outline="#999999")
        x += page.width + GAP
    output.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(output, optimize=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--language", choices=("vi", "en"), default="vi")
    parser.add_argument("--document", choices=("summary", "notice"), default="summary")
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()
    name = "summary" if args.document == "summary" else "conclusion-notice"
    args.output = args.output or ROOT / "docs" / f"{name}-pdf-and-docx.png"

    from tests.documents.libreoffice import convert_to_pdf, missing_tools, page_image

    if missing := missing_tools():
        sys.exit(f"missing: {', '.join(missing)} (apt-get install libreoffice-writer-nogui "
                 "fonts-liberation2 poppler-utils)")
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        pdf, docx = (_compile(args.language, directory) if args.document == "summary"
                     else _notice(directory))
        (opened,) = convert_to_pdf([docx], directory / "libreoffice")
        left = page_image(pdf, directory / "pdf-page")
        right = page_image(opened, directory / "docx-page")
        side_by_side(left, right, ("PDF (WeasyPrint)", "DOCX (LibreOffice)"), args.output)
    print(f"Saved {args.output}")


if __name__ == "__main__":
    main()
