"""The draft conclusion notice of a meeting, as DOCX or PDF, for those who manage the
meeting (its committee's chair, vice-chairs and secretaries, and admins): the meeting page's
"Dự thảo thông báo kết luận" buttons. Its own blueprint, which also serves the notice's
templates (templates/meetings/)."""

from __future__ import annotations

from flask import Blueprint
from flask_login import current_user, login_required

from tracker.access import Action, fetch
from tracker.meetings.notice_files import send_notice
from tracker.resolutions.models import Meeting

bp = Blueprint("meeting_notice", __name__, template_folder="templates")


@bp.route("/meetings/<id:meeting_id>/notice.docx")
@login_required
def docx(meeting_id: int):
    """The notice to edit in Word or LibreOffice."""
    return send_notice(fetch(current_user, Action.MANAGE, Meeting, meeting_id), "docx")


@bp.route("/meetings/<id:meeting_id>/notice.pdf")
@login_required
def pdf(meeting_id: int):
    """The notice to read or print as it will look."""
    return send_notice(fetch(current_user, Action.MANAGE, Meeting, meeting_id), "pdf")
