"""A bounded reader of a workbook's first sheet, for the task import.

openpyxl reads every part it knows and converts every cell of a row, so its cost follows
the unpacked size: a 119 KB upload whose shared strings unpack to 48 MB took 36 s, a sheet
of 500 rows × 1,400 columns 19 s. This reader opens only the parts it needs (the
relationships, the workbook, the styles for date cells, the shared strings and the first
sheet); refuses a part whose declared unpacked size is over the limit before reading it
(``zipfile`` never unpacks a member beyond its declared size); parses with defusedxml and
no DTD at all (so neither external entities nor entity expansion); converts only the cells
of the wanted columns; and stops at a budget of rows, cells, shared strings and seconds.
"""

from __future__ import annotations

import io
import math
import posixpath
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator
from datetime import datetime

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, iterparse
from flask_babel import lazy_gettext as _l

# openpyxl is imported inside the functions that read a workbook: importing any part of it
# loads the whole package (~0.1 s), which neither the web app's nor the worker's boot needs.

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_DOC_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_C, _V, _IS, _T, _R, _ROW, _SI = (_MAIN + name for name in ("c", "v", "is", "t", "r", "row", "si"))
_TICK_EVERY = 256  # XML events between two looks at the clock


class FileRefused(ValueError):  # noqa: N818 — a refusal, worded for the user
    """The file cannot be read within the limits; ``message`` says why, for the user."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class ReadBudget:
    """What reading one file may cost, spent as it is read: rows, cells, seconds, the
    unpacked size of each XML part and the number of shared strings."""

    def __init__(self, *, rows: int, cells: int, seconds: float, part_bytes: int,
                 unpacked_bytes: int, shared_strings: int):
        self.rows = rows  # rows read, headings and blank ones included; reading then stops
        self.cells = cells
        self.part_bytes = part_bytes  # each XML part read, unpacked
        self.unpacked_bytes = unpacked_bytes  # the whole archive, unpacked
        self.shared_strings = shared_strings
        self._cells_left = cells
        self._deadline = time.monotonic() + seconds

    def spend_cells(self, count: int = 1) -> None:
        self._cells_left -= count
        if self._cells_left < 0:
            raise self.too_many_cells()

    def too_many_cells(self) -> FileRefused:
        return FileRefused(_l(
            "The sheet holds more than %(n)d cells; delete the unused rows and columns "
            "or split the file.", n=self.cells))

    def check_time(self) -> None:
        if time.monotonic() > self._deadline:
            raise FileRefused(_l("The file took too long to read; split it into smaller files."))


def _unreadable(detail=None) -> FileRefused:
    if detail is None:
        return FileRefused(_l("The file could not be read as an XLSX workbook."))
    return FileRefused(_l("The file could not be read as an XLSX workbook (%(detail)s).",
                          detail=detail))


def read_first_sheet(data: bytes, choose_columns: Callable[[dict], dict[int, str]],
                     budget: ReadBudget) -> list[dict] | None:
    """The first sheet's rows after the headings as ``{key: value, "line": n}``.

    ``choose_columns`` gets the first row's cells by column index and returns the columns
    to keep (index → key); only their cells are converted. None when the sheet has no row.
    Values are text, numbers, booleans and datetimes.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        raise _unreadable() from None
    reader = _Workbook(archive, budget)
    with archive:
        # Parts this reader never opens do not cost time, but a workbook of gigabytes is
        # no list of tasks.
        if sum(info.file_size for info in archive.infolist()) > budget.unpacked_bytes:
            raise FileRefused(_l("The workbook is too large once unpacked."))
        try:
            return reader.first_sheet_rows(choose_columns)
        except FileRefused:
            raise
        except DefusedXmlException:
            raise FileRefused(_l(
                "The workbook holds XML declarations that are not allowed (a DTD or entities) "
                "in %(part)s.", part=reader.part)) from None
        except ParseError:
            raise _unreadable(_l("%(part)s is damaged", part=reader.part)) from None
        # Besides a damaged zip: an XML declaration naming an encoding that does not exist.
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, LookupError):
            raise _unreadable(_l("%(part)s is damaged", part=reader.part)) from None
        except (RuntimeError, NotImplementedError):  # encrypted, or compressed unlike a zip
            raise _unreadable(_l("%(part)s is encrypted or compressed in an unknown way",
                                 part=reader.part)) from None


class _Workbook:
    def __init__(self, archive: zipfile.ZipFile, budget: ReadBudget):
        self.archive = archive
        self.budget = budget
        self.part = "_rels/.rels"  # the part being read (the first one), named in errors

    def _events(self, name: str) -> Iterator:
        """The part's elements as they end; refused unread when it unpacks too large."""
        with self._open(name) as stream:
            for count, (_event, element) in enumerate(
                    iterparse(stream, events=("end",), forbid_dtd=True)):
                if count % _TICK_EVERY == 0:
                    self.budget.check_time()
                yield element

    def _open(self, name: str):
        try:
            info = self.archive.getinfo(name)
        except KeyError:  # a part the workbook names is not in the archive
            raise _unreadable(_l("%(part)s is missing", part=name)) from None
        if info.file_size > self.budget.part_bytes:
            raise FileRefused(_l(
                "The workbook is too large once unpacked (%(part)s is over %(mb)d MB).",
                part=name, mb=self.budget.part_bytes // (1024 * 1024)))
        self.part = name
        return self.archive.open(info)

    def _relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """The part's relationships: id → (type's last word, target part)."""
        folder, name = posixpath.split(part)
        related = {}
        for element in self._events(posixpath.join(folder, "_rels", name + ".rels")):
            if element.tag != _PKG_REL + "Relationship" or element.get("TargetMode") == "External":
                continue
            target = element.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join(folder, target))
            related[element.get("Id")] = (element.get("Type", "").rsplit("/", 1)[-1], path)
        return related

    def first_sheet_rows(self, choose_columns) -> list[dict] | None:
        from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

        workbook = next((path for kind, path in self._relationships("").values()
                         if kind == "officeDocument"), "xl/workbook.xml")
        first_sheet, date1904 = None, False
        for element in self._events(workbook):
            if element.tag == _MAIN + "sheet" and first_sheet is None:
                first_sheet = element.get(_DOC_REL + "id")
            elif element.tag == _MAIN + "workbookPr":
                date1904 = element.get("date1904", "").lower() in ("1", "true")
        related = self._relationships(workbook)
        if first_sheet not in related:
            raise _unreadable(_l("it has no sheet"))
        parts = {kind: path for kind, path in related.values()}
        strings = self._shared_strings(parts.get("sharedStrings"))
        date_styles = self._date_styles(parts.get("styles"))
        epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
        cell_value = _CellReader(strings, date_styles, epoch)
        return self._rows(related[first_sheet][1], cell_value, choose_columns)

    def _shared_strings(self, part: str | None) -> list[str]:
        strings: list[str] = []
        if part is None:
            return strings
        for element in self._events(part):
            if element.tag == _SI:
                if len(strings) >= self.budget.shared_strings:
                    raise FileRefused(_l(
                        "The workbook holds more than %(n)d different texts; delete the unused "
                        "sheets or split the file.", n=self.budget.shared_strings))
                strings.append(_text_of(element))
                element.clear()
        return strings

    def _date_styles(self, part: str | None) -> frozenset[int]:
        """The cell styles (indexes into cellXfs) whose number format shows a date."""
        if part is None:
            return frozenset()
        from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

        formats: dict[int, str] = dict(BUILTIN_FORMATS)
        is_date: dict[int, bool] = {}
        dates = set()
        for element in self._events(part):
            if element.tag == _MAIN + "numFmt":
                number = _integer(element.get("numFmtId"))
                if number is not None:
                    formats[number] = element.get("formatCode", "")
            elif element.tag == _MAIN + "cellXfs":
                for index, style in enumerate(element.iterfind(_MAIN + "xf")):
                    if index % _TICK_EVERY == 0:
                        self.budget.check_time()
                    number = _integer(style.get("numFmtId", "0"))
                    if number not in is_date:
                        code = formats.get(number)
                        is_date[number] = bool(code) and is_date_format(code)
                    if is_date[number]:
                        dates.add(index)
                element.clear()
        return frozenset(dates)

    def _rows(self, part: str, cell_value, choose_columns) -> list[dict] | None:
        budget = self.budget
        wanted: dict[int, str] | None = None  # column index → key, once the headings are read
        last = -1  # the last wanted column
        rows: list[dict] = []
        read = line = 0
        cells_left, events = budget.cells, 0
        # The sheet is most of the work: the loop is kept tight (no generator, a local count
        # of cells, the clock every _TICK_EVERY elements).
        with self._open(part) as stream:
            for _event, element in iterparse(stream, events=("end",), forbid_dtd=True):
                events += 1
                if events % _TICK_EVERY == 0:
                    budget.check_time()
                tag = element.tag
                if tag == _C:
                    cells_left -= 1  # every cell costs its parsing, wanted or not
                    if cells_left < 0:
                        raise budget.too_many_cells()
                elif tag == _ROW:
                    read += 1
                    line = _integer(element.get("r")) or line + 1
                    if wanted is None:  # the headings: the sheet's row 1
                        wanted = choose_columns({column: cell_value(cell)
                                                 for column, cell in _cells(element)}
                                                if line == 1 else {})
                        last = max(wanted, default=-1)
                    else:
                        values: dict = {}
                        for column, cell in _cells(element):
                            if column > last:  # cells come in column order
                                break
                            key = wanted.get(column)
                            if key is not None and key not in values:
                                values[key] = cell_value(cell)
                        values["line"] = line
                        rows.append(values)
                    element.clear()
                    if read >= budget.rows:
                        break
        return None if wanted is None else rows


def _integer(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def _text_of(element) -> str:
    """The text of a shared or inline string: plain, or runs of rich text (without the
    phonetic hints of East Asian scripts)."""
    parts = []
    for child in element:
        if child.tag == _T:
            parts.append(child.text or "")
        elif child.tag == _R:
            text = child.find(_T)
            if text is not None:
                parts.append(text.text or "")
    return "".join(parts)


def _cells(row) -> Iterator[tuple[int, object]]:
    """The row's cells with their 0-based column (from "AB12", or following the previous)."""
    column = -1
    for cell in row:
        if cell.tag != _C:
            continue
        letters = 0
        for char in cell.get("r", ""):
            if "A" <= char <= "Z":
                letters = letters * 26 + ord(char) - 64
            else:
                break
        column = letters - 1 if letters else column + 1
        yield column, cell


class _CellReader:
    """A cell's value as Excel shows it: the cached result of a formula, a date for a number
    styled as one."""

    def __init__(self, strings: list[str], date_styles: frozenset[int], epoch: datetime):
        from openpyxl.utils.datetime import from_excel

        self.strings = strings
        self.date_styles = date_styles
        self.epoch = epoch
        self.from_excel = from_excel

    def __call__(self, cell):
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            inline = cell.find(_IS)
            return _text_of(inline) if inline is not None else None
        value = cell.find(_V)
        if value is None or value.text is None:
            return None
        text = value.text
        if kind == "s":
            index = _integer(text)
            if index is None or not 0 <= index < len(self.strings):
                raise _unreadable(_l("a cell names a text that does not exist"))
            return self.strings[index]
        if kind in ("str", "e"):
            return text
        if kind == "b":
            return text.strip() in ("1", "true")
        if kind == "d":
            try:
                return datetime.fromisoformat(text)
            except ValueError:
                return text
        try:
            number = float(text)
        except ValueError:
            return text
        if not math.isfinite(number):
            return text
        if _integer(cell.get("s")) in self.date_styles:
            try:
                return self.from_excel(number, self.epoch)
            except (ValueError, OverflowError):
                return number
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
