"""Pooled connections: pinged before reuse only after sitting idle, and replaced if dead."""

from __future__ import annotations

import time
from datetime import date

import pytest
import sqlalchemy as sa

from tests.factories import TaskFactory
from tracker.database import _ping_after_idle, constants_written_in
from tracker.extensions import db
from tracker.tasks.categories import local_today_expression
from tracker.tasks.models import Task


@pytest.fixture
def engine(database_url):
    engine = sa.create_engine(database_url, pool_size=1, max_overflow=0)
    yield engine
    engine.dispose()


def _count_pings(engine, monkeypatch) -> list[int]:
    pings: list[int] = []
    real_ping = engine.dialect.do_ping

    def counting_ping(dbapi_connection):
        pings.append(1)
        return real_ping(dbapi_connection)

    monkeypatch.setattr(engine.dialect, "do_ping", counting_ping)
    return pings


def test_a_connection_reused_at_once_is_not_pinged_but_one_left_idle_is(engine, monkeypatch):
    _ping_after_idle(engine, idle_seconds=0.2)
    pings = _count_pings(engine, monkeypatch)
    for _ in range(3):
        with engine.connect() as conn:
            assert conn.scalar(sa.text("SELECT 1")) == 1
    assert pings == []  # new, then back in the pool for less than 0.2 s each time

    time.sleep(0.3)
    with engine.connect() as conn:
        assert conn.scalar(sa.text("SELECT 1")) == 1
    assert pings == [1]


def _backend_pid(conn) -> int:
    return conn.scalar(sa.text("SELECT pg_backend_pid()"))


def _terminate(database_url: str, pid: int) -> None:
    killer = sa.create_engine(database_url)
    with killer.connect() as conn:
        assert conn.scalar(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    killer.dispose()
    time.sleep(0.1)  # the backend exits asynchronously


def _pool_holding_a_dead_connection(engine, database_url, idle_seconds: float) -> int:
    """Ping after ``idle_seconds``; one pooled connection, then closed by the server. Its pid."""
    if engine.dialect.name != "postgresql":
        pytest.skip("a server that closes connections (PostgreSQL); SQLite has none")
    _ping_after_idle(engine, idle_seconds=idle_seconds)
    with engine.connect() as conn:
        first = _backend_pid(conn)
    _terminate(database_url, first)
    return first


def test_an_idle_connection_the_server_closed_is_replaced_before_use(engine, database_url):
    first = _pool_holding_a_dead_connection(engine, database_url, idle_seconds=0.05)
    with engine.connect() as conn:  # idle > 0.05 s: pinged, found dead, replaced
        assert _backend_pid(conn) != first


def test_without_the_ping_the_dead_connection_would_have_failed(engine, database_url):
    """The control: the same steps with a long idle threshold reach the dead connection."""
    _pool_holding_a_dead_connection(engine, database_url, idle_seconds=3600)
    with pytest.raises(sa.exc.OperationalError), engine.connect() as conn:
        _backend_pid(conn)


# --- SQLite under `make run`: a web request while the worker writes ------------------------

_WRITER = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
connection.execute("UPDATE user SET name = name")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
connection.execute("COMMIT")
"""


@pytest.fixture
def file_app(tmp_path, monkeypatch):
    """A second app on a SQLite file of its own, with real sessions (not the tests' rolled-back
    connection), and one user in it: what `make run` serves."""
    import os

    from flask_migrate import upgrade

    from tests.factories import _TEST_PASSWORD_HASH
    from tracker import create_app
    from tracker.auth.models import User
    from tracker.extensions import db

    path = tmp_path / "tracker.db"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}",
                     UPLOAD_DIR=str(tmp_path / "uploads"), SERVER_NAME="localhost")
    monkeypatch.setattr(db, "session", db._make_scoped_session({}))
    with app.app_context():
        upgrade()
        db.session.add(User(email="thuky@langson.gov.vn", name="Nông Thị Hà",
                            password_hash=_TEST_PASSWORD_HASH, language="en"))
        db.session.commit()
        db.session.remove()
    assert os.path.exists(path)
    yield app, path
    with app.app_context():
        db.engine.dispose()


def _hold_the_write_lock(path, seconds: float):
    """Another process (the worker sending digests) in a write transaction for ``seconds``."""
    import subprocess
    import sys

    writer = subprocess.Popen([sys.executable, "-c", _WRITER, str(path), str(seconds)],
                              stdout=subprocess.PIPE, text=True)
    assert writer.stdout.readline().strip() == "locked"
    return writer


def _sign_in(app):
    from tests.conftest import Browser
    from tests.factories import TEST_PASSWORD

    browser = Browser(app.test_client())
    return browser.post("/login", {"email": "thuky@langson.gov.vn", "password": TEST_PASSWORD},
                        form_url="/login")


def test_the_embedded_database_is_in_wal_mode_with_a_busy_timeout(file_app):
    from tracker.extensions import db

    app, path = file_app
    with app.app_context(), db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def test_a_sign_in_waits_for_another_processs_write_and_succeeds(file_app):
    app, path = file_app
    writer = _hold_the_write_lock(path, 1.5)
    try:
        started = time.monotonic()
        response = _sign_in(app)
        waited = time.monotonic() - started
    finally:
        writer.wait(timeout=10)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    assert response.headers["Location"] == "/"
    assert waited >= 1.0  # it queued behind the writer instead of failing at once
    assert writer.returncode == 0


def test_a_write_lock_held_past_the_busy_timeout_is_a_503_try_again(file_app, monkeypatch):
    from tracker.extensions import db

    app, path = file_app
    monkeypatch.setitem(app.config, "SQLITE_BUSY_TIMEOUT_SECONDS", 0.2)
    with app.app_context():
        db.engine.dispose()  # new connections take the shorter timeout
    app.config["PROPAGATE_EXCEPTIONS"] = False
    writer = _hold_the_write_lock(path, 1.5)
    try:
        page = _sign_in(app)
        api = app.test_client().post("/api/v1/auth/token", json={
            "email": "thuky@langson.gov.vn", "password": "x"}, headers={"Accept-Language": "en"})
    finally:
        writer.wait(timeout=10)
    assert page.status_code == 503
    assert "vui lòng thử lại" in page.get_data(as_text=True)  # the site speaks Vietnamese
    assert page.headers["Retry-After"]
    assert api.status_code == 503
    assert api.get_json()["error"]["code"] == "service_unavailable"


def test_a_kept_statement_carries_its_constants_in_its_sql_but_not_typed_text(app):
    """``constants_written_in``: numbers, days and plain words go into the SQL text (so
    PostgreSQL can keep one plan for a statement built once); other text stays a parameter;
    the answer is the same."""
    task = TaskFactory(title="Báo cáo 'quý'; DROP TABLE task", deadline=date(2026, 12, 1),
                       state="open")
    db.session.flush()
    query = sa.select(Task.id).where(
        Task.state.in_(["open", "submitted"]), Task.id >= task.id,
        Task.deadline < date(2026, 12, 7), Task.deadline <= local_today_expression(),
        Task.title == "Báo cáo 'quý'; DROP TABLE task")
    kept = constants_written_in(query)
    sql = str(kept.compile(db.engine, compile_kwargs={"render_postcompile": True}))
    assert "'open', 'submitted'" in sql and f">= {task.id}" in sql
    assert ("DATE '2026-12-07'" if db.engine.dialect.name == "postgresql"
            else "'2026-12-07'") in sql
    assert "DROP" not in sql  # the title stays a parameter
    assert db.session.scalars(kept).all() == db.session.scalars(query).all() == [task.id]
