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


@bp.route("/meetings/<id:meeting_id>/notice.<any(docx, pdf):fmt>")
@login_required
def download(meeting_id: int, fmt: str):
    meeting = fetch(current_user, Action.MANAGE, Meeting, meeting_id)
    return send_notice(meeting, fmt)
