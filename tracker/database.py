"""Engine set-up that differs per backend."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import event

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
        conn.exec_driver_sql("BEGIN")


def render_migration_item(type_, obj, autogen_context):
    """Alembic autogenerate: write our column types as the plain SQL types they store."""
    from tracker.db_types import UTCDateTime

    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False
