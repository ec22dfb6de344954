"""Login and profile forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from tracker.auth.passwords import MIN_PASSWORD_LENGTH

LANGUAGE_CHOICES = [("vi", "Tiếng Việt"), ("en", "English")]


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)],
                       filters=[_strip])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    remember = BooleanField(_l("Remember me on this computer (14 days)"))


class ProfileForm(FlaskForm):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    language = SelectField(_l("Language"), choices=LANGUAGE_CHOICES)


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    new_password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200)],
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("The passwords differ."))],
    )


class UserForm(FlaskForm):
    """An admin creates or edits an account."""

    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    # Checked by the service (it must exist); a non-number is refused here.
    agency_id = SelectField(_l("Agency"), coerce=lambda v: None if v in ("", None) else int(v),
                            validate_choice=False)
    language = SelectField(_l("Language"), choices=LANGUAGE_CHOICES)
    is_admin = BooleanField(_l("Administrator (manages committees, agencies and users)"))

    def fill_choices(self, agencies) -> None:
        self.agency_id.choices = [("", _l("— no agency —"))] + [
            (a.id, a.name if not a.short_name else f"{a.name} ({a.short_name})")
            for a in agencies
        ]


class NewUserForm(UserForm):
    password = PasswordField(
        _l("Password"), validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200)],
        description=_l("At least %(num)d characters; tell it to the person privately.",
                       num=MIN_PASSWORD_LENGTH),
    )


class ResetPasswordForm(FlaskForm):
    new_password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200)],
    )
