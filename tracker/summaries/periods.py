"""Reporting periods: calendar ones, the statutory cut-offs, and custom dates.

Decree 09/2019/NĐ-CP (reporting regimes of state administrative agencies),
Article 12(1), fixes when periodic reports close their figures ("thời gian
chốt số liệu"):

* monthly: from the 15th of the previous month to the 14th of the reporting month;
* quarterly: from the 15th of the month before the quarter to the 14th of its last month;
* six-monthly: first half from 15 December of the previous year to 14 June,
  second half from 15 June to 14 December;
* yearly: from 15 December of the previous year to 14 December.

Those are offered as presets (``cutoff_*``) beside plain calendar periods.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l


class PeriodKind(StrEnum):
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    YEAR = "year"
    CUTOFF_MONTH = "cutoff_month"
    CUTOFF_QUARTER = "cutoff_quarter"
    CUTOFF_HALF_YEAR = "cutoff_half_year"
    CUTOFF_YEAR = "cutoff_year"
    CUSTOM = "custom"


PERIOD_LABELS = {
    PeriodKind.WEEK: _l("Week (Monday to Sunday)"),
    PeriodKind.MONTH: _l("Calendar month"),
    PeriodKind.QUARTER: _l("Calendar quarter"),
    PeriodKind.HALF_YEAR: _l("Calendar half-year"),
    PeriodKind.YEAR: _l("Calendar year"),
    PeriodKind.CUTOFF_MONTH: _l("Monthly report, Decree 09/2019 cut-off (15th to 14th)"),
    PeriodKind.CUTOFF_QUARTER: _l("Quarterly report, Decree 09/2019 cut-off (15th to 14th)"),
    PeriodKind.CUTOFF_HALF_YEAR: _l("Six-month report, Decree 09/2019 cut-off (15/12–14/6, "
                                    "15/6–14/12)"),
    PeriodKind.CUTOFF_YEAR: _l("Yearly report, Decree 09/2019 cut-off (15/12 to 14/12)"),
    PeriodKind.CUSTOM: _l("Custom dates"),
}

# Calendar length of each kind in months (weeks and custom periods are counted in days).
_MONTHS = {"month": 1, "quarter": 3, "half_year": 6, "year": 12}
ROMAN = ("I", "II", "III", "IV")


def _first_of_month(year: int, month: int) -> date:
    year += (month - 1) // 12
    return date(year, (month - 1) % 12 + 1, 1)


def _add_months(day: date, months: int) -> date:
    """The first of the month ``months`` after ``day``'s month."""
    return _first_of_month(day.year, day.month + months)


@dataclass(frozen=True)
class Period:
    kind: str
    starts_on: date
    ends_on: date  # inclusive

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    def previous(self) -> Period:
        if self.kind == PeriodKind.CUSTOM:
            end = self.starts_on - timedelta(days=1)
            return Period(self.kind, end - timedelta(days=self.days - 1), end)
        return period_containing(self.kind, self.starts_on - timedelta(days=1))

    def next(self) -> Period:
        if self.kind == PeriodKind.CUSTOM:
            start = self.ends_on + timedelta(days=1)
            return Period(self.kind, start, start + timedelta(days=self.days - 1))
        return period_containing(self.kind, self.ends_on + timedelta(days=1))

    def contains(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on

    def label(self) -> str:
        """"month 11/2026 (15/10/2026 – 14/11/2026)": the name, then the exact dates."""
        return _("%(name)s (%(start)s – %(end)s)", name=self.name(),
                 start=self.starts_on.strftime("%d/%m/%Y"), end=self.ends_on.strftime("%d/%m/%Y"))

    def name(self) -> str:
        kind = self.kind.removeprefix("cutoff_")
        # A cut-off period is named after the calendar period it closes.
        named = self.ends_on
        if kind == "week":
            return _("week %(week)d/%(year)d", week=named.isocalendar().week,
                     year=named.isocalendar().year)
        if kind == "month":
            return _("month %(month)d/%(year)d", month=named.month, year=named.year)
        if kind == "quarter":
            return _("quarter %(roman)s/%(year)d", roman=ROMAN[(named.month - 1) // 3],
                     year=named.year)
        if kind == "half_year":
            if named.month <= 6:
                return _("first six months of %(year)d", year=named.year)
            return _("last six months of %(year)d", year=named.year)
        if kind == "year":
            return _("year %(year)d", year=named.year)
        return _("the period")


def _calendar(kind: str, day: date) -> tuple[date, date]:
    if kind == "week":
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)
    months = _MONTHS[kind]
    first_month = (day.month - 1) // months * months + 1
    start = date(day.year, first_month, 1)
    return start, _add_months(start, months) - timedelta(days=1)


def period_containing(kind: str, day: date) -> Period:
    """The period of ``kind`` that ``day`` falls in (not for custom periods)."""
    kind = PeriodKind(kind)
    if kind == PeriodKind.CUSTOM:
        raise ValueError("a custom period has explicit dates")
    if not kind.startswith("cutoff_"):
        return Period(kind, *_calendar(kind, day))
    # Days from the 15th on already belong to the next month's report.
    reference = day if day.day <= 14 else _add_months(day, 1)
    start, end = _calendar(kind.removeprefix("cutoff_"), reference)
    return Period(kind, _add_months(start, -1).replace(day=15), end.replace(day=14))


def custom_period(starts_on: date, ends_on: date) -> Period:
    if ends_on < starts_on:
        raise ValueError("the period ends before it starts")
    return Period(PeriodKind.CUSTOM, starts_on, ends_on)


def period_of(summary) -> Period:
    return Period(summary.period_kind, summary.starts_on, summary.ends_on)
