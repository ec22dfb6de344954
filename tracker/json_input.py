"""The app's JSON: input read in one place with a bound on its nesting, output written fast.

Python's parser recurses once per level: ``"[" * 100000`` raises RecursionError (a 500),
and a body nested hundreds deep is read but then walked recursively by whatever handles
it. No request of ours needs more than a few levels, so anything deeper than
``MAX_JSON_DEPTH`` is refused as malformed JSON: a ``json.JSONDecodeError``, which Flask
(``request.get_json``) and webargs (the API's schemas, ``api.common.ArgumentsParser``) both
answer with a 400.

Output (every JSON answer: the API's bodies, its errors) is written by orjson, several
times faster than the standard library on a page of 100 tasks, and byte for byte what
Flask's standard provider wrote in its compact form (``fast_dumps``), with one deliberate
difference: text outside ASCII is written as UTF-8 rather than as ``\\uXXXX`` escapes.
JSON is UTF-8 by definition (RFC 8259) and every parser reads both spellings as the same
string; Vietnamese text is half the size that way. (A float under 0.0001 is also spelt
``0.00005`` rather than ``5e-05``, the same number, and a NaN, which is not JSON, null;
no list of ours carries floats.)
Whatever orjson would write differently (keys that are not text, integers beyond 64 bits,
text with lone surrogates) or does not know is left to the standard library, so such
values come out exactly as before.
"""

from __future__ import annotations

import json
from typing import Any

import orjson
from flask.json.provider import DefaultJSONProvider

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


# Sorted keys as Flask's provider sorts them. Dates and datetimes, which orjson would write
# in ISO form, and dataclasses go to Flask's ``default`` as they did (a date as an HTTP date:
# the API's schemas turn theirs into ISO text before they get here), as does what orjson
# does not know: Decimal, lazy translations and anything else with ``__html__``.
_OPTIONS = (orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATETIME
            | orjson.OPT_PASSTHROUGH_DATACLASS)
_COMPACT = {"separators": (",", ":")}


def fast_dumps(value: Any) -> bytes | None:
    """``value`` as compact JSON (UTF-8), or None when only the standard library writes it
    as Flask's provider did (see the module's docstring)."""
    try:
        return orjson.dumps(value, default=DefaultJSONProvider.default, option=_OPTIONS)
    except orjson.JSONEncodeError:  # a TypeError: the caller's fallback raises it again
        return None


class JsonProvider(DefaultJSONProvider):
    """The app's JSON (``app.json``): reading goes through ``loads`` above, compact writing
    through orjson (``fast_dumps``); the indented form of debug mode, and ``dumps`` with
    other options (``tojson``'s), stay with the standard library."""

    def loads(self, s, **kwargs):
        return loads(s, **kwargs)

    def dumps(self, obj, **kwargs) -> str:
        if kwargs == _COMPACT:  # the session cookie's serializer asks for this
            body = fast_dumps(obj)
            if body is not None:
                return body.decode()
        return super().dumps(obj, **kwargs)

    def response(self, *args, **kwargs):
        indented = (self.compact is None and self._app.debug) or self.compact is False
        body = None if indented else fast_dumps(self._prepare_response_obj(args, kwargs))
        if body is None:
            return super().response(*args, **kwargs)
        return self._app.response_class(body + b"\n", mimetype=self.mimetype)

