"""Reminders reach coordinating agencies for their part, until they report it done."""

from __future__ import annotations

from datetime import date

from sqlalchemy import update

from tests.factories import AgencyFactory, UserFactory
from tests.reminders.builders import NOW, ladder
from tests.reminders.test_sweep import addresses
from tracker.extensions import db
from tracker.reminders.sweep import sweep_reminders
from tracker.tasks.models import task_coordinator


def coordinator(org, n: str, **kw):
    agency = AgencyFactory(email=f"CongAn{n}@LangSon.gov.vn", **kw)
    org.committee.member_agencies.append(agency)
    return agency


def test_due_and_overdue_reminders_reach_each_coordinating_agencys_mailbox():
    org = ladder()
    police, border = coordinator(org, "a"), coordinator(org, "b")
    soon = org.task(7, coordinating_agencies=[police, border])
    late = org.task(-1, coordinating_agencies=[police])
    today = org.task(0, coordinating_agencies=[border])
    sweep_reminders(NOW)
    assert addresses(soon, "due_before") == {
        org.assignee.email, org.lead.email.lower(), police.email.lower(), border.email.lower()}
    assert police.email.lower() in addresses(late, "overdue")
    assert border.email.lower() in addresses(today, "due_today")


def test_a_coordinating_agency_whose_part_is_done_is_not_reminded():
    org = ladder()
    police, border = coordinator(org, "c"), coordinator(org, "d")
    task = org.task(1, coordinating_agencies=[police, border])
    db.session.execute(update(task_coordinator)
                       .where(task_coordinator.c.task_id == task.id,
                              task_coordinator.c.agency_id == police.id)
                       .values(progress=100, part_done_on=date(2026, 11, 20)))
    sweep_reminders(NOW)
    got = addresses(task, "due_before")
    assert border.email.lower() in got
    assert police.email.lower() not in got


def test_escalations_and_standing_duties_stay_with_the_lead_agency():
    org = ladder()
    police = coordinator(org, "e", head_email="giamdoc.congan@langson.gov.vn")
    standing = org.task(None, coordinating_agencies=[police])
    late = org.task(-7, coordinating_agencies=[police])  # first escalation step
    sweep_reminders(NOW)
    assert police.email.lower() not in addresses(standing)
    assert police.email.lower() not in addresses(late, "escalated")
    assert "giamdoc.congan@langson.gov.vn" not in addresses(late)


def test_a_coordinating_mailbox_that_is_a_users_login_follows_their_choice():
    org = ladder()
    police = coordinator(org, "f")
    UserFactory(email=police.email.lower(), agency=police, mail_optional=False)
    soon = org.task(7, coordinating_agencies=[police])
    late = org.task(-1, coordinating_agencies=[police])
    sweep_reminders(NOW)
    assert police.email.lower() not in addresses(soon)  # optional mail switched off
    assert police.email.lower() in addresses(late, "overdue")  # essential
