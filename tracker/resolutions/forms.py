"""Forms of the meeting and resolution screens."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    FieldList,
    FormField,
    HiddenField,
    SelectField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired

from tracker import labels, rules
from tracker.forms import (
    BAD_DATE,
    CHOICE_MESSAGES,
    CheckboxesField,
    TrackerForm,
    optional_id,
    select_choices,
    text_field,
)
from tracker.tasks.forms import TaskRowForm

# Rows shown on a fresh screen; more are added with "Add another task".
INITIAL_TASK_ROWS = 3
# One document rarely carries more; the cap keeps a forged post from building thousands.
MAX_TASK_ROWS = 100


class MeetingForm(TrackerForm):
    title = text_field(_l("Title"), rules.MEETING_TITLE)
    held_on = DateField(_l("Date"), invalid_value_message=BAD_DATE,
                        validators=[InputRequired(message=BAD_DATE)])
    place = text_field(_l("Place"), rules.MEETING_PLACE)
    chaired_by = text_field(_l("Chaired by"), rules.MEETING_CHAIR)
    attending_agency_ids = CheckboxesField(_l("Attending agencies"), coerce=int,
                                           **CHOICE_MESSAGES)
    minutes = text_field(_l("Minutes"), rules.MEETING_MINUTES, kind=TextAreaField)

    def set_choices(self, agencies) -> None:
        self.attending_agency_ids.choices = select_choices((a.id, a.label) for a in agencies)

    def values(self) -> dict:
        """The service's keyword arguments (empty texts stored as NULL)."""
        return {
            "title": self.title.data,
            "held_on": self.held_on.data,
            "place": self.place.data or None,
            "chaired_by": self.chaired_by.data or None,
            "minutes": self.minutes.data or None,
        }


class ResolutionFieldsForm(TrackerForm):
    """The document itself: kind, official number, date, signer, title, text, meeting."""

    kind = SelectField(_l("Kind of document"),
                       choices=[SelectChoice("", _l("— choose —")),
                                *select_choices(labels.RESOLUTION_KIND_LABELS.items())],
                       validators=[DataRequired(message=_l("Please choose the kind of document."))],
                       **CHOICE_MESSAGES)
    number = text_field(_l("Official number"), rules.RESOLUTION_NUMBER,
                        description=_l("As printed, e.g. 12/TB-BCĐ or 17/2020/NQ-HĐND"))
    issued_on = DateField(_l("Issue date"), invalid_value_message=BAD_DATE,
                          validators=[InputRequired(message=BAD_DATE)])
    signer = text_field(_l("Signed by"), rules.RESOLUTION_SIGNER)
    title = text_field(_l("Title"), rules.RESOLUTION_TITLE, kind=TextAreaField)
    text = text_field(_l("Full text"), rules.RESOLUTION_TEXT, kind=TextAreaField)
    meeting_id = SelectField(_l("Meeting (optional)"), coerce=optional_id, **CHOICE_MESSAGES)

    def set_choices(self, meetings) -> None:
        self.meeting_id.choices = [SelectChoice("", _l("— none —")), *select_choices(
            (m.id, f"{m.held_on.strftime('%d/%m/%Y')} – {m.title}") for m in meetings
        )]

    def values(self) -> dict:
        return {
            "kind": self.kind.data,
            "number": self.number.data,
            "issued_on": self.issued_on.data,
            "signer": self.signer.data or None,
            "title": self.title.data,
            "text": self.text.data or None,
            "meeting_id": self.meeting_id.data,
        }

    def fill_from(self, resolution) -> None:
        for name in ("kind", "number", "issued_on", "signer", "title", "text", "meeting_id"):
            getattr(self, name).data = getattr(resolution, name)


class TaskRowsMixin:
    """Several task rows at once; blank rows are ignored."""

    tasks = FieldList(FormField(TaskRowForm), min_entries=INITIAL_TASK_ROWS,
                      max_entries=MAX_TASK_ROWS)
    add_row = SubmitField(_l("Add another task"))

    def set_task_choices(self, agencies, users) -> None:
        for entry in self.tasks.entries:
            entry.form.set_choices(agencies, users)

    def filled_rows(self) -> list:
        """The rows with something in them, in screen order."""
        return [entry.form for entry in self.tasks.entries if not entry.form.is_blank()]

    def check_rows(self) -> bool:
        """Check every filled row (all of them, so each shows its errors at once)."""
        ok = all([row.check_required() for row in self.filled_rows()])
        self.refresh_row_errors()
        return ok

    def refresh_row_errors(self) -> None:
        """Errors added to a row after validation must reach ``form.errors`` too."""
        errors = [entry.errors for entry in self.tasks.entries]
        self.tasks.errors = errors if any(errors) else []

    def add_blank_row(self, agencies, users) -> bool:
        """The no-JavaScript "Add another task": one more empty row, if under the cap."""
        if len(self.tasks.entries) >= MAX_TASK_ROWS:
            return False
        self.tasks.append_entry().form.set_choices(agencies, users)
        return True


class ResolutionWithTasksForm(TaskRowsMixin, ResolutionFieldsForm):
    """The secretary's one screen: the document and its tasks."""


class ResolutionEditForm(ResolutionFieldsForm):
    version = HiddenField()


class AddTasksForm(TaskRowsMixin, TrackerForm):
    """More tasks for a resolution already recorded."""
