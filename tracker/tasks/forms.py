"""Forms of the task screens."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, MultipleFileField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange
from wtforms.widgets import NumberInput

# --- An agency member's day: progress reports, completion, review -----------------------


class ProgressReportForm(FlaskForm):
    """A progress report: what was done, the percentage reached, optional evidence."""

    text = TextAreaField(
        _l("What has been done"),
        validators=[InputRequired(message=_l("Please describe the progress.")),
                    Length(max=20000)],
    )
    progress = IntegerField(
        _l("Progress (%)"),
        validators=[InputRequired(message=_l("Enter a whole number from 0 to 100.")),
                    NumberRange(min=0, max=100,
                                message=_l("Enter a whole number from 0 to 100."))],
        widget=NumberInput(min=0, max=100, step=1),
    )
    files = MultipleFileField(_l("Evidence files (optional)"))


class SubmitCompletionForm(FlaskForm):
    """The lead agency reports the task done (the button is confirmed in the browser)."""

    next = HiddenField()


class AcceptCompletionForm(FlaskForm):
    """A reviewer accepts a reported completion, optionally with a comment."""

    comment = TextAreaField(_l("Comment (optional)"), id="accept-comment",
                            validators=[Length(max=5000)])
    next = HiddenField()


class ReturnCompletionForm(FlaskForm):
    """A reviewer returns a reported completion; the lead agency must learn what is missing."""

    comment = TextAreaField(
        _l("What is missing"), id="return-comment",
        validators=[InputRequired(message=_l("Please say why the completion is returned.")),
                    Length(max=5000)],
    )
    next = HiddenField()
