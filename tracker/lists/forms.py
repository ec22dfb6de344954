"""Forms of saved views."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Length

from tracker.lists.saved_views import NAME_MAX


class SaveViewForm(FlaskForm):
    name = StringField(_l("Name of this view"),
                       validators=[DataRequired(_l("Give the view a name.")),
                                   Length(max=NAME_MAX)])
    query = HiddenField()


class RenameViewForm(FlaskForm):
    name = StringField(_l("New name"), validators=[DataRequired(_l("Give the view a name.")),
                                                    Length(max=NAME_MAX)])
