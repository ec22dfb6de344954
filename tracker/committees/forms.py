"""Forms for agencies, committees and committee roles."""

from __future__ import annotations

from zoneinfo import available_timezones

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    SelectField,
)
from wtforms.validators import InputRequired, Optional

from tracker import labels, rules
from tracker.clock import DEFAULT_TIMEZONE
from tracker.forms import (
    CHOICE_MESSAGES,
    CheckboxesField,
    TrackerForm,
    chosen,
    clean_text,
    db_id,
    in_range,
    max_length,
    optional_id,
    required,
    select_choices,
    text_field,
    valid_email,
)


def required_number():
    return InputRequired(message=_l("Please enter a whole number."))


def agency_choices(agencies, blank=None) -> list:
    choices = [("", blank)] if blank is not None else []
    return select_choices(choices + [(a.id, a.name_with_short) for a in agencies])


def timezone_choices() -> list:
    return select_choices((tz, tz) for tz in sorted(available_timezones()))


class AgencyForm(TrackerForm):
    name = text_field(_l("Full name"), rules.AGENCY_NAME)
    short_name = text_field(_l("Short name"), rules.AGENCY_SHORT_NAME, optional=True,
                            description=_l("As written in tables, e.g. Sở VHTTDL."))
    kind = SelectField(_l("Kind"), choices=select_choices(labels.AGENCY_KIND_LABELS.items()),
                       **CHOICE_MESSAGES)
    email = EmailField(
        _l("Focal-point e-mail"),
        validators=[Optional(), valid_email(), max_length(rules.EMAIL_LENGTH)],
        filters=[clean_text],
        description=_l("Reminders reach agencies without user accounts through this address."),
    )
    head_email = EmailField(
        _l("Head of agency e-mail"),
        validators=[Optional(), valid_email(), max_length(rules.EMAIL_LENGTH)],
        filters=[clean_text],
        description=_l("Step 1 of the escalation: the head is told when a task the agency "
                       "leads stays overdue."),
    )


class CommitteeForm(TrackerForm):
    name = text_field(_l("Name"), rules.COMMITTEE_NAME)
    parent_body = text_field(
        _l("Parent body"), rules.COMMITTEE_PARENT_BODY, optional=True,
        description=_l("The body that set the committee up, e.g. UBND tỉnh Lạng Sơn."))
    timezone = SelectField(_l("Time zone"), default=DEFAULT_TIMEZONE, **CHOICE_MESSAGES)
    # Choices are checked by the service (the agency may have been removed meanwhile).
    standing_agency_id = SelectField(
        _l("Standing agency"), coerce=optional_id, validate_choice=False,
        validators=[chosen()], **CHOICE_MESSAGES,
    )
    # Checkboxes: a network may have 45 members, too many for a multi-select.
    member_agency_ids = CheckboxesField(
        _l("Member agencies"), coerce=db_id, validate_choice=False, **CHOICE_MESSAGES,
        description=_l("The standing agency is always a member."),
    )
    due_soon_days = IntegerField(
        _l("\"Due soon\" window (days)"), default=3,
        invalid_value_message=_l("Please enter a whole number."),
        validators=[required_number(), in_range(rules.DUE_SOON_DAYS)],
    )

    max_extensions = IntegerField(
        _l("Extensions a task may be granted"), default=2,
        invalid_value_message=_l("Please enter a whole number."),
        validators=[Optional(), in_range(rules.EXTENSIONS_PER_TASK)],
        description=_l("The most deadline extensions the chair may grant on one task; "
                       "0 = none."),
    )

    four_eyes = BooleanField(
        _l("Four eyes"), default=True,
        description=_l("Whoever reports a task done cannot also accept or return it, and "
                       "whoever asks for a deadline extension cannot also grant or refuse it."),
    )

    public_page = BooleanField(
        _l("Public progress page"),
        description=_l("Anyone, without signing in, may read the resolutions, tasks, lead "
                       "agencies, categories and progress (no people, comments or files)."),
    )

    def fill_choices(self, agencies) -> None:
        self.timezone.choices = timezone_choices()
        self.standing_agency_id.choices = agency_choices(agencies, blank=_l("— choose —"))
        self.member_agency_ids.choices = agency_choices(agencies)


class CommitteeRoleForm(TrackerForm):
    """On a committee's page: give a person (by e-mail) a role."""

    email = EmailField(_l("Person's e-mail"),
                       validators=[required(), max_length(rules.EMAIL_LENGTH)],
                       filters=[clean_text])
    role = SelectField(_l("Role"), choices=select_choices(labels.ROLE_LABELS.items()),
                       **CHOICE_MESSAGES)


class UserRoleForm(TrackerForm):
    """On a user's page: give them a role in a committee."""

    committee_id = SelectField(
        _l("Committee"), coerce=optional_id, validate_choice=False, validators=[chosen()],
        **CHOICE_MESSAGES,
    )
    role = SelectField(_l("Role"), choices=select_choices(labels.ROLE_LABELS.items()),
                       **CHOICE_MESSAGES)

    def fill_choices(self, committees) -> None:
        self.committee_id.choices = select_choices(
            [("", _l("— choose —"))] + [(c.id, c.name) for c in committees])
