"""The task lists: filters from the query string, sorting, pages, empty states, bad input."""

from __future__ import annotations

import re

from tests.factories import (
    AgencyFactory,
    CommitteeFactory,
    CommitteeRoleFactory,
    ResolutionFactory,
    UserFactory,
)
from tests.tasks.scenes import in_days, lang_son_scene, person
from tracker.extensions import db


def titles(html: str) -> list[str]:
    """The task titles in the table, in order."""
    return re.findall(r'<a href="/tasks/\d+">([^<]+)</a>', html)


def test_dashboard_link_filters_by_committee_category_and_agency(login):
    scene = lang_son_scene()
    late_other = scene.add_task(title="Tuyên truyền quảng bá du lịch biên giới",
                                lead_agency=scene.other, deadline=in_days(-2))
    on_time = scene.add_task(title="Phát triển sản phẩm OCOP", deadline=in_days(20))
    browser = login(scene.secretary)

    url = (f"/tasks?committee={scene.committee.id}&category=overdue"
           f"&agency={scene.lead.id}")
    shown = titles(browser.get(url).get_data(as_text=True))
    assert shown == [scene.task.title]

    shown = titles(browser.get("/tasks?category=overdue").get_data(as_text=True))
    assert set(shown) == {scene.task.title, late_other.title}
    shown = titles(browser.get("/tasks?category=in_time").get_data(as_text=True))
    assert shown == [on_time.title]


def test_deadline_range_and_search(login):
    scene = lang_son_scene()
    spring = scene.add_task(title="Lễ hội Hoa Đào Lạng Sơn", deadline=in_days(40))
    scene.add_task(title="Đề án nguồn nhân lực du lịch", deadline=in_days(90))
    browser = login(scene.secretary)

    url = f"/tasks?due_from={in_days(30).isoformat()}&due_to={in_days(60).isoformat()}"
    assert titles(browser.get(url).get_data(as_text=True)) == [spring.title]
    assert titles(browser.get("/tasks?q=HOA DAO").get_data(as_text=True)) == [spring.title]


def test_resolution_filter(login):
    scene = lang_son_scene()
    plan = ResolutionFactory(committee=scene.committee, number="45/KH-BCĐ")
    task = scene.add_task(resolution=plan, title="Kế hoạch phát triển du lịch 2024")
    page = login(scene.secretary).get(f"/tasks?resolution={plan.id}").get_data(as_text=True)
    assert titles(page) == [task.title]


def test_sorting_by_title_both_ways(login):
    scene = lang_son_scene()
    scene.add_task(title="A. Xây dựng kế hoạch")
    scene.add_task(title="Z. Tổng kết năm")
    browser = login(scene.secretary)
    ascending = titles(browser.get("/tasks?sort=title").get_data(as_text=True))
    descending = titles(browser.get("/tasks?sort=-title").get_data(as_text=True))
    assert ascending == sorted(ascending) and descending == list(reversed(ascending))


def test_urgency_puts_overdue_first_then_by_deadline(login):
    scene = lang_son_scene()
    soon = scene.add_task(title="Sắp đến hạn", deadline=in_days(2))
    later = scene.add_task(title="Còn lâu", deadline=in_days(50))
    standing = scene.add_task(title="Thường xuyên", deadline=None)
    page = login(scene.lead_member).get("/my-agency").get_data(as_text=True)
    assert titles(page) == [scene.task.title, soon.title, later.title, standing.title]


def test_pagination_splits_long_lists(login):
    scene = lang_son_scene()
    for day in range(30):
        scene.add_task(title=f"Nhiệm vụ số {day + 1:02d}", deadline=in_days(day + 1))
    browser = login(scene.lead_member)

    first = browser.get("/my-agency").get_data(as_text=True)
    second = browser.get("/my-agency?page=2").get_data(as_text=True)
    assert len(titles(first)) == 25 and len(titles(second)) == 6
    assert "Page 1 of 2" in first and 'rel="next"' in first
    assert not set(titles(first)) & set(titles(second))
    beyond = browser.get("/my-agency?page=9")
    assert beyond.status_code == 200 and "past the end of the list" in beyond.get_data(
        as_text=True)


def test_agency_without_tasks_is_told_so(login):
    scene = lang_son_scene()
    newcomer = person(scene.committee, "member", AgencyFactory(name="Sở Tài chính tỉnh Lạng Sơn"))
    page = login(newcomer).get("/my-agency").get_data(as_text=True)
    assert "Your agency has no tasks" in page and "Clear filters" not in page


def test_no_match_offers_to_clear_the_filters(login):
    scene = lang_son_scene()
    browser = login(scene.lead_member)
    page = browser.get("/my-agency?category=done_late").get_data(as_text=True)
    assert "No task matches these filters" in page
    assert 'href="/my-agency">Clear filters' in page


def test_user_without_agency_gets_a_message_not_an_error(login):
    user = UserFactory(agency=None, language="en")
    response = login(user).get("/my-agency")
    assert response.status_code == 200
    assert "not linked to an agency" in response.get_data(as_text=True)


def test_filter_selects_offer_only_what_the_user_may_see(login):
    scene = lang_son_scene()
    geopark_only = AgencyFactory(name="Hợp tác xã Du lịch Phia Thắp")
    scene.outsider.committee_roles[0].committee.member_agencies = [geopark_only]
    page = login(scene.lead_member).get("/tasks").get_data(as_text=True)
    assert "Cao Bằng" not in page
    assert "Phia Thắp" not in page
    assert "UBND Cao Lộc" in page


def test_garbage_query_arguments_do_not_break_the_lists(login):
    scene = lang_son_scene()
    browser = login(scene.lead_member)
    for query in ("page=abc", "page=-4", "page=99999999999999999999", "category=nonsense",
                  "due_from=2024-02-30", "due_to=yesterday", "committee=abc",
                  "agency=99999999999999999999", "resolution=-1", "sort=password",
                  "sort=-", "q=" + "x" * 5000, "committee=&agency=&category="):
        for path in ("/tasks", "/my-agency"):
            response = browser.get(f"{path}?{query}")
            assert response.status_code == 200, (path, query)
    assert scene.task.title in browser.get("/tasks?category=nonsense").get_data(as_text=True)


def test_my_agency_ignores_a_foreign_agency_in_the_query_string(login):
    scene = lang_son_scene()
    other = scene.add_task(title="Việc của Biên phòng", lead_agency=scene.other)
    page = login(scene.lead_member).get(
        f"/my-agency?involving={scene.other.id}&agency={scene.other.id}").get_data(as_text=True)
    assert other.title not in page
    assert scene.task.title in page


def test_chosen_agency_stays_in_the_select_when_a_committee_is_chosen(login):
    scene = lang_son_scene()
    geopark = CommitteeFactory(name="Ban Quản lý Công viên địa chất Non nước Cao Bằng")
    partner = AgencyFactory(name="Hợp tác xã Du lịch Phia Thắp", short_name="HTX Phia Thắp")
    geopark.member_agencies = [partner]
    CommitteeRoleFactory(committee=geopark, user=scene.secretary, role="viewer")
    stranger = AgencyFactory(name="Sở Tài chính tỉnh Lạng Sơn", short_name="Sở Tài chính")
    browser = login(scene.secretary)

    page = browser.get(f"/tasks?committee={scene.committee.id}").get_data(as_text=True)
    assert "HTX Phia Thắp" not in page  # only the chosen committee's agencies
    page = browser.get(f"/tasks?committee={scene.committee.id}&agency={partner.id}"
                       ).get_data(as_text=True)
    assert f'<option value="{partner.id}" selected>HTX Phia Thắp</option>' in page
    page = browser.get(f"/tasks?agency={stranger.id}").get_data(as_text=True)
    assert "Sở Tài chính" not in page  # not on a committee the secretary sits on


def test_vietnamese_user_sees_deadlines_as_day_month_year(login):
    scene = lang_son_scene()
    scene.lead_member.language = "vi"
    page = login(scene.lead_member).get("/my-agency").get_data(as_text=True)
    assert scene.task.deadline.strftime("%d/%m/%Y") in page
    assert '<html lang="vi">' in page


def test_page_size_is_chosen_in_the_link_within_bounds(login):
    scene = lang_son_scene()
    for number in range(3):
        scene.add_task(title=f"Nhiệm vụ số {number}")
    browser = login(scene.secretary)
    # The scene's own task plus three: two per page, the next link keeps the page size.
    page = browser.get("/tasks?per_page=2").get_data(as_text=True)
    assert len(titles(page)) == 2
    assert "per_page=2" in re.search(r'<a href="([^"]+)" rel="next"', page).group(1)
    assert len(titles(browser.get("/tasks?per_page=999").get_data(as_text=True))) == 4
    assert len(titles(browser.get("/tasks?per_page=abc").get_data(as_text=True))) == 4


def test_a_kept_row_follows_its_task_and_the_readers_language(login):
    """Rows are kept written (lists.task_lists.rows_html), keyed by what they show: a
    renamed task, a new deadline or another language is a new row, never a stale one."""
    scene = lang_son_scene()
    scene.secretary.language = "vi"
    browser = login(scene.secretary)
    page = browser.get("/tasks").get_data(as_text=True)
    assert scene.task.title in page
    assert 'data-label="Cơ quan chủ trì">' in page

    scene.task.title = "Hồ sơ UNESCO đã chỉnh sửa"
    scene.task.deadline = in_days(10)
    db.session.flush()
    page = browser.get("/tasks").get_data(as_text=True)
    assert titles(page) == ["Hồ sơ UNESCO đã chỉnh sửa"]
    assert in_days(10).strftime("%d/%m/%Y") in page
    assert in_days(-5).strftime("%d/%m/%Y") not in page

    scene.secretary.language = "en"
    db.session.flush()
    page = browser.get("/tasks").get_data(as_text=True)
    assert 'data-label="Lead agency">' in page
    assert 'data-label="Cơ quan chủ trì">' not in page


def test_the_coordination_mark_is_per_reader_not_per_kept_row(login):
    """The same row is marked "your agency coordinates" for the coordinating agency's
    member, and not for the lead agency's."""
    scene = lang_son_scene()
    scene.lead_member.language = scene.coordinating_member.language = "en"
    db.session.flush()
    coordinating = login(scene.coordinating_member)
    assert "your agency coordinates" in coordinating.get("/my-agency").get_data(as_text=True)
    coordinating.post("/logout", form_url="/profile")
    assert "your agency coordinates" not in login(scene.lead_member).get(
        "/my-agency").get_data(as_text=True)


def test_translated_options_are_written_in_each_readers_language(login):
    """A select whose names are translated (the kinds of document) is written per request:
    plain (id, name) options are kept, translated ones must not be."""
    scene = lang_son_scene()
    scene.secretary.language = "en"
    scene.chair.language = "vi"
    db.session.flush()
    secretary = login(scene.secretary)
    english = secretary.get("/resolutions").get_data(as_text=True)
    secretary.post("/logout", form_url="/profile")
    vietnamese = login(scene.chair).get("/resolutions").get_data(as_text=True)
    assert '<option value="conclusion_notice">Conclusion notice</option>' in english
    assert '<option value="conclusion_notice">Thông báo kết luận</option>' in vietnamese


def _filter_bar(page: str) -> str:
    return page[page.index('<form method="get" class="filters"'):].split("</form>", 1)[0]


def test_the_kept_filter_bar_follows_its_options_filters_page_and_language(login):
    """Filter bars are kept written (lists.task_lists.filter_bar_html), keyed by what they
    show: a renamed agency, another filter, another page or another language is a new bar."""
    from tracker.committees import services as committees

    scene = lang_son_scene()
    scene.secretary.language = "vi"
    db.session.flush()
    browser = login(scene.secretary)
    bar = _filter_bar(browser.get("/tasks").get_data(as_text=True))
    assert "Cơ quan chủ trì" in bar
    assert f'<option value="{scene.lead.id}">{scene.lead.short_name}</option>' in bar
    assert 'class="button">' not in bar  # nothing to clear

    lead = scene.lead
    committees.update_agency(lead, name=lead.name, short_name="SVHTTDL mới", kind=lead.kind,
                             email=lead.email)
    db.session.flush()
    bar = _filter_bar(browser.get("/tasks").get_data(as_text=True))
    assert f'<option value="{lead.id}">SVHTTDL mới</option>' in bar

    bar = _filter_bar(browser.get(f"/tasks?agency={lead.id}&q=du").get_data(as_text=True))
    assert f'<option value="{lead.id}" selected>SVHTTDL mới</option>' in bar
    assert 'value="du"' in bar and 'href="/tasks"' in bar  # "Clear filters" on this page
    scene.secretary.agency = lead
    db.session.flush()
    bar = _filter_bar(browser.get("/my-agency?q=du").get_data(as_text=True))
    assert 'href="/my-agency"' in bar and 'id="f-agency"' not in bar

    scene.secretary.language = "en"
    db.session.flush()
    bar = _filter_bar(browser.get(f"/tasks?agency={lead.id}&q=du").get_data(as_text=True))
    assert "Lead agency" in bar and "Cơ quan chủ trì" not in bar


def test_the_filter_bar_reads_only_its_arguments(app):
    """It is kept under its arguments, so it must not read the request, the user or anything
    else of the page's context (a kept bar would show one user's or page's to another)."""
    from jinja2 import meta

    source = app.jinja_env.loader.get_source(app.jinja_env, "tasks/_filters.html")[0]
    read = meta.find_undeclared_variables(app.jinja_env.parse(source))
    arguments = {"filters", "sort", "filtered", "endpoint", "committees", "resolutions",
                 "categories", "agencies", "coordinating_agencies"}
    pure_globals = {"_", "url_for", "labels"}  # the same for every reader of a language
    assert read <= arguments | pure_globals, read - arguments - pure_globals
