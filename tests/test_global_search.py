"""The search box: resolutions and tasks, without caring about accents or capitals, best first,
only in the committees the user may see, on SQLite and PostgreSQL."""

import pytest
from sqlalchemy import insert

from tests.factories import (
    AgencyFactory,
    CommitteeFactory,
    ResolutionFactory,
    TaskFactory,
    UserFactory,
    member_of,
)
from tracker.extensions import db
from tracker.search.highlight import highlight, snippet
from tracker.search.queries import search, search_words
from tracker.tasks.models import task_coordinator

SPELLINGS = ["lang son", "LẠNG SƠN", "lạng sơn", "Lạng  SON"]


def _found(user, query, page=1, per_page=20):
    return [(hit["kind"], (hit.get("task") or hit.get("resolution")).id)
            for hit in search(user, search_words(query), page=page, per_page=per_page).items]


def _coordinates(task, agency):
    db.session.execute(insert(task_coordinator).values(task_id=task.id, agency_id=agency.id))
    db.session.flush()


@pytest.fixture
def world():
    committee = CommitteeFactory(name="Ban Chỉ đạo du lịch tỉnh")
    culture = AgencyFactory(name="Sở Văn hóa, Thể thao và Du lịch", short_name="Sở VHTTDL")
    border = AgencyFactory(name="Bộ Chỉ huy Bộ đội Biên phòng tỉnh", short_name="BĐBP tỉnh")
    resolution = ResolutionFactory(
        committee=committee, number="45/TB-BCĐ", title="Kết luận về phát triển du lịch",
        text="Giao các sở triển khai Công viên địa chất Lạng Sơn trong năm 2025.")
    geopark = TaskFactory(resolution=resolution, lead_agency=culture,
                          title="Hoàn thiện hồ sơ Công viên địa chất Lạng Sơn")
    festival = TaskFactory(resolution=resolution, lead_agency=culture,
                           title="Tổ chức Lễ hội Hoa Đào Xứ Lạng",
                           description="Phối hợp với tỉnh Lạng Sơn và các huyện")
    patrol = TaskFactory(resolution=resolution, lead_agency=border,
                         title="Tuần tra khu vực cửa khẩu")
    admin = UserFactory(is_admin=True, agency=None)
    member = member_of(committee, "member", agency=culture)
    return {"committee": committee, "resolution": resolution, "geopark": geopark,
            "festival": festival, "patrol": patrol, "admin": admin, "member": member,
            "culture": culture, "border": border}


@pytest.mark.parametrize("query", SPELLINGS)
def test_lang_son_finds_the_same_however_it_is_typed(world, query):
    found = set(_found(world["admin"], query))
    assert found == {("resolution", world["resolution"].id), ("task", world["geopark"].id),
                     ("task", world["festival"].id)}


def test_words_match_in_any_order_and_all_must_match(world):
    assert ("task", world["geopark"].id) in _found(world["admin"], "son lang dia chat")
    assert _found(world["admin"], "lang son ha giang") == []


def test_the_official_number_comes_first(world):
    mention = TaskFactory(resolution=world["resolution"], lead_agency=world["border"],
                          title="Triển khai Thông báo 45/TB-BCĐ")
    found = _found(world["admin"], "45/tb-bcđ")
    assert found[0] == ("resolution", world["resolution"].id)
    assert ("task", mention.id) in found


def test_title_word_start_before_mid_word_before_agency_before_body(world):
    resolution = world["resolution"]
    body = TaskFactory(resolution=resolution, lead_agency=world["border"],
                       title="Kiểm tra an ninh", description="Khu du lịch Mẫu Sơn")
    agency = TaskFactory(resolution=resolution,
                         lead_agency=AgencyFactory(name="Ban quản lý Khu du lịch Mẫu Sơn"),
                         title="Xây dựng quy hoạch chi tiết")
    mid_word = TaskFactory(resolution=resolution, lead_agency=world["border"],
                           title="Quy hoạch HTXMẫuSơn")
    word_start = TaskFactory(resolution=resolution, lead_agency=world["border"],
                             title="Đường lên Mẫu Sơn")
    assert _found(world["admin"], "mau son") == [
        ("task", word_start.id), ("task", mid_word.id), ("task", agency.id), ("task", body.id)]


def test_a_word_after_a_quote_or_bracket_still_starts_a_word(world):
    quoted = TaskFactory(resolution=world["resolution"], lead_agency=world["border"],
                         title="Đề án “Mẫu Sơn xanh” (giai đoạn 2025-2030)")
    mid_word = TaskFactory(resolution=world["resolution"], lead_agency=world["border"],
                           title="Khu HTXMẫuSơn")
    assert _found(world["admin"], "mau son") == [("task", quoted.id), ("task", mid_word.id)]


def test_agency_names_find_the_tasks_they_lead_or_coordinate(world):
    _coordinates(world["patrol"], world["culture"])
    found = _found(world["admin"], "so van hoa")
    assert set(found) == {("task", world["geopark"].id), ("task", world["festival"].id),
                          ("task", world["patrol"].id)}
    assert _found(world["admin"], "BIÊN PHÒNG") == [("task", world["patrol"].id)]
    assert _found(world["admin"], "bdbp tuan tra") == [("task", world["patrol"].id)]


def test_another_committees_items_never_appear_and_admins_see_all(world, login):
    other = CommitteeFactory(name="Ban Chỉ đạo biên giới")
    secret = ResolutionFactory(committee=other, number="7/KL-BCĐ",
                               title="Kết luận về cửa khẩu Lạng Sơn")
    hidden_task = TaskFactory(resolution=secret, title="Mở rộng cửa khẩu Lạng Sơn")
    member_found = set(_found(world["member"], "lang son"))
    assert ("resolution", secret.id) not in member_found
    assert ("task", hidden_task.id) not in member_found
    assert ("task", world["geopark"].id) in member_found
    admin_found = set(_found(world["admin"], "lang son"))
    assert {("resolution", secret.id), ("task", hidden_task.id)} <= admin_found

    page = login(world["member"]).get("/search?q=cua+khau+lang+son").get_data(as_text=True)
    assert "Mở rộng cửa khẩu" not in page
    assert "7/KL-BCĐ" not in page


def test_a_user_without_committees_finds_nothing(world):
    loner = UserFactory()
    assert _found(loner, "lang son") == []


def test_results_come_a_page_at_a_time(world, login):
    for n in range(25):
        TaskFactory(resolution=world["resolution"], lead_agency=world["border"],
                    title=f"Chốt kiểm soát Tân Thanh số {n}")
    first = search(world["admin"], search_words("tan thanh"), page=1, per_page=20)
    second = search(world["admin"], search_words("tan thanh"), page=2, per_page=20)
    assert first.total == 25 and len(first.items) == 20 and len(second.items) == 5
    ids = {h["task"].id for h in first.items} | {h["task"].id for h in second.items}
    assert len(ids) == 25

    browser = login(world["admin"])
    response = browser.get("/search?q=T%C3%82N+THANH&page=2")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.count('<li class="card">') == 5
    assert 'rel="prev"' in html and 'rel="next"' not in html


def test_the_page_shows_type_committee_category_and_escaped_highlights(world, login):
    TaskFactory(resolution=world["resolution"], lead_agency=world["border"],
                title="Cắm mốc <b>Lạng Sơn</b>")
    html = login(world["admin"]).get("/search?q=lang+son").get_data(as_text=True)
    assert "&lt;b&gt;<mark>Lạng Sơn</mark>&lt;/b&gt;" in html
    assert "<mark>Lạng Sơn</mark>" in html
    assert "Ban Chỉ đạo du lịch tỉnh" in html
    assert 'class="badge badge-' in html  # the task's category
    assert "45/TB-BCĐ" in html


def test_empty_and_no_result_states(world, login):
    browser = login(world["member"])
    empty = browser.get("/search")
    assert empty.status_code == 200 and 'class="empty"' in empty.get_data(as_text=True)
    none = browser.get("/search?q=xyzzy")
    assert none.status_code == 200
    assert 'class="empty"' in none.get_data(as_text=True)
    assert '<li class="card">' not in none.get_data(as_text=True)
    beyond = browser.get("/search?q=lang+son&page=99")
    assert beyond.status_code == 200
    assert 'class="button" href="/search?q=lang+son"' in beyond.get_data(as_text=True)


@pytest.mark.parametrize("query", ["a" * 5000, "%", "_", "%_%", "\\", "lang\x00son", "   ",
                                   "' OR 1=1 --", "<script>alert(1)</script>", "đ" * 300,
                                   " ".join(["lang"] * 50)])
def test_odd_input_never_fails(world, login, query):
    response = login(world["member"]).get("/search", query_string={"q": query})
    assert response.status_code == 200
    assert "<script>alert" not in response.get_data(as_text=True)


def test_percent_and_underscore_are_taken_literally(world):
    TaskFactory(resolution=world["resolution"], lead_agency=world["border"],
                title="Đạt 100% kế hoạch_năm")
    assert len(_found(world["admin"], "100%")) == 1
    assert _found(world["admin"], "%") != _found(world["admin"], "lang")
    assert len(_found(world["admin"], "hoach_nam")) == 1


def test_a_resolutions_text_is_searchable_after_an_edit(world):
    resolution = world["resolution"]
    resolution.text = "Đẩy mạnh kinh tế cửa khẩu Hữu Nghị"
    db.session.flush()
    assert _found(world["admin"], "huu nghi") == [("resolution", resolution.id)]
    assert ("resolution", resolution.id) not in _found(world["admin"], "dia chat")


def test_highlight_keeps_the_original_spelling():
    assert str(highlight("Xứ LẠNG & Lạng Sơn", ["lang"])) == (
        "Xứ <mark>LẠNG</mark> &amp; <mark>Lạng</mark> Sơn")
    assert str(snippet("không khớp", ["lang"])) == ""
    long = "mở đầu " * 40 + "Công viên địa chất Lạng Sơn" + " kết thúc" * 40
    text = str(snippet(long, ["dia", "chat"]))
    assert text.startswith("… ") and text.endswith(" …")
    assert "<mark>địa chất</mark>" in text
