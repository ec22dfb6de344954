"""Importing a resolution's tasks from a spreadsheet (CSV or XLSX), all or nothing.

The file is read into rows, each row checked on its own (title, lead and
coordinating agencies among the committee's members, deadline, priority) so
the preview can show every row with every problem before anything is written.
Importing reads the same bytes again and hands the specs to
``services.assign_tasks`` only when no row has a problem.
"""

from __future__ import annotations

import csv
import difflib
import io
import itertools
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from tracker.committees.models import Agency, Committee
from tracker.resolutions.models import Resolution
from tracker.tasks.models import Priority
from tracker.tasks.services import TaskError, TaskSpec, assign_tasks
from tracker.text import fold

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 500
# An XLSX is a zip: 2 MB of it could unpack to gigabytes of XML (a "zip bomb"). Real task
# lists unpack to a few MB; the sizes the archive declares are checked before opening it
# (Python's zipfile never unpacks a member beyond its declared size).
MAX_IMPORT_UNPACKED_BYTES = 50 * 1024 * 1024
CLOSEST_MATCHES = 3

# (key, Vietnamese heading, English heading, what goes in it) — the template's columns,
# in order, and the documentation shown on the import page.
COLUMNS = (
    ("title", "Nội dung nhiệm vụ", "Task",
     _l("Required. What must be done.")),
    ("lead", "Cơ quan chủ trì", "Lead agency",
     _l("Required. Full or short name of a member agency, with or without diacritics.")),
    ("coordinating", "Cơ quan phối hợp", "Coordinating agencies",
     _l("Optional. Several names separated by semicolons (;).")),
    ("deadline", "Thời hạn", "Deadline",
     _l("dd/mm/yyyy or yyyy-mm-dd; empty or \"Thường xuyên\" for a standing duty.")),
    ("priority", "Mức độ ưu tiên", "Priority",
     _l("Optional: Cao / Bình thường / Thấp (or high / normal / low); normal when empty.")),
    ("expected_output", "Sản phẩm", "Expected output",
     _l("Optional. A report, a plan, an event held…")),
    ("description", "Ghi chú", "Description",
     _l("Optional. More detail on the task.")),
)
_HEADINGS = {fold(h): key for key, vi, en, _doc in COLUMNS for h in (vi, en, key)}
_PRIORITIES = {
    **{p.value: p.value for p in Priority},
    "cao": Priority.HIGH.value, "binh thuong": Priority.NORMAL.value,
    "thap": Priority.LOW.value, "trung binh": Priority.NORMAL.value,
}
_STANDING_WORDS = {"", "thuong xuyen", "standing", "standing duty", "-", "—"}
_DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")


class ImportFileError(TaskError):
    """The file as a whole cannot be read (format, size, headings, row count)."""


@dataclass
class ImportRow:
    """One spreadsheet row as it will be created, or why it cannot be."""

    line: int  # the row number the user sees in their spreadsheet
    title: str
    lead_agency: Agency | None
    coordinating_agencies: list[Agency]
    deadline: date | None
    priority: str
    expected_output: str | None
    description: str | None
    errors: list = field(default_factory=list)
    # The deadline cell as written, when it is not a date (shown instead of "standing").
    bad_deadline: str | None = None
    # Per unknown agency name: its closest matches among the committee's members.
    suggestions: dict[str, list[Agency]] = field(default_factory=dict)

    def spec(self) -> TaskSpec:
        return TaskSpec(
            title=self.title, lead_agency_id=self.lead_agency.id if self.lead_agency else None,
            deadline=self.deadline, description=self.description,
            coordinating_agency_ids=[a.id for a in self.coordinating_agencies],
            priority=self.priority, expected_output=self.expected_output)


@dataclass
class ImportPreview:
    rows: list[ImportRow]

    @property
    def error_count(self) -> int:
        return sum(1 for row in self.rows if row.errors)

    @property
    def is_valid(self) -> bool:
        return bool(self.rows) and not self.error_count


# --- reading the file ---------------------------------------------------------------------


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _read_xlsx(data: bytes) -> list[list]:
    from openpyxl import load_workbook

    unreadable = ImportFileError("file", _l("The file could not be read as an XLSX workbook."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise unreadable from None
    if unpacked > MAX_IMPORT_UNPACKED_BYTES:
        raise ImportFileError("file", _l("The workbook is too large once unpacked."))
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise unreadable from None
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > MAX_IMPORT_ROWS + 50:  # headings and blank rows; stop early
                break
        return rows
    finally:
        workbook.close()


def _read_csv(data: bytes) -> list[list]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError("file", _l(
            "The CSV file is not in UTF-8. In Excel choose \"CSV UTF-8\" when saving.")) from None
    # The headings hold no separators, so the first line tells which one the file uses
    # (Excel writes ";" in some locales).
    heading = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=heading.count)
    try:
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        return list(itertools.islice(reader, MAX_IMPORT_ROWS + 51))
    except csv.Error:
        raise ImportFileError("file", _l("The CSV file could not be read.")) from None


def read_table(data: bytes) -> list[dict]:
    """The file's rows as {column key: cell} with their line numbers, headings checked."""
    if not data:
        raise ImportFileError("file", _l("Choose a CSV or XLSX file."))
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportFileError("file", _l("The file is larger than %(mb)d MB.",
                                         mb=MAX_IMPORT_BYTES // (1024 * 1024)))
    raw = _read_xlsx(data) if data[:4] == b"PK\x03\x04" else _read_csv(data)
    if not raw:
        raise ImportFileError("file", _l("The file is empty."))
    keys = [_HEADINGS.get(fold(_cell_text(h))) for h in raw[0]]
    missing = [vi for key, vi, _en, _doc in COLUMNS[:2] if key not in keys]
    if missing:
        raise ImportFileError("file", _l(
            "The first row must hold the column headings; missing: %(names)s. "
            "Download the template to see them.", names=", ".join(missing)))
    rows = []
    for line, cells in enumerate(raw[1:], start=2):
        values = {key: cell for key, cell in zip(keys, cells, strict=False) if key}
        if all(_cell_text(v) == "" for v in values.values()):
            continue
        values["line"] = line
        rows.append(values)
    if len(rows) > MAX_IMPORT_ROWS:
        raise ImportFileError("file", _l("A file may hold at most %(n)d tasks.",
                                         n=MAX_IMPORT_ROWS))
    if not rows:
        raise ImportFileError("file", _l("The file has headings but no tasks."))
    return rows


# --- matching agencies ---------------------------------------------------------------------


def _agency_key(text: str) -> str:
    """A name folded (case, accents) with its punctuation dropped: the same department is
    written "Sở Văn hóa, Thể thao và Du lịch", "Sở Văn hóa - Thể thao và Du lịch" or without
    the comma, and short names as "Sở NN&PTNT" or "Sở NN-PTNT"."""
    return " ".join(_WORDS.findall(fold(text)))


_WORDS = re.compile(r"[^\W_]+")


class AgencyMatcher:
    """Finds a committee's member agencies by full or short name, ignoring case, accents
    and punctuation."""

    def __init__(self, committee: Committee):
        self.members = list(committee.member_agencies)
        self.by_key: dict[str, Agency] = {}
        for agency in self.members:
            for text in (agency.name, agency.short_name):
                if text:
                    self.by_key.setdefault(_agency_key(text), agency)

    def find(self, name: str) -> Agency | None:
        return self.by_key.get(_agency_key(name))

    def closest(self, name: str) -> list[Agency]:
        """Up to three member agencies whose folded name or short name is most alike."""
        wanted = _agency_key(name)
        scored: dict[int, tuple[float, Agency]] = {}
        for key, agency in self.by_key.items():
            ratio = difflib.SequenceMatcher(None, wanted, key).ratio()
            if ratio >= 0.4 and ratio > scored.get(agency.id, (0.0, None))[0]:
                scored[agency.id] = (ratio, agency)
        ranked = sorted(scored.values(), key=lambda pair: (-pair[0], pair[1].name))
        return [agency for _ratio, agency in ranked[:CLOSEST_MATCHES]]


def _unknown(row: ImportRow, matcher: AgencyMatcher, name: str) -> None:
    row.errors.append(_l("Unknown agency \"%(name)s\" (not a member of this committee).",
                         name=name))
    row.suggestions[name] = matcher.closest(name)


# --- checking each row ---------------------------------------------------------------------


def _parse_deadline(value) -> tuple[date | None, bool]:
    """(deadline, ok): a date cell, a written date, or empty for a standing duty."""
    if isinstance(value, datetime):
        return value.date(), True
    if isinstance(value, date):
        return value, True
    text = _cell_text(value)
    if fold(text) in _STANDING_WORDS:
        return None, True
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date(), True
        except ValueError:
            continue
    return None, False


def check_row(values: dict, matcher: AgencyMatcher) -> ImportRow:
    title = _cell_text(values.get("title"))
    lead_name = _cell_text(values.get("lead"))
    deadline, deadline_ok = _parse_deadline(values.get("deadline"))
    priority_text = fold(_cell_text(values.get("priority")))
    row = ImportRow(
        line=values["line"], title=title,
        lead_agency=matcher.find(lead_name) if lead_name else None,
        coordinating_agencies=[], deadline=deadline,
        priority=_PRIORITIES.get(priority_text or Priority.NORMAL.value, Priority.NORMAL.value),
        expected_output=_cell_text(values.get("expected_output")) or None,
        description=str(values.get("description") or "").strip() or None)
    if not title:
        row.errors.append(_l("The task has no title."))
    elif len(title) > 1000:
        row.errors.append(_l("The title is longer than 1000 characters."))
    if not lead_name:
        row.errors.append(_l("The lead agency is missing."))
    elif row.lead_agency is None:
        _unknown(row, matcher, lead_name)
    for name in (n.strip() for n in _cell_text(values.get("coordinating")).split(";")):
        if not name:
            continue
        agency = matcher.find(name)
        if agency is None:
            _unknown(row, matcher, name)
        elif agency != row.lead_agency and agency not in row.coordinating_agencies:
            row.coordinating_agencies.append(agency)
    if not deadline_ok:
        row.bad_deadline = _cell_text(values.get("deadline"))
        row.errors.append(_l("\"%(value)s\" is not a date (write dd/mm/yyyy or yyyy-mm-dd).",
                             value=_cell_text(values.get("deadline"))))
    if priority_text and priority_text not in _PRIORITIES:
        row.errors.append(_l("Unknown priority \"%(value)s\" (Cao, Bình thường or Thấp).",
                             value=_cell_text(values.get("priority"))))
    if row.expected_output and len(row.expected_output) > 1000:
        row.errors.append(_l("The expected output is longer than 1000 characters."))
    return row


def preview_import(resolution: Resolution, data: bytes) -> ImportPreview:
    """Every row of the file as it would be created, with its problems. Writes nothing."""
    matcher = AgencyMatcher(resolution.committee)
    return ImportPreview([check_row(values, matcher) for values in read_table(data)])


def import_tasks(resolution: Resolution, data: bytes, *, actor) -> list:
    """Create every row's task, or none: a single problem anywhere refuses the whole file."""
    preview = preview_import(resolution, data)
    if not preview.is_valid:
        raise ImportFileError("file", _l(
            "%(n)d rows have problems; nothing was imported.", n=preview.error_count))
    return assign_tasks(resolution, [row.spec() for row in preview.rows], actor=actor)
