"""The Vietnamese public holidays shipped with the product, 2025–2030, and ``seed_holidays``.

Labour Code 2019 (Bộ luật Lao động 45/2019/QH14), article 112, gives 11 days off:
  - Tết Dương lịch: 1 January;
  - Tết Âm lịch: 5 days — here the last day of the lunar year and Tết days 1 to 4;
  - Chiến thắng: 30 April; Quốc tế Lao động: 1 May;
  - Quốc khánh: 2 September and one adjacent day (1 or 3 September);
  - Giỗ Tổ Hùng Vương: the 10th day of the 3rd lunar month.
Article 111(3): a holiday falling on the weekly rest day is made up on the next working
day (for offices resting on Saturday and Sunday: the next weekday that is no holiday).

Lunar dates converted to the Gregorian calendar (day 1 of Tết and 10/3 lunar):
  Tết 2025-01-29, 2026-02-17, 2027-02-06, 2028-01-26, 2029-02-13, 2030-02-03;
  Hùng Kings 2025-04-07, 2026-04-26, 2027-04-16, 2028-04-04, 2029-04-23, 2030-04-12.
The day adjacent to 2 September is chosen each year by the Prime Minister; the table
follows the practice of recent years (the day that joins the holiday to a weekend). The
government also moves working days ("hoán đổi") by yearly notice: those known when this
table was written are listed as ``other``. Admins edit the calendar in the app when a
notice differs.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from tracker.extensions import db
from tracker.reminders.dialect import insert_ignoring_conflicts
from tracker.reminders.models import Holiday, HolidayKind

FIRST_YEAR, LAST_YEAR = 2025, 2030

# Day 1 of Tết (1 tháng Giêng) per year.
TET = {
    2025: date(2025, 1, 29), 2026: date(2026, 2, 17), 2027: date(2027, 2, 6),
    2028: date(2028, 1, 26), 2029: date(2029, 2, 13), 2030: date(2030, 2, 3),
}
# Giỗ Tổ Hùng Vương (10 tháng 3 âm lịch) per year.
HUNG_KINGS = {
    2025: date(2025, 4, 7), 2026: date(2026, 4, 26), 2027: date(2027, 4, 16),
    2028: date(2028, 4, 4), 2029: date(2029, 4, 23), 2030: date(2030, 4, 12),
}
# The day adjacent to Quốc khánh (2/9): 1 or 3 September.
NATIONAL_DAY_ADJACENT = {
    2025: date(2025, 9, 1), 2026: date(2026, 9, 1), 2027: date(2027, 9, 3),
    2028: date(2028, 9, 1), 2029: date(2029, 9, 3), 2030: date(2030, 9, 3),
}
# Working days moved by the government's yearly notice (made up on a Saturday).
SWAPPED_DAYS = {
    date(2025, 1, 27): "Nghỉ hoán đổi dịp Tết Nguyên đán (làm bù thứ Bảy 08/02/2025)",
    date(2025, 5, 2): "Nghỉ hoán đổi dịp 30/4 – 1/5 (làm bù thứ Bảy 26/4/2025)",
}


def statutory_holidays(year: int) -> list[tuple[date, str, str]]:
    """The Labour Code's days off in ``year``: (date, Vietnamese name, kind)."""
    tet = TET[year]
    days = [
        (date(year, 1, 1), "Tết Dương lịch", HolidayKind.FIXED),
        (tet - timedelta(days=1), "Tết Nguyên đán (ngày cuối năm Âm lịch)", HolidayKind.LUNAR),
    ]
    days += [(tet + timedelta(days=n - 1), f"Tết Nguyên đán (mùng {n} Tết)", HolidayKind.LUNAR)
             for n in range(1, 5)]
    days += [
        (HUNG_KINGS[year], "Giỗ Tổ Hùng Vương (10/3 Âm lịch)", HolidayKind.LUNAR),
        (date(year, 4, 30), "Ngày Chiến thắng (30/4)", HolidayKind.FIXED),
        (date(year, 5, 1), "Ngày Quốc tế Lao động (1/5)", HolidayKind.FIXED),
        (date(year, 9, 2), "Quốc khánh (2/9)", HolidayKind.FIXED),
        (NATIONAL_DAY_ADJACENT[year], "Quốc khánh (ngày liền kề 2/9)", HolidayKind.FIXED),
    ]
    return sorted(days)


def holidays_for(year: int) -> list[tuple[date, str, str]]:
    """Every day off of ``year``: statutory days, weekend holidays made up, swapped days."""
    days = statutory_holidays(year)
    taken = {d for d, _name, _kind in days}
    taken |= {d for d in SWAPPED_DAYS if d.year == year}
    made_up = []
    for day, name, _kind in days:
        if day.weekday() < 5:
            continue
        substitute = day + timedelta(days=1)
        while substitute.weekday() >= 5 or substitute in taken:
            substitute += timedelta(days=1)
        taken.add(substitute)
        made_up.append((substitute, f"Nghỉ bù {name} ({day:%d/%m/%Y})", HolidayKind.OTHER))
    swapped = [(d, name, HolidayKind.OTHER) for d, name in SWAPPED_DAYS.items() if d.year == year]
    return sorted(days + made_up + swapped)


def seed_holidays(years=range(FIRST_YEAR, LAST_YEAR + 1)) -> int:
    """Load the shipped calendar for ``years``; days already there (maybe edited) are kept.

    Returns how many days were added. Flushes; the caller commits.
    """
    rows = [{"on": day, "name": name, "kind": str(kind)}
            for year in years if year in TET for day, name, kind in holidays_for(year)]
    if not rows:
        return 0
    before = db.session.scalar(select(db.func.count()).select_from(Holiday))
    db.session.execute(insert_ignoring_conflicts(Holiday).values(rows))
    db.session.flush()
    return db.session.scalar(select(db.func.count()).select_from(Holiday)) - before
