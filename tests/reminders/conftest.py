"""Fixtures for the reminder tests: the SMTP server, and committed data for threads.

Most tests run in the usual rolled-back transaction (the services' own commits only
release savepoints there). Tests with two senders in two threads need rows that other
connections can see: ``committed_app`` gives a second app on the same test database
whose sessions (one per app context, so one per thread) really commit; every table is
emptied again after the test. On SQLite the rolled-back test connection stays idle
meanwhile (it never reads), so it holds no lock on the file.
"""

from __future__ import annotations

import pytest

from tests.reminders.smtp_server import smtp_server  # noqa: F401 — the fixture
from tracker import create_app
from tracker.extensions import db


@pytest.fixture
def committed_app(app, database_url, tmp_path):
    other = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url,
                       SERVER_NAME="localhost", UPLOAD_DIR=str(tmp_path / "uploads"),
                       MAIL_SINK_DIR=str(tmp_path / "sink"))
    test_session = db.session
    # Flask-SQLAlchemy's own scoped session: one session per app context (per thread).
    db.session = db._make_scoped_session({})
    try:
        yield other
    finally:
        db.session.remove()
        with other.app_context():
            for table in reversed(db.metadata.sorted_tables):
                db.session.execute(table.delete())
            db.session.commit()
            db.session.remove()
            db.engine.dispose()
        db.session = test_session
