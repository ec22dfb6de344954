"""``INSERT … ON CONFLICT DO NOTHING`` on SQLite and PostgreSQL alike.

The outbox's unique keys make a re-run harmless only if the insert skips rows that
exist instead of failing; both backends say so with their own dialect's ``insert``.
"""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite

from tracker.extensions import db


def dialect_name() -> str:
    return db.session.get_bind().dialect.name


def insert_ignoring_conflicts(table):
    """An INSERT on ``table`` (model or Table) that skips rows violating a unique key."""
    module = postgresql if dialect_name() == "postgresql" else sqlite
    # The Core table, not the ORM entity: the ORM's bulk insert path reports no rowcount;
    # and SQLAlchemy keeps an INSERT's rowcount only when asked to.
    return (module.insert(getattr(table, "__table__", table)).on_conflict_do_nothing()
            .execution_options(preserve_rowcount=True))
