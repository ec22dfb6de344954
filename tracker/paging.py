"""Page numbers and page sizes from the outside, bounded before they reach a query.

A page number becomes an OFFSET: SQLite overflows past 64 bits (a 500) and a huge offset
is a long scan anywhere. Every list reads ``?page=`` and ``?per_page=`` through these,
and the API's schemas validate against the same bounds.
"""

from __future__ import annotations

from flask import current_app

# 10⁶ pages of 200 rows: far past any real list, yet an offset every backend can hold.
MAX_PAGE = 10**6
MAX_PER_PAGE = 200


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
