"""One DOCX writer for every administrative document (python-docx), laid out per Decree
30/2020/NĐ-CP, Appendix I: the progress summary today, the conclusion notice next.

Why the styles are spelled out: python-docx's blank template takes its fonts from the
theme (Calibri, and blue sans-serif "Heading n" styles), and a ``w:asciiTheme`` attribute
wins over ``w:ascii``, so naming a font on ``Normal`` is not enough. Here the document
defaults and every style carry Times New Roman in all four ``w:rFonts`` slots (ascii,
hAnsi, cs, eastAsia) with the theme attributes removed, black, at the Decree's sizes; no
theme heading style is used. LibreOffice (most provincial offices) substitutes Liberation
Serif, Times New Roman's metric twin, where Times is not installed, so lines break where
Word breaks them.

Why every table has widths: without a ``w:tblGrid`` and cell widths a word processor
sizes columns by content and may squeeze one until a name breaks letter by letter; the
header's right column must also hold the national motto on one line. Tables here are
fixed-layout with explicit column widths in millimetres that add up to the text width.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from io import BytesIO

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

FONT = "Times New Roman"
BLACK = RGBColor(0, 0, 0)
LEFT, CENTER, RIGHT, JUSTIFY = (WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER,
                                WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.JUSTIFY)

# A4 with the Decree's margins (top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm).
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGINS_MM["left"] - MARGINS_MM["right"]  # 165
# The header: issuing body left, national title and motto right (the motto at 14 pt bold
# takes ~75 mm, the state's name at 13 pt bold ~100 mm).
HEADER_WIDTHS_MM = (62, TEXT_WIDTH_MM - 62)
# Cell padding as the PDF's tables have it (document.css: 1 mm × 1.5 mm), heading row grey.
CELL_MARGIN_MM = {"left": 1.2, "right": 1.2, "top": 0.6, "bottom": 0.6}
HEADING_FILL = "EEEEEE"
# A body paragraph's first line is indented 1–1.27 cm (Decree 30/2020, Appendix I).
FIRST_LINE_INDENT_MM = 10


@dataclass(frozen=True)
class StyleSpec:
    """A paragraph style: size in points, weight, slant, alignment, space after (pt)."""

    size: float
    bold: bool = False
    italic: bool = False
    align: WD_ALIGN_PARAGRAPH | None = None
    after: float = 3
    before: float = 0


# Sizes per Decree 30/2020, Appendix I: body 13–14 pt; state name 12–13 pt bold upper case;
# motto 13–14 pt bold; document kind and title 13–14 pt bold; place and date 13–14 pt
# italic; "Nơi nhận" 12 pt bold italic, its lines 11 pt; signer's title and name bold.
PARAGRAPH_STYLES = {
    "Doc Body": StyleSpec(13, align=JUSTIFY, before=3),
    "Doc Issuer Parent": StyleSpec(13, align=CENTER, after=0),
    "Doc Issuer": StyleSpec(13, bold=True, align=CENTER, after=0),
    "Doc Number": StyleSpec(13, align=CENTER, after=0),
    "Doc State": StyleSpec(13, bold=True, align=CENTER, after=0),
    "Doc Motto": StyleSpec(14, bold=True, align=CENTER, after=0),
    "Doc Rule": StyleSpec(8, align=CENTER, after=0),
    "Doc Place Date": StyleSpec(14, italic=True, align=CENTER, after=0, before=4),
    "Doc Kind": StyleSpec(14, bold=True, align=CENTER, after=0, before=12),
    "Doc Title": StyleSpec(14, bold=True, align=CENTER, after=8),
    "Doc Heading": StyleSpec(13, bold=True, align=LEFT, after=4, before=8),
    "Doc Subheading": StyleSpec(13, bold=True, italic=True, align=LEFT, after=2, before=4),
    "Doc Note": StyleSpec(12, italic=True, align=JUSTIFY),
    "Doc Table Heading": StyleSpec(11, bold=True, align=CENTER, after=0),
    "Doc Table Text": StyleSpec(11, after=0),
    # A wide table (nine columns of figures) at 10 pt, as the PDF prints it smaller too.
    "Doc Small Table Heading": StyleSpec(10, bold=True, align=CENTER, after=0),
    "Doc Small Table Text": StyleSpec(10, after=0),
    "Doc Recipients Label": StyleSpec(12, bold=True, italic=True, after=0),
    "Doc Recipients": StyleSpec(11, after=0),
    "Doc Signer Title": StyleSpec(14, bold=True, align=CENTER, after=0),
    "Doc Signer Name": StyleSpec(14, bold=True, align=CENTER, after=0, before=60),
    "Doc Page Number": StyleSpec(10, align=CENTER, after=0),
}
# Character styles, for a run that differs from its paragraph (a bold label in a line).
CHARACTER_STYLES = {"Doc Strong": StyleSpec(13, bold=True),
                    "Doc Emphasis": StyleSpec(13, italic=True)}


def _set_fonts(r_pr) -> None:
    """Times New Roman in all four slots of ``w:rFonts``, the theme's hold removed."""
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for name in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{name}"), None)
    for slot in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{slot}"), FONT)


def _font_of(style, spec: StyleSpec) -> None:
    font = style.font
    font.name, font.size, font.color.rgb = FONT, Pt(spec.size), BLACK
    font.bold, font.italic = spec.bold, spec.italic
    _set_fonts(style.element.get_or_add_rPr())
    # Complex-script size and weight too, or some viewers show cs runs at 11 pt.
    r_pr = style.element.get_or_add_rPr()
    size_cs = r_pr.find(qn("w:szCs"))
    if size_cs is None:
        size_cs = OxmlElement("w:szCs")
        r_pr.append(size_cs)
    size_cs.set(qn("w:val"), str(int(spec.size * 2)))


def _document_defaults(document) -> None:
    """Times New Roman 13 pt black and Vietnamese as the defaults, under every style."""
    styles = document.styles.element
    r_pr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(r_pr)
    for tag, value in (("w:sz", "26"), ("w:szCs", "26")):
        element = r_pr.find(qn(tag))
        if element is None:
            element = OxmlElement(tag)
            r_pr.append(element)
        element.set(qn("w:val"), value)
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:val"), "vi-VN")
    normal = document.styles["Normal"]
    _font_of(normal, PARAGRAPH_STYLES["Doc Body"])
    normal.paragraph_format.space_after = Pt(0)


def _add_styles(document) -> None:
    styles = document.styles
    for name, spec in PARAGRAPH_STYLES.items():
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style, style.quick_style = styles["Normal"], True
        _font_of(style, spec)
        fmt = style.paragraph_format
        fmt.space_after, fmt.space_before = Pt(spec.after), Pt(spec.before)
        fmt.line_spacing = 1.0
        if spec.align is not None:
            fmt.alignment = spec.align
    for name, spec in CHARACTER_STYLES.items():
        style = styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
        _font_of(style, spec)
    # The table style keeps only its borders: no theme font may come in with it.
    grid = styles["Table Grid"]
    _set_fonts(grid.element.get_or_add_rPr())


def _widths(table, widths_mm: Sequence[float]) -> None:
    """Fixed layout, the grid's columns, and every cell's width: the same numbers."""
    table.autofit = False  # w:tblLayout w:type="fixed"
    tbl_pr = table._tbl.tblPr
    width = tbl_pr.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        tbl_pr.append(width)
    width.set(qn("w:w"), str(int(Mm(sum(widths_mm)).twips)))
    width.set(qn("w:type"), "dxa")
    margins = OxmlElement("w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):  # the schema's order
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(int(Mm(CELL_MARGIN_MM[side]).twips)))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    tbl_pr.append(margins)
    for column, mm in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(mm)  # w:gridCol
    for row in table.rows:
        for cell, mm in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(mm)  # w:tcW


def _repeat_as_header(row) -> None:
    """The heading row is printed again at the top of each page the table runs onto."""
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _page_numbers(document, section) -> None:
    """The page number centred in the footer (a PAGE field), as the PDF prints it."""
    paragraph = section.footer.paragraphs[0]
    paragraph.style = document.styles["Doc Page Number"]
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "nil")
        borders.append(edge)
    table._tbl.tblPr.append(borders)


class AdministrativeDocument:
    """An A4 document in Times New Roman, written top to bottom: ``header``, ``kind_and_title``,
    ``heading``/``paragraph``/``table`` for the body, ``signature``, then ``to_bytes``."""

    def __init__(self) -> None:
        self.document = Document()
        section = self.document.sections[0]
        section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
        section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(
            MARGINS_MM["bottom"])
        section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(
            MARGINS_MM["right"])
        _document_defaults(self.document)
        _add_styles(self.document)
        _page_numbers(self.document, section)

    # --- Paragraphs -------------------------------------------------------------------------

    def paragraph(self, text: str = "", style: str = "Doc Body", container=None,
                  align: WD_ALIGN_PARAGRAPH | None = None):
        """A paragraph of one style; ``container`` is a table cell, else the body."""
        target = container if container is not None else self.document
        paragraph = target.add_paragraph(text, style=style)
        if align is not None:
            paragraph.alignment = align
        return paragraph

    def heading(self, text: str):
        """A section heading ("I. …"): bold Times, not the theme's "Heading" style."""
        return self.paragraph(text, "Doc Heading")

    def subheading(self, text: str):
        return self.paragraph(text, "Doc Subheading")

    def note(self, text: str):
        return self.paragraph(text, "Doc Note")

    def kind_and_title(self, kind: str, title: str, *, rule: bool = False) -> None:
        """The document kind ("BÁO CÁO") and its title, centred under the header; ``rule``:
        a short line under the title (a notice's, Decree 30/2020 Appendix I)."""
        self.paragraph(kind, "Doc Kind")
        self.paragraph(title, "Doc Title")
        if rule:
            self.paragraph("――――――", "Doc Rule").paragraph_format.space_after = Pt(8)

    def clause(self, text: str, number: str | None = None):
        """A body paragraph whose first line is indented (``FIRST_LINE_INDENT_MM``), led by
        its ``number`` ("1.", "a)") when it has one: a clause of a notice or decision."""
        paragraph = self.paragraph(f"{number} {text}" if number else text)
        paragraph.paragraph_format.first_line_indent = Mm(FIRST_LINE_INDENT_MM)
        return paragraph

    # --- Tables -----------------------------------------------------------------------------

    def _fill(self, cell, text: str, style: str) -> None:
        """A cell's first paragraph takes the text (a new cell has one, empty)."""
        paragraph = cell.paragraphs[0]
        paragraph.style = self.document.styles[style]
        if text:
            paragraph.add_run(text)

    def header(self, *, issuer_parent: str, issuer: str, number: str, state: str, motto: str,
               place_date: str) -> None:
        """The two-column heading: issuing body and number left, the national title,
        motto and place and date right, each under a short rule, without borders."""
        table = self.document.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _no_borders(table)
        _widths(table, HEADER_WIDTHS_MM)
        left, right = table.rows[0].cells
        self._fill(left, issuer_parent, "Doc Issuer Parent")
        self.paragraph(issuer, "Doc Issuer", left)
        self.paragraph("―――――", "Doc Rule", left)
        self.paragraph(number, "Doc Number", left)
        self._fill(right, state, "Doc State")
        self.paragraph(motto, "Doc Motto", right)
        self.paragraph("――――――――", "Doc Rule", right)
        self.paragraph(place_date, "Doc Place Date", right)

    def table(self, headers: Sequence[str], rows: Iterable[Sequence], widths_mm: Sequence[float],
              *, numeric_from: int | None = None, small: bool = False):
        """A bordered table with a heading row (repeated on each page) and the given column
        widths in mm; cells from column ``numeric_from`` on are right-aligned. ``small``: the
        10 pt table styles instead of 11 pt, for a wide table."""
        heading_style, text_style = (("Doc Small Table Heading", "Doc Small Table Text") if small
                                     else ("Doc Table Heading", "Doc Table Text"))
        table = self.document.add_table(rows=1, cols=len(headers))
        table.style = self.document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, text in zip(table.rows[0].cells, headers, strict=True):
            self._fill(cell, str(text), heading_style)
            _shade(cell, HEADING_FILL)
        _repeat_as_header(table.rows[0])
        for values in rows:
            cells = table.add_row().cells
            for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
                self._fill(cell, "" if value is None else str(value), text_style)
                if numeric_from is not None and index >= numeric_from:
                    cell.paragraphs[0].alignment = RIGHT
        _widths(table, widths_mm)
        return table

    def signature(self, *, recipients_label: str, recipient_lines: Sequence[str],
                  signer_title: str | Sequence[str], signer_name: str) -> None:
        """"Nơi nhận" and its lines left; the signer's title, room to sign, and name right.
        ``signer_title`` may be several lines, each its own paragraph ("KT. TRƯỞNG BAN",
        "PHÓ TRƯỞNG BAN")."""
        table = self.document.add_table(rows=1, cols=2)
        _no_borders(table)
        _widths(table, (TEXT_WIDTH_MM / 2 - 5, TEXT_WIDTH_MM / 2 + 5))
        left, right = table.rows[0].cells
        self._fill(left, recipients_label, "Doc Recipients Label")
        for line in recipient_lines:
            self.paragraph(line, "Doc Recipients", left)
        first, *others = [signer_title] if isinstance(signer_title, str) else signer_title
        self._fill(right, first, "Doc Signer Title")
        for line in others:
            self.paragraph(line, "Doc Signer Title", right)
        self.paragraph(signer_name, "Doc Signer Name", right)

    def to_bytes(self) -> bytes:
        buffer = BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()
