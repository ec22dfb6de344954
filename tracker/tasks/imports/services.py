"""Importing a resolution's tasks from a spreadsheet (CSV or XLSX), all or nothing.

The file is read once, at upload, into rows of the known columns (``read_table``, within
the limits below); the rows are kept (``TaskImport``) and each is checked on its own
(title, lead and coordinating agencies among the committee's members, deadline, priority)
so the preview can show every row with every problem before anything is written.
Importing checks the kept rows again and hands the specs to ``services.assign_tasks`` only
when no row has a problem.
"""

from __future__ import annotations

import csv
import difflib
import io
import itertools
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l

from tracker.committees.models import Agency, Committee
from tracker.domain import checked_date
from tracker.resolutions.models import Resolution
from tracker.tasks.imports.xlsx import FileRefused, ReadBudget, read_first_sheet
from tracker.tasks.models import Priority
from tracker.tasks.services import TaskError, TaskSpec, assign_tasks
from tracker.text import fold

# What one import may cost. A real list of tasks is far below every limit; a hostile file
# (a few KB unpacking to gigabytes, a sheet of a million cells) is refused within a second
# or two, at upload, the only time a file is parsed.
MAX_IMPORT_BYTES = 2 * 1024 * 1024  # the uploaded file
MAX_IMPORT_ROWS = 500  # tasks per file
# Each XML part of an XLSX that is read (sheet, shared strings, styles, workbook), by the
# size the archive declares for it unpacked, checked before it is opened.
MAX_IMPORT_PART_BYTES = 8 * 1024 * 1024
MAX_IMPORT_UNPACKED_BYTES = 50 * 1024 * 1024  # the whole archive (parts never read included)
MAX_IMPORT_CELLS = 40_000  # cells parsed, in any column (a CSV's fields too)
MAX_SHARED_STRINGS = 50_000  # different texts of a workbook
MAX_IMPORT_SECONDS = 1.5  # wall-clock for reading the file: the last resort
MAX_CELL_CHARS = 20_000  # the longest field a task has (its description)
MAX_IMPORT_TEXT_CHARS = 1_000_000  # all the kept cells together
# Pending imports (uploaded, not yet confirmed) one user may have; the oldest goes first.
MAX_PENDING_IMPORTS = 3
PENDING_IMPORT_LIFETIME = timedelta(days=1)
CLOSEST_MATCHES = 3
# The preview suggests close agency names for this many different unknown names at most
# (each costs a comparison with every member agency), reads at most this many coordinating
# agencies per row, and lists that many unknown names per row: a file of made-up names
# costs about what a real one does.
MAX_SUGGESTED_NAMES = 20
MAX_COORDINATING_NAMES = 100
MAX_UNKNOWN_LISTED = 10  # unknown agency names listed per row; the rest are counted

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
    unknown_names: int = 0  # agency names not found, listed up to MAX_UNKNOWN_LISTED

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


def _columns(headings: dict[int, object]) -> dict[int, str]:
    """The known columns among the headings (column index → key); the required ones must
    be there."""
    keys: dict[int, str] = {}
    for column, heading in sorted(headings.items()):
        # No heading is longer than 30 characters: a long cell is not worth folding.
        key = _HEADINGS.get(fold(_cell_text(str(heading)[:100] if heading else heading)))
        if key and key not in keys.values():
            keys[column] = key
    missing = [vi for key, vi, _en, _doc in COLUMNS[:2] if key not in keys.values()]
    if missing:
        raise ImportFileError("file", _l(
            "The first row must hold the column headings; missing: %(names)s. "
            "Download the template to see them.", names=", ".join(missing)))
    return keys


def _budget() -> ReadBudget:
    # Headings and blank rows are read too; reading stops after this many rows.
    return ReadBudget(rows=MAX_IMPORT_ROWS + 51, cells=MAX_IMPORT_CELLS,
                      seconds=MAX_IMPORT_SECONDS, part_bytes=MAX_IMPORT_PART_BYTES,
                      unpacked_bytes=MAX_IMPORT_UNPACKED_BYTES,
                      shared_strings=MAX_SHARED_STRINGS)


def _read_xlsx(data: bytes, budget: ReadBudget) -> list[dict] | None:
    return read_first_sheet(data, _columns, budget)


def _read_csv(data: bytes, budget: ReadBudget) -> list[dict] | None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError("file", _l(
            "The CSV file is not in UTF-8. In Excel choose \"CSV UTF-8\" when saving.")) from None
    # The headings hold no separators, so the first line tells which one the file uses
    # (Excel writes ";" in some locales).
    heading = text[:text.find("\n")] if "\n" in text else text
    delimiter = max(",;\t", key=heading.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        headings = next(reader, None)
        if headings is None:
            return None
        budget.spend_cells(len(headings))
        keys = _columns(dict(enumerate(headings)))
        rows = []
        for line, cells in enumerate(itertools.islice(reader, budget.rows - 1), start=2):
            budget.spend_cells(len(cells))
            budget.check_time()
            rows.append({**{key: cells[column] for column, key in keys.items()
                            if column < len(cells)}, "line": line})
        return rows
    except csv.Error:
        raise ImportFileError("file", _l("The CSV file could not be read.")) from None


def _storable(value):
    """A cell as JSON keeps it: dates as ISO text (which ``_parse_deadline`` reads)."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return value


def read_table(data: bytes) -> list[dict]:
    """The file's rows as {column key: cell, "line": n}: only the known columns, headings
    checked, every limit above applied; JSON-ready, to be kept for the preview and the
    confirmation (``pending.keep_import``)."""
    if not data:
        raise ImportFileError("file", _l("Choose a CSV or XLSX file."))
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportFileError("file", _l("The file is larger than %(mb)d MB.",
                                         mb=MAX_IMPORT_BYTES // (1024 * 1024)))
    budget = _budget()
    try:
        raw = _read_xlsx(data, budget) if data[:4] == b"PK\x03\x04" else _read_csv(data, budget)
    except FileRefused as refusal:
        raise ImportFileError("file", refusal.message) from None
    if raw is None:
        raise ImportFileError("file", _l("The file is empty."))
    rows = []
    text_left = MAX_IMPORT_TEXT_CHARS
    for values in raw:
        kept = {}
        for key, value in values.items():
            value = _storable(value)
            if isinstance(value, str):
                if len(value) > MAX_CELL_CHARS:
                    raise ImportFileError("file", _l(
                        "Row %(line)d: a cell holds more than %(n)d characters.",
                        line=values["line"], n=MAX_CELL_CHARS))
                text_left -= len(value)
            if value is not None and _cell_text(value) != "":
                kept[key] = value
        if text_left < 0:
            raise ImportFileError("file", _l(
                "The file holds more than %(n)d characters of text; split it.",
                n=MAX_IMPORT_TEXT_CHARS))
        if len(kept) > 1:  # more than its line: a blank row is skipped
            rows.append(kept)
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
        self._closest: dict[str, list[Agency]] = {}

    def find(self, name: str) -> Agency | None:
        return self.by_key.get(_agency_key(name))

    def closest(self, name: str) -> list[Agency] | None:
        """Up to three member agencies whose folded name or short name is most alike; None
        (not looked for) past MAX_SUGGESTED_NAMES different names or for a name longer than
        any agency's, so a file of made-up names costs no more than a few."""
        wanted = _agency_key(name)
        if wanted in self._closest:
            return self._closest[wanted]
        if len(self._closest) >= MAX_SUGGESTED_NAMES or len(wanted) > 255:
            return None
        scored: dict[int, tuple[float, Agency]] = {}
        for key, agency in self.by_key.items():
            ratio = difflib.SequenceMatcher(None, wanted, key).ratio()
            if ratio >= 0.4 and ratio > scored.get(agency.id, (0.0, None))[0]:
                scored[agency.id] = (ratio, agency)
        ranked = sorted(scored.values(), key=lambda pair: (-pair[0], pair[1].name))
        self._closest[wanted] = [agency for _ratio, agency in ranked[:CLOSEST_MATCHES]]
        return self._closest[wanted]


def _unknown(row: ImportRow, matcher: AgencyMatcher, name: str) -> None:
    row.unknown_names += 1
    if row.unknown_names > MAX_UNKNOWN_LISTED:
        return  # counted; ``check_row`` sums them up in one line
    row.errors.append(_l("Unknown agency \"%(name)s\" (not a member of this committee).",
                         name=name))
    suggestions = matcher.closest(name)
    if suggestions is not None:
        row.suggestions[name] = suggestions


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
    names = [n.strip() for n in _cell_text(values.get("coordinating")).split(";")]
    names = [n for n in names if n]
    if len(names) > MAX_COORDINATING_NAMES:
        row.errors.append(_l("More than %(n)d coordinating agencies.",
                             n=MAX_COORDINATING_NAMES))
        names = []
    for name in names:
        agency = matcher.find(name)
        if agency is None:
            _unknown(row, matcher, name)
        elif agency != row.lead_agency and agency not in row.coordinating_agencies:
            row.coordinating_agencies.append(agency)
    if row.unknown_names > MAX_UNKNOWN_LISTED:
        row.errors.append(_l("…and %(n)d more unknown agencies.",
                             n=row.unknown_names - MAX_UNKNOWN_LISTED))
    if not deadline_ok:
        row.bad_deadline = _cell_text(values.get("deadline"))
        row.errors.append(_l("\"%(value)s\" is not a date (write dd/mm/yyyy or yyyy-mm-dd).",
                             value=_cell_text(values.get("deadline"))))
    else:
        try:  # the service's range, shown with the row's other problems
            checked_date("deadline", deadline, error=TaskError)
        except TaskError as error:
            row.errors.append(error.message)
    if priority_text and priority_text not in _PRIORITIES:
        row.errors.append(_l("Unknown priority \"%(value)s\" (Cao, Bình thường or Thấp).",
                             value=_cell_text(values.get("priority"))))
    if row.expected_output and len(row.expected_output) > 1000:
        row.errors.append(_l("The expected output is longer than 1000 characters."))
    return row


def preview_import(resolution: Resolution, rows: list[dict] | bytes) -> ImportPreview:
    """Every row read from the file (``read_table``) as it would be created, with its
    problems. Writes nothing. Given a file's bytes (tests, scripts), reads them first; the
    views pass the rows kept at upload."""
    if isinstance(rows, bytes):
        rows = read_table(rows)
    matcher = AgencyMatcher(resolution.committee)
    return ImportPreview([check_row(values, matcher) for values in rows])


def import_tasks(resolution: Resolution, rows: list[dict], *, actor) -> list:
    """Create every row's task, or none: a single problem anywhere refuses the whole file."""
    preview = preview_import(resolution, rows)
    if not preview.is_valid:
        raise ImportFileError("file", _l(
            "%(n)d rows have problems; nothing was imported.", n=preview.error_count))
    return assign_tasks(resolution, [row.spec() for row in preview.rows], actor=actor)
