"""The secretary imports a resolution's tasks from a spreadsheet: preview first, then all
or nothing."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from flask_babel import force_locale
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from tests.factories import AgencyFactory, CommitteeFactory, ResolutionFactory, member_of
from tracker.extensions import db
from tracker.history.models import HistoryEntry
from tracker.tasks.imports import services as imports
from tracker.tasks.models import Task


@pytest.fixture(autouse=True)
def _english_messages(db_session):
    """Service messages below are asserted in English; outside a request the default is vi."""
    with force_locale("en"):
        yield


HEADINGS = ["Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn",
            "Mức độ ưu tiên", "Sản phẩm"]


@pytest.fixture
def world():
    return import_world()


def import_world():
    """A committee of four member agencies (one more agency outside it), a resolution and its
    secretary."""
    culture = AgencyFactory(name="Sở Văn hóa, Thể thao và Du lịch", short_name="Sở VHTTDL")
    police = AgencyFactory(name="Công an tỉnh Lạng Sơn", short_name="Công an tỉnh")
    cao_loc = AgencyFactory(name="UBND huyện Cao Lộc", short_name="UBND Cao Lộc")
    loc_binh = AgencyFactory(name="UBND huyện Lộc Bình", short_name="UBND Lộc Bình")
    outsider = AgencyFactory(name="Sở Tài chính", short_name="STC")
    committee = CommitteeFactory(standing_agency=culture)
    committee.member_agencies = [culture, police, cao_loc, loc_binh]
    resolution = ResolutionFactory(committee=committee)
    # English, so the preview wording below reads as asserted (the default is Vietnamese).
    secretary = member_of(committee, "secretary", agency=culture, language="en")
    db.session.flush()
    return type("World", (), dict(
        culture=culture, police=police, cao_loc=cao_loc, loc_binh=loc_binh, outsider=outsider,
        committee=committee, resolution=resolution, secretary=secretary))


def csv_bytes(rows, headings=HEADINGS, delimiter=",") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(headings)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def xlsx_bytes(rows, headings=HEADINGS) -> bytes:
    workbook = Workbook()
    workbook.active.append(headings)
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def counts() -> tuple[int, int]:
    return (db.session.scalar(select(func.count(Task.id))),
            db.session.scalar(select(func.count(HistoryEntry.id))))


GOOD_ROWS = [
    ["Tổ chức Tuần Văn hóa – Du lịch", "so vhttdl", "Công an tỉnh; ubnd huyen cao loc",
     "30/06/2030", "Cao", "Báo cáo kết quả"],
    ["Kiểm tra an ninh các khu du lịch", "CÔNG AN TỈNH LẠNG SƠN", "", "2030-09-15", "", ""],
    ["Duy trì đường dây nóng du lịch", "UBND Lộc Bình", "", "Thường xuyên", "thấp", ""],
]


def upload(browser, resolution, data, name="nhiem-vu.csv"):
    return browser.post(f"/resolutions/{resolution.id}/import",
                        {"file": (io.BytesIO(data), name)},
                        content_type="multipart/form-data")


def test_agencies_match_without_diacritics_and_by_short_name(world):
    preview = imports.preview_import(world.resolution, csv_bytes(GOOD_ROWS))
    assert preview.is_valid
    first, second, third = preview.rows
    assert first.lead_agency == world.culture
    assert first.coordinating_agencies == [world.police, world.cao_loc]
    assert (first.deadline, first.priority) == (date(2030, 6, 30), "high")
    assert second.lead_agency == world.police and second.deadline == date(2030, 9, 15)
    assert third.lead_agency == world.loc_binh and third.deadline is None
    assert third.priority == "low"


@pytest.mark.parametrize("written", [
    "Sở Văn hóa - Thể thao và Du lịch", "So Van hoa The thao va Du lich",
    "SỞ VĂN HOÁ, THỂ THAO VÀ DU LỊCH.", "Sở VHTTDL", "sở  vhttdl",
])
def test_agency_names_match_whatever_their_punctuation(world, written):
    # Found in the browser journey: the department written without its comma was "unknown".
    row, = imports.preview_import(world.resolution, csv_bytes(
        [["Rà soát quy hoạch", written, "", "", "", ""]])).rows
    assert row.errors == [] and row.lead_agency == world.culture


def test_preview_lists_every_rows_problems_with_closest_agencies(world):
    data = csv_bytes([
        ["Tổ chức Tuần Văn hóa – Du lịch", "UBND huyện Cao Lộ", "Sở Tài chính", "31/02/2030",
         "", ""],
        ["", "Sở VHTTDL", "", "2030-01-01", "gấp", ""],
        ["Rà soát quy hoạch", "Sở VHTTDL", "", "", "", ""],
    ], delimiter=";")
    first, second, third = imports.preview_import(world.resolution, data).rows
    assert first.line == 2
    assert any("UBND huyện Cao Lộ" in str(e) for e in first.errors)
    assert any("is not a date" in str(e) for e in first.errors)
    assert first.bad_deadline == "31/02/2030"  # shown as written, not as a standing duty
    # Close to the typed name, most alike first; "Sở Tài chính" exists but is no member.
    assert first.suggestions["UBND huyện Cao Lộ"][0] == world.cao_loc
    assert len(first.suggestions["UBND huyện Cao Lộ"]) <= 3
    assert world.outsider not in first.suggestions["Sở Tài chính"]
    assert any("no title" in str(e) for e in second.errors)
    assert any("Unknown priority" in str(e) for e in second.errors)
    assert third.errors == []


def test_preview_of_a_file_with_errors_writes_nothing(world, login):
    secretary = login(world.secretary)
    before = counts()
    bad = csv_bytes([GOOD_ROWS[0], ["Thiếu cơ quan", "Sở Không Tồn Tại", "", "", "", ""]])
    response = upload(secretary, world.resolution, bad)
    assert response.status_code == 302
    page = secretary.get(response.headers["Location"])
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Sở Không Tồn Tại" in html and "1 of 2 rows have problems" in html
    assert "Import 2 tasks" not in html  # no confirm button while a row is wrong
    assert counts() == before


def test_confirm_imports_every_row_with_history(world, login):
    secretary = login(world.secretary)
    before_tasks, before_history = counts()
    preview_url = upload(secretary, world.resolution, xlsx_bytes(GOOD_ROWS), "nv.xlsx")
    preview_url = preview_url.headers["Location"]
    html = secretary.get(preview_url).get_data(as_text=True)
    assert "3 tasks will be added" in html
    token = re.search(r'name="token"[^>]*value="([^"]+)"', html)[1]
    response = secretary.post(f"/resolutions/{world.resolution.id}/import/confirm",
                              {"token": token}, form_url=preview_url)
    assert response.status_code == 302
    assert counts() == (before_tasks + 3, before_history + 3)
    titles = set(db.session.scalars(select(Task.title).where(
        Task.resolution_id == world.resolution.id)))
    assert titles == {row[0] for row in GOOD_ROWS}


def test_import_is_all_or_nothing(world, login):
    secretary = login(world.secretary)
    bad = csv_bytes([*GOOD_ROWS, ["Dòng lỗi", "Sở VHTTDL", "", "hôm qua", "", ""]])
    preview_url = upload(secretary, world.resolution, bad).headers["Location"]
    token = re.search(r"token=([^&]+)", preview_url)[1]
    before = counts()
    # A forged confirmation of a file with a bad row (no button is offered for it).
    response = secretary.post(f"/resolutions/{world.resolution.id}/import/confirm",
                              {"token": token}, form_url=preview_url)
    assert response.status_code == 422
    assert "nothing was imported" in response.get_data(as_text=True)
    assert counts() == before


def test_confirm_refuses_a_forged_token(world, login):
    secretary = login(world.secretary)
    before = counts()
    response = secretary.post(f"/resolutions/{world.resolution.id}/import/confirm",
                              {"token": "not-a-token"},
                              form_url=f"/resolutions/{world.resolution.id}/import")
    assert response.status_code == 302 and response.headers["Location"].endswith("/import")
    assert counts() == before


@pytest.mark.parametrize(("data", "message"), [
    (b"", "Choose a CSV or XLSX file"),
    ("Tiêu đề,Khác\nA,B\n".encode(), "missing: Nội dung nhiệm vụ, Cơ quan chủ trì"),
    ("Nội dung nhiệm vụ,Cơ quan chủ trì\n".encode(), "no tasks"),
    ("Nội dung nhiệm vụ,Cơ quan chủ trì\nA,B\n".encode("utf-16"), "UTF-8"),
    (b"PK\x03\x04 broken", "XLSX"),
])
def test_unreadable_files_come_back_with_a_clear_error(world, login, data, message):
    secretary = login(world.secretary)
    response = upload(secretary, world.resolution, data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_too_many_rows_are_refused(world, monkeypatch):
    monkeypatch.setattr(imports, "MAX_IMPORT_ROWS", 2)
    with pytest.raises(imports.ImportFileError, match="at most 2 tasks"):
        imports.preview_import(world.resolution, csv_bytes(GOOD_ROWS))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_template_downloads_with_the_documented_headings(world, login, fmt):
    secretary = login(world.secretary)
    response = secretary.get(f"/resolutions/{world.resolution.id}/import/template.{fmt}")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    if fmt == "csv":
        header = next(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    else:
        header = [c.value for c in next(load_workbook(io.BytesIO(response.data)).active.rows)]
    assert header == [vi for _key, vi, _en, _doc in imports.COLUMNS]
    # The upload page documents the columns in both languages.
    page = secretary.get(f"/resolutions/{world.resolution.id}/import").get_data(as_text=True)
    assert "Cơ quan phối hợp" in page and "Coordinating agencies" in page


def test_xlsx_date_cells_and_english_headings_are_understood(world):
    from datetime import datetime

    data = xlsx_bytes([["Hold the tourism week", "Cong an tinh", datetime(2030, 7, 1), "high"]],
                      headings=["Task", "Lead agency", "Deadline", "Priority"])
    (row,) = imports.preview_import(world.resolution, data).rows
    assert row.errors == []
    assert (row.lead_agency, row.deadline, row.priority) == (world.police, date(2030, 7, 1),
                                                             "high")
