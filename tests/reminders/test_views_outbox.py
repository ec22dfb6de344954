"""Admins watch the outbox (pending, sent, failed) and send a failed e-mail again."""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories import CommitteeFactory, TaskFactory, UserFactory, member_of
from tracker.clock import utcnow
from tracker.extensions import db
from tracker.reminders.models import MailDigest, Reminder


@pytest.fixture
def as_admin(login):
    return login(UserFactory(is_admin=True, agency=None, language="en"))


def digest_with(task, email: str, status: str, kind: str = "overdue", on=date(2026, 11, 22),
                **fields) -> MailDigest:
    """A digest for ``email`` carrying one reminder of ``task``."""
    digest = MailDigest(recipient_email=email, digest_on=on, status=status, language="vi",
                        **fields)
    db.session.add(digest)
    db.session.flush()
    db.session.add(Reminder(task_id=task.id, committee_id=task.committee_id,
                            recipient_email=email, kind=kind, due_on=on, level=0,
                            digest_id=digest.id))
    db.session.flush()
    return digest


def test_admin_sees_the_outbox_with_each_emails_tasks_and_error(as_admin):
    task = TaskFactory(title="Xây dựng Đề án phát triển du lịch cộng đồng")
    digest_with(task, "sovhttdl@langson.gov.vn", "failed", attempts=1,
                last_error="550 5.1.1 mailbox unavailable")
    digest_with(task, "congan@langson.gov.vn", "sent", sent_at=utcnow())
    html = as_admin.get("/admin/outbox").get_data(as_text=True)
    assert "sovhttdl@langson.gov.vn" in html and "congan@langson.gov.vn" in html
    assert "550 5.1.1 mailbox unavailable" in html
    assert f'href="/tasks/{task.id}"' in html
    assert "Xây dựng Đề án phát triển du lịch cộng đồng" in html


def test_the_outbox_filters_by_status_day_and_recipient(as_admin):
    task = TaskFactory()
    digest_with(task, "failed@langson.gov.vn", "failed", on=date(2026, 11, 21))
    digest_with(task, "pending@langson.gov.vn", "pending", on=date(2026, 11, 22))
    html = as_admin.get("/admin/outbox?status=failed").get_data(as_text=True)
    assert "failed@langson.gov.vn" in html and "pending@langson.gov.vn" not in html
    html = as_admin.get("/admin/outbox?on=2026-11-22").get_data(as_text=True)
    assert "failed@langson.gov.vn" not in html and "pending@langson.gov.vn" in html
    html = as_admin.get("/admin/outbox?q=PENDING@").get_data(as_text=True)
    assert "failed@langson.gov.vn" not in html and "pending@langson.gov.vn" in html
    html = as_admin.get("/admin/outbox?q=nobody%25").get_data(as_text=True)
    assert "No e-mail matches these filters." in html


@pytest.mark.parametrize("query", ["status=lost", "on=2026-02-31", "on=x", "page=-3",
                                   "page=99999999999999999999"])
def test_nonsense_filters_are_ignored(as_admin, query):
    assert as_admin.get(f"/admin/outbox?{query}").status_code == 200


def test_retry_moves_a_failed_email_back_to_pending(as_admin):
    digest = digest_with(TaskFactory(), "sovhttdl@langson.gov.vn", "failed", attempts=3,
                         last_error="550 mailbox unavailable")
    page = as_admin.get("/admin/outbox?status=failed").get_data(as_text=True)
    assert f'action="/admin/outbox/{digest.id}/retry?status=failed"' in page
    assert "data-confirm=" in page
    response = as_admin.post(f"/admin/outbox/{digest.id}/retry?status=failed",
                             form_url="/admin/outbox")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/outbox?status=failed")
    db.session.refresh(digest)
    assert digest.status == "pending"
    assert digest.next_attempt_at <= utcnow()


def test_a_sent_email_is_not_retried(as_admin):
    digest = digest_with(TaskFactory(), "congan@langson.gov.vn", "sent", sent_at=utcnow())
    response = as_admin.post(f"/admin/outbox/{digest.id}/retry", form_url="/admin/outbox")
    assert response.status_code == 302
    db.session.refresh(digest)
    assert digest.status == "sent"


def test_retry_of_an_unknown_email_is_404(as_admin):
    assert as_admin.post("/admin/outbox/999999/retry",
                         form_url="/admin/outbox").status_code == 404


def test_only_admins_see_the_outbox(login):
    committee = CommitteeFactory()
    digest = digest_with(TaskFactory(resolution__committee=committee), "x@langson.gov.vn",
                         "failed")
    browser = login(member_of(committee, "secretary"))
    assert browser.get("/admin/outbox").status_code == 403
    assert browser.post(f"/admin/outbox/{digest.id}/retry", form_url="/profile").status_code \
        == 403
    db.session.refresh(digest)
    assert digest.status == "failed"
