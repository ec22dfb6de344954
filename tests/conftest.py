"""Test harness: a real database (SQLite or PostgreSQL), migrated once, one transaction per test.

Which database: ``TEST_DATABASE_URL`` (``make test`` runs the suite once on
SQLite and once on PostgreSQL). The schema is built by the real Alembic
migrations, so a migration that does not match the models fails here.
Every test runs inside a transaction that is rolled back at its end; requests
made through the test client share that transaction.
"""

from __future__ import annotations

import os
import re
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import g, request_started
from flask_migrate import upgrade
from sqlalchemy import orm

os.environ.setdefault("TRACKER_ENV", "testing")

from tests.factories import TEST_PASSWORD  # noqa: E402
from tracker import create_app  # noqa: E402
from tracker.extensions import db  # noqa: E402

DEFAULT_SQLITE = "sqlite:///" + str(Path(__file__).resolve().parent.parent / "instance" / "test.db")


def _database_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL") or DEFAULT_SQLITE
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return _per_xdist_worker(url)


def _per_xdist_worker(url: str) -> str:
    """Each pytest-xdist worker (``-n``) gets a database of its own: ``test-gw0.db``, ``test_gw1``.

    The workers run at the same time and each drops and migrates its database at start.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    if url.startswith("sqlite"):
        path = Path(url.split("sqlite:///", 1)[1])
        return f"sqlite:///{path.with_name(f'{path.stem}-{worker}{path.suffix}')}"
    parsed = sa.engine.make_url(url)
    return parsed.set(database=f"{parsed.database}_{worker}").render_as_string(
        hide_password=False)


def _fresh_database(url: str) -> None:
    """Start from an empty database: delete the SQLite file, or recreate the PG schema."""
    if url.startswith("sqlite"):
        path = Path(url.split("sqlite:///", 1)[1])
        path.parent.mkdir(parents=True, exist_ok=True)
        # The write-ahead log and its index too (WAL mode): left beside a new file, the old
        # log would be replayed into it.
        for stale in (path, path.with_name(path.name + "-wal"),
                      path.with_name(path.name + "-shm")):
            stale.unlink(missing_ok=True)
        return
    name = sa.engine.make_url(url).database
    admin = sa.create_engine(sa.engine.make_url(url).set(database="postgres"),
                             isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if not exists:
            if not re.fullmatch(r"[A-Za-z0-9_]+", name):
                raise RuntimeError(f"unsafe test database name {name!r}")
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()


@pytest.fixture(scope="session")
def database_url() -> str:
    return _database_url()


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    _fresh_database(database_url)
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=database_url,
        UPLOAD_DIR=str(tmp_path_factory.mktemp("uploads")),
        SERVER_NAME="localhost",
    )
    with app.app_context():
        upgrade()
        db.engine.dispose()
    request_started.connect(_fresh_request_globals, app)
    return app


def _fresh_request_globals(sender, **extra) -> None:
    """Start every test request with an empty ``g``, as a real request does.

    The test's app context (``db_session``) is shared by all its requests, and with it
    ``g``, where Flask-Login caches the current user and Flask-Babel the locale: without
    this, a second user signing in, or a language change, would not be seen.
    """
    g.__dict__.clear()


class _TestScopedSession(orm.scoped_session):
    """A scoped session whose end-of-request ``remove()`` keeps the test's session alive.

    Flask-SQLAlchemy removes the session when each app context ends; in a test
    the test's objects must stay attached across requests, so removal waits
    for the test's end.
    """

    def remove(self) -> None:  # noqa: D401 — deliberately nothing
        pass

    def really_remove(self) -> None:
        super().remove()


@contextmanager
def rolled_back_session(app):
    """An app context whose ``db.session`` writes into one transaction, rolled back at the
    end: each test's (``db_session``), or a module fixture's that builds data once."""
    with app.app_context():
        connection = db.engine.connect()
        outer = connection.begin()
        factory = orm.sessionmaker(bind=connection, join_transaction_mode="create_savepoint")
        original = db.session
        session = _TestScopedSession(factory, scopefunc=lambda: "test")
        db.session = session
        try:
            yield session
        finally:
            session.really_remove()
            db.session = original
            outer.rollback()
            connection.close()


@pytest.fixture(autouse=True)
def db_session(app):
    """Everything a test (and its requests) writes is rolled back at its end."""
    with rolled_back_session(app) as session:
        yield session


@pytest.fixture
def client(app):
    return app.test_client()


def _csrf_token(client, url: str) -> str:
    html = client.get(url).get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', html)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


class Browser:
    """A signed-in user driving the site through the test client, CSRF included."""

    def __init__(self, client, user=None):
        self.client = client
        self.user = user

    def get(self, url, **kw):
        return self.client.get(url, **kw)

    def post(self, url, data=None, form_url=None, **kw):
        """POST a form the way a browser does: fetch the page for its CSRF token first."""
        data = dict(data or {})
        data.setdefault("csrf_token", _csrf_token(self.client, form_url or url))
        return self.client.post(url, data=data, **kw)


@pytest.fixture
def login(client):
    """``login(user)`` signs the user in and returns a Browser for them."""

    def _login(user, password=TEST_PASSWORD):
        browser = Browser(client, user)
        response = browser.post(
            "/login", {"email": user.email, "password": password}, form_url="/login"
        )
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        return browser

    return _login
