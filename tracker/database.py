"""Engine set-up that differs per backend."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import Engine, event

from tracker.extensions import db


def configure_engine_events(app: Flask) -> None:
    """SQLite: enforce foreign keys and let SQLAlchemy own transactions (savepoints work)."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # pysqlite's own BEGIN handling breaks SAVEPOINT; see SQLAlchemy's pysqlite notes.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        immediate = conn.get_execution_options().get(_IMMEDIATE)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


_IMMEDIATE = "tracker_sqlite_begin_immediate"


def begin_writing() -> None:
    """Start this request's transaction as a writer, before it reads what it will change.

    For a read-then-write that many people do at once (progress reports on one task).
    SQLite: a deferred transaction that read first and then writes fails at once with
    "database is locked" when another writer is ahead (waiting could deadlock, so the
    busy timeout is not used); ``BEGIN IMMEDIATE`` takes the write lock first, so writers
    queue on the busy timeout instead. Only reads are dropped by ending the transaction
    here: call it before changing anything. PostgreSQL: nothing to do (row locks).
    A session bound to a connection (the tests' rolled-back transaction) is left alone.
    """
    bind = db.session.get_bind()
    if not isinstance(bind, Engine) or bind.dialect.name != "sqlite":
        return
    db.session.rollback()
    db.session.connection(execution_options={_IMMEDIATE: True})


def render_migration_item(type_, obj, autogen_context):
    """Alembic autogenerate: write our column types as the plain SQL types they store."""
    from tracker.db_types import UTCDateTime

    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False
