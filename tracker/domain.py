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
