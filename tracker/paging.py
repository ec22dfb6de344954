"""Paging, in one place: page numbers and sizes from the outside, bounded before they
reach a query, and one page of a query's rows.

A page number becomes an OFFSET: SQLite overflows past 64 bits (a 500) and a huge offset
is a long scan anywhere. Every list reads ``?page=`` and ``?per_page=`` through these,
and the API's schemas validate against the same bounds; site lists and API lists alike
fetch their page with ``paginate_rows``.

A list's count stops at ``COUNT_CAP`` rows past the page shown ("more than 10,000"): an
exact count of 200,000 overdue tasks reads all of them on every page view (23 ms at 1M
tasks, growing with the data), while the first 10,001 are read in about 1 ms whatever the
size; nobody pages through ten thousand rows to check the figure.

A list that knows its sort keys (``Counted.keys``, ending with a unique one) can also be
read from a cursor: ``after`` is the last row's keys, opaque to the client, and the next
page is the rows past it in the sort's order (a row-value comparison the sort's index can
serve), so page 4,000 costs what page 1 costs, and rows added or removed meanwhile do not
shift what comes next.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from dataclasses import dataclass, field
from datetime import date, datetime

from flask import current_app
from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    and_,
    bindparam,
    false,
    func,
    literal,
    or_,
    select,
    tuple_,
)

from tracker.database import constants_written_in
from tracker.extensions import db

# 10⁶ pages of 200 rows: far past any real list, yet an offset every backend can hold.
MAX_PAGE = 10**6
MAX_PER_PAGE = 200
COUNT_CAP = 10_000


def _number(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):  # also a number of more digits than int() reads
        return None


def clamp_page(page: int) -> int:
    return max(1, min(page, MAX_PAGE))


def page_number(args) -> int:
    """The page asked for by ``?page=`` (1 … MAX_PAGE); nonsense is the first page."""
    number = _number(args.get("page", 1))
    return 1 if number is None else clamp_page(number)


def per_page_arg(args, default: int | None = None) -> int:
    """Rows per page from ``?per_page=`` (1 … MAX_PER_PAGE), else the configured default."""
    fallback = default or current_app.config["PER_PAGE"]
    number = _number(args.get("per_page", fallback))
    return fallback if number is None else max(1, min(number, MAX_PER_PAGE))


@dataclass
class Page:
    """One page of rows, shaped like Flask-SQLAlchemy's Pagination for the macros.

    ``capped``: the count stopped at ``total`` (``bounded_count``) and there are more rows;
    the pages then go on as long as they are full ("Next" on every full page)."""

    items: list
    page: int
    per_page: int
    total: int
    # False when the count stopped at its cap: there are more than ``total`` rows.
    total_exact: bool = True
    # The cursor of the rows after this page (``Counted.keys``), None at the end.
    next_after: str | None = None

    @property
    def capped(self) -> bool:
        return not self.total_exact

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page)) if self.per_page else 1

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        if self.capped:  # more rows than counted: a full page may have a next one
            return len(self.items) == self.per_page
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


@dataclass(frozen=True, eq=False)
class Counted:
    """A list's query with a cheaper query of the rows to count (any columns): the same
    filters without the joins and columns only the rows need (counting the overdue tasks of
    1M: 244 ms with the list's joins, 23 ms on the task table's index alone).

    Compared and hashed as itself: a list built once and kept (``tasks.queries``) keeps the
    statements derived from it too (``derived``: its page and count statements, its item
    columns), so a request of a kept shape builds no statement."""

    rows: Select
    count: Select
    # The expressions ``rows`` is ordered by, the last one unique, all in one direction.
    keys: tuple[ColumnElement, ...] = ()
    descending: bool = False
    # Built once and reused (``tasks.queries``): its page and count statements are then
    # written with their constants in their SQL (``database.constants_written_in``).
    kept: bool = False
    derived: dict = field(default_factory=dict, repr=False)

    def derive(self, name: str, build):
        """``build()``, once for this list: a statement made from it, kept with it."""
        found = self.derived.get(name)
        if found is None:
            found = self.derived[name] = build()
        return found


class BadCursor(ValueError):
    """An ``after`` cursor this list did not give out (another sort, or not a cursor)."""


def encode_cursor(tag: str, values) -> str:
    """The opaque ``after`` of a row: its sort keys' values, with the sort they belong to."""
    plain = [value.isoformat() if isinstance(value, date | datetime) else value
             for value in values]
    text = json.dumps([tag, plain], separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(tag: str, cursor: str, keys) -> list:
    """The key values of ``cursor``, typed as ``keys``; BadCursor when it is not one of
    this sort's cursors."""
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        cursor_tag, values = json.loads(text)
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError) as error:
        raise BadCursor(cursor) from error
    if cursor_tag != tag or not isinstance(values, list) or len(values) != len(keys):
        raise BadCursor(cursor)
    return [_typed(value, key) for value, key in zip(values, keys, strict=True)]


def _typed(value, key):
    if value is None:
        return None
    kind = getattr(key.type, "impl_instance", key.type).python_type  # UTCDateTime: datetime
    try:
        if kind is datetime:
            return datetime.fromisoformat(value)
        if kind is date:
            return date.fromisoformat(value)
    except (TypeError, ValueError) as error:
        raise BadCursor(value) from error
    if kind is bool and isinstance(value, bool) or kind is int and type(value) is int \
            or kind is str and isinstance(value, str):
        return value
    raise BadCursor(value)


def _past(keys, values, descending: bool):
    """Rows after ``values`` in the order of ``keys``. A row-value comparison when no value
    is NULL (an index on the keys serves it); else spelt out, where a NULL key (a standing
    duty's deadline, sorted after the dated ones by a key of its own) equals only NULL and
    is passed by none."""
    values = [None if value is None else literal(value, key.type)
              for key, value in zip(keys, values, strict=True)]
    if all(value is not None for value in values):
        row, cursor = tuple_(*keys), tuple_(*values)
        return row < cursor if descending else row > cursor
    alternatives = []
    for i, (key, value) in enumerate(zip(keys, values, strict=True)):
        equal = [k.is_(None) if v is None else k == v for k, v in zip(keys[:i], values[:i],
                                                                      strict=True)]
        beyond = false() if value is None else (key < value if descending else key > value)
        alternatives.append(and_(*equal, beyond))
    return or_(*alternatives)


def count_rows(rows: Select, limit: int | None = None) -> int:
    """How many rows ``rows`` selects, counting at most ``limit`` of them."""
    if limit is not None:
        rows = rows.limit(limit)
    return db.session.scalar(select(func.count()).select_from(rows.subquery())) or 0


# The page's and the count's bounds, given on each call to one statement built for every
# page, and written into its SQL (a LIMIT PostgreSQL does not know, its plan cannot use).
_LIMIT, _OFFSET, _CAP = (bindparam(name, type_=Integer, literal_execute=True)
                         for name in ("page_limit", "page_offset", "count_cap"))


def _as_built(statement):
    return statement


def bounded_count(query, cap: int) -> tuple[int, bool]:
    """How many rows ``query`` has, counting no further than ``cap``: ``(count, capped)``.

    The database stops reading at the ``cap + 1``-th row, so the count costs the same for a
    word in a third of a million tasks as for one in a thousand."""
    counted = count_rows(query, cap + 1)
    return min(counted, cap), counted > cap


def paginate_rows(query: Select | Counted, page: int = 1, per_page: int = 25,
                  after: str | None = None, tag: str = "") -> Page:
    """Run a select (one entity or several columns) one page at a time, with the total:
    exact up to ``COUNT_CAP`` rows or the end of the page asked for, whichever is further,
    else that many and ``total_exact`` false.

    A ``Counted`` with sort keys also gives the page's ``next_after`` cursor, and reads the
    page after ``after`` instead of page ``page`` when given (BadCursor if it is not one of
    this list's: ``tag`` names the sort the cursor belongs to)."""
    page = clamp_page(page)
    per_page = min(max(1, per_page), MAX_PER_PAGE)
    if not isinstance(query, Counted):
        query = Counted(query, query.order_by(None))
    counted, keys, descending = query, query.keys, query.descending
    offset = 0 if after is not None else (page - 1) * per_page
    cap = max(COUNT_CAP, offset + per_page)
    kept = constants_written_in if counted.kept else _as_built
    # One row past the cap tells there are more.
    total = db.session.scalar(counted.derive("count", lambda: kept(select(func.count()).select_from(
        counted.count.limit(_CAP).subquery()))), {"count_cap": cap + 1}) or 0
    if after is None:
        statement = counted.derive("page", lambda: kept(_with_keys(counted)).limit(_LIMIT)
                                   .offset(_OFFSET))
    else:
        statement = _with_keys(counted).where(
            _past(keys, decode_cursor(tag, after, keys), descending)).limit(_LIMIT).offset(_OFFSET)
    # One row past the page tells whether a cursor to the next one is due.
    rows = db.session.execute(statement, {"page_limit": per_page + 1,
                                          "page_offset": offset}).all()
    more, rows = len(rows) > per_page, rows[:per_page]
    next_after = encode_cursor(tag, rows[-1][-len(keys):]) if keys and more else None
    return Page(items=rows, page=page, per_page=per_page, total=min(total, cap),
                total_exact=total <= cap, next_after=next_after)


def _with_keys(counted: Counted) -> Select:
    """The list's rows with its sort keys' values after its own columns (the cursor)."""
    return counted.rows.add_columns(*(key.label(f"_key{i}")
                                      for i, key in enumerate(counted.keys)))
