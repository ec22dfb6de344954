"""Periods: calendar ones and the Decree 09/2019/NĐ-CP cut-offs (15th to 14th)."""

from datetime import date

import pytest

from tracker.summaries.periods import custom_period, period_containing


@pytest.mark.parametrize(("kind", "day", "start", "end"), [
    ("week", date(2026, 11, 22), date(2026, 11, 16), date(2026, 11, 22)),
    ("month", date(2026, 2, 10), date(2026, 2, 1), date(2026, 2, 28)),
    ("quarter", date(2026, 11, 22), date(2026, 10, 1), date(2026, 12, 31)),
    ("half_year", date(2026, 6, 30), date(2026, 1, 1), date(2026, 6, 30)),
    ("year", date(2026, 7, 1), date(2026, 1, 1), date(2026, 12, 31)),
    ("cutoff_month", date(2026, 11, 14), date(2026, 10, 15), date(2026, 11, 14)),
    ("cutoff_month", date(2026, 11, 15), date(2026, 11, 15), date(2026, 12, 14)),
    ("cutoff_month", date(2026, 12, 20), date(2026, 12, 15), date(2027, 1, 14)),
    ("cutoff_quarter", date(2026, 1, 5), date(2025, 12, 15), date(2026, 3, 14)),
    ("cutoff_quarter", date(2026, 11, 22), date(2026, 9, 15), date(2026, 12, 14)),
    ("cutoff_half_year", date(2026, 6, 14), date(2025, 12, 15), date(2026, 6, 14)),
    ("cutoff_half_year", date(2026, 6, 15), date(2026, 6, 15), date(2026, 12, 14)),
    ("cutoff_year", date(2026, 12, 14), date(2025, 12, 15), date(2026, 12, 14)),
    ("cutoff_year", date(2026, 12, 15), date(2026, 12, 15), date(2027, 12, 14)),
])
def test_the_period_a_day_falls_in(kind, day, start, end):
    period = period_containing(kind, day)
    assert (period.starts_on, period.ends_on) == (start, end)


def test_previous_and_next_periods_touch():
    month = period_containing("cutoff_month", date(2026, 11, 1))
    assert month.previous().ends_on == date(2026, 10, 14)
    assert month.next().starts_on == date(2026, 11, 15)
    custom = custom_period(date(2026, 11, 1), date(2026, 11, 10))
    assert (custom.previous().starts_on, custom.previous().ends_on) == (
        date(2026, 10, 22), date(2026, 10, 31))
