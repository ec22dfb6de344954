"""Forms for agencies, committees and committee roles."""

from __future__ import annotations

from zoneinfo import available_timezones

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, IntegerField, SelectField, SelectMultipleField, StringField
from wtforms.validators import InputRequired, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from tracker import labels
from tracker.auth.forms import (
    CHOICE_MESSAGES,
    chosen,
    max_length,
    required,
    strip,
    valid_email,
)
from tracker.clock import DEFAULT_TIMEZONE
from tracker.committees.services import MAX_DUE_SOON_DAYS, is_id
from tracker.forms import TrackerForm


def db_id(value) -> int:
    """Coerce a posted id; out-of-range numbers are refused like any other bad value."""
    number = int(value)
    if not is_id(number):
        raise ValueError(value)
    return number


def optional_int(value):
    """Coerce a select's value to an int id, the empty choice to None."""
    if value in ("", None):
        return None
    return db_id(value)


def required_number():
    return InputRequired(message=_l("Please enter a whole number."))


def agency_choices(agencies, blank=None) -> list[tuple]:
    choices = [("", blank)] if blank is not None else []
    return choices + [(a.id, a.name if not a.short_name else f"{a.name} ({a.short_name})")
                      for a in agencies]


def timezone_choices() -> list[tuple[str, str]]:
    return [(tz, tz) for tz in sorted(available_timezones())]


class AgencyForm(TrackerForm):
    name = StringField(_l("Full name"), validators=[required(), max_length(255)], filters=[strip])
    short_name = StringField(
        _l("Short name"), validators=[Optional(), max_length(80)], filters=[strip],
        description=_l("As written in tables, e.g. Sở VHTTDL."),
    )
    kind = SelectField(_l("Kind"), choices=labels.choices(labels.AGENCY_KIND_LABELS),
                       **CHOICE_MESSAGES)
    email = EmailField(
        _l("Focal-point e-mail"), validators=[Optional(), valid_email(), max_length(254)],
        filters=[strip],
        description=_l("Reminders reach agencies without user accounts through this address."),
    )


class CommitteeForm(TrackerForm):
    name = StringField(_l("Name"), validators=[required(), max_length(255)], filters=[strip])
    parent_body = StringField(
        _l("Parent body"), validators=[Optional(), max_length(255)], filters=[strip],
        description=_l("The body that set the committee up, e.g. UBND tỉnh Lạng Sơn."),
    )
    timezone = SelectField(_l("Time zone"), default=DEFAULT_TIMEZONE, **CHOICE_MESSAGES)
    # Choices are checked by the service (the agency may have been removed meanwhile).
    standing_agency_id = SelectField(
        _l("Standing agency"), coerce=optional_int, validate_choice=False,
        validators=[chosen()], **CHOICE_MESSAGES,
    )
    member_agency_ids = SelectMultipleField(
        _l("Member agencies"), coerce=db_id, validate_choice=False, **CHOICE_MESSAGES,
        description=_l("The standing agency is always a member."),
        # Checkboxes: a network may have 45 members, too many for a multi-select.
        widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
    )
    due_soon_days = IntegerField(
        _l("\"Due soon\" window (days)"), default=3,
        invalid_value_message=_l("Please enter a whole number."),
        validators=[required_number(), NumberRange(
            min=0, max=MAX_DUE_SOON_DAYS, message=_l("Enter a number from %(min)d to %(max)d."),
        )],
    )

    def fill_choices(self, agencies) -> None:
        self.timezone.choices = timezone_choices()
        self.standing_agency_id.choices = agency_choices(agencies, blank=_l("— choose —"))
        self.member_agency_ids.choices = agency_choices(agencies)


class CommitteeRoleForm(TrackerForm):
    """On a committee's page: give a person (by e-mail) a role."""

    email = EmailField(_l("Person's e-mail"), validators=[required(), max_length(254)],
                       filters=[strip])
    role = SelectField(_l("Role"), choices=labels.choices(labels.ROLE_LABELS), **CHOICE_MESSAGES)


class UserRoleForm(TrackerForm):
    """On a user's page: give them a role in a committee."""

    committee_id = SelectField(
        _l("Committee"), coerce=optional_int, validate_choice=False, validators=[chosen()],
        **CHOICE_MESSAGES,
    )
    role = SelectField(_l("Role"), choices=labels.choices(labels.ROLE_LABELS), **CHOICE_MESSAGES)

    def fill_choices(self, committees) -> None:
        self.committee_id.choices = [("", _l("— choose —"))] + [
            (c.id, c.name) for c in committees
        ]
