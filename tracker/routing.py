"""URL converters: ``<id:task_id>`` matches only numbers that could be a row id."""

from collections.abc import Callable
from urllib.parse import urlsplit

from flask import Flask, url_for
from werkzeug.routing import IntegerConverter

from tracker.domain import MAX_ID


def range_regex(maximum: int) -> str:
    """A regex matching exactly the decimal numbers 1..``maximum``, without leading zeros.

    For 2147483647: shorter numbers, then per digit of the maximum, "same prefix, a
    smaller digit here, anything after" — ``[1-9][0-9]{0,8}|1[0-9]{9}|20[0-9]{8}|…``.
    """
    digits = str(maximum)
    options = [f"[1-9][0-9]{{0,{len(digits) - 2}}}" if len(digits) > 1 else f"[1-{digits}]"]
    for i, digit in enumerate(digits[:-1] if len(digits) > 1 else ""):
        low = 1 if i == 0 else 0
        if int(digit) > low:
            options.append(f"{digits[:i]}[{low}-{int(digit) - 1}][0-9]{{{len(digits) - i - 1}}}")
    if len(digits) > 1:
        options.append(f"{digits[:-1]}[0-{digits[-1]}]")
    return "(?:" + "|".join(options) + ")"


class IdConverter(IntegerConverter):
    """A positive 32-bit integer; anything else is a 404 before any view or query runs.

    The range is in the regex, not only in ``to_python``: werkzeug decides "405 Method Not
    Allowed" while matching paths, so with a range check alone PATCH /api/v1/tasks/0 (a
    path that a GET rule shares) was a 405 instead of a 404.
    """

    regex = range_regex(MAX_ID)

    def __init__(self, map, *args, **kwargs):  # noqa: A002 — werkzeug's parameter name
        super().__init__(map, min=1, max=MAX_ID)


def init_app(app: Flask) -> None:
    app.url_map.converters["id"] = IdConverter


def safe_local_path(target: str | None) -> str | None:
    """``target`` if it is a path on this site, else None: the one guard against open redirects.

    "/tasks/3#reports" passes; "//evil.example", "https://evil.example", "/\\evil.example"
    (which browsers read as "//evil.example") and "javascript:…" do not.
    """
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return None


# Any id the routes accept; it stands in the one URL built, and is replaced per row.
_STAND_IN = 987654321


def url_for_ids(endpoint: str, key: str, **values) -> Callable[[int], str]:
    """``url_for(endpoint, key=id, **values)`` for many ids: the route is built once (a
    list of 100 rows otherwise builds it 100 times) and each id written into it."""
    url = url_for(endpoint, **{key: _STAND_IN}, **values)
    before, _, after = url.partition(str(_STAND_IN))
    return lambda record_id: f"{before}{record_id}{after}"
