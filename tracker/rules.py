"""Every rule on what a person may type, written once: how long each text may be, whether it may
be left empty and what is said then, and the ranges of numbers.

The services check their input with these rules (``rule.check``), so a rule holds for every
caller; the site's forms (``tracker.forms.text_checks``) and the API's schemas
(``tracker.api.common.Text``) take their limits and messages from here, so the browser's hints
and the answers of both surfaces say what the service would. The models take their columns'
sizes from here too: a limit changes in one line (and its migration).

This module imports no area (only ``tracker.domain``), so every layer may import it.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from tracker.domain import DomainError, checked_name, checked_text, too_long


@dataclass(frozen=True)
class TextRule:
    """A text a person writes. ``required`` is what an empty one is told (None: it may be
    left empty, and is then stored as NULL); ``one_line`` texts (names, titles, numbers)
    follow the rule for names (``domain.checked_name``), the others may run over lines."""

    max_length: int
    required: object = None
    one_line: bool = False

    @property
    def too_long(self):
        return too_long(self.max_length)

    def check(self, field: str, value, *, error: type[DomainError] = DomainError) -> str | None:
        """``value`` as it will be stored (``domain.clean_text``), or ``error`` on ``field``."""
        check = checked_name if self.one_line else checked_text
        return check(field, value, max_length=self.max_length, required=self.required,
                     error=error)


@dataclass(frozen=True)
class NumberRule:
    """A whole number from ``min`` to ``max``; anything else is told ``message`` (by default
    "Enter a number from … to …")."""

    min: int
    max: int
    wording: object = None

    @property
    def message(self):
        if self.wording is not None:
            return self.wording
        return _l("Enter a number from %(min)d to %(max)d.", min=self.min, max=self.max)

    def check(self, field: str, value, *, error: type[DomainError] = DomainError) -> int:
        if isinstance(value, bool) or not isinstance(value, int) \
                or not self.min <= value <= self.max:
            raise error(field, self.message)
        return value


# Texts stored in TEXT columns, which have no size of their own: long enough for any real
# report, short enough that a page, a mail digest or an export stays readable.
COMMENT_LENGTH = 5_000   # a comment, a reason, a reviewer's note
REPORT_LENGTH = 20_000   # a task's description, a progress report
EMAIL_LENGTH = 254       # the longest address SMTP carries (RFC 5321 path less its brackets)

# --- Tasks ------------------------------------------------------------------------------
TASK_TITLE = TextRule(1000, _l("Please enter what must be done."), one_line=True)
TASK_DESCRIPTION = TextRule(REPORT_LENGTH)
TASK_EXPECTED_OUTPUT = TextRule(1000)
CANCEL_REASON = TextRule(COMMENT_LENGTH, _l("Please give the reason for cancelling."))
PROGRESS_TEXT = TextRule(REPORT_LENGTH, _l("Please describe the progress."))
# Reporting a task done is a report: what was achieved, beside the output document.
COMPLETION_RESULT = TextRule(REPORT_LENGTH, _l("Please describe the result achieved."))
PROGRESS = NumberRule(0, 100, _l("Enter a whole number from 0 to 100."))
DECISION_COMMENT = TextRule(COMMENT_LENGTH)  # optional: accepting, granting an extension
RETURN_COMMENT = TextRule(COMMENT_LENGTH, _l("Please say why the completion is returned."))
TASK_COMMENT = TextRule(COMMENT_LENGTH, _l("Please write your comment."))
EXTENSION_REASON = TextRule(COMMENT_LENGTH, _l("Please explain why the task needs more time."))
REFUSAL_COMMENT = TextRule(COMMENT_LENGTH, _l("Please say why the request is refused."))
SAVED_VIEW_NAME = TextRule(100, _l("Give the view a name."), one_line=True)

# --- Meetings and resolutions -----------------------------------------------------------
MEETING_TITLE = TextRule(500, _l("Please enter a title."), one_line=True)
MEETING_PLACE = TextRule(255, one_line=True)
MEETING_CHAIR = TextRule(255, one_line=True)
MEETING_MINUTES = TextRule(100_000)
# A meeting's agenda, prepared by the secretariat before it is held.
AGENDA_TITLE = TextRule(500, _l("Please enter the agenda item."), one_line=True)
AGENDA_NOTES = TextRule(COMMENT_LENGTH)
AGENDA_MINUTES = NumberRule(1, 600, _l("Enter a number of minutes from 1 to 600."))
RESOLUTION_NUMBER = TextRule(60, _l("Please enter the official number."), one_line=True)
RESOLUTION_TITLE = TextRule(1000, _l("Please enter a title."), one_line=True)
RESOLUTION_SIGNER = TextRule(255, one_line=True)
RESOLUTION_TEXT = TextRule(200_000)

# --- Agencies and committees ------------------------------------------------------------
AGENCY_NAME = TextRule(255, _l("Enter the agency's full name."), one_line=True)
AGENCY_SHORT_NAME = TextRule(80, one_line=True)
COMMITTEE_NAME = TextRule(255, _l("Enter the committee's name."), one_line=True)
COMMITTEE_PARENT_BODY = TextRule(255, one_line=True)
DUE_SOON_DAYS = NumberRule(0, 30)
EXTENSIONS_PER_TASK = NumberRule(0, 20)  # the most deadline extensions a committee may allow

# --- People, tokens, the calendar -------------------------------------------------------
PERSON_NAME = TextRule(200, _l("Enter the person's name."), one_line=True)
TOKEN_NAME = TextRule(100, _l("Give the token a name, so you know where it is used."),
                      one_line=True)
HOLIDAY_NAME = TextRule(200, _l("Enter the holiday's name."), one_line=True)

# --- Drafts from a document's text (tracker.drafting) -----------------------------------
DRAFT_TEXT = TextRule(200_000, _l("Paste the text of the document, or choose a file."))
DRAFT_FILE_MB = 10  # the largest file read for a draft (DOCX, PDF, TXT)
DRAFT_UNZIPPED_MB = 60  # a DOCX's parts once unzipped (a zip bomb stops here)
DRAFT_PDF_PAGES = 300  # the pages of a PDF read for a draft
# --- Recurring duties (tracker.tasks.recurrence) ------------------------------------------
SERIES_DUE_DAY = NumberRule(1, 31, _l("Enter the day of the month the report is due, 1 to 31."))
SERIES_INTERVAL = NumberRule(1, 366, _l("Enter how many days or weeks apart, 1 to 366."))
