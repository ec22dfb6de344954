"""The base class of every form: Flask-WTF with its messages from our own catalog.

WTForms ships no Vietnamese translation, so its built-in messages ("This field
is required.", "Not a valid date value." …) are listed below for extraction and
translated in tracker/translations with everything else; ``TrackerForm`` looks them up
through Flask-Babel in the user's language.
"""

from __future__ import annotations

import wtforms
from flask_babel import get_translations, gettext, ngettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from tracker.domain import BAD_DATE as BAD_DATE  # the date fields' message, as services say it
from tracker.domain import clean_text as domain_clean_text
from tracker.domain import is_id, too_long
from tracker.rules import NumberRule, TextRule


class _CatalogTranslations:
    """The gettext interface WTForms asks for, answered from the app's catalog."""

    def gettext(self, string: str) -> str:
        return gettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        # Flask-Babel's ngettext would format with num=n; WTForms formats the pattern itself.
        return get_translations().ungettext(singular, plural, n)


# --- Field helpers every area's forms share ----------------------------------------------

NOT_IN_LIST = _l("Please choose from the list.")
# A forged or stale choice reads like any other mistake, in the user's language.
CHOICE_MESSAGES = {"invalid_value_message": NOT_IN_LIST, "invalid_choice_message": NOT_IN_LIST}


def required() -> DataRequired:
    return DataRequired(message=_l("Please fill in this field."))


def chosen() -> InputRequired:
    """A select whose empty choice is not an answer."""
    return InputRequired(message=NOT_IN_LIST)


def max_length(limit: int | TextRule) -> Length:
    """The longest text: a service's rule (``tracker.rules``) or a bare limit; WTForms gives
    the browser its ``maxlength`` from it."""
    limit = getattr(limit, "max_length", limit)
    return Length(max=limit, message=too_long(limit))


def text_checks(rule: TextRule) -> list:
    """A text field's validators from the service's rule: its limit, and when it may not be
    left empty its message (the browser's ``required``), so the form says what the service
    would say to the same text."""
    if rule.required is None:
        return [max_length(rule)]
    return [DataRequired(message=rule.required), max_length(rule)]


def text_field(label, rule: TextRule, *, kind=wtforms.StringField, optional: bool = False,
               **options):
    """A text input under the service's rule: cleaned as it will be stored (``clean_text``)
    and checked by ``text_checks``; ``optional``: may be left empty (then nothing else is
    checked). ``kind`` is the field class, ``options`` its other arguments."""
    validators = [Optional(), *text_checks(rule)] if optional else text_checks(rule)
    return kind(label, filters=[clean_text], validators=validators, **options)


def in_range(rule: NumberRule) -> NumberRange:
    """A number field's range from the service's rule, with its message."""
    return NumberRange(min=rule.min, max=rule.max, message=rule.message)


def valid_email() -> Email:
    return Email(message=_l("Please enter a valid e-mail address."))


def clean_text(value):
    """Text fields' filter: the stored-text rule of ``domain.clean_text`` (NFC, trimmed, no
    NUL or other control characters), so a field's length is checked on what is stored."""
    if isinstance(value, str):
        return domain_clean_text(value)
    return value


class CheckboxesField(wtforms.SelectMultipleField):
    """A multiple choice shown as a list of checkboxes, not a select that needs Ctrl-click
    (impossible on a phone). Same name and values as a multi-select, so what is posted is
    unchanged; the ``field`` macro adds a filter box to a long list."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def select_choices(pairs) -> list[SelectChoice]:
    """``(value, label)`` pairs as select options (WTForms 3.3 deprecates bare tuples)."""
    return [SelectChoice(value, label) for value, label in pairs]


def db_id(value) -> int:
    """Coerce a posted id; out-of-range numbers are refused like any other bad value."""
    number = int(value)
    if not is_id(number):
        raise ValueError(value)
    return number


def optional_id(value):
    """Coerce a select's value to an id; the empty choice means None."""
    if value in ("", None):
        return None
    return db_id(value)


# --- Base classes ----------------------------------------------------------------------

class TrackerForm(FlaskForm):
    """A CSRF-protected form whose messages speak the user's language."""

    class Meta:
        def get_translations(self, form):
            return _CatalogTranslations()


class SubForm(wtforms.Form):
    """A repeated block inside a TrackerForm (FormField rows); no CSRF of its own."""

    class Meta:
        def get_translations(self, form):
            return _CatalogTranslations()


# WTForms' own messages, for extraction into our catalog (never called at run time).
WTFORMS_MESSAGES = (
    _l("Field must be equal to %(other_name)s."),
    _l("Field must be between %(min)d and %(max)d characters long."),
    _l("Number must be at least %(min)s."),
    _l("Number must be at most %(max)s."),
    _l("Number must be between %(min)s and %(max)s."),
    _l("Date must be at least %(min)s."),
    _l("Date must be at most %(max)s."),
    _l("Date must be between %(min)s and %(max)s."),
    _l("This field is required."),
    _l("Invalid input."),
    _l("Invalid email address."),
    _l("Invalid URL."),
    _l("Invalid value, must be one of: %(values)s."),
    _l("Invalid value, can't be any of: %(values)s."),
    _l("This field cannot be edited."),
    _l("This field is disabled and cannot have a value."),
    _l("Invalid CSRF Token."),
    _l("CSRF token missing."),
    _l("CSRF failed."),
    _l("CSRF token expired."),
    _l("Invalid Choice: could not coerce."),
    _l("Not a valid choice."),
    _l("Invalid choice(s): one or more data inputs could not be coerced."),
    _l("Not a valid datetime value."),
    _l("Not a valid date value."),
    _l("Not a valid time value."),
    _l("Not a valid integer value."),
    _l("Not a valid decimal value."),
    _l("Not a valid float value."),
)
WTFORMS_PLURAL_MESSAGES = (
    lambda n: ngettext("Field must be at least %(min)d character long.",
                       "Field must be at least %(min)d characters long.", n),
    lambda n: ngettext("Field cannot be longer than %(max)d character.",
                       "Field cannot be longer than %(max)d characters.", n),
    lambda n: ngettext("Field must be exactly %(max)d character long.",
                       "Field must be exactly %(max)d characters long.", n),
    lambda n: ngettext("'%(value)s' is not a valid choice for this field.",
                       "'%(value)s' are not valid choices for this field.", n),
)
