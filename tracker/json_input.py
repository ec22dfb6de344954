"""JSON from the outside, read in one place with a bound on its nesting.

Python's parser recurses once per level: ``"[" * 100000`` raises RecursionError (a 500),
and a body nested hundreds deep is read but then walked recursively by whatever handles
it. No request of ours needs more than a few levels, so anything deeper than
``MAX_JSON_DEPTH`` is refused as malformed JSON: a ``json.JSONDecodeError``, which Flask
(``request.get_json``) and webargs (the API's schemas) both answer with a 400.
"""

from __future__ import annotations

import json
from typing import Any

from flask.json.provider import DefaultJSONProvider
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request

MAX_JSON_DEPTH = 64


class JsonTooDeep(json.JSONDecodeError):
    def __init__(self):
        # ``doc`` must not be empty: webargs reads an empty document as "no body".
        super().__init__(f"JSON nested deeper than {MAX_JSON_DEPTH} levels", "…", 0)


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether ``value`` nests containers more than ``limit`` deep (without recursing)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children
                     if isinstance(child, (dict, list)))
    return False


def checked(parse, text, **kwargs) -> Any:
    """``parse(text, **kwargs)`` (a JSON parser), refused with JsonTooDeep when too deep."""
    try:
        value = parse(text, **kwargs)
    except RecursionError:
        raise JsonTooDeep() from None
    if isinstance(value, (dict, list)) and _deeper_than(value, MAX_JSON_DEPTH):
        raise JsonTooDeep()
    return value


def loads(text, **kwargs) -> Any:
    """``json.loads`` for input: bounded nesting."""
    return checked(json.loads, text, **kwargs)


class JsonProvider(DefaultJSONProvider):
    """The app's JSON (``app.json``): reading goes through ``loads`` above."""

    def loads(self, s, **kwargs):
        return loads(s, **kwargs)


class ArgumentsParser(FlaskParser):
    """webargs' parser for the API's schemas, reading bodies through ``checked``."""

    def _raw_load_json(self, req):
        if not is_json_request(req):
            return core.missing
        return checked(core.parse_json, req.get_data(cache=True))
