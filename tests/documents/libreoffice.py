"""Open a DOCX as a provincial office does: LibreOffice converts it to PDF, poppler reads it.

Debian packages: libreoffice-writer-nogui (or libreoffice-writer) and fonts-liberation
(Liberation Serif, Times New Roman's metric twin) for ``soffice``; poppler-utils for
``pdffonts``, ``pdftotext`` and ``pdftoppm``. scripts/test.sh installs them as root.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

TOOLS = ("soffice", "pdffonts", "pdftotext", "pdftoppm")
# Times New Roman, or a font with its very metrics (lines break at the same words).
TIMES_FAMILY = ("TimesNewRoman", "Times New Roman", "LiberationSerif", "Liberation Serif",
                "Tinos")


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def convert_to_pdf(documents: list[Path], out_dir: Path, timeout: int = 300) -> list[Path]:
    """Convert every document with one LibreOffice start (it takes seconds); a private
    profile, so parallel runs and a user's own LibreOffice do not collide."""
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run(
            ["soffice", "--headless", "--norestore", "--nolockcheck",
             f"-env:UserInstallation=file://{profile}", "--convert-to", "pdf",
             "--outdir", str(out_dir), *map(str, documents)],
            check=True, capture_output=True, timeout=timeout)
    pdfs = [out_dir / f"{document.stem}.pdf" for document in documents]
    for pdf in pdfs:
        assert pdf.is_file(), f"LibreOffice wrote no {pdf.name}"
    return pdfs


def fonts_of(pdf: Path) -> list[str]:
    """The names of the fonts in the PDF, subset prefixes ("ABCDEF+") removed."""
    lines = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True,
                           text=True).stdout.splitlines()[2:]  # two heading lines
    return [line.split()[0].split("+", 1)[-1] for line in lines if line.strip()]


def layout_text(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    """The PDF's text as laid out on the page (``pdftotext -layout``), NFC."""
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    text = subprocess.run(["pdftotext", "-layout", *pages, str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    return unicodedata.normalize("NFC", text)


def page_image(pdf: Path, out_stem: Path, resolution: int = 60) -> Path:
    """Page 1 as a PNG (``pdftoppm -png -r``)."""
    subprocess.run(["pdftoppm", "-png", "-r", str(resolution), "-f", "1", "-l", "1",
                    "-singlefile", str(pdf), str(out_stem)], check=True, capture_output=True)
    return out_stem.with_suffix(".png")
