"""A task's files (a progress report's evidence, an extension request's papers) for token
holders: the links in the API's answers point here, not to the site, whose link needs a
browser session. The same function serves both (``tracker.tasks.uploads.send_attachment``),
so the access rule and the headers cannot drift apart."""

from __future__ import annotations

import marshmallow as ma
from flask import abort, url_for
from flask_login import current_user

from tracker.extensions import db
from tracker.tasks import uploads
from tracker.tasks.models import Attachment, Task

from .common import ApiSchema, ErrorSchema, api_blueprint, get_visible

bp = api_blueprint("api_attachments", __name__,
                   "Files on a task: a progress report's evidence and an extension request's "
                   "supporting papers, downloaded by whoever may see the task.")


class AttachmentSchema(ApiSchema):
    id = ma.fields.Integer(required=True)
    filename = ma.fields.String(required=True)
    content_type = ma.fields.String(required=True)
    size = ma.fields.Integer(required=True, metadata={"description": "Bytes."})
    url = ma.fields.Function(
        lambda file: url_for("api_attachments.download", task_id=file.task.id,
                             attachment_id=file.id, _external=True),
        required=True, metadata={
            "type": "string",
            "description": "Where to download it with your token (this API)."})


SERVED_TYPES = sorted({*uploads.ALLOWED_TYPES, "application/octet-stream"})


@bp.route("/tasks/<id:task_id>/attachments/<id:attachment_id>")
@bp.doc(responses={"200": {
    "description": "The file, as an attachment under its original name "
                   "(Content-Disposition), with `Cache-Control: private, no-store`.",
    "content": {mime: {"schema": {"type": "string", "format": "binary"}}
                for mime in SERVED_TYPES}}})
@bp.alt_response(404, schema=ErrorSchema, description="No such task or file, the file is not "
                 "on this task, or the task is not visible to you.")
def download(task_id, attachment_id):
    """A file on the task (a report's evidence or an extension request's papers), always as
    a download."""
    task = get_visible(Task, task_id)
    file = db.session.get(Attachment, attachment_id)
    if file is None or file.task.id != task.id:
        abort(404)
    return uploads.send_attachment(file, current_user)
