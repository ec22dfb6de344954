"""save_draft: a row whose text set a rhythm becomes a recurring duty of the document, the
others tasks, in one transaction; a broken rule is reported on its row."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from tracker.drafting.services import recurrence_rule, save_draft
from tracker.extensions import db
from tracker.resolutions.models import Resolution
from tracker.tasks.recurrence.models import TaskSeries
from tracker.tasks.recurrence.periods import Frequency
from tracker.tasks.services import TaskError, TaskSpec

NOW = datetime(2026, 3, 2, 3, tzinfo=UTC)  # Monday 2 March 2026, 10:00 in Hà Nội


@pytest.mark.parametrize(("recurrence", "frequency", "due_day", "interval"), [
    ("monthly:15", "monthly", 15, None),
    ("monthly", "monthly", 31, None),  # no day written: the month's last day
    ("quarterly", "quarterly", 31, None),
    ("half_yearly", "half_yearly", 31, None),
    ("yearly", "yearly", 31, None),
    ("weekly", Frequency.WEEKS, None, 1),
])
def test_each_rhythm_the_extraction_reads_has_its_rule(recurrence, frequency, due_day, interval):
    rule = recurrence_rule(recurrence)
    assert (rule.frequency, rule.due_day, rule.interval) == (frequency, due_day, interval)


def _fields(number="07/TB-BCĐ", issued_on=date(2026, 2, 27)):
    return {"kind": "conclusion_notice", "number": number, "issued_on": issued_on,
            "title": "Kết luận của Trưởng Ban Chỉ đạo", "signer": "Dương Xuân Huyên"}


def test_a_monthly_clause_becomes_a_duty_with_its_first_report_made(world):
    specs = [TaskSpec(title="Hoàn thiện hồ sơ", lead_agency_id=world.vhttdl.id,
                      deadline=date(2026, 6, 30)),
             TaskSpec(title="Báo cáo kết quả về Sở Văn hóa, Thể thao và Du lịch",
                      lead_agency_id=world.police.id)]

    resolution = save_draft(world.committee, actor=world.secretary, resolution_fields=_fields(),
                            task_specs=specs, recurrences=[None, "monthly:15"],
                            lead_days=30, now=NOW)

    (duty,) = db.session.scalars(select(TaskSeries).where(
        TaskSeries.resolution_id == resolution.id)).all()
    assert (duty.frequency, duty.due_day, duty.lead_agency_id) == ("monthly", 15, world.police.id)
    assert duty.starts_on == date(2026, 3, 2)  # today: later than the document's date
    assert [(t.title, t.deadline, t.series_id) for t in resolution.tasks] == [
        ("Hoàn thiện hồ sơ", date(2026, 6, 30), None),
        ("Báo cáo kết quả về Sở Văn hóa, Thể thao và Du lịch", date(2026, 3, 15), duty.id),
    ]


def test_a_broken_duty_row_is_reported_on_its_row_and_nothing_is_kept(world):
    before = db.session.scalar(select(func.count()).select_from(Resolution))
    specs = [TaskSpec(title="Hoàn thiện hồ sơ", lead_agency_id=world.vhttdl.id),
             TaskSpec(title="", lead_agency_id=world.police.id)]
    savepoint = db.session.begin_nested()

    with pytest.raises(TaskError) as refused:
        save_draft(world.committee, actor=world.secretary, resolution_fields=_fields(),
                   task_specs=specs, recurrences=[None, "quarterly"], now=NOW)
    savepoint.rollback()

    assert refused.value.field == "tasks-1-title"
    assert db.session.scalar(select(func.count()).select_from(Resolution)) == before
