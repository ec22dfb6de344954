"""What every area's services share: the error a broken rule raises."""

from __future__ import annotations


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
