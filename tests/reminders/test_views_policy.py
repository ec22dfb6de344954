"""A committee's secretary or chair sets when its tasks are reminded; others may not."""

from __future__ import annotations

import pytest

from tests.factories import CommitteeFactory, UserFactory, member_of
from tracker.extensions import db
from tracker.history.models import HistoryEntry
from tracker.history.services import entries_for
from tracker.reminders.models import ReminderPolicy

VALID = {
    "days_before": "14, 3, 1", "on_the_day": "y", "overdue_every_days": "5",
    "escalate_after_days": "10", "standing_stale_days": "60", "working_days_only": "y",
    "decision_waiting_days": "4",
}


def _url(committee) -> str:
    return f"/committees/{committee.id}/reminder-policy"


def _policy(committee):
    return db.session.scalar(
        db.select(ReminderPolicy).where(ReminderPolicy.committee_id == committee.id))


def _count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


@pytest.mark.parametrize("role", ["secretary", "chair", "vice_chair"])
def test_committee_managers_set_the_reminder_policy(login, role):
    committee = CommitteeFactory()
    user = member_of(committee, role)
    response = login(user).post(_url(committee), VALID)
    assert response.status_code == 302
    policy = _policy(committee)
    assert policy.days_before == [14, 3, 1]
    assert (policy.on_the_day, policy.overdue_every_days, policy.escalate_after_days,
            policy.standing_stale_days, policy.working_days_only, policy.weekly_summary) == (
        True, 5, 10, 60, True, False)
    entry = entries_for("reminder_policy", policy.id)[-1]
    assert entry.actor_id == user.id
    assert entry.changes["days_before"] == [[7, 1], [14, 3, 1]]


def test_the_page_shows_the_defaults_and_links_back_to_the_committee(login):
    committee = CommitteeFactory(name="Ban Chỉ đạo 35 tỉnh Cao Bằng")
    html = login(member_of(committee, "secretary")).get(_url(committee)).get_data(as_text=True)
    assert 'value="7, 1"' in html
    assert "Ban Chỉ đạo 35 tỉnh Cao Bằng" in html


def test_admin_sets_any_committees_policy(login):
    committee = CommitteeFactory()
    admin = UserFactory(is_admin=True, agency=None)
    assert login(admin).post(_url(committee), VALID).status_code == 302
    assert _policy(committee).overdue_every_days == 5


@pytest.mark.parametrize(("role", "status"), [("member", 403), ("viewer", 403)])
def test_members_and_viewers_may_not_change_the_policy(login, role, status):
    committee = CommitteeFactory()
    browser = login(member_of(committee, role))
    assert browser.get(_url(committee)).status_code == status
    response = browser.post(_url(committee), VALID, form_url="/profile")
    assert response.status_code == status
    assert _policy(committee) is None


def test_outsiders_do_not_even_see_the_policy(login):
    committee = CommitteeFactory()
    outsider = member_of(CommitteeFactory(), "chair")
    assert login(outsider).get(_url(committee)).status_code == 404


@pytest.mark.parametrize(("field", "value", "message"), [
    ("days_before", "7, x", "is not a whole number"),
    ("days_before", "0, 7", "from 1 to 60"),
    ("days_before", "61", "from 1 to 60"),
    ("days_before", "7, 7", "only once"),
    ("days_before", "1, 2, 3, 4, 5, 6", "at most 5"),
    ("overdue_every_days", "0", "from 1 to 60"),
    ("overdue_every_days", "", "whole number"),
    ("escalate_after_days", "91", "from 1 to 90"),
    ("standing_stale_days", "6", "from 7 to 365"),
    ("standing_stale_days", "99999999999999999999", "from 7 to 365"),
])
def test_invalid_policy_is_shown_next_to_its_field_and_nothing_is_written(
        login, field, value, message):
    committee = CommitteeFactory()
    browser = login(member_of(committee, "secretary", language="en"))
    before = (_count(ReminderPolicy), _count(HistoryEntry))
    response = browser.post(_url(committee), {**VALID, field: value})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html
    assert message in html
    assert (_count(ReminderPolicy), _count(HistoryEntry)) == before


def test_empty_days_before_means_no_early_reminders(login):
    committee = CommitteeFactory()
    browser = login(member_of(committee, "chair"))
    assert browser.post(_url(committee), {**VALID, "days_before": ""}).status_code == 302
    assert _policy(committee).days_before == []


def test_committee_page_links_managers_to_the_reminder_settings(login):
    committee = CommitteeFactory()
    link = _url(committee)
    assert link in login(member_of(committee, "secretary")).get(
        f"/committees/{committee.id}").get_data(as_text=True)


def test_committee_page_hides_the_link_from_members(login):
    committee = CommitteeFactory()
    html = login(member_of(committee, "member")).get(
        f"/committees/{committee.id}").get_data(as_text=True)
    assert _url(committee) not in html
