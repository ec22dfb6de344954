"""The resolutions list: what a user sees, filters, sorting, pages, empty states."""

from __future__ import annotations

from datetime import date

from tests.factories import CommitteeFactory, CommitteeRoleFactory, ResolutionFactory, TaskFactory
from tests.resolutions.helpers import text_of


def documents(world):
    ResolutionFactory(committee=world.committee, kind="resolution", number="17/2020/NQ-HĐND",
                      issued_on=date(2020, 12, 10),
                      title="Nghị quyết về phát triển du lịch tỉnh Lạng Sơn giai đoạn 2021-2025")
    notice = ResolutionFactory(committee=world.committee, kind="conclusion_notice",
                               number="12/TB-BCĐ", issued_on=date(2024, 1, 25),
                               title="Kết luận Hội nghị tổng kết công tác năm 2023")
    TaskFactory.create_batch(3, resolution=notice, lead_agency=world.police)
    ResolutionFactory(committee=world.committee, kind="plan", number="45/KH-BCĐ",
                      issued_on=date(2024, 3, 1), title="Kế hoạch phát triển du lịch năm 2024")
    ResolutionFactory(committee=world.other, kind="regulation", number="01/QC-BQL",
                      issued_on=date(2024, 2, 1),
                      title="Quy chế quản lý di sản Công viên địa chất Non nước Cao Bằng")


def test_members_see_their_committees_documents_only_newest_first(world, login):
    documents(world)
    html = text_of(login(world.member).get("/resolutions"))
    assert html.index("45/KH-BCĐ") < html.index("12/TB-BCĐ") < html.index("17/2020/NQ-HĐND")
    assert "01/QC-BQL" not in html
    assert "New resolution" not in html  # a member records nothing


def test_admins_see_every_committee_and_filter_by_one(world, login):
    documents(world)
    browser = login(world.admin)
    assert "01/QC-BQL" in text_of(browser.get("/resolutions"))
    html = text_of(browser.get(f"/resolutions?committee={world.other.id}"))
    assert "01/QC-BQL" in html and "12/TB-BCĐ" not in html


def test_filters_by_kind_dates_and_words(world, login):
    documents(world)
    browser = login(world.secretary)
    plans = text_of(browser.get("/resolutions?kind=plan"))
    assert "45/KH-BCĐ" in plans and "12/TB-BCĐ" not in plans

    in_2024 = text_of(browser.get("/resolutions?issued_from=2024-01-01&issued_to=2024-02-29"))
    assert "12/TB-BCĐ" in in_2024
    assert "45/KH-BCĐ" not in in_2024 and "17/2020/NQ-HĐND" not in in_2024

    by_number = text_of(browser.get("/resolutions?q=nq-hđnd"))
    assert "17/2020/NQ-HĐND" in by_number and "12/TB-BCĐ" not in by_number

    # Typed without diacritics, as on a phone.
    by_title = text_of(browser.get("/resolutions?q=ke+hoach+phat+trien"))
    assert "45/KH-BCĐ" in by_title and "12/TB-BCĐ" not in by_title


def test_sorting_by_number_and_task_count(world, login):
    documents(world)
    browser = login(world.secretary)
    html = text_of(browser.get("/resolutions?sort=number"))
    assert html.index("12/TB-BCĐ") < html.index("17/2020/NQ-HĐND") < html.index("45/KH-BCĐ")
    html = text_of(browser.get("/resolutions?sort=-tasks"))
    assert html.index("12/TB-BCĐ") < html.index("45/KH-BCĐ")
    assert 'aria-sort="descending"' in html
    # An unknown sort key falls back to the newest first.
    html = text_of(browser.get("/resolutions?sort=drop+table"))
    assert html.index("45/KH-BCĐ") < html.index("12/TB-BCĐ")


def test_long_lists_are_paginated(world, login):
    for n in range(30):
        ResolutionFactory(committee=world.committee, number=f"{n + 100}/TB-BCĐ",
                          issued_on=date(2024, 1, 1 + n))
    browser = login(world.secretary)
    first = text_of(browser.get("/resolutions"))
    assert "Page 1 of 2" in first and "129/TB-BCĐ" in first and "100/TB-BCĐ" not in first
    assert "100/TB-BCĐ" in text_of(browser.get("/resolutions?page=2"))


def test_odd_query_strings_are_ignored(world, login):
    documents(world)
    browser = login(world.secretary)
    for query in ("committee=99999999999999999999", "committee=abc", "kind=memo",
                  "issued_from=2024-02-30", "page=-3", "page=99999999999", "q=%00",
                  "sort=-"):
        assert browser.get(f"/resolutions?{query}").status_code == 200, query


def test_empty_states_say_what_to_do(world, login):
    html = text_of(login(world.secretary).get("/resolutions"))
    assert "No resolution has been recorded yet" in html
    assert f"/committees/{world.committee.id}/resolutions/new" in html


def test_a_filter_that_matches_nothing_offers_to_clear_it(world, login):
    documents(world)
    html = text_of(login(world.secretary).get("/resolutions?q=không+có+văn+bản+này"))
    assert "No document matches these filters" in html
    assert "Clear filters" in html


def test_a_manager_of_several_committees_chooses_where_to_record(world, login):
    CommitteeRoleFactory(committee=world.other, user=world.secretary, role="secretary")
    html = text_of(login(world.secretary).get("/resolutions"))
    assert f"/committees/{world.committee.id}/resolutions/new" in html
    assert f"/committees/{world.other.id}/resolutions/new" in html


def test_an_admin_picks_the_committee_from_a_list(world, login):
    for n in range(5):
        CommitteeFactory(name=f"Ban Chỉ đạo số {n}")
    html = text_of(login(world.admin).get("/resolutions"))
    assert 'action="/resolutions/new"' in html
    assert "Ban Chỉ đạo số 4" in html
