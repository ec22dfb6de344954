"""URL converters: ``<id:task_id>`` matches only numbers that could be a row id."""

from urllib.parse import urlsplit

from flask import Flask
from werkzeug.routing import IntegerConverter

from tracker.domain import MAX_ID


class IdConverter(IntegerConverter):
    """A positive 32-bit integer; anything else is a 404 before any view or query runs."""

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
