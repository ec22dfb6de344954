"""Deadlines as Vietnamese documents write them.

``trước ngày 30/6/2024``, ``trước 30/6``, ``chậm nhất ngày …``, ``hoàn thành trong tháng 3/2024``,
``trong quý II/2024``, ``trong 6 tháng đầu năm``, ``trong năm 2024`` → a date (a period means
its last day; "before" a period means the day before it starts); ``trước ngày 15 hằng
tháng`` → recurring ``monthly:15``; ``định kỳ hằng quý`` → recurring ``quarterly``;
``thường xuyên`` → standing; ``kịp thời`` or nothing → none. A year left out is the
document's year, moved to the next one when the date would fall before the document.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from .folding import fold, roman
from .model import NO_DEADLINE, DraftDeadline

# Words that make a date a deadline (folded). A bare "ngày 14/12/2020" after a document
# number is a citation, not a deadline.
_CUE = (r"(?:truoc|cham nhat|muon nhat|han chot|han cuoi|thoi han|thoi gian hoan thanh|"
        r"thoi gian thuc hien|thoi gian|tien do|hoan thanh|xong|den het|den|khong qua|"
        r"khong muon hon|trong|cuoi|het|ket thuc)")
# "trước 14 giờ, ngày 05/12/2017": an hour may stand between the cue and the day.
_HOUR = r"(?:\d{1,2}\s*(?:gio|h)(?:\s*\d{1,2}(?:\s*phut)?)?\s*,?\s*)?"
_CUE_BEFORE = re.compile(_CUE + r"[\s:,]*(?:la\s+|vao\s+|ngay\s+|trong\s+|truoc\s+|:\s*)*"
                         + _HOUR + r"(?:ngay\s+)?$")
_YEAR = r"(20\d\d|19\d\d)"
_DAY_MONTH = re.compile(
    r"\b(?:ngay\s+)?(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*" + _YEAR + r")?(?![/\d])"
    r"|\b(?:ngay\s+)?(\d{1,2})\s+thang\s+(\d{1,2})(?:\s+nam\s+" + _YEAR + r")?")
_MONTH = re.compile(r"\bthang\s+(\d{1,2})(?:\s*[/.-]\s*|\s+nam\s+)" + _YEAR
                    + r"|\b(?:trong|truoc|cuoi|het|den het|den)\s+thang\s+(\d{1,2})\b(?![/.]\d)")
_QUARTER = re.compile(r"\bquy\s+(iv|i{1,3}|[1-4])\b(?:\s*[/.-]\s*|\s+nam\s+)?(?:" + _YEAR + ")?")
_HALF = re.compile(r"\b(?:6|sau) thang (dau|cuoi) nam(?:\s+" + _YEAR + r")?"
                   r"|\bnua (dau|cuoi) nam(?:\s+" + _YEAR + r")?")
# "đến năm 2030" is a horizon, not a deadline; "đến hết năm 2024" is one. A sentence that
# opens with "Năm 2024," sets its period.
_YEAR_PERIOD = re.compile(r"\b(?:trong|truoc|cuoi|het|den het|ngay trong)\s+nam\s+" + _YEAR
                          + r"|\b(?:trong nam|cuoi nam|truoc cuoi nam)\b(?!\s+(?:20|19)\d\d)"
                          r"|(?:^|[.;:]\s+)(?:trong )?nam\s+" + _YEAR + r"\s*,")
_RECURRING_DAY = re.compile(r"\b(?:truoc\s+|cham nhat\s+|vao\s+|truoc\s+ngay\s+)?ngay\s+(\d{1,2})"
                            r"\s+(?:hang|moi|cua hang|cua moi)\s+thang\b")
_RECURRING = (
    (re.compile(r"\b(?:hang|moi) tuan\b|\bdinh ky (?:hang )?tuan\b"), "weekly"),
    (re.compile(r"\b(?:hang|moi) thang\b|\bdinh ky (?:hang )?thang\b"), "monthly"),
    (re.compile(r"\b(?:hang|moi) quy\b|\bdinh ky (?:hang )?quy\b|\bthang cuoi quy\b"), "quarterly"),
    (re.compile(r"\bdinh ky (?:6|sau) thang\b|\b(?:6|sau) thang mot lan\b"), "half_yearly"),
    (re.compile(r"\b(?:hang|moi) nam\b|\bdinh ky (?:hang )?nam\b"), "yearly"),
)
_STANDING = re.compile(r"\bthuong xuyen\b|\blien tuc\b|\bhang ngay\b|\btrong suot\b")
_NONE_WORDS = re.compile(r"\bkip thoi\b|\bkhan truong\b|\bngay sau khi\b")


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    on: date


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _cue_start(folded: str, start: int) -> int | None:
    """Where the words that make the date at ``start`` a deadline begin, if there are any."""
    window = max(0, start - 50)
    m = _CUE_BEFORE.search(folded[window:start])
    return window + m.start() if m else None


def _cued(folded: str, start: int) -> bool:
    return _cue_start(folded, start) is not None


def _before(folded: str, start: int) -> bool:
    """"trước tháng 6" is the day before June starts, "trong tháng 6" its last day."""
    return bool(re.search(r"\btruoc\s*$", folded[max(0, start - 12):start]))


def _roll(found: date, explicit_year: bool, issued: date) -> date:
    if explicit_year or found >= issued:
        return found
    return _safe(found.year + 1, found.month, found.day) or found


def _dates(folded: str, year: int, issued: date) -> list[_Found]:
    found: list[_Found] = []
    for m in _DAY_MONTH.finditer(folded):
        day, month, y = (m.group(1), m.group(2), m.group(3)) if m.group(1) else m.group(4, 5, 6)
        if not _cued(folded, m.start()) and not folded[m.start():].startswith("ngay"):
            continue
        if folded[m.start():].startswith("ngay") and not _cued(folded, m.start()):
            continue
        on = _safe(int(y or year), int(month), int(day))
        if on:
            found.append(_Found(_cue_start(folded, m.start()) or m.start(), m.end(),
                                _roll(on, bool(y), issued)))
    for m in _MONTH.finditer(folded):
        month, y = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), None)
        if not 1 <= int(month) <= 12:
            continue
        if m.group(1) and not _cued(folded, m.start()) and not _cued(folded, m.start() + 1):
            continue
        first = date(int(y or year), int(month), 1)
        on = first - timedelta(days=1) if _before(folded, m.start()) else _last_day(
            first.year, first.month)
        found.append(_Found(_cue_start(folded, m.start()) or m.start(), m.end(),
                            _roll(on, bool(y), issued)))
    for m in _QUARTER.finditer(folded):
        q = int(m.group(1)) if m.group(1).isdigit() else roman(m.group(1))
        if not q or not 1 <= q <= 4 or not _cued(folded, m.start()):
            continue
        y = int(m.group(2) or year)
        on = (date(y, 3 * q - 2, 1) - timedelta(days=1) if _before(folded, m.start())
              else _last_day(y, 3 * q))
        found.append(_Found(_cue_start(folded, m.start()) or m.start(), m.end(),
                            _roll(on, bool(m.group(2)), issued)))
    for m in _HALF.finditer(folded):
        part, y = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        on = _last_day(int(y or year), 6 if part == "dau" else 12)
        found.append(_Found(_cue_start(folded, m.start()) or m.start(), m.end(),
                            _roll(on, bool(y), issued)))
    for m in _YEAR_PERIOD.finditer(folded):
        y = int(m.group(1) or m.group(2) or year)
        on = date(y - 1, 12, 31) if _before(folded, m.start()) and m.group(1) else date(y, 12, 31)
        found.append(_Found(m.start(), m.end(), on))
    return sorted(found, key=lambda f: f.start)


def _first_on_or_after(issued: date, day: int) -> date:
    year, month = issued.year, issued.month
    for _ in range(13):
        on = _safe(year, month, min(day, calendar.monthrange(year, month)[1]))
        if on and on >= issued:
            return on
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return issued


def _recurring(text: str, folded: str, issued: date, dates: list[_Found]) -> DraftDeadline | None:
    if m := _RECURRING_DAY.search(folded):
        day = int(m.group(1))
        if 1 <= day <= 31:
            return DraftDeadline(kind="recurring", on=_first_on_or_after(issued, day),
                                 text=text[m.start():m.end()], recurrence=f"monthly:{day}")
    for pattern, recurrence in _RECURRING:
        if m := pattern.search(folded):
            on = dates[0].on if dates else _first_period_end(recurrence, issued)
            return DraftDeadline(kind="recurring", on=on, text=text[m.start():m.end()],
                                 recurrence=recurrence)
    return None


def _first_period_end(recurrence: str, issued: date) -> date:
    if recurrence == "weekly":
        return issued + timedelta(days=6 - issued.weekday())
    if recurrence == "monthly":
        return _last_day(issued.year, issued.month)
    if recurrence == "quarterly":
        return _last_day(issued.year, 3 * ((issued.month - 1) // 3 + 1))
    if recurrence == "half_yearly":
        return _last_day(issued.year, 6 if issued.month <= 6 else 12)
    return date(issued.year, 12, 31)


def find_deadline(text: str, *, issued_on: date) -> DraftDeadline:
    """The deadline a clause sets (see the module's docstring), ``issued_on`` giving the
    year left out and the first occurrence of a recurring duty."""
    folded = fold(text)
    dates = _dates(folded, issued_on.year, issued_on)
    if recurring := _recurring(text, folded, issued_on, dates):
        return recurring
    if dates:
        # The last deadline of a clause is its end ("từ 1/3 đến 30/6" → 30/6).
        chosen = max(dates, key=lambda f: f.on)
        return DraftDeadline(kind="date", on=chosen.on, text=text[chosen.start:chosen.end])
    if m := _STANDING.search(folded):
        return DraftDeadline(kind="standing", text=text[m.start():m.end()])
    if m := _NONE_WORDS.search(folded):
        return DraftDeadline(kind="none", text=text[m.start():m.end()])
    return NO_DEADLINE
