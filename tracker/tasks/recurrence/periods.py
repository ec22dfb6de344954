"""The arithmetic of a recurring duty's rule: its periods and each period's due date.

A rule is calendar based (monthly, quarterly, half-yearly, yearly: the report is due on a
day of the period's last month, or of the month after it) or a plain interval (every N days
or weeks from the start date). Each occurrence is keyed by its period (``2026-03``,
``2026-Q1``, ``2026-H2``, ``2026``, or the due date itself for an interval), which is what
keeps an occurrence from being created twice.

The Decree 09/2019/NĐ-CP presets (Nghị định 09/2019/NĐ-CP ngày 24/01/2019 quy định về chế
độ báo cáo của cơ quan hành chính nhà nước, Điều 12 "Thời gian chốt số liệu báo cáo định
kỳ"): a monthly report's figures run from the 15th of the previous month to the 14th of the
reporting month, a quarter's from the 15th of the month before the quarter to the 14th of
its last month, a half-year's from 15/12 to 14/6 (and 14/12), a year's from 15/12 to 14/12.
Reports to the Government and the Prime Minister are due by the 20th of the period's last
month (quarterly reports before the 20th of the quarter's last month, six-monthly before
20/6 and 20/12, yearly before 20/12); provinces apply the same cut-off in their own rules
(e.g. Kon Tum, Quyết định 06/2024/QĐ-UBND, "chế độ báo cáo định kỳ ... căn cứ Nghị định số
09/2019/NĐ-CP", found with the search tool). So the presets are: monthly, due the 15th (the
day after the cut-off) or the 20th; quarterly, half-yearly and yearly, due the 20th of the
period's last month. A preset is only a name for a rule; the rule is what is stored.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from flask_babel import lazy_gettext as _l


class Frequency(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half_yearly"
    YEARLY = "yearly"
    DAYS = "days"  # every N days from the start date
    WEEKS = "weeks"  # every N weeks from the start date


FREQUENCY_LABELS = {
    Frequency.MONTHLY: _l("Every month"), Frequency.QUARTERLY: _l("Every quarter"),
    Frequency.HALF_YEARLY: _l("Every six months"), Frequency.YEARLY: _l("Every year"),
    Frequency.DAYS: _l("Every N days"), Frequency.WEEKS: _l("Every N weeks"),
}
# Months in one period of a calendar rule.
PERIOD_MONTHS = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.HALF_YEARLY: 6,
                 Frequency.YEARLY: 12}
CALENDAR = frozenset(PERIOD_MONTHS)
MAX_INTERVAL = 366  # every N days / weeks: N from 1 to this
MAX_DUE_DAY = 31


@dataclass(frozen=True)
class Rule:
    """When a duty recurs. ``due_day``: day of the month the report is due (clamped to the
    month's last day), in the period's last month, or in the month after the period when
    ``due_after_period``; ``interval``: N of "every N days / weeks"."""

    frequency: Frequency
    due_day: int | None = None
    due_after_period: bool = False
    interval: int = 1

    @property
    def is_calendar(self) -> bool:
        return self.frequency in CALENDAR


@dataclass(frozen=True)
class Preset:
    key: str
    label: object
    rule: Rule


# The Decree 09/2019/NĐ-CP periods (module docstring), offered by name on the forms.
PRESETS = (
    Preset("monthly_15", _l("Monthly report, due the 15th (Decree 09/2019: cut-off the 14th)"),
           Rule(Frequency.MONTHLY, due_day=15)),
    Preset("monthly_20", _l("Monthly report, due the 20th"), Rule(Frequency.MONTHLY, due_day=20)),
    Preset("quarterly_20", _l("Quarterly report, due the 20th of the quarter's last month"),
           Rule(Frequency.QUARTERLY, due_day=20)),
    Preset("half_yearly_20", _l("Six-monthly report, due 20/6 and 20/12"),
           Rule(Frequency.HALF_YEARLY, due_day=20)),
    Preset("yearly_20", _l("Yearly report, due 20/12"), Rule(Frequency.YEARLY, due_day=20)),
)
PRESETS_BY_KEY = {preset.key: preset for preset in PRESETS}


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def _day_in(year: int, month: int, day: int) -> date:
    """Day ``day`` of the month, or its last day when the month is shorter (31 → 30/4, 29/2)."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _period_start(frequency: Frequency, day: date) -> tuple[int, int]:
    """(year, first month) of the calendar period that contains ``day``."""
    size = PERIOD_MONTHS[frequency]
    return day.year, (day.month - 1) // size * size + 1


def period_key(frequency: Frequency, year: int, first_month: int) -> str:
    if frequency == Frequency.MONTHLY:
        return f"{year}-{first_month:02d}"
    if frequency == Frequency.QUARTERLY:
        return f"{year}-Q{(first_month - 1) // 3 + 1}"
    if frequency == Frequency.HALF_YEARLY:
        return f"{year}-H{(first_month - 1) // 6 + 1}"
    return f"{year}"


def _calendar_due(rule: Rule, year: int, first_month: int) -> date:
    offset = PERIOD_MONTHS[rule.frequency] - 1 + (1 if rule.due_after_period else 0)
    due_year, due_month = _add_months(year, first_month, offset)
    return _day_in(due_year, due_month, rule.due_day or 1)


def occurrences(rule: Rule, starts_on: date, until: date, *, ends_on: date | None = None,
                limit: int | None = None, after: date | None = None):
    """(period key, due date) of every occurrence due from ``starts_on`` (and after ``after``)
    up to ``until`` (and ``ends_on``), in order; at most ``limit`` of them."""
    last = min(until, ends_on) if ends_on else until
    first = starts_on if after is None else max(starts_on, after + timedelta(days=1))
    found = 0
    if rule.is_calendar:
        size = PERIOD_MONTHS[rule.frequency]
        # The period whose due date may first fall on or after ``first``: a due date in the
        # month after the period can belong to the period before ``first``'s.
        year, month = _period_start(rule.frequency, first)
        year, month = _add_months(year, month, -size)
        while True:
            due = _calendar_due(rule, year, month)
            if due > last:
                return
            if due >= first:
                yield period_key(rule.frequency, year, month), due
                found += 1
                if limit is not None and found >= limit:
                    return
            year, month = _add_months(year, month, size)
    step = rule.interval * (7 if rule.frequency == Frequency.WEEKS else 1)
    # The first due date on or after ``first``, counted in whole steps from the start.
    due = starts_on + timedelta(days=-(-(first - starts_on).days // step) * step)
    while due <= last and (limit is None or found < limit):
        yield due.isoformat(), due
        found += 1
        due += timedelta(days=step)


def due_on(rule: Rule, key: str) -> date | None:
    """The due date of the period ``key`` under ``rule`` (a rule changed since the occurrence
    was made gives the period its new date); None when the key is not one of this rule's."""
    try:
        if not rule.is_calendar:
            return None
        year_text, _, rest = key.partition("-")
        year = int(year_text)
        if rule.frequency == Frequency.MONTHLY and rest.isdigit():
            return _calendar_due(rule, year, int(rest))
        if rule.frequency == Frequency.QUARTERLY and rest[:1] == "Q":
            return _calendar_due(rule, year, (int(rest[1:]) - 1) * 3 + 1)
        if rule.frequency == Frequency.HALF_YEARLY and rest[:1] == "H":
            return _calendar_due(rule, year, (int(rest[1:]) - 1) * 6 + 1)
        if rule.frequency == Frequency.YEARLY and not rest:
            return _calendar_due(rule, year, 1)
    except ValueError:
        return None
    return None


def next_occurrence(rule: Rule, starts_on: date, after: date, *, ends_on: date | None = None):
    """The first (period key, due date) due after ``after``, or None past the end."""
    return next(occurrences(rule, starts_on, date(9999, 1, 1), ends_on=ends_on, limit=1,
                            after=after), None)


_ROMAN = ("I", "II", "III", "IV")


def period_label(key: str):
    """A period key in words: "Tháng 3/2026", "Quý I/2026", "6 tháng đầu năm 2026",
    "Năm 2026"; an interval's key (its due date) as it is."""
    year_text, _, rest = key.partition("-")
    if not year_text.isdigit():
        return key
    year = int(year_text)
    if not rest:
        return _l("Year %(year)d", year=year)
    if rest.isdigit() and len(rest) == 2:
        return _l("Month %(month)d/%(year)d", month=int(rest), year=year)
    if rest in ("Q1", "Q2", "Q3", "Q4"):
        return _l("Quarter %(quarter)s/%(year)d", quarter=_ROMAN[int(rest[1]) - 1], year=year)
    if rest == "H1":
        return _l("First half of %(year)d", year=year)
    if rest == "H2":
        return _l("Second half of %(year)d", year=year)
    return key


def describe(rule: Rule):
    """The rule in words: "Hằng tháng, trước ngày 15", "Mỗi 2 tuần"."""
    if rule.frequency == Frequency.DAYS:
        return _l("Every %(n)d days", n=rule.interval) if rule.interval != 1 else _l("Every day")
    if rule.frequency == Frequency.WEEKS:
        return (_l("Every %(n)d weeks", n=rule.interval) if rule.interval != 1
                else _l("Every week"))
    day = rule.due_day or 1
    if rule.due_after_period:
        return {
            Frequency.MONTHLY: _l("Monthly, before the %(day)d of the next month", day=day),
            Frequency.QUARTERLY: _l("Quarterly, before the %(day)d of the month after the "
                                    "quarter", day=day),
            Frequency.HALF_YEARLY: _l("Every six months, before the %(day)d of the month "
                                      "after the half-year", day=day),
            Frequency.YEARLY: _l("Yearly, before %(day)d/1 of the next year", day=day),
        }[rule.frequency]
    return {
        Frequency.MONTHLY: _l("Monthly, before the %(day)d", day=day),
        Frequency.QUARTERLY: _l("Quarterly, before the %(day)d of the quarter's last month",
                                day=day),
        Frequency.HALF_YEARLY: _l("Every six months, before %(day)d/6 and %(day)d/12", day=day),
        Frequency.YEARLY: _l("Yearly, before %(day)d/12", day=day),
    }[rule.frequency]
