"""Forms of the agenda screens."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional
from wtforms.widgets import NumberInput

from tracker import rules
from tracker.forms import (
    CHOICE_MESSAGES,
    TrackerForm,
    in_range,
    optional_id,
    select_choices,
    text_field,
)


class AgendaItemForm(TrackerForm):
    """One agenda item: what is discussed, who presents it, notes, time allotted."""

    title = text_field(_l("Agenda item"), rules.AGENDA_TITLE)
    presenter_agency_id = SelectField(_l("Presenting agency"), coerce=optional_id,
                                      **CHOICE_MESSAGES)
    notes = text_field(_l("Notes"), rules.AGENDA_NOTES, kind=TextAreaField)
    minutes_allotted = IntegerField(
        _l("Time allotted (minutes)"), validators=[Optional(), in_range(rules.AGENDA_MINUTES)],
        widget=NumberInput(min=rules.AGENDA_MINUTES.min, max=rules.AGENDA_MINUTES.max, step=5))

    def set_choices(self, agencies) -> None:
        self.presenter_agency_id.choices = [SelectChoice("", _l("— none —")), *select_choices(
            (a.id, a.label) for a in agencies)]

    def values(self) -> dict:
        return {
            "title": self.title.data,
            "presenter_agency_id": self.presenter_agency_id.data,
            "notes": self.notes.data or None,
            "minutes_allotted": self.minutes_allotted.data,
        }

    def fill_from(self, item) -> None:
        for name in ("title", "presenter_agency_id", "notes", "minutes_allotted"):
            getattr(self, name).data = getattr(item, name)


class ConfirmForm(TrackerForm):
    """A confirmation (deleting an item, sending the invitation): the CSRF token alone."""
