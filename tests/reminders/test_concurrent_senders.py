"""Two senders in two threads (own sessions, own connections) on the same outbox rows.

The rows must be committed for the other connection to see them, so these tests use
``committed_app`` (see conftest.py): a second app on the test database whose sessions
really commit, emptied after the test.
"""

from __future__ import annotations

import threading

from sqlalchemy import select

from tests.factories import member_of
from tests.reminders.builders import NOW, ladder
from tracker.extensions import db
from tracker.reminders.models import DigestStatus, MailDigest
from tracker.reminders.sending import send_pending_digests
from tracker.reminders.sweep import sweep_reminders
from tracker.reminders.transport import SmtpTransport


def _outbox(app, assignees: int) -> int:
    """Committed: one task per assignee due in 7 days; returns the number of digests."""
    with app.app_context():
        org = ladder()
        org.lead.email = None
        for n in range(assignees):
            org.task(7, assignees=[member_of(org.committee, "member", agency=org.lead,
                                             email=f"dongthoi{n}@langson.gov.vn")])
        db.session.commit()
        sweep_reminders(NOW)
        count = len(db.session.scalars(select(MailDigest.id)).all())
        db.session.remove()
        return count


def _race(app, url: str, workers: int = 2) -> tuple[dict, list]:
    """Start ``workers`` senders at the same instant; their results and errors."""
    barrier = threading.Barrier(workers)
    results, errors = {}, []

    def sender(name):
        try:
            with app.app_context():
                barrier.wait()
                results[name] = send_pending_digests(name, NOW,
                                                     transport=SmtpTransport(url, timeout=5))
                db.session.remove()
        except Exception as error:  # noqa: BLE001 — reported by the test
            errors.append(error)

    threads = [threading.Thread(target=sender, args=(f"worker-{n}",)) for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a sender hung"
    return results, errors


def test_two_senders_on_one_outbox_send_every_digest_exactly_once(committed_app,
                                                                   smtp_server):
    digests = _outbox(committed_app, 16)
    results, errors = _race(committed_app, smtp_server.url)

    assert errors == []
    assert sum(r.sent for r in results.values()) == digests == 16
    assert len(smtp_server.messages()) == 16 and smtp_server.duplicates() == {}
    with committed_app.app_context():
        statuses = db.session.scalars(select(MailDigest.status)).all()
        assert set(statuses) == {DigestStatus.SENT}


def test_the_same_row_claimed_by_two_senders_at_once_goes_out_once(committed_app,
                                                                   smtp_server):
    assert _outbox(committed_app, 1) == 1
    results, errors = _race(committed_app, smtp_server.url)

    assert errors == []
    assert sorted(r.sent for r in results.values()) == [0, 1]
    assert len(smtp_server.messages()) == 1
