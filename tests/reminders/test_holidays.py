"""The shipped holiday calendar: the Labour Code's 11 days a year, weekend ones made up."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from tracker.extensions import db
from tracker.reminders.holidays import holidays_for, seed_holidays, statutory_holidays
from tracker.reminders.models import Holiday


def test_every_year_has_the_eleven_statutory_days_off():
    for year in range(2025, 2031):
        days = statutory_holidays(year)
        assert len(days) == 11 and len({d for d, _n, _k in days}) == 11


def test_tet_is_the_last_day_of_the_lunar_year_and_the_first_four_days():
    tet_2026 = [d for d, name, kind in holidays_for(2026) if "Tết Nguyên đán" in name]
    assert tet_2026 == [date(2026, 2, d) for d in (16, 17, 18, 19, 20)]


def test_a_holiday_on_a_weekend_is_made_up_on_the_next_working_day():
    days = {d: (name, kind) for d, name, kind in holidays_for(2026)}
    assert date(2026, 4, 26).weekday() == 6  # Giỗ Tổ Hùng Vương on a Sunday
    assert days[date(2026, 4, 27)][1] == "other"
    assert "Giỗ Tổ Hùng Vương" in days[date(2026, 4, 27)][0]


def test_seeding_twice_adds_nothing_and_keeps_edited_days(app):
    added = seed_holidays()
    assert added == sum(len(holidays_for(y)) for y in range(2025, 2031))
    tet = db.session.scalar(select(Holiday).where(Holiday.on == date(2026, 2, 17)))
    tet.name = "Mùng 1 Tết Bính Ngọ"
    db.session.flush()
    assert seed_holidays() == 0
    db.session.refresh(tet)
    assert tet.name == "Mùng 1 Tết Bính Ngọ"


def test_flask_seed_holidays_command(app):
    result = app.test_cli_runner().invoke(args=["seed-holidays", "--from-year", "2027",
                                                "--to-year", "2027"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count(Holiday.id))) == len(holidays_for(2027))
    assert f"{len(holidays_for(2027))} holidays added" in result.output
