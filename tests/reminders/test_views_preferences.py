"""People choose their mail; agencies get a head's address; a task shows its reminders."""

from __future__ import annotations

from datetime import date

from tests.factories import AgencyFactory, CommitteeFactory, TaskFactory, UserFactory, member_of
from tests.reminders.test_views_outbox import digest_with
from tracker.clock import utcnow
from tracker.history.services import entries_for


def _profile(browser, **fields):
    data = {"which": "profile", "profile-name": browser.user.name, "profile-language": "vi"}
    data.update(fields)
    return browser.post("/profile", data)


def test_user_switches_off_non_essential_reminders(login):
    user = UserFactory(language="en")
    browser = login(user)
    html = browser.get("/profile").get_data(as_text=True)
    assert "Also send me non-essential reminders" in html
    assert "cannot be switched off" in html
    assert _profile(browser).status_code == 302  # the box left unticked
    assert user.mail_optional is False
    assert entries_for("user", user.id)[-1].changes["mail_optional"] == [True, False]
    assert _profile(browser, **{"profile-mail_optional": "y"}).status_code == 302
    assert user.mail_optional is True


def test_admin_gives_an_agency_its_heads_address(login):
    agency = AgencyFactory(name="Sở Du lịch", kind="department", head_email=None)
    admin = login(UserFactory(is_admin=True, agency=None, language="en"))
    assert "Head of agency e-mail" in admin.get(
        f"/admin/agencies/{agency.id}/edit").get_data(as_text=True)
    response = admin.post(f"/admin/agencies/{agency.id}/edit", {
        "name": "Sở Du lịch", "kind": "department", "email": "sdl@langson.gov.vn",
        "head_email": "GiamDoc.SDL@langson.gov.vn"})
    assert response.status_code == 302
    assert agency.head_email == "giamdoc.sdl@langson.gov.vn"


def test_an_invalid_head_address_changes_nothing(login):
    agency = AgencyFactory(name="Sở Du lịch", kind="department", head_email=None)
    admin = login(UserFactory(is_admin=True, agency=None, language="en"))
    response = admin.post(f"/admin/agencies/{agency.id}/edit", {
        "name": "Sở Du lịch", "kind": "department", "head_email": "not an address"})
    assert response.status_code == 422
    assert 'id="head_email-error"' in response.get_data(as_text=True)
    assert agency.head_email is None


def test_task_page_lists_who_was_reminded_when(login):
    committee = CommitteeFactory()
    task = TaskFactory(resolution__committee=committee)
    other_task = TaskFactory(resolution__committee=committee)
    digest_with(task, "sovhttdl@langson.gov.vn", "sent", kind="overdue",
                on=date(2026, 11, 22), sent_at=utcnow())
    digest_with(task, "giamdoc@langson.gov.vn", "failed", kind="escalated",
                on=date(2026, 11, 23))
    digest_with(other_task, "khac@langson.gov.vn", "sent", sent_at=utcnow())
    viewer = member_of(committee, "viewer", language="en")
    html = login(viewer).get(f"/tasks/{task.id}").get_data(as_text=True)
    section = html[html.index('id="reminders-heading"'):]
    assert "sovhttdl@langson.gov.vn" in section and "giamdoc@langson.gov.vn" in section
    assert "khac@langson.gov.vn" not in section
    assert "22 Nov 2026" in section and "Escalated" in section and "Failed" in section


def test_task_page_says_when_no_reminder_went_out(login):
    committee = CommitteeFactory()
    task = TaskFactory(resolution__committee=committee)
    html = login(member_of(committee, "member", language="en")).get(
        f"/tasks/{task.id}").get_data(as_text=True)
    assert "No reminder has been sent for this task yet." in html
