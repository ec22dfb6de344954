"""Forms of the task screens."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    FileField,
    HiddenField,
    IntegerField,
    MultipleFileField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional
from wtforms.widgets import NumberInput

from tracker import labels, rules
from tracker.forms import (
    BAD_DATE,
    CHOICE_MESSAGES,
    CheckboxesField,
    SubForm,
    TrackerForm,
    clean_text,
    in_range,
    max_length,
    optional_id,
    select_choices,
    text_checks,
)
from tracker.tasks.services import TaskSpec

# --- A secretary's task rows: recording, editing and cancelling tasks -------------------


class TaskFields:
    """The fields a secretary fills in for one task (a row of the resolution screen)."""

    # The title's "required" is checked by ``check_required``: a blank row is no error.
    title = StringField(_l("Task"), filters=[clean_text],
                        validators=[max_length(rules.TASK_TITLE)])
    description = TextAreaField(_l("Description"), filters=[clean_text],
                                validators=text_checks(rules.TASK_DESCRIPTION))
    lead_agency_id = SelectField(_l("Lead agency"), coerce=optional_id, **CHOICE_MESSAGES)
    coordinating_agency_ids = CheckboxesField(_l("Coordinating agencies"), coerce=int,
                                              **CHOICE_MESSAGES)
    assignee_ids = CheckboxesField(_l("Assignees (staff of the lead agency)"), coerce=int,
                                   **CHOICE_MESSAGES)
    deadline = DateField(_l("Deadline"), validators=[Optional()], invalid_value_message=BAD_DATE)
    standing = BooleanField(_l("Standing duty (no deadline)"))
    priority = SelectField(_l("Priority"), choices=select_choices(labels.PRIORITY_LABELS.items()),
                           default="normal", **CHOICE_MESSAGES)
    expected_output = StringField(_l("Expected output"), filters=[clean_text],
                                  validators=text_checks(rules.TASK_EXPECTED_OUTPUT))

    def set_choices(self, agencies, users) -> None:
        """Offer the committee's member agencies and the staff of those agencies."""
        agency_choices = select_choices((a.id, a.label) for a in agencies)
        self.lead_agency_id.choices = [SelectChoice("", _l("— choose —")), *agency_choices]
        self.coordinating_agency_ids.choices = agency_choices
        # Grouped by agency, so the secretary finds the lead agency's staff at a glance.
        self.assignee_ids.choices = [SelectChoice(u.id, u.name, optgroup=u.agency.label)
                                     for u in users]

    def is_blank(self) -> bool:
        """Nothing typed or chosen: an unused row of the screen, ignored on save."""
        return not (self.title.data or self.description.data or self.expected_output.data
                    or self.lead_agency_id.data or self.coordinating_agency_ids.data
                    or self.assignee_ids.data or self.deadline.data
                    or self.deadline.raw_data and any(self.deadline.raw_data))

    def check_required(self) -> bool:
        """Errors a filled row must not have; the service checks the committee's rules."""
        ok = True
        if not self.title.data:
            self.title.errors.append(rules.TASK_TITLE.required)
            ok = False
        if self.lead_agency_id.data is None and not self.lead_agency_id.errors:
            self.lead_agency_id.errors.append(_l("Choose the lead agency."))
            ok = False
        if not self.standing.data and self.deadline.data is None and not self.deadline.errors:
            self.deadline.errors.append(_l("Enter a deadline or tick standing duty."))
            ok = False
        return ok

    def spec(self) -> TaskSpec:
        return TaskSpec(
            title=self.title.data or "",
            lead_agency_id=self.lead_agency_id.data,
            deadline=None if self.standing.data else self.deadline.data,
            description=self.description.data or None,
            coordinating_agency_ids=list(self.coordinating_agency_ids.data or []),
            assignee_ids=list(self.assignee_ids.data or []),
            priority=self.priority.data,
            expected_output=self.expected_output.data or None,
        )

    def fill_from(self, task) -> None:
        """Show a stored task in the fields (GET of the edit screen)."""
        self.title.data = task.title
        self.description.data = task.description
        self.lead_agency_id.data = task.lead_agency_id
        self.coordinating_agency_ids.data = [a.id for a in task.coordinating_agencies]
        self.assignee_ids.data = [u.id for u in task.assignees]
        self.deadline.data = task.deadline
        self.standing.data = task.deadline is None
        self.priority.data = task.priority
        self.expected_output.data = task.expected_output


class TaskRowForm(TaskFields, SubForm):
    """One task row inside the resolution screen (no CSRF of its own: the page has one)."""


class TaskEditForm(TaskFields, TrackerForm):
    """Edit one task; ``version`` refuses a save made on a stale copy."""

    version = HiddenField()


class TaskCancelForm(TrackerForm):
    """Stop a task by decision; the reason is kept in its history."""

    reason = TextAreaField(_l("Reason for cancelling"), filters=[clean_text],
                           validators=text_checks(rules.CANCEL_REASON))


# --- An agency member's day: progress reports, completion, review -----------------------


class ProgressReportForm(TrackerForm):
    """A progress report: what was done, the percentage reached, optional evidence."""

    text = TextAreaField(_l("What has been done"), filters=[clean_text],
                         validators=text_checks(rules.PROGRESS_TEXT))
    progress = IntegerField(
        _l("Progress (%)"),
        validators=[InputRequired(message=rules.PROGRESS.message), in_range(rules.PROGRESS)],
        widget=NumberInput(min=rules.PROGRESS.min, max=rules.PROGRESS.max, step=1),
    )
    files = MultipleFileField(_l("Evidence files (optional)"))
    # On a phone, capture="environment" opens the back camera; elsewhere, a file chooser.
    photo = FileField(_l("Photo from the camera (optional)"),
                      render_kw={"accept": "image/*", "capture": "environment"})


class SubmitCompletionForm(TrackerForm):
    """The lead agency reports the task done: the result, the output document and evidence
    (the button is confirmed in the browser)."""

    result = TextAreaField(_l("Result achieved"), id="completion-result", filters=[clean_text],
                           validators=text_checks(rules.COMPLETION_RESULT))
    output = MultipleFileField(_l("Output document"), id="completion-output")
    files = MultipleFileField(_l("Evidence of completion (optional)"), id="completion-files")
    next = HiddenField()


class AcceptCompletionForm(TrackerForm):
    """A reviewer accepts a reported completion, optionally with a comment."""

    comment = TextAreaField(_l("Comment (optional)"), id="accept-comment", filters=[clean_text],
                            validators=text_checks(rules.DECISION_COMMENT))
    next = HiddenField()


class ReturnCompletionForm(TrackerForm):
    """A reviewer returns a reported completion; the lead agency must learn what is missing."""

    comment = TextAreaField(_l("What is missing"), id="return-comment", filters=[clean_text],
                            validators=text_checks(rules.RETURN_COMMENT))
    next = HiddenField()


# --- Coordinating agencies' parts and comments ------------------------------------------


class PartDoneForm(TrackerForm):
    """A coordinating agency reports its own part done (confirmed in the browser)."""

    next = HiddenField()


class CommentForm(TrackerForm):
    """A comment on a task; ``@name`` mentions someone who can see it."""

    body = TextAreaField(_l("Comment"), id="comment-body", filters=[clean_text],
                         validators=text_checks(rules.TASK_COMMENT))
