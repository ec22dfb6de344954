"""SQL functions of the task lists' queries, written for each database."""

from __future__ import annotations

from sqlalchemy import Date
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement


class days_after(FunctionElement):  # noqa: N801 — reads like the SQL it stands for
    """The date ``days`` days after ``day``."""

    type = Date()
    inherit_cache = True
    name = "days_after"


@compiles(days_after)
def _days_after_default(element, compiler, **kw):
    day, days = list(element.clauses)
    return f"(CAST({compiler.process(day, **kw)} AS DATE) + {compiler.process(days, **kw)})"


@compiles(days_after, "sqlite")
def _days_after_sqlite(element, compiler, **kw):
    day, days = list(element.clauses)
    return f"date({compiler.process(day, **kw)}, '+' || {compiler.process(days, **kw)} || ' days')"


class in_subquery(FunctionElement):  # noqa: N801 — reads like the SQL it stands for
    """``column IN (subquery)``; on PostgreSQL ``column = ANY(ARRAY(subquery))``, which an
    OR with another indexed condition can answer with a BitmapOr of two index scans (an IN
    or EXISTS there is a filter on every row of the user's committees: 35 ms at 100k)."""

    inherit_cache = True
    name = "in_subquery"


@compiles(in_subquery)
def _in_subquery_default(element, compiler, **kw):
    column, subquery = list(element.clauses)
    # The scalar subquery brings its own parentheses: "IN ((SELECT …))" would be one value.
    return f"{compiler.process(column, **kw)} IN {compiler.process(subquery, **kw)}"


@compiles(in_subquery, "postgresql")
def _in_subquery_postgresql(element, compiler, **kw):
    column, subquery = list(element.clauses)
    return f"{compiler.process(column, **kw)} = ANY(ARRAY{compiler.process(subquery, **kw)})"
