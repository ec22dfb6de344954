"""URL converters: ``<id:task_id>`` matches only numbers that could be a row id."""

from flask import Flask
from werkzeug.routing import IntegerConverter

from tracker.domain import MAX_ID


class IdConverter(IntegerConverter):
    """A positive 32-bit integer; anything else is a 404 before any view or query runs."""

    def __init__(self, map, *args, **kwargs):  # noqa: A002 — werkzeug's parameter name
        super().__init__(map, min=1, max=MAX_ID)


def init_app(app: Flask) -> None:
    app.url_map.converters["id"] = IdConverter
