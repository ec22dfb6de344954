"""Forms of deadline extensions: the lead agency's request and the chair's decision."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, MultipleFileField, TextAreaField
from wtforms.validators import InputRequired, Length

from tracker.forms import BAD_DATE, TrackerForm, clean_text


class ExtensionRequestForm(TrackerForm):
    requested_deadline = DateField(
        _l("New deadline asked for"), id="extension-requested-deadline",
        validators=[InputRequired(message=BAD_DATE)], invalid_value_message=BAD_DATE)
    reason = TextAreaField(
        _l("Why the task needs more time"), id="extension-reason", filters=[clean_text],
        validators=[InputRequired(message=_l("Please explain why the task needs more time.")),
                    Length(max=5000)])
    files = MultipleFileField(_l("Supporting files (optional)"), id="extension-files")


class ExtensionDecisionForm(TrackerForm):
    """Grant (comment optional) or refuse (comment required, checked by the service)."""

    comment = TextAreaField(_l("Comment"), filters=[clean_text], validators=[Length(max=5000)])
    next = HiddenField()
