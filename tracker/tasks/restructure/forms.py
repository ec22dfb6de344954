"""The secretary's restructuring form: which agency leaves, which takes over."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, SelectField

from tracker.forms import CHOICE_MESSAGES, TrackerForm, chosen, optional_id, select_choices


class RestructureForm(TrackerForm):
    # Choices are checked by the service (membership may have changed meanwhile).
    from_agency_id = SelectField(_l("Agency leaving or merged"), coerce=optional_id,
                                 validate_choice=False, validators=[chosen()], **CHOICE_MESSAGES)
    to_agency_id = SelectField(_l("Agency taking over"), coerce=optional_id,
                               validate_choice=False, validators=[chosen()], **CHOICE_MESSAGES)
    mark_merged = BooleanField(_l("Record that the first agency merged into the second"))
    remove_from_committee = BooleanField(
        _l("Remove the first agency from the committee's members"))
    # Set by the confirmation step, after the count has been shown.
    confirm = HiddenField()

    def fill_choices(self, members, agencies) -> None:
        blank = [("", _l("— choose —"))]
        self.from_agency_id.choices = select_choices(
            blank + [(a.id, a.name_with_short) for a in members])
        self.to_agency_id.choices = select_choices(
            blank + [(a.id, a.name_with_short) for a in agencies])
