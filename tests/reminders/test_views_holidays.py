"""An admin keeps the holiday calendar that working-day reminders skip."""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories import CommitteeFactory, UserFactory, member_of
from tracker.extensions import db
from tracker.history.services import entries_for
from tracker.reminders.models import Holiday


@pytest.fixture
def as_admin(login):
    return login(UserFactory(is_admin=True, agency=None, language="en"))


def _count() -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(Holiday))


def _holiday(**fields) -> Holiday:
    holiday = Holiday(**{"on": date(2031, 9, 2), "name": "Quốc khánh", "kind": "fixed",
                         **fields})
    db.session.add(holiday)
    db.session.flush()
    return holiday


def test_admin_adds_a_holiday_and_sees_it_in_its_year(as_admin):
    response = as_admin.post("/admin/holidays/new", {
        "on": "2031-01-01", "name": "Tết Dương lịch", "kind": "fixed"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/holidays?year=2031")
    holiday = db.session.scalar(db.select(Holiday).where(Holiday.on == date(2031, 1, 1)))
    assert holiday.name == "Tết Dương lịch"
    assert entries_for("holiday", holiday.id)[0].actor_id == as_admin.user.id
    html = as_admin.get("/admin/holidays?year=2031").get_data(as_text=True)
    assert "Tết Dương lịch" in html


def test_the_list_filters_by_year(as_admin):
    _holiday(on=date(2031, 4, 30), name="Ngày Giải phóng miền Nam")
    _holiday(on=date(2032, 5, 1), name="Quốc tế Lao động")
    html = as_admin.get("/admin/holidays?year=2031").get_data(as_text=True)
    assert "Ngày Giải phóng miền Nam" in html and "Quốc tế Lao động" not in html
    html = as_admin.get("/admin/holidays?year=all").get_data(as_text=True)
    assert "Ngày Giải phóng miền Nam" in html and "Quốc tế Lao động" in html


@pytest.mark.parametrize(("data", "field"), [
    ({"on": "", "name": "Tết", "kind": "lunar"}, "on"),
    ({"on": "31/02/2031", "name": "Tết", "kind": "lunar"}, "on"),
    ({"on": "1890-01-01", "name": "Tết", "kind": "lunar"}, "on"),
    ({"on": "2031-09-02", "name": "Trùng ngày", "kind": "fixed"}, "on"),
    ({"on": "2031-01-23", "name": "", "kind": "lunar"}, "name"),
    ({"on": "2031-01-23", "name": "Tết", "kind": "solar"}, "kind"),
])
def test_invalid_holiday_changes_nothing(as_admin, data, field):
    _holiday()
    before = _count()
    response = as_admin.post("/admin/holidays/new", data)
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert _count() == before


def test_admin_corrects_a_holiday(as_admin):
    holiday = _holiday(on=date(2031, 9, 1), name="Nghỉ lễ Quốc khánh", kind="other")
    response = as_admin.post(f"/admin/holidays/{holiday.id}/edit", {
        "on": "2031-09-03", "name": "Nghỉ lễ Quốc khánh (ngày liền kề)", "kind": "other"})
    assert response.status_code == 302
    assert holiday.on == date(2031, 9, 3)
    assert entries_for("holiday", holiday.id)[-1].changes["on"] == ["2031-09-01", "2031-09-03"]


def test_editing_onto_another_holidays_date_is_refused(as_admin):
    _holiday(on=date(2031, 9, 2))
    other = _holiday(on=date(2031, 9, 3), name="Nghỉ bù")
    response = as_admin.post(f"/admin/holidays/{other.id}/edit", {
        "on": "2031-09-02", "name": "Nghỉ bù", "kind": "other"})
    assert response.status_code == 422
    assert "already a holiday" in response.get_data(as_text=True)
    assert other.on == date(2031, 9, 3)


def test_admin_deletes_a_holiday_after_confirming(as_admin):
    holiday = _holiday()
    page = as_admin.get("/admin/holidays?year=2031").get_data(as_text=True)
    assert f'action="/admin/holidays/{holiday.id}/delete"' in page
    assert "data-confirm=" in page
    holiday_id = holiday.id
    assert as_admin.post(f"/admin/holidays/{holiday_id}/delete",
                         form_url="/admin/holidays").status_code == 302
    assert db.session.get(Holiday, holiday_id) is None
    assert entries_for("holiday", holiday_id)[-1].action == "deleted"


def test_loading_the_shipped_calendar_twice_adds_each_day_once(as_admin):
    assert as_admin.post("/admin/holidays/load", form_url="/admin/holidays").status_code == 302
    loaded = _count()
    assert loaded > 6 * 4  # at least the four fixed-date holidays, every year 2025–2030
    tet_2026 = db.session.scalar(db.select(Holiday).where(Holiday.on == date(2026, 2, 17)))
    assert tet_2026 is not None and tet_2026.kind == "lunar"
    assert as_admin.post("/admin/holidays/load", form_url="/admin/holidays").status_code == 302
    assert _count() == loaded


def test_unknown_holiday_is_404(as_admin):
    assert as_admin.get("/admin/holidays/999999/edit").status_code == 404


def test_committee_managers_may_not_edit_the_calendar(login):
    chair = member_of(CommitteeFactory(), "chair")
    browser = login(chair)
    before = _count()
    assert browser.get("/admin/holidays").status_code == 403
    response = browser.post("/admin/holidays/new", {
        "on": "2031-01-01", "name": "Tết Dương lịch", "kind": "fixed"}, form_url="/profile")
    assert response.status_code == 403
    assert _count() == before
