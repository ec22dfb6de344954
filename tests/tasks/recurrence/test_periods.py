"""The rule arithmetic: month ends, 29 February, quarter ends, the Decree 09/2019 presets."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.tasks.recurrence.periods import (
    PRESETS_BY_KEY,
    Frequency,
    Rule,
    due_on,
    next_occurrence,
    occurrences,
)


def _all(rule, start, until, **kw):
    return list(occurrences(rule, start, until, **kw))


def test_a_monthly_report_due_the_31st_falls_on_each_month_s_last_day():
    rule = Rule(Frequency.MONTHLY, due_day=31)
    assert _all(rule, date(2024, 1, 1), date(2024, 4, 30)) == [
        ("2024-01", date(2024, 1, 31)), ("2024-02", date(2024, 2, 29)),
        ("2024-03", date(2024, 3, 31)), ("2024-04", date(2024, 4, 30))]


def test_29_february_only_in_leap_years():
    rule = Rule(Frequency.MONTHLY, due_day=29)
    assert [due for _, due in _all(rule, date(2023, 2, 1), date(2023, 2, 28))] == \
        [date(2023, 2, 28)]
    assert [due for _, due in _all(rule, date(2024, 2, 1), date(2024, 2, 29))] == \
        [date(2024, 2, 29)]
    yearly_after = Rule(Frequency.YEARLY, due_day=29, due_after_period=True)
    # A yearly report due in the month after the year: January, whatever February does.
    assert _all(yearly_after, date(2024, 1, 1), date(2025, 12, 31)) == [
        ("2023", date(2024, 1, 29)), ("2024", date(2025, 1, 29))]


def test_the_first_occurrence_is_the_first_due_on_or_after_the_start():
    rule = Rule(Frequency.MONTHLY, due_day=15)
    assert _all(rule, date(2026, 1, 16), date(2026, 3, 31)) == [
        ("2026-02", date(2026, 2, 15)), ("2026-03", date(2026, 3, 15))]
    assert _all(rule, date(2026, 1, 15), date(2026, 1, 31)) == [("2026-01", date(2026, 1, 15))]


def test_quarter_ends_and_a_report_due_after_the_quarter():
    in_last_month = Rule(Frequency.QUARTERLY, due_day=31)
    assert [due for _, due in _all(in_last_month, date(2026, 1, 1), date(2026, 12, 31))] == [
        date(2026, 3, 31), date(2026, 6, 30), date(2026, 9, 30), date(2026, 12, 31)]
    after = Rule(Frequency.QUARTERLY, due_day=10, due_after_period=True)
    # The fourth quarter of 2025 is reported in January 2026, inside the window.
    assert _all(after, date(2026, 1, 1), date(2026, 7, 10)) == [
        ("2025-Q4", date(2026, 1, 10)), ("2026-Q1", date(2026, 4, 10)),
        ("2026-Q2", date(2026, 7, 10))]


@pytest.mark.parametrize(("preset", "year_of_dates"), [
    ("monthly_15", [date(2026, m, 15) for m in range(1, 13)]),
    ("monthly_20", [date(2026, m, 20) for m in range(1, 13)]),
    ("quarterly_20", [date(2026, 3, 20), date(2026, 6, 20), date(2026, 9, 20),
                      date(2026, 12, 20)]),
    ("half_yearly_20", [date(2026, 6, 20), date(2026, 12, 20)]),
    ("yearly_20", [date(2026, 12, 20)]),
])
def test_the_decree_09_presets_fall_on_their_days(preset, year_of_dates):
    rule = PRESETS_BY_KEY[preset].rule
    assert [due for _, due in _all(rule, date(2026, 1, 1), date(2026, 12, 31))] == year_of_dates


def test_period_keys_name_the_period():
    assert [key for key, _ in _all(PRESETS_BY_KEY["half_yearly_20"].rule, date(2026, 1, 1),
                                   date(2026, 12, 31))] == ["2026-H1", "2026-H2"]
    assert [key for key, _ in _all(PRESETS_BY_KEY["yearly_20"].rule, date(2026, 1, 1),
                                   date(2027, 12, 31))] == ["2026", "2027"]


def test_every_n_days_and_weeks_count_from_the_start():
    every_ten = Rule(Frequency.DAYS, interval=10)
    assert [due for _, due in _all(every_ten, date(2024, 2, 19), date(2024, 3, 15))] == [
        date(2024, 2, 19), date(2024, 2, 29), date(2024, 3, 10)]
    fortnightly = Rule(Frequency.WEEKS, interval=2)
    assert _all(fortnightly, date(2026, 1, 1), date(2026, 3, 1), after=date(2026, 1, 20)) == [
        ("2026-01-29", date(2026, 1, 29)), ("2026-02-12", date(2026, 2, 12)),
        ("2026-02-26", date(2026, 2, 26))]


def test_nothing_is_due_after_the_end_date():
    rule = Rule(Frequency.MONTHLY, due_day=15)
    assert [key for key, _ in _all(rule, date(2026, 1, 1), date(2026, 12, 31),
                                   ends_on=date(2026, 3, 14))] == ["2026-01", "2026-02"]
    assert next_occurrence(rule, date(2026, 1, 1), date(2026, 2, 15),
                           ends_on=date(2026, 3, 14)) is None


def test_the_next_occurrence_and_a_period_s_due_date_under_a_changed_rule():
    assert next_occurrence(PRESETS_BY_KEY["yearly_20"].rule, date(2020, 1, 1),
                           date(2026, 12, 20)) == ("2027", date(2027, 12, 20))
    assert due_on(Rule(Frequency.QUARTERLY, due_day=5, due_after_period=True), "2026-Q4") == \
        date(2027, 1, 5)
    assert due_on(Rule(Frequency.MONTHLY, due_day=31), "2026-Q1") is None
    assert due_on(Rule(Frequency.DAYS, interval=3), "2026-01-01") is None


def test_a_period_is_named_in_words(app):
    from flask_babel import force_locale

    from tracker.tasks.recurrence.periods import period_label

    with app.test_request_context(), force_locale("vi"):
        assert [str(period_label(key)) for key in (
            "2026-03", "2026-Q2", "2026-H1", "2026-H2", "2026", "2026-03-05")] == [
            "Tháng 3/2026", "Quý II/2026", "6 tháng đầu năm 2026", "6 tháng cuối năm 2026",
            "Năm 2026", "2026-03-05"]
