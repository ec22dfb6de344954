"""Forms for the reminder screens: a committee's policy and the holiday calendar."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, NumberRange, ValidationError

from tracker import rules
from tracker.forms import (
    BAD_DATE,
    CHOICE_MESSAGES,
    TrackerForm,
    clean_text,
    max_length,
    select_choices,
    text_checks,
)
from tracker.labels import HOLIDAY_KIND_LABELS
from tracker.reminders.admin import POLICY_LIMITS

WHOLE_NUMBER = _l("Please enter a whole number.")


def _number(label, low: int, high: int, help_text=None) -> IntegerField:
    return IntegerField(
        label, description=help_text, invalid_value_message=WHOLE_NUMBER,
        validators=[InputRequired(message=WHOLE_NUMBER), NumberRange(
            min=low, max=high, message=_l("Enter a number from %(min)d to %(max)d."))],
    )


def parse_day_list(text: str | None) -> list[int]:
    """"7, 1" → [7, 1]. Only the syntax is checked here; the service checks the rule."""
    parts = [p for p in re.split(r"[,;\s]+", text or "") if p]
    numbers = []
    for part in parts:
        if not re.fullmatch(r"\d{1,6}", part):
            raise ValueError(part)
        numbers.append(int(part))
    return numbers


class ReminderPolicyForm(TrackerForm):
    """How a committee's reminders are timed (one policy per committee)."""

    days_before = StringField(
        _l("Remind this many days before the deadline"), filters=[clean_text],
        validators=[max_length(60)],
        description=_l("Up to 5 numbers from 1 to 60, separated by commas, e.g. \"7, 1\". "
                       "Leave empty for no early reminders."),
    )
    on_the_day = BooleanField(_l("Remind on the day of the deadline"))
    overdue_every_days = _number(
        _l("While overdue, remind every (days)"), *POLICY_LIMITS["overdue_every_days"])
    escalate_after_days = _number(
        _l("Escalate after this many overdue days"), *POLICY_LIMITS["escalate_after_days"],
        _l("Each step up the ladder (head of the lead agency, the secretaries, the chair) "
           "comes after this many more days."))
    standing_stale_days = _number(
        _l("Nudge a standing duty with no progress report for (days)"),
        *POLICY_LIMITS["standing_stale_days"])
    decision_waiting_days = _number(
        _l("Remind the deciders of a decision waiting for (working days)"),
        *POLICY_LIMITS["decision_waiting_days"],
        _l("A reported completion or an extension request not decided after this many "
           "working days is sent again to the people who may decide it. From 1 to 30."))
    working_days_only = BooleanField(
        _l("Count working days only (skip weekends and public holidays)"))
    weekly_summary = BooleanField(
        _l("Send the weekly summary to the chair and the standing agency"))

    def validate_days_before(self, field) -> None:
        try:
            self.days_before_list = parse_day_list(field.data)
        except ValueError as error:
            raise ValidationError(
                _l("\"%(value)s\" is not a whole number.", value=str(error)[:20])) from None

    @classmethod
    def for_policy(cls, policy, **kw) -> ReminderPolicyForm:
        form = cls(obj=policy, **kw)
        if not form.is_submitted():
            form.days_before.data = ", ".join(str(d) for d in (policy.days_before or []))
        return form


class HolidayForm(TrackerForm):
    on = DateField(_l("Date"), validators=[InputRequired(message=BAD_DATE)],
                   invalid_value_message=BAD_DATE)
    name = StringField(_l("Name"), validators=text_checks(rules.HOLIDAY_NAME),
                       filters=[clean_text],
                       description=_l("E.g. Tết Nguyên đán (mùng 1)."))
    kind = SelectField(_l("Kind"), choices=select_choices(HOLIDAY_KIND_LABELS.items()),
                       **CHOICE_MESSAGES)

