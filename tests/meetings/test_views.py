"""The secretary on the site: prepares the agenda, sends the invitation, assigns tasks from an
agenda item; members read, and may not change it."""

from __future__ import annotations

from sqlalchemy import select

from tests.meetings.conftest import days
from tests.resolutions.helpers import error_next_to, text_of
from tracker.extensions import db
from tracker.meetings import services
from tracker.meetings.models import AgendaItem, MeetingInvitation
from tracker.resolutions.models import Resolution
from tracker.tasks.models import Task


def agenda_url(prep) -> str:
    return f"/meetings/{prep.meeting.id}/agenda"


def items(prep) -> list[AgendaItem]:
    return db.session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == prep.meeting.id)
                              .order_by(AgendaItem.position)
                              .execution_options(populate_existing=True)).all()


def test_the_secretary_adds_moves_edits_and_deletes_agenda_items(prep, login):
    w = prep.world
    browser = login(w.secretary)
    url = agenda_url(prep)
    for title, agency in (("Báo cáo chuẩn bị Lễ hội Hoa Đào", w.vhttdl),
                          ("An ninh trật tự tại điểm du lịch", w.police)):
        response = browser.post(url, {"title": title, "presenter_agency_id": str(agency.id),
                                      "minutes_allotted": "20", "notes": ""})
        assert response.status_code == 302, text_of(response)[:1500]
    first, second = items(prep)

    response = browser.post(f"{url}/{second.id}/move", {"direction": "up"}, form_url=url)
    assert response.status_code == 302
    assert [i.id for i in items(prep)] == [second.id, first.id]

    response = browser.post(f"{url}/{first.id}/edit", {
        "title": "Báo cáo tiến độ Lễ hội Hoa Đào", "presenter_agency_id": str(w.vhttdl.id),
        "minutes_allotted": "", "notes": "Sở VHTTDL chuẩn bị báo cáo"})
    assert response.status_code == 302
    db.session.refresh(first)
    assert first.title == "Báo cáo tiến độ Lễ hội Hoa Đào" and first.minutes_allotted is None

    confirm = browser.get(f"{url}/{second.id}/delete")
    assert confirm.status_code == 200 and "An ninh trật tự" in text_of(confirm)
    assert len(items(prep)) == 2  # asking is not deleting
    assert browser.post(f"{url}/{second.id}/delete", {}).status_code == 302
    assert [i.title for i in items(prep)] == ["Báo cáo tiến độ Lễ hội Hoa Đào"]


def test_a_bad_agenda_item_comes_back_with_the_error_next_to_its_field(prep, login):
    browser = login(prep.world.secretary)
    response = browser.post(agenda_url(prep), {"title": "", "minutes_allotted": "900"})
    assert response.status_code == 422
    assert error_next_to(response, "title") == "Please enter the agenda item."
    assert error_next_to(response, "minutes_allotted")
    assert items(prep) == []


def test_members_read_the_meeting_but_cannot_prepare_it(prep, login):
    w = prep.world
    browser = login(w.member)
    page = browser.get(f"/meetings/{prep.meeting.id}")
    assert page.status_code == 200 and prep.very_late.title in text_of(page)
    assert "Prepare the agenda" not in text_of(page)
    assert browser.get(agenda_url(prep)).status_code == 403
    assert browser.get(f"/meetings/{prep.meeting.id}/invitation").status_code == 403


def test_another_committees_secretary_finds_no_such_agenda(prep, login):
    assert login(prep.world.outsider).get(agenda_url(prep)).status_code == 404


def test_the_meeting_page_shows_the_live_carry_over_then_the_frozen_one_beside_the_live_state(
        prep, login, app):
    w = prep.world
    browser = login(w.secretary)
    page = text_of(browser.get(f"/meetings/{prep.meeting.id}"))
    assert page.index(prep.very_late.title) < page.index(prep.overdue.title) \
        < page.index(prep.soon.title)
    assert "25 days late" in page
    assert "Live: frozen into the meeting when the invitation is sent." in page

    preview = browser.get(f"/meetings/{prep.meeting.id}/invitation")
    assert "sovhttdl@langson.gov.vn" in text_of(preview)
    recorded = app.extensions["jobs_recorded"]
    before = len(recorded)
    response = browser.post(f"/meetings/{prep.meeting.id}/invitation", {})
    assert response.status_code == 302
    assert ("meetings.send_invitations", ()) in recorded[before:]
    assert len(db.session.scalars(select(MeetingInvitation)).all()) == 5

    prep.very_late.progress = 95
    db.session.flush()
    page = text_of(browser.get(f"/meetings/{prep.meeting.id}"))
    assert "As sent with the invitation (what the members saw)" in page
    assert "10%" in page and "95%" in page  # what they saw, and now
    assert "Send the invitation" not in page.split("Agenda")[0]
    again = browser.post(f"/meetings/{prep.meeting.id}/invitation", {},
                         form_url=f"/meetings/{prep.meeting.id}")
    assert again.status_code == 409
    assert browser.post(f"/meetings/{prep.meeting.id}/held", {},
                        form_url=f"/meetings/{prep.meeting.id}").status_code == 302
    assert prep.meeting.is_held


def test_assigning_tasks_from_an_item_without_a_notice_opens_the_new_notice_prefilled(
        prep, login):
    w = prep.world
    item = services.add_agenda_item(prep.meeting, actor=w.secretary,
                                    title="Tổ chức Lễ hội Hoa Đào Xứ Lạng",
                                    presenter_agency_id=w.vhttdl.id,
                                    notes="Phối hợp Công an tỉnh bảo đảm an ninh")
    browser = login(w.secretary)
    response = browser.get(f"/meetings/{prep.meeting.id}/agenda/{item.id}/tasks")
    assert response.status_code == 302
    form_url = response.headers["Location"]
    assert "kind=conclusion_notice" in form_url and f"agenda_item={item.id}" in form_url
    html = text_of(browser.get(form_url))
    assert 'value="Tổ chức Lễ hội Hoa Đào Xứ Lạng"' in html
    assert '<option selected value="conclusion_notice">' in html
    assert f'value="{days(0).isoformat()}"' in html

    saved = browser.post(form_url, {
        "kind": "conclusion_notice", "number": "45/TB-BCĐ", "issued_on": days(8).isoformat(),
        "title": "Kết luận phiên họp quý IV", "meeting_id": str(prep.meeting.id),
        "tasks-0-title": "Xây dựng kế hoạch tổ chức Lễ hội",
        "tasks-0-lead_agency_id": str(w.vhttdl.id), "tasks-0-deadline": days(30).isoformat(),
        "tasks-0-priority": "normal"})
    assert saved.status_code == 302, text_of(saved)[:3000]
    assert saved.headers["Location"].endswith(f"#agenda-item-{item.id}")
    task = db.session.scalar(select(Task).where(Task.title == "Xây dựng kế hoạch tổ chức Lễ hội"))
    assert task.agenda_item_id == item.id
    page = text_of(browser.get(f"/meetings/{prep.meeting.id}"))
    section = page[page.index('id="agenda-item-'):]
    assert "Xây dựng kế hoạch tổ chức Lễ hội" in section

    # The notice exists now: the next item's tasks join it, first row prefilled.
    notice = db.session.scalar(select(Resolution).where(Resolution.number == "45/TB-BCĐ"))
    response = browser.get(f"/meetings/{prep.meeting.id}/agenda/{item.id}/tasks")
    assert f"/resolutions/{notice.id}/tasks/new" in response.headers["Location"]
    add_url = response.headers["Location"]
    assert 'value="Tổ chức Lễ hội Hoa Đào Xứ Lạng"' in text_of(browser.get(add_url))
    added = browser.post(add_url, {
        "tasks-0-title": "Bảo đảm an ninh Lễ hội", "tasks-0-lead_agency_id": str(w.police.id),
        "tasks-0-deadline": days(25).isoformat(), "tasks-0-priority": "high"})
    assert added.status_code == 302, text_of(added)[:3000]
    linked = db.session.scalars(select(Task.title).where(Task.agenda_item_id == item.id)).all()
    assert sorted(linked) == ["Bảo đảm an ninh Lễ hội", "Xây dựng kế hoạch tổ chức Lễ hội"]


def test_a_meeting_recorded_after_the_fact_shows_no_carry_over(prep, login):
    page = text_of(login(prep.world.secretary).get(f"/meetings/{prep.previous.id}"))
    assert prep.very_late.title not in page
    assert "Review of the tasks carried over" not in page
    assert "Send the invitation" not in page
