"""The text of an uploaded document: DOCX (python-docx), PDF with a text layer (pypdf), or
UTF-8 text. Bounded: the file's size, a DOCX's unzipped size and a PDF's pages are capped
(``tracker.rules``); anything unreadable is a ``DraftSourceError`` on the ``file`` field."""

from __future__ import annotations

import io
import zipfile

from flask_babel import lazy_gettext as _l

from tracker import rules
from tracker.domain import DomainError

FIELD = "file"
EXTENSIONS = (".docx", ".pdf", ".txt")


class DraftSourceError(DomainError):
    """The file cannot give a text: unreadable, of a wrong type, too large, or empty (raised
    on the ``file`` field, as ``DraftSourceError(FIELD, message)``)."""


def _docx_text(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as error:
        raise DraftSourceError(FIELD, _l("The file is not a readable Word (.docx) document.")) \
            from error
    if unzipped > rules.DRAFT_UNZIPPED_MB * 1024 * 1024:
        raise DraftSourceError(FIELD, _l("The file is larger than %(mb)d MB.",
                                         mb=rules.DRAFT_UNZIPPED_MB))
    import docx  # by the first upload, not at boot
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises several kinds on a damaged package
        raise DraftSourceError(FIELD, _l("The file is not a readable Word (.docx) document.")) \
            from error
    lines: list[str] = []

    def numbered(paragraph: Paragraph) -> bool:
        """Numbered by Word (the paragraph's own numbering or its style's)."""
        if paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None:
            return True
        style = paragraph.style
        while style is not None:
            ppr = style.element.pPr
            if ppr is not None and ppr.numPr is not None:
                return True
            style = style.base_style
        return False

    def paragraph_line(paragraph: Paragraph) -> str:
        text = paragraph.text.strip()
        # Word's own numbering is not in the text: mark the item so it stays a clause.
        return f"- {text}" if text and numbered(paragraph) else text

    def blocks(parent) -> None:
        for child in parent.iter_inner_content():
            if isinstance(child, Table):
                for row in child.rows:
                    for cell in row.cells:
                        blocks(cell)
            else:
                lines.append(paragraph_line(child))

    blocks(document)
    return "\n".join(lines)


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader  # by the first upload, not at boot
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise DraftSourceError(FIELD, _l("The PDF is protected by a password."))
        if len(reader.pages) > rules.DRAFT_PDF_PAGES:
            raise DraftSourceError(FIELD, _l("The PDF has more than %(n)d pages.",
                                             n=rules.DRAFT_PDF_PAGES))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        if isinstance(error, DraftSourceError):
            raise
        raise DraftSourceError(FIELD, _l("The file is not a readable PDF.")) from error
    text = "\n".join(pages)
    if not text.strip():
        raise DraftSourceError(FIELD, _l("The file has no text layer (a scanned PDF): paste "
                                         "its text, or upload a PDF with text or the Word "
                                         "file."))
    return text


def _plain_text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DraftSourceError(FIELD, _l("The text file is not UTF-8.")) from error


def text_of_upload(filename: str, data: bytes) -> str:
    """The text of a ``.docx``, a ``.pdf`` with a text layer or a UTF-8 ``.txt`` file."""
    name = (filename or "").strip().lower()
    if not data:
        raise DraftSourceError(FIELD, _l("The file is empty."))
    if len(data) > rules.DRAFT_FILE_MB * 1024 * 1024:
        raise DraftSourceError(FIELD, _l("The file is larger than %(mb)d MB.",
                                         mb=rules.DRAFT_FILE_MB))
    if name.endswith(".docx") and data[:4] == b"PK\x03\x04":
        text = _docx_text(data)
    elif name.endswith(".pdf") and data[:5] == b"%PDF-":
        text = _pdf_text(data)
    elif name.endswith(".txt"):
        text = _plain_text(data)
    else:
        raise DraftSourceError(FIELD, _l("Choose a Word (.docx), PDF or text (.txt) file."))
    if not text.strip():
        raise DraftSourceError(FIELD, _l("The file has no text."))
    return text
