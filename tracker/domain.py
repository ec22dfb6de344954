"""What every area's services share: the error a broken rule raises, ids, stored text and
the dates a user may give."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

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


class StateError(DomainError):
    """The record's state does not allow the verb (accepting a task still open, deciding an
    extension already decided): the API answers 409 with the record as it is now, the site
    shows ``message``. Raised by ``tasks.workflow`` before anything is written."""


class EditConflict(DomainError):
    """The copy being saved is older than the one stored: refused (409), nothing written."""


class NotPermitted(DomainError):
    """A rule about who acts, not about what was sent (e.g. the committee's "four eyes"):
    the site shows ``message`` on the page, the API answers 403 with it."""


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

# Invisible characters that change how the text around them reads. Direction controls
# (embeddings, overrides, isolates) reorder what a reader sees — "Trojan Source": a title
# can show one thing and say another, in the page, the mail and the exports. They are
# refused in every text, multi-line ones (descriptions, reports, comments) included: no
# Vietnamese or English text needs them, and a progress report read in a digest must say
# what it shows. Zero-width characters stay allowed there (pasted Word or PDF text carries
# them harmlessly; emoji sequences need the joiner); only names refuse them.
DIRECTION_CONTROLS = "\u202a-\u202e\u2066-\u2069"
# …and, with the direction marks, zero-width spaces and joiners and the BOM: in a name they
# make two names that look the same differ, or hide text. (File names drop them too:
# ``uploads.safe_filename`` keeps letters, digits and a few signs only.)
INVISIBLE = f"\u061c\u200b-\u200f\u2060-\u2064\ufeff{DIRECTION_CONTROLS}"
_DIRECTION_CONTROL = re.compile(f"[{DIRECTION_CONTROLS}]")
_INVISIBLE = re.compile(f"[{INVISIBLE}]")
# What ``clean_text`` keeps of the control characters (tab, line breaks, C1) and the Unicode
# line and paragraph separators: none of them belongs in a one-line name (a CR/LF in a
# committee's name broke its weekly mail's subject).
_NOT_ON_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


INVISIBLE_MESSAGE = _l("Please remove the invisible characters (direction controls, "
                       "zero-width spaces) from this text.")


def too_long(max_length: int):
    """What a text over ``max_length`` characters is told: by the services, the site's forms
    and the API alike."""
    return _l("Please keep this under %(max)d characters.", max=max_length)


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
    text is None. Line breaks stay; direction controls are refused in every text (see
    ``DIRECTION_CONTROLS``); one-line names take ``checked_name``."""
    text = clean_text(value)
    if _DIRECTION_CONTROL.search(text):
        raise error(field, INVISIBLE_MESSAGE)
    if not text:
        if required is not None:
            raise error(field, required)
        return None
    if len(text) > max_length:
        raise error(field, too_long(max_length))
    return text


def checked_name(field: str, value, *, max_length: int, required=None,
                 error: type[DomainError] = DomainError) -> str | None:
    """A one-line name or title (a committee's, an agency's, a person's, a document's number
    and title, a task's title…): ``checked_text``, and refused when it holds a line break,
    a tab or any other control character, or an invisible character (``INVISIBLE``).

    Refused rather than dropped, so nothing the user typed changes silently; the
    characters ``clean_text`` drops from every text (NUL, most C0 controls) are dropped
    here too, so forms (which filter with it) and the API agree.
    """
    text = clean_text(value)
    if _NOT_ON_ONE_LINE.search(text):
        raise error(field, _l("Please write this on one line, without tabs or control "
                              "characters."))
    if _INVISIBLE.search(text):
        raise error(field, INVISIBLE_MESSAGE)
    return checked_text(field, text, max_length=max_length, required=required, error=error)


# --- Dates a user gives ---------------------------------------------------------------------

# Every date typed or sent (deadlines, extensions, meetings, issue dates, token expiry,
# summary periods) lies in this range: wider than any real document, and narrow enough that
# date arithmetic (the day after, the quarter before) and every consumer of a stored date
# (iCal feeds, XLSX, the period maths of summaries) keep working. 9999-12-31 did not.
FIRST_DATE = date(1900, 1, 1)
LAST_DATE = date(2100, 12, 31)
BAD_DATE = _l("Please enter a valid date.")


def checked_date(field: str, value, *, required=None,
                 error: type[DomainError] = DomainError) -> date | None:
    """A date from a user, refused with ``error`` (on ``field``) outside FIRST_DATE …
    LAST_DATE or when not a date; None (given a ``required`` message: refused) stays None."""
    if value is None:
        if required is not None:
            raise error(field, required)
        return None
    if not isinstance(value, date) or hasattr(value, "hour"):  # a datetime is not a day
        raise error(field, BAD_DATE)
    if not FIRST_DATE <= value <= LAST_DATE:
        raise error(field, _l("Please enter a date between the years %(first)d and %(last)d.",
                              first=FIRST_DATE.year, last=LAST_DATE.year))
    return value
