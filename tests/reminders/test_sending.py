"""Digests sent through a real SMTP server: the exact mails received, whatever fails."""

from __future__ import annotations

import time
from datetime import date, timedelta

import pytest
from flask_babel import force_locale, ngettext
from sqlalchemy import select

from tests.factories import CommitteeRoleFactory, member_of
from tests.reminders.builders import NOW, ladder
from tests.reminders.smtp_server import unused_port
from tracker.extensions import db
from tracker.reminders.mail import message_id_for
from tracker.reminders.models import DigestStatus, MailDigest
from tracker.reminders.queries import outbox_counts, reminders_for_task
from tracker.reminders.sending import OutboxError, retry_digest, send_pending_digests
from tracker.reminders.sweep import sweep_reminders
from tracker.reminders.transport import SinkTransport, SmtpTransport

BASE_URL = "https://nhiemvu.langson.gov.vn"


@pytest.fixture(autouse=True)
def base_url(app, monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", BASE_URL)


def smtp(server, timeout=5.0):
    return SmtpTransport(server.url, timeout=timeout)


def digest_of(address) -> MailDigest:
    return db.session.scalar(select(MailDigest).where(MailDigest.recipient_email == address)
                             .execution_options(populate_existing=True))


def one_recipient_scenario():
    """One task due in 7 days with one assignee and no agency mailbox: one digest."""
    org = ladder()
    org.lead.email = None
    task = org.task(7)
    sweep_reminders(NOW)
    return org, task


def test_a_normal_day_one_digest_per_recipient_grouped_by_committee(smtp_server):
    tourism = ladder(name="Ban Chỉ đạo Phát triển du lịch tỉnh Lạng Sơn")
    border = ladder(name="Ban Chỉ đạo Kinh tế cửa khẩu Đồng Đăng")
    shared = member_of(tourism.committee, "member", agency=tourism.lead,
                       email="dinh.thi.hoa@langson.gov.vn", name="Đinh Thị Hoa")
    CommitteeRoleFactory(committee=border.committee, user=shared, role="member")
    soon = tourism.task(7, assignees=[shared], title="Tổ chức Lễ hội Hoa Đào Xứ Lạng năm 2027")
    late = border.task(-1, assignees=[shared], title="Hoàn thiện hạ tầng cửa khẩu Tân Thanh")
    english = member_of(tourism.committee, "member", agency=tourism.lead,
                        email="advisor@langson.gov.vn", language="en")
    tourism.task(0, assignees=[english], title="Báo cáo sơ kết 6 tháng")
    sweep_reminders(NOW)
    expected = len(db.session.scalars(select(MailDigest)).all())

    result = send_pending_digests("w1", NOW, transport=smtp(smtp_server))

    assert result.sent == expected and len(smtp_server.messages()) == expected
    by_recipient = smtp_server.by_recipient()
    assert all(len(mails) == 1 for mails in by_recipient.values())
    mail = by_recipient[shared.email][0]
    with force_locale("vi"):
        subject = ngettext("[Reminder] %(num)d task needs attention — %(day)s",
                           "[Reminder] %(num)d tasks need attention — %(day)s", 2,
                           day="22/11/2026")
    assert mail.subject == subject
    assert mail.raw_subject.isascii()
    if not subject.isascii():  # a Vietnamese subject travels as RFC 2047 encoded-words
        assert "=?utf-8?" in mail.raw_subject.lower()
    assert mail.message_id == message_id_for(shared.email, date(2026, 11, 22))
    assert mail.message_id.endswith("@nhiemvu.langson.gov.vn>")
    assert str(mail.message["From"]).startswith("Theo dõi nhiệm vụ BCĐ")  # decoded
    for part in (mail.part("plain"), mail.part("html")):
        assert part.get_content_charset() == "utf-8"
    # Grouped by committee (by name), each item with its link and deadline.
    text, html = mail.text, mail.html
    assert text.index("Ban Chỉ đạo Kinh tế cửa khẩu Đồng Đăng") < text.index(
        "Ban Chỉ đạo Phát triển du lịch tỉnh Lạng Sơn")
    for task in (soon, late):
        assert f"{BASE_URL}/tasks/{task.id}" in text
        assert f'href="{BASE_URL}/tasks/{task.id}"' in html
        assert task.title in text and task.title in html
    assert "29/11/2026" in text and "21/11/2026" in text  # dd/mm/yyyy in Vietnamese
    assert "<h2>Ban Chỉ đạo Kinh tế cửa khẩu Đồng Đăng</h2>" in html
    # The English reader gets English.
    english_mail = by_recipient[english.email][0]
    assert english_mail.subject.startswith("[Reminder] 1 task needs attention")
    assert "due today" in english_mail.text


def test_sweeping_twice_sends_no_extra_mail(smtp_server):
    one_recipient_scenario()
    send_pending_digests("w1", NOW, transport=smtp(smtp_server))
    sweep_reminders(NOW)
    sweep_reminders(NOW + timedelta(hours=1))
    send_pending_digests("w1", NOW + timedelta(hours=1), transport=smtp(smtp_server))
    assert len(smtp_server.messages()) == 1


def test_451_twice_then_the_server_recovers(smtp_server):
    org, _task = one_recipient_scenario()
    smtp_server.fail_next(2)
    transport = smtp(smtp_server)

    assert send_pending_digests("w1", NOW, transport=transport).retried == 1
    digest = digest_of(org.assignee.email)
    assert (digest.status, digest.attempts) == (DigestStatus.PENDING, 1)
    assert digest.next_attempt_at == NOW + timedelta(seconds=30)
    assert digest.last_error.startswith("451")
    # Not before the backoff.
    assert send_pending_digests("w1", NOW + timedelta(seconds=29), transport=transport).claimed == 0
    assert send_pending_digests("w1", NOW + timedelta(seconds=30), transport=transport).retried == 1
    assert digest_of(org.assignee.email).next_attempt_at == NOW + timedelta(seconds=90)
    assert send_pending_digests("w1", NOW + timedelta(seconds=90), transport=transport).sent == 1

    digest = digest_of(org.assignee.email)
    assert digest.status == DigestStatus.SENT and digest.sent_at == NOW + timedelta(seconds=90)
    assert smtp_server.attempts == 3 and len(smtp_server.messages()) == 1


def test_550_fails_for_good_until_an_admin_retries(smtp_server):
    org, task = one_recipient_scenario()
    smtp_server.reject()
    transport = smtp(smtp_server)
    assert send_pending_digests("w1", NOW, transport=transport).failed == 1
    digest = digest_of(org.assignee.email)
    assert digest.status == DigestStatus.FAILED and digest.last_error.startswith("550")
    assert outbox_counts()["failed"] == 1
    assert send_pending_digests("w1", NOW + timedelta(days=1), transport=transport).claimed == 0
    assert smtp_server.attempts == 1

    smtp_server.accept()
    retry_digest(digest.id, now=NOW + timedelta(hours=1))
    db.session.commit()
    assert send_pending_digests("w1", NOW + timedelta(hours=1), transport=transport).sent == 1
    assert len(smtp_server.messages()) == 1
    assert [(r.recipient_email, r.status) for r in reminders_for_task(task.id)] == [
        (org.assignee.email, "sent")]
    with pytest.raises(OutboxError):
        retry_digest(digest.id)  # only a failed one


def test_smtp_server_down_is_retried_later():
    org, _task = one_recipient_scenario()
    transport = SmtpTransport(f"smtp://127.0.0.1:{unused_port()}", timeout=2)
    assert send_pending_digests("w1", NOW, transport=transport).retried == 1
    digest = digest_of(org.assignee.email)
    assert digest.status == DigestStatus.PENDING and "Refused" in digest.last_error


def test_a_silent_server_never_holds_the_sender_past_the_timeout(smtp_server):
    org, _task = one_recipient_scenario()
    smtp_server.go_silent()
    started = time.monotonic()
    result = send_pending_digests("w1", NOW, transport=smtp(smtp_server, timeout=1))
    assert time.monotonic() - started < 4
    assert result.retried == 1 and smtp_server.messages() == []
    assert digest_of(org.assignee.email).status == DigestStatus.PENDING


def test_the_configured_timeout_and_url_are_used(smtp_server, app, monkeypatch):
    org, _task = one_recipient_scenario()
    monkeypatch.setitem(app.config, "SMTP_URL", smtp_server.url)
    monkeypatch.setitem(app.config, "SMTP_TIMEOUT", 1)
    smtp_server.go_silent()
    started = time.monotonic()
    assert send_pending_digests("w1", NOW).retried == 1
    assert time.monotonic() - started < 4


def test_a_crash_between_acceptance_and_commit_resends_once_with_the_same_message_id(
        smtp_server):
    org, _task = one_recipient_scenario()
    transport = smtp(smtp_server)

    def crash(digest_id):
        raise RuntimeError("worker killed after the server accepted")

    with pytest.raises(RuntimeError):
        send_pending_digests("w1", NOW, transport=transport, after_accept=crash)
    assert len(smtp_server.messages()) == 1
    assert digest_of(org.assignee.email).status == DigestStatus.SENDING
    # While the lease runs, nobody takes the row.
    assert send_pending_digests("w2", NOW + timedelta(seconds=299),
                                transport=transport).claimed == 0
    # The lease ran out: sent again, and marked.
    assert send_pending_digests("w2", NOW + timedelta(seconds=301), transport=transport).sent == 1
    digest = digest_of(org.assignee.email)
    assert digest.status == DigestStatus.SENT and digest.lease_owner is None
    assert smtp_server.duplicates() == {digest.message_id: 2}  # exactly one duplicate


def test_a_crash_gives_back_the_rest_of_the_claim_at_once(smtp_server):
    """A claim of ten: the digest in flight waits for its lease, the unsent ones do not."""
    org = ladder()
    org.task(7)
    sweep_reminders(NOW)
    digests = db.session.scalars(select(MailDigest).order_by(MailDigest.id)).all()
    assert len(digests) >= 2
    transport = smtp(smtp_server)

    def crash(digest_id):
        raise RuntimeError("worker killed after the server accepted")

    with pytest.raises(RuntimeError):
        send_pending_digests("w1", NOW, transport=transport, after_accept=crash,
                             claim_size=10)
    assert len(smtp_server.messages()) == 1
    statuses = [digest_of(d.recipient_email).status for d in digests]
    assert statuses == [DigestStatus.SENDING] + [DigestStatus.PENDING] * (len(digests) - 1)
    # Another sender takes the rest straight away, not the one in flight.
    assert send_pending_digests("w2", NOW, transport=transport).sent == len(digests) - 1
    assert send_pending_digests("w2", NOW + timedelta(seconds=301), transport=transport).sent == 1
    assert sorted(a for m in smtp_server.messages() for a in m.rcpt_tos) == sorted(
        [digests[0].recipient_email] + [d.recipient_email for d in digests])
    assert smtp_server.duplicates() == {digest_of(digests[0].recipient_email).message_id: 2}


def test_marks_and_claims_commit_without_waiting_for_the_disk_on_postgresql():
    """PostgreSQL: ``synchronous_commit`` is off for the sender's own transactions only."""
    from sqlalchemy import text

    from tracker.reminders.sending import _finish, claim_batch

    if db.session.get_bind().dialect.name != "postgresql":
        pytest.skip("synchronous_commit is PostgreSQL's")
    setting = text("SELECT current_setting('synchronous_commit')")
    assert db.session.scalar(setting) == "on"
    claim_batch("w1", NOW)  # nothing due: the setting is taken all the same
    assert db.session.scalar(setting) == "off"
    db.session.rollback()
    assert db.session.scalar(setting) == "on"  # local to that transaction
    # The mark says it inside its UPDATE (no round trip of its own); no digest matches.
    # Its commit ends only a savepoint of this test's transaction, so the setting shows.
    assert _finish(-1, "w1", status=DigestStatus.SENT) is False
    assert db.session.scalar(setting) == "off"


def test_without_smtp_url_mail_lands_in_the_sink(app, tmp_path, monkeypatch):
    org, _task = one_recipient_scenario()
    monkeypatch.setitem(app.config, "SMTP_URL", None)
    monkeypatch.setitem(app.config, "MAIL_SINK_DIR", str(tmp_path))
    assert send_pending_digests("w1", NOW).sent == 1
    digest = digest_of(org.assignee.email)
    path = SinkTransport(tmp_path).path_for(digest.message_id)
    assert path.exists() and b"Message-ID: " + digest.message_id.encode() in path.read_bytes()


def test_a_task_shows_which_reminders_went_to_whom(smtp_server):
    org = ladder()
    task = org.task(-7)  # escalated to the head of the lead agency today
    sweep_reminders(NOW)
    assert {(r.recipient_email, r.kind, r.status) for r in reminders_for_task(task.id)} == {
        (org.lead.head_email, "escalated", "pending")}
    send_pending_digests("w1", NOW, transport=smtp(smtp_server))
    [row] = reminders_for_task(task.id)
    assert (row.status, row.sent_at, row.level) == ("sent", NOW, 1)
    assert [m.to for m in smtp_server.messages()] == [org.lead.head_email]
