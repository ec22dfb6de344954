"""marshmallow's and webargs' English validation messages, in the caller's language.

The schema libraries write their messages in English at validation time; the API
answers in the language of ``Accept-Language``. Each known message template becomes
a pattern, so "Longer than maximum length 500." is recognised and re-said in
Vietnamese with its number. An unknown message is passed through unchanged.
"""

from __future__ import annotations

import re
from functools import cache

from flask_babel import lazy_gettext as _l

# English template (as the libraries write it) → our catalog's message.
TEMPLATES = {
    "Missing data for required field.": _l("This field is required."),
    "Field may not be null.": _l("This field may not be null."),
    "Invalid value.": _l("Invalid value."),
    "Not a valid string.": _l("Not a valid text."),
    "Not a valid integer.": _l("Not a valid integer."),
    "Not a valid number.": _l("Not a valid number."),
    "Number too large.": _l("Number too large."),
    "Not a valid boolean.": _l("Not a valid boolean (true or false)."),
    "Not a valid date.": _l("Not a valid date (YYYY-MM-DD)."),
    "Not a valid datetime.": _l("Not a valid timestamp (ISO 8601)."),
    "Not a valid list.": _l("Not a valid list."),
    "Not a valid mapping type.": _l("Not a valid object."),
    "Not a valid email address.": _l("Not a valid e-mail address."),
    "Unknown field.": _l("Unknown field."),
    "Invalid input type.": _l("Invalid input type."),
    "Invalid JSON body.": _l("The body is not valid JSON."),
    "Shorter than minimum length {min}.": _l("Shorter than the minimum length %(min)s."),
    "Longer than maximum length {max}.": _l("Longer than the maximum length %(max)s."),
    "Length must be between {min} and {max}.": _l("Length must be between %(min)s and %(max)s."),
    "Length must be {equal}.": _l("Length must be %(equal)s."),
    "Must be greater than or equal to {min} and less than or equal to {max}.":
        _l("Must be between %(min)s and %(max)s."),
    "Must be greater than or equal to {min}.": _l("Must be at least %(min)s."),
    "Must be less than or equal to {max}.": _l("Must be at most %(max)s."),
    "Must be one of: {choices}.": _l("Must be one of: %(choices)s."),
}


@cache
def _patterns() -> list[tuple[re.Pattern, str]]:
    patterns = []
    for english in TEMPLATES:
        regex = re.escape(english)
        regex = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>.+?)", regex)
        patterns.append((re.compile(f"^{regex}$", re.DOTALL), english))
    return patterns


def translate(message) -> str:
    """``message`` in the current locale when it is one of the libraries' known ones."""
    text = str(message)
    for pattern, english in _patterns():
        match = pattern.match(text)
        if match:
            return str(TEMPLATES[english]) % match.groupdict()
    return text


# webargs files each message under where the input came from; clients name only the field.
LOCATIONS = frozenset({"json", "query", "querystring", "path", "view_args", "form", "files",
                       "headers", "cookies", "json_or_form"})


def field_messages(messages) -> dict[str, str]:
    """webargs' ``{location: {field: [messages]}}`` as ``{"field": "message"}``."""
    if isinstance(messages, dict) and messages and set(messages) <= LOCATIONS:
        fields: dict[str, str] = {}
        for per_location in messages.values():
            fields.update(flatten(per_location))
        return fields
    return flatten(messages)


def flatten(messages, prefix: str = "") -> dict[str, str]:
    """Nested messages as ``{"field": "message"}``.

    Nested fields are joined with dots (``coordinating_agency_ids.1``); the first
    message of each field is kept: the one a person fixes first.
    """
    fields: dict[str, str] = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(value, list) and value and not isinstance(value[0], (dict, list)):
                fields[name] = translate(value[0])
            else:
                fields.update(flatten(value, name))
    elif isinstance(messages, list):
        for value in messages:
            if isinstance(value, (dict, list)):
                fields.update(flatten(value, prefix))
            else:
                fields.setdefault(prefix or "_schema", translate(value))
    elif messages is not None:
        fields[prefix or "_schema"] = translate(messages)
    return fields
