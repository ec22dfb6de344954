"""Forms of the recurring-duty screens: the task template and the rule ("Lặp lại")."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, HiddenField, IntegerField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional
from wtforms.widgets import NumberInput

from tracker import rules
from tracker.forms import BAD_DATE, CHOICE_MESSAGES, TrackerForm, in_range, select_choices
from tracker.tasks.forms import TaskFields
from tracker.tasks.recurrence.periods import FREQUENCY_LABELS, PRESETS, Frequency
from tracker.tasks.recurrence.services import RuleSpec
from tracker.tasks.services import TaskSpec

CUSTOM = "custom"


class SeriesFields(TaskFields):
    """The task template (a task's fields, without a deadline: each occurrence has its
    period's) and the rule."""

    deadline = None
    standing = None
    preset = SelectField(_l("Repeat"), default="monthly_15", **CHOICE_MESSAGES,
                         choices=[*select_choices((p.key, p.label) for p in PRESETS),
                                  SelectChoice(CUSTOM, _l("Another rule (below)"))])
    frequency = SelectField(_l("How often"), default=Frequency.MONTHLY.value,
                            choices=select_choices((f.value, label)
                                                   for f, label in FREQUENCY_LABELS.items()),
                            **CHOICE_MESSAGES)
    due_day = IntegerField(_l("Due on day of the month"), validators=[
        Optional(), in_range(rules.SERIES_DUE_DAY)],
        widget=NumberInput(min=rules.SERIES_DUE_DAY.min, max=rules.SERIES_DUE_DAY.max))
    due_after_period = BooleanField(_l("Due in the month after the period (not in its last "
                                       "month)"))
    interval = IntegerField(_l("N (days or weeks apart)"), validators=[
        Optional(), in_range(rules.SERIES_INTERVAL)],
        widget=NumberInput(min=rules.SERIES_INTERVAL.min, max=rules.SERIES_INTERVAL.max))
    ends_on = DateField(_l("Until (optional)"), validators=[Optional()],
                        invalid_value_message=BAD_DATE)

    def spec(self) -> TaskSpec:
        """The template as a task's fields (the deadline is each occurrence's own)."""
        return TaskSpec(
            title=self.title.data or "", lead_agency_id=self.lead_agency_id.data,
            description=self.description.data or None,
            coordinating_agency_ids=list(self.coordinating_agency_ids.data or []),
            assignee_ids=list(self.assignee_ids.data or []), priority=self.priority.data,
            expected_output=self.expected_output.data or None)

    def rule_spec(self) -> RuleSpec:
        if self.preset.data and self.preset.data != CUSTOM:
            return RuleSpec(preset=self.preset.data)
        return RuleSpec(frequency=self.frequency.data, due_day=self.due_day.data,
                        due_after_period=bool(self.due_after_period.data),
                        interval=self.interval.data)

    def check_required(self) -> bool:
        ok = True
        if not self.title.data:
            self.title.errors.append(rules.TASK_TITLE.required)
            ok = False
        if self.lead_agency_id.data is None and not self.lead_agency_id.errors:
            self.lead_agency_id.errors.append(_l("Choose the lead agency."))
            ok = False
        return ok


class SeriesForm(SeriesFields, TrackerForm):
    """Start a recurring duty on a resolution."""

    starts_on = DateField(_l("Starts on"), invalid_value_message=BAD_DATE,
                          validators=[InputRequired(message=BAD_DATE)])


class SeriesEditForm(SeriesFields, TrackerForm):
    """Change a recurring duty: its template, due day and end (how often stays)."""

    preset = None
    frequency = None
    interval = None
    version = HiddenField()

    def fill_from(self, series) -> None:
        self.title.data = series.title
        self.description.data = series.description
        self.lead_agency_id.data = series.lead_agency_id
        self.coordinating_agency_ids.data = [a.id for a in series.coordinating_agencies]
        self.assignee_ids.data = [u.id for u in series.assignees]
        self.priority.data = series.priority
        self.expected_output.data = series.expected_output
        self.due_day.data = series.due_day
        self.due_after_period.data = series.due_after_period
        self.ends_on.data = series.ends_on


class StopSeriesForm(TrackerForm):
    """Stop making occurrences (the button is confirmed in the browser)."""
