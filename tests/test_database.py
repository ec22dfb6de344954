"""Pooled connections: pinged before reuse only after sitting idle, and replaced if dead."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa

from tracker.database import _ping_after_idle


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
