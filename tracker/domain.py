"""What every area's services share: the error a broken rule raises, ids and stored text."""

from __future__ import annotations

import re
import unicodedata

from flask_babel import lazy_gettext as _l


class DomainError(ValueError):
    """A business rule was broken. ``field`` names the input at fault (a form field or API key).

    Views show ``message`` next to that field and change nothing; the API answers 422
    with ``{"fields": {field: message}}``.
    """

    def __init__(self, field: str, message):
        super().__init__(str(message))
        self.field = field
        self.message = message


# Ids are 32-bit integers on every backend; anything larger cannot name a row, and SQLite
# overflows on 64-bit-plus numbers, so ids from the outside are range-checked first.
MAX_ID = 2**31 - 1


def is_id(value) -> bool:
    """Whether ``value`` could be a row id (an int in range), so lookups never overflow."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


def parse_id(value) -> int | None:
    """A possible row id from user input (query string, form, JSON), or None."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if is_id(number) else None


# --- Text as it is stored -------------------------------------------------------------------

# NUL (PostgreSQL refuses it), the other C0 controls but tab and line breaks (XML, and so
# the XLSX/DOCX exports, cannot hold them), DEL, and lone surrogates (JSON can carry them,
# UTF-8 cannot encode them).
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def clean_text(value) -> str:
    """The one rule for stored text: NFC, without unstorable characters, trimmed.

    NFC because Vietnamese typed on a Mac arrives decomposed: "Đ" + combining marks must be
    the same document number, search term and name as the precomposed text from Windows.
    """
    if value is None:
        return ""
    return unicodedata.normalize("NFC", _UNSTORABLE.sub("", str(value))).strip()


def checked_text(field: str, value, *, max_length: int, required=None,
                 error: type[DomainError] = DomainError) -> str | None:
    """``clean_text`` of a service's input, refused with ``error`` (the area's DomainError,
    on ``field``) when too long or, given a ``required`` message, empty; an empty optional
    text is None."""
    text = clean_text(value)
    if not text:
        if required is not None:
            raise error(field, required)
        return None
    if len(text) > max_length:
        raise error(field, _l("Please keep this under %(max)d characters.", max=max_length))
    return text
