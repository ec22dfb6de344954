"""Drafting a resolution from its text: paste or upload → review the drafts → confirm.

Nothing is written before the confirmation: the paste answers with the review screen, whose
every draft row travels in the form; dropping, merging or adding a row posts the rows back
and the screen comes back with them rearranged. "Confirm and save" records the document and
its tasks in one transaction (``services.save_draft``), with the several-tasks screen's
checks and errors: next to the field of the row, nothing half-written.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tracker import rules
from tracker.access import Action, fetch
from tracker.clock import local_today
from tracker.committees.models import Committee
from tracker.drafting.extraction import extract_draft
from tracker.drafting.forms import DraftReviewForm, DraftSourceForm, draft_values, rearranged
from tracker.drafting.queries import agency_refs
from tracker.drafting.services import save_draft
from tracker.drafting.sources import DraftSourceError, text_of_upload
from tracker.resolutions import queries as resolution_queries
from tracker.resolutions.forms import MAX_TASK_ROWS
from tracker.tasks.uploads import rate_limited
from tracker.unit_of_work import attempt

bp = Blueprint("drafting", __name__, template_folder="templates")


def _committee(committee_id: int) -> Committee:
    """Who may record a resolution in the committee may draft one (the same check)."""
    return fetch(current_user, Action.MANAGE, Committee, committee_id)


def _review_form(committee: Committee, formdata, *, add_row: bool = False) -> DraftReviewForm:
    """The review form over ``formdata``, with the committee's choices (read once for every
    row); ``add_row``: one more empty row at the end."""
    agencies = resolution_queries.member_agencies(committee)
    users = resolution_queries.assignable_users(committee)
    form = DraftReviewForm(formdata=formdata)
    form.set_choices(resolution_queries.committee_meetings(committee.id))
    form.set_task_choices(agencies, users)
    if add_row:
        form.add_blank_row(agencies, users)
    return form


def _review(committee: Committee, form: DraftReviewForm, status: int = 200, problems=None):
    return render_template("drafting/review.html", committee=committee, form=form,
                           problems=problems or []), status


def _source_text(form: DraftSourceForm) -> str | None:
    """The uploaded file's text, else the pasted text; None (with the error on its field)
    when there is none to read."""
    upload = request.files.get(form.file.name)
    if upload is not None and upload.filename:
        try:
            return text_of_upload(upload.filename, upload.read())
        except DraftSourceError as error:
            form.file.errors = [*form.file.errors, error.message]
            return None
    if form.text.data:
        return form.text.data
    form.text.errors = [*form.text.errors, rules.DRAFT_TEXT.required]
    return None


@bp.route("/committees/<id:committee_id>/resolutions/draft", methods=["GET", "POST"])
@login_required
@rate_limited
def paste(committee_id: int):
    committee = _committee(committee_id)
    form = DraftSourceForm()
    context = {"committee": committee, "form": form}
    if request.method == "GET":
        return render_template("drafting/paste.html", **context)
    text = _source_text(form) if form.validate() else None
    if text is None:
        return render_template("drafting/paste.html", **context), 422
    draft = extract_draft(text, agency_refs(committee), today=local_today(committee.timezone))
    problems = []
    if len(draft.tasks) > MAX_TASK_ROWS:  # said, never dropped silently
        problems.append(_("The document gives %(count)d tasks; the first %(n)d are shown. "
                          "Save them, then add the others to the document.",
                          count=len(draft.tasks), n=MAX_TASK_ROWS))
    return _review(committee, _review_form(committee, draft_values(draft, text)),
                   problems=problems)


@bp.route("/committees/<id:committee_id>/resolutions/draft/review", methods=["POST"])
@login_required
def review(committee_id: int):
    committee = _committee(committee_id)
    action = request.form.get("row_action", "")
    if action:
        formdata = rearranged(request.form, action)
        return _review(committee, _review_form(committee, formdata or request.form))
    if request.form.get("add_row"):
        return _review(committee, _review_form(committee, request.form, add_row=True))
    form = _review_form(committee, request.form)
    problems: list = []
    valid = form.validate()
    valid = form.check_rows() and valid
    if not valid:
        return _review(committee, form, 422, problems)
    rows = form.filled_rows()
    with attempt(form, rows=rows, problems=problems) as saved:
        resolution = save_draft(committee, actor=current_user, resolution_fields=form.values(),
                                task_specs=[row.spec() for row in rows],
                                recurrences=[row.recurrence.data or None for row in rows],
                                lead_days=current_app.config["RECURRENCE_LEAD_DAYS"])
    if not saved:
        return _review(committee, form, 422, problems)
    flash(_("Document %(number)s recorded with %(n)d tasks.",
            number=resolution.number, n=len(rows)), "success")
    return redirect(url_for("resolutions.detail", resolution_id=resolution.id))
