"""Searching ignores case and Vietnamese diacritics, on every list, on SQLite and PostgreSQL."""

import pytest

from tests.factories import (
    AgencyFactory,
    CommitteeFactory,
    ResolutionFactory,
    TaskFactory,
    UserFactory,
)
from tracker.committees.models import Agency
from tracker.extensions import db
from tracker.resolutions.queries import ResolutionFilters, resolutions_query
from tracker.tasks.queries import TaskFilters, task_list_query
from tracker.text import fold, like_pattern

SPELLINGS = ["lang son", "LẠNG SƠN", "lạng sơn", "Lang Sơn"]


def test_fold_drops_case_and_diacritics_and_reads_đ_as_d():
    assert fold("Đề án phát triển du lịch LẠNG SƠN") == "de an phat trien du lich lang son"


def test_like_wildcards_in_a_query_are_literal():
    assert like_pattern("100%_x") == "%100\\%\\_x%"


@pytest.fixture
def world():
    committee = CommitteeFactory(name="Ban Chỉ đạo Phát triển du lịch tỉnh Lạng Sơn")
    resolution = ResolutionFactory(committee=committee, number="12/TB-BCĐ",
                                   title="Kết luận Hội nghị du lịch Lạng Sơn năm 2024")
    task = TaskFactory(resolution=resolution, committee=committee,
                       title="Hoàn thiện hồ sơ Công viên địa chất Lạng Sơn trình UNESCO")
    other = TaskFactory(resolution=resolution, committee=committee,
                        title="Tổ chức Lễ hội Hoa Đào Xứ Lạng")
    admin = UserFactory(is_admin=True, agency=None)
    return admin, committee, resolution, task, other


@pytest.mark.parametrize("query", SPELLINGS)
def test_task_search_finds_lang_son_however_it_is_typed(world, query):
    admin, _committee, _resolution, task, _other = world
    rows = db.session.execute(task_list_query(admin, TaskFilters(q=query))).all()
    assert [row[0].id for row in rows] == [task.id]


def test_task_search_matches_a_capital_đ_on_sqlite_too(world):
    admin, *_rest, other = world
    rows = db.session.execute(task_list_query(admin, TaskFilters(q="hoa dao"))).all()
    assert [row[0].id for row in rows] == [other.id]


@pytest.mark.parametrize("query", ["12/tb-bcd", "ket luan hoi nghi", "LẠNG SƠN"])
def test_resolution_search_by_number_or_title(world, query):
    admin, _committee, resolution, *_ = world
    rows = db.session.execute(resolutions_query(admin, ResolutionFilters(q=query))).all()
    assert [row[0].id for row in rows] == [resolution.id]


def test_renaming_an_agency_refreshes_its_search_words():
    agency = AgencyFactory(name="UBND huyện Tràng Định", short_name="UBND Tràng Định")
    agency.name = "UBND huyện Văn Lãng"
    db.session.flush()
    found = db.session.scalars(db.select(Agency).where(Agency.search_matches("van lang"))).all()
    assert agency in found
    assert not db.session.scalars(
        db.select(Agency).where(Agency.search_matches("huyen trang dinh"))).all()
