"""The "compile a summary" form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField
from wtforms.validators import Optional

from tracker.forms import BAD_DATE, CHOICE_MESSAGES, TrackerForm, chosen, select_choices
from tracker.summaries.periods import PERIOD_LABELS, PeriodKind


class SummaryRequestForm(TrackerForm):
    period = SelectField(
        _l("Period"), validators=[chosen()], default=PeriodKind.MONTH, **CHOICE_MESSAGES,
        choices=select_choices(PERIOD_LABELS.items()),
    )
    reference = DateField(_l("Any day in the period"), validators=[Optional()],
                          invalid_value_message=BAD_DATE)
    starts_on = DateField(_l("First day (custom dates)"), validators=[Optional()],
                          invalid_value_message=BAD_DATE)
    ends_on = DateField(_l("Last day (custom dates)"), validators=[Optional()],
                        invalid_value_message=BAD_DATE)
