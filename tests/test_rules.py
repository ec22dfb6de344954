"""Every input rule is written once, in ``tracker.rules``: the service checks it, and the site's
form, the API's schema and the table's column take the same limit and the same messages.

If someone writes a limit or a message again somewhere (a form's ``Length(max=5000)``, an API
field's ``Text(1000)``), the copies may drift: these tests fail instead.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from flask_babel import force_locale
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from tracker import rules
from tracker.api import agencies as api_agencies
from tracker.api import committees as api_committees
from tracker.api import meetings as api_meetings
from tracker.api import resolutions as api_resolutions
from tracker.api import tasks as api_tasks
from tracker.api import users as api_users
from tracker.api import workflow_bodies
from tracker.auth import forms as auth_forms
from tracker.auth.models import ApiToken, User
from tracker.committees import forms as committee_forms
from tracker.committees.models import Agency, Committee
from tracker.domain import DomainError
from tracker.lists import forms as list_forms
from tracker.reminders import forms as reminder_forms
from tracker.reminders.models import Holiday
from tracker.resolutions import forms as resolution_forms
from tracker.resolutions.models import Meeting, Resolution
from tracker.tasks import forms as task_forms
from tracker.tasks.extensions import forms as extension_forms
from tracker.tasks.models import SavedView, Task

# (rule, the form and its field, the API schema and its field or None, the column or None)
TEXTS = [
    (rules.TASK_TITLE, task_forms.TaskEditForm, "title", api_tasks.TaskCreateSchema, "title",
     Task.title),
    (rules.TASK_DESCRIPTION, task_forms.TaskEditForm, "description",
     api_tasks.TaskCreateSchema, "description", None),
    (rules.TASK_EXPECTED_OUTPUT, task_forms.TaskEditForm, "expected_output",
     api_tasks.TaskCreateSchema, "expected_output", Task.expected_output),
    (rules.CANCEL_REASON, task_forms.TaskCancelForm, "reason", workflow_bodies.ReasonSchema,
     "reason", None),
    (rules.PROGRESS_TEXT, task_forms.ProgressReportForm, "text",
     workflow_bodies.ReportCreateSchema, "text", None),
    (rules.DECISION_COMMENT, task_forms.AcceptCompletionForm, "comment",
     workflow_bodies.OptionalCommentSchema, "comment", None),
    (rules.RETURN_COMMENT, task_forms.ReturnCompletionForm, "comment",
     workflow_bodies.CommentSchema, "comment", None),
    (rules.TASK_COMMENT, task_forms.CommentForm, "body", None, None, None),
    (rules.EXTENSION_REASON, extension_forms.ExtensionRequestForm, "reason",
     workflow_bodies.ExtensionRequestSchema, "reason", None),
    (rules.DECISION_COMMENT, extension_forms.ExtensionDecisionForm, "comment",
     workflow_bodies.OptionalCommentSchema, "comment", None),
    (rules.MEETING_TITLE, resolution_forms.MeetingForm, "title",
     api_meetings.MeetingCreateSchema, "title", Meeting.title),
    (rules.MEETING_PLACE, resolution_forms.MeetingForm, "place",
     api_meetings.MeetingCreateSchema, "place", Meeting.place),
    (rules.MEETING_CHAIR, resolution_forms.MeetingForm, "chaired_by",
     api_meetings.MeetingCreateSchema, "chaired_by", Meeting.chaired_by),
    (rules.MEETING_MINUTES, resolution_forms.MeetingForm, "minutes",
     api_meetings.MeetingCreateSchema, "minutes", None),
    (rules.RESOLUTION_NUMBER, resolution_forms.ResolutionEditForm, "number",
     api_resolutions.ResolutionCreateSchema, "number", Resolution.number),
    (rules.RESOLUTION_TITLE, resolution_forms.ResolutionEditForm, "title",
     api_resolutions.ResolutionCreateSchema, "title", Resolution.title),
    (rules.RESOLUTION_SIGNER, resolution_forms.ResolutionEditForm, "signer",
     api_resolutions.ResolutionCreateSchema, "signer", Resolution.signer),
    (rules.RESOLUTION_TEXT, resolution_forms.ResolutionEditForm, "text",
     api_resolutions.ResolutionCreateSchema, "text", None),
    (rules.AGENCY_NAME, committee_forms.AgencyForm, "name", api_agencies.AgencyCreateSchema,
     "name", Agency.name),
    (rules.AGENCY_SHORT_NAME, committee_forms.AgencyForm, "short_name",
     api_agencies.AgencyCreateSchema, "short_name", Agency.short_name),
    (rules.COMMITTEE_NAME, committee_forms.CommitteeForm, "name",
     api_committees.CommitteeCreateSchema, "name", Committee.name),
    (rules.COMMITTEE_PARENT_BODY, committee_forms.CommitteeForm, "parent_body",
     api_committees.CommitteeCreateSchema, "parent_body", Committee.parent_body),
    (rules.PERSON_NAME, auth_forms.UserForm, "name", api_users.UserCreateSchema, "name",
     User.name),
    (rules.PERSON_NAME, auth_forms.ProfileForm, "name", None, None, None),
    (rules.TOKEN_NAME, auth_forms.ApiTokenForm, "name", None, None, ApiToken.name),
    (rules.HOLIDAY_NAME, reminder_forms.HolidayForm, "name", None, None, Holiday.name),
    (rules.SAVED_VIEW_NAME, list_forms.SaveViewForm, "name", None, None, SavedView.name),
    (rules.SAVED_VIEW_NAME, list_forms.RenameViewForm, "name", None, None, None),
]
NUMBERS = [
    (rules.PROGRESS, task_forms.ProgressReportForm, "progress",
     workflow_bodies.ReportCreateSchema, "progress"),
    (rules.DUE_SOON_DAYS, committee_forms.CommitteeForm, "due_soon_days",
     api_committees.CommitteeCreateSchema, "due_soon_days"),
    (rules.EXTENSIONS_PER_TASK, committee_forms.CommitteeForm, "max_extensions",
     api_committees.CommitteeCreateSchema, "max_extensions"),
]


def _ids(cases):
    return [f"{case[1].__name__}.{case[2]}" for case in cases]


def _validators(form, name) -> list:
    return getattr(form, name).kwargs.get("validators") or []


def _words(message) -> str:
    with force_locale("en"):
        return str(message)


@pytest.mark.parametrize(("rule", "form", "field", "schema", "key", "column"), TEXTS,
                         ids=_ids(TEXTS))
def test_a_text_has_the_same_limit_and_messages_in_the_form_the_api_and_the_column(
        app, rule, form, field, schema, key, column):
    with app.test_request_context():
        validators = _validators(form, field)
        (length,) = [v for v in validators if isinstance(v, Length)]
        assert length.max == rule.max_length  # also the browser's maxlength
        assert _words(length.message) == _words(rule.too_long)
        required = [v for v in validators if isinstance(v, DataRequired | InputRequired)]
        if required and rule.required is not None:
            assert _words(required[0].message) == _words(rule.required)
        if schema is not None:
            (api_length,) = schema._declared_fields[key].validators
            assert api_length.max == rule.max_length
            assert _words(api_length.error) == _words(rule.too_long)
        if column is not None:
            assert column.type.length == rule.max_length


@pytest.mark.parametrize(("rule", "form", "field", "schema", "key"), NUMBERS, ids=_ids(NUMBERS))
def test_a_number_has_the_same_range_and_message_in_the_form_and_the_api(
        app, rule, form, field, schema, key):
    with app.test_request_context():
        (in_range,) = [v for v in _validators(form, field) if isinstance(v, NumberRange)]
        assert (in_range.min, in_range.max) == (rule.min, rule.max)
        assert _words(in_range.message) == _words(rule.message)
        (api_range,) = schema._declared_fields[key].validators
        assert (api_range.min, api_range.max) == (rule.min, rule.max)
        assert _words(api_range.error) == _words(rule.message)


def test_the_progress_message_and_the_committee_ranges_keep_their_words(app):
    with app.test_request_context():
        assert _words(rules.PROGRESS.message) == "Enter a whole number from 0 to 100."
        assert _words(rules.EXTENSIONS_PER_TASK.message) == "Enter a number from 0 to 20."
        assert _words(rules.DUE_SOON_DAYS.message) == "Enter a number from 0 to 30."


@pytest.mark.parametrize("rule", sorted({case[0] for case in TEXTS}, key=repr))
def test_the_service_refuses_one_character_more_in_the_same_words(app, rule):
    with app.test_request_context():
        assert rule.check("field", "x" * rule.max_length) == "x" * rule.max_length
        with pytest.raises(DomainError) as refused:
            rule.check("field", "x" * (rule.max_length + 1))
        assert _words(refused.value.message) == _words(rule.too_long)
        if rule.required is None:
            assert rule.check("field", "  ") is None
        else:
            with pytest.raises(DomainError) as empty:
                rule.check("field", "  ")
            assert _words(empty.value.message) == _words(rule.required)


def test_a_one_line_rule_refuses_a_line_break_and_a_text_keeps_it(app):
    with app.test_request_context():
        with pytest.raises(DomainError):
            rules.TASK_TITLE.check("title", "Rà soát\nhồ sơ")
        assert rules.TASK_DESCRIPTION.check("description", "Rà soát\nhồ sơ") == "Rà soát\nhồ sơ"


# --- No copy of a limit is written again ---------------------------------------------------

TRACKER = Path(__file__).resolve().parent.parent / "tracker"
_LIMIT_CALLS = {"Length", "max_length", "Text", "checked_text", "checked_name", "NumberRange",
                "Range"}
# Limits that are not (yet) a rule of what is stored: the API's search words (``q``), which
# the site cuts; passwords (never stored as typed; the site allows 200 characters, the API
# 1000); the reminder policy's list of days, whose numbers its service checks; a time zone,
# which must be one of the list.
_NOT_STORED = {"q", "password", "current_password", "days_before", "new_password_length",
               "timezone", "after"}  # after: a list cursor, not stored


def _bare_limits(path: Path) -> list[str]:
    """Calls like ``Length(max=5000)``, ``Text(1000)``, ``checked_text(..., max_length=20)``
    in ``path``: a limit written again instead of taken from ``tracker.rules``. The length
    of a list of ids (``List(Id(), validate=Length(max=500))``) is no text limit."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            exempt = {t.id for t in node.targets if isinstance(t, ast.Name)} & _NOT_STORED
        elif isinstance(node, ast.FunctionDef):
            exempt = node.name in _NOT_STORED
        else:
            exempt = isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "List"
        if exempt:
            skipped.update(id(inner) for inner in ast.walk(node) if inner is not node)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or id(node) in skipped:
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name not in _LIMIT_CALLS:
            continue
        numbers = [arg for arg in node.args if isinstance(arg, ast.Constant)]
        numbers += [kw.value for kw in node.keywords
                    if kw.arg in {"max", "max_length"} and isinstance(kw.value, ast.Constant)]
        if any(isinstance(n.value, int) for n in numbers):
            found.append(f"{path.relative_to(TRACKER.parent)}:{node.lineno}")
    return found


def test_no_form_schema_or_service_writes_a_text_limit_of_its_own():
    checked = [*TRACKER.glob("**/forms.py"), TRACKER / "forms.py",
               *TRACKER.glob("api/*.py"), *TRACKER.glob("**/services.py")]
    copies = [where for path in checked for where in _bare_limits(path)]
    assert copies == []
