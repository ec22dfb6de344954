"""Engine set-up that differs per backend."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

from flask import Flask, request
from sqlalchemy import (
    Engine,
    Integer,
    String,
    any_,
    bindparam,
    cast,
    event,
    exc,
    literal,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.sql import visitors
from sqlalchemy.sql.elements import BindParameter

from tracker.db_types import TypedDate, UTCDateTime
from tracker.extensions import db


def configure_engine_events(app: Flask) -> None:
    """SQLite: enforce foreign keys, let SQLAlchemy own transactions (savepoints work), WAL
    and a busy timeout, and writing requests that take the write lock first. Servers: ping
    a pooled connection before reuse once it has sat idle a while."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.name != "sqlite":
        _ping_after_idle(engine, float(app.config["DATABASE_PING_AFTER_IDLE_SECONDS"]))
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # pysqlite's own BEGIN handling breaks SAVEPOINT; see SQLAlchemy's pysqlite notes.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        # Read per connection, so a changed setting applies to connections made after it.
        busy_ms = int(float(app.config["SQLITE_BUSY_TIMEOUT_SECONDS"]) * 1000)
        cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
        cursor.close()
        _use_wal(dbapi_connection)

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        immediate = conn.get_execution_options().get(_IMMEDIATE)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    app.before_request(_writers_first)


WRITING_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _use_wal(dbapi_connection) -> None:
    """Write-ahead logging: readers no longer block the writer nor the writer the readers
    (the worker sending digests while someone signs in), and writers queue on the busy
    timeout. The mode is stored in the database file, so it is switched once per file (the
    first connection); later ones only read it. An in-memory database has no WAL."""
    cursor = dbapi_connection.cursor()
    try:
        if cursor.execute("PRAGMA journal_mode").fetchone()[0] not in ("wal", "memory"):
            cursor.execute("PRAGMA journal_mode=WAL")
    finally:
        cursor.close()


def _writers_first() -> None:
    """SQLite: a request that may write (POST, PUT, PATCH, DELETE) begins its transaction
    as a writer (``begin_writing``), so a read-then-write — the sign-in reads the account
    and then records the sign-in — waits its turn instead of failing "database is locked".

    The body is read first: an upload streamed slowly must not hold the write lock.
    """
    if request.method not in WRITING_METHODS:
        return
    if request.mimetype in ("multipart/form-data", "application/x-www-form-urlencoded"):
        request.form  # noqa: B018 — parse (and spool the files) now
    else:
        request.get_data(cache=True)
    begin_writing()


_IMMEDIATE = "tracker_sqlite_begin_immediate"
_RETURNED_AT = "tracker_returned_at"


def _ping_after_idle(engine: Engine, idle_seconds: float) -> None:
    """Check a pooled connection with a ping before handing it out, if it sat in the pool
    for ``idle_seconds`` or more; a dead one is replaced (the pool retries the checkout).

    SQLAlchemy's ``pool_pre_ping`` pings at every checkout: a round trip per transaction,
    which the reminder sender (a transaction per e-mail) paid on every message. A
    connection back in the pool for less than a moment was alive a moment ago; the server
    going away in that moment costs one failed transaction, as it would mid-transaction.
    """

    @event.listens_for(engine, "checkin")
    def _returned(_dbapi_connection, record):
        record.info[_RETURNED_AT] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_idle(dbapi_connection, record, _proxy):
        returned = record.info.get(_RETURNED_AT)
        if returned is None or time.monotonic() - returned < idle_seconds:
            return  # new (just connected), or in use a moment ago
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:  # any failure: the pool drops it and connects anew
            raise exc.DisconnectionError(f"stale pooled connection: {error}") from error


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
    session = db.session()
    if session.in_transaction() and \
            session.connection().get_execution_options().get(_IMMEDIATE):
        return  # a writer already (every writing request is, from its start)
    db.session.rollback()
    db.session.connection(execution_options={_IMMEDIATE: True})


@contextmanager
def claiming_unique(error: Exception) -> Iterator[None]:
    """Write a value a unique constraint guards (a name, an e-mail, a document's number) and
    flush it in a savepoint. When the database refuses it although the service's own check
    passed (another request wrote the same value in between, or a clash the check cannot
    see, such as SQLite's ASCII-only ``lower()``), ``error`` is raised instead: the check's
    own DomainError, so the site and the API answer the race as they answer the clash. The
    savepoint keeps the rest of the transaction usable."""
    db.session.flush()  # earlier writes fail as themselves, not as this clash
    try:
        with db.session.begin_nested():
            yield
            db.session.flush()
    except exc.IntegrityError as clash:
        raise error from clash


def include_migration_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic autogenerate: an index made for some backends only (``Index.ddl_if``, the
    trigram indexes of PostgreSQL) is compared on those backends alone."""
    only_on = getattr(obj, "_ddl_if", None)
    if type_ != "index" or only_on is None or only_on.dialect is None:
        return True
    dialects = {only_on.dialect} if isinstance(only_on.dialect, str) else set(only_on.dialect)
    return db.engine.dialect.name in dialects


def render_migration_item(type_, obj, autogen_context):
    """Alembic autogenerate: write our column types as the plain SQL types they store."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False


def among_ids(column, ids: list[int], dialect_name: str):
    """``column IN (ids)`` for a page or a batch of ids. On PostgreSQL ``column =
    ANY('{1,2,…}'::integer[])``: one parameter, so the statement's SQL is the same for every
    page and both SQLAlchemy and psycopg reuse it; an expanded ``IN`` is rendered and parsed
    again for each call (a page of 100 tasks: ~200 bind parameters per request; a batch of
    1,000 in an export: ~50 ms). The ids are written as one array literal, which psycopg's
    array dumper would take ~4 µs per id to do."""
    if dialect_name == "postgresql":
        return column == any_(cast(literal(ids_parameter(ids, dialect_name)),
                                   postgresql.ARRAY(Integer)))
    return column.in_(ids)


def among_bound_ids(column, dialect_name: str, name: str = "ids"):
    """``among_ids`` with the ids left as the parameter ``name``, to be given on execution as
    ``ids_parameter(ids, …)``: a statement built once serves every page or batch."""
    if dialect_name == "postgresql":
        return column == any_(cast(bindparam(name, type_=String), postgresql.ARRAY(Integer)))
    return column.in_(bindparam(name, expanding=True))


def ids_parameter(ids: list[int], dialect_name: str):
    """The value of ``among_bound_ids``' parameter for ``ids``."""
    return "{" + ",".join(map(str, ids)) + "}" if dialect_name == "postgresql" else list(ids)


# Values a kept statement may carry in its SQL text: numbers, days (typed: ``TypedDate``)
# and words made of lowercase letters and underscores (a state, a category), each of which
# renders as itself. Any other text (a search term) stays a parameter, whoever typed it.
_PLAIN_WORD = re.compile(r"[a-z_]{1,40}")


def _written_in(value) -> bool:
    if isinstance(value, bool | int | date):  # a datetime is a date
        return not isinstance(value, datetime)
    if isinstance(value, str):
        return _PLAIN_WORD.fullmatch(value) is not None
    if isinstance(value, list | tuple):
        return bool(value) and all(_written_in(item) for item in value)
    return False


def constants_written_in(statement):
    """``statement`` with its constant values (``_written_in``) written into its SQL text
    (``literal_execute``), not sent as parameters.

    For a statement built once per shape and kept (a list's, ``tasks.queries``), whose
    values are the same on every execution. PostgreSQL plans a statement with parameters
    afresh on each execution when its generic plan would be worse (a partial index's
    condition, ``state IN ('open', 'submitted')``, cannot be proven from parameters): 0.9 ms
    of planning per request for the overdue list, 3.5 ms for an agency's list by urgency.
    With its values written in, psycopg prepares the statement once per connection and
    PostgreSQL keeps its plan. The parameters left (``page_limit`` …) are given per call."""
    def written(element):
        if (isinstance(element, BindParameter) and element.callable is None
                and _written_in(element.value)):
            kind = TypedDate() if isinstance(element.value, date) else element.type
            return BindParameter(element.key, element.value, type_=kind, unique=True,
                                 expanding=element.expanding, literal_execute=True)
        return None

    return visitors.replacement_traverse(statement, {}, written)
