"""Login, profile and account forms, and the field messages every area's forms share.

WTForms ships no Vietnamese catalog, so every message a field can show comes from
ours: a missing field, a forged choice or a too-long name reads in the user's language.
"""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    PasswordField,
    SelectField,
    StringField,
)
from wtforms.validators import EqualTo, Length, Optional

from tracker import rules
from tracker.auth.passwords import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from tracker.forms import (
    BAD_DATE,
    CHOICE_MESSAGES,
    TrackerForm,
    clean_text,
    max_length,
    required,
    select_choices,
    text_checks,
    valid_email,
)

LANGUAGE_CHOICES = select_choices([("vi", "Tiếng Việt"), ("en", "English")])

def new_password_length() -> Length:
    return Length(min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH,
                  message=_l("Use %(min)d to %(max)d characters."))


class LoginForm(TrackerForm):
    email = EmailField(_l("E-mail"), filters=[clean_text], validators=[
        required(), valid_email(), max_length(rules.EMAIL_LENGTH)])
    password = PasswordField(_l("Password"),
                             validators=[required(), max_length(MAX_PASSWORD_LENGTH)])
    remember = BooleanField(_l("Remember me on this computer (14 days)"))


class ProfileForm(TrackerForm):
    name = StringField(_l("Full name"), validators=text_checks(rules.PERSON_NAME),
                       filters=[clean_text])
    language = SelectField(_l("Language"), choices=LANGUAGE_CHOICES, **CHOICE_MESSAGES,
                           description=_l("Of the screens and of the e-mails you receive."))
    mail_optional = BooleanField(
        _l("Also send me non-essential reminders"),
        description=_l("Reminders before a deadline, on the day and about standing duties. "
                       "Reminders of overdue tasks and escalations always reach you; "
                       "they cannot be switched off."),
    )


class ChangePasswordForm(TrackerForm):
    current_password = PasswordField(_l("Current password"),
                                     validators=[required(), max_length(MAX_PASSWORD_LENGTH)])
    new_password = PasswordField(_l("New password"),
                                 validators=[required(), new_password_length()])
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[required(), EqualTo("new_password", message=_l("The passwords differ."))],
    )


def _optional_agency_id(value):
    # Existence is the service's check; here only "is it a number at all".
    return None if value in ("", None) else int(value)


class UserForm(TrackerForm):
    """An admin creates or edits an account."""

    name = StringField(_l("Full name"), validators=text_checks(rules.PERSON_NAME),
                       filters=[clean_text])
    email = EmailField(_l("E-mail"), filters=[clean_text], validators=[
        required(), valid_email(), max_length(rules.EMAIL_LENGTH)])
    agency_id = SelectField(_l("Agency"), coerce=_optional_agency_id, validate_choice=False,
                            **CHOICE_MESSAGES)
    language = SelectField(_l("Language"), choices=LANGUAGE_CHOICES, **CHOICE_MESSAGES)
    is_admin = BooleanField(_l("Administrator (manages committees, agencies and users)"))

    def fill_choices(self, agencies) -> None:
        self.agency_id.choices = select_choices(
            [("", _l("— no agency —"))] + [(a.id, a.name_with_short) for a in agencies])


class NewUserForm(UserForm):
    password = PasswordField(
        _l("Password"), validators=[required(), new_password_length()],
        description=_l("At least %(num)d characters; tell it to the person privately.",
                       num=MIN_PASSWORD_LENGTH),
    )


class ResetPasswordForm(TrackerForm):
    new_password = PasswordField(_l("New password"),
                                 validators=[required(), new_password_length()])


class ApiTokenForm(TrackerForm):
    name = StringField(_l("Name of the token"), filters=[clean_text],
                       validators=text_checks(rules.TOKEN_NAME),
                       description=_l("Where it is used, e.g. “Hệ thống quản lý văn bản”."))
    expires_on = DateField(_l("Valid until (optional)"), invalid_value_message=BAD_DATE,
                           validators=[Optional()],
                           description=_l("Leave empty for a token that works until revoked."))
