"""Forms of deadline extensions: the lead agency's request and the chair's decision."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, MultipleFileField, TextAreaField
from wtforms.validators import InputRequired

from tracker import rules
from tracker.forms import BAD_DATE, TrackerForm, clean_text, text_checks


class ExtensionRequestForm(TrackerForm):
    requested_deadline = DateField(
        _l("New deadline asked for"), id="extension-requested-deadline",
        validators=[InputRequired(message=BAD_DATE)], invalid_value_message=BAD_DATE)
    reason = TextAreaField(
        _l("Why the task needs more time"), id="extension-reason", filters=[clean_text],
        validators=text_checks(rules.EXTENSION_REASON))
    files = MultipleFileField(_l("Supporting files (optional)"), id="extension-files")


class ExtensionDecisionForm(TrackerForm):
    """Grant (comment optional) or refuse (comment required, checked by the service)."""

    comment = TextAreaField(_l("Comment"), filters=[clean_text],
                            validators=text_checks(rules.DECISION_COMMENT))
    next = HiddenField()
