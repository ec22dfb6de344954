"""Forms of saved views."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField

from tracker import rules
from tracker.forms import text_checks


class SaveViewForm(FlaskForm):
    name = StringField(_l("Name of this view"), validators=text_checks(rules.SAVED_VIEW_NAME))
    query = HiddenField()


class RenameViewForm(FlaskForm):
    name = StringField(_l("New name"), validators=text_checks(rules.SAVED_VIEW_NAME))
