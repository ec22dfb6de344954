"""Files on a task (a report's evidence, an extension request's papers): checked by content,
capped in size, counted against storage quotas, stored outside the web root.

The stored name is random (user input never becomes a path); the original
name is kept, sanitised, for display and download. Files are only ever served
as attachments, by ``send_attachment`` (the site's link and the API's), which first
checks the task's access rules.

Bounded cost: each file at most MAX_UPLOAD_MB, at most MAX_FILES_PER_REPORT per request,
the stored total per uploader and per committee within UPLOAD_QUOTA_USER_MB and
UPLOAD_QUOTA_COMMITTEE_MB (``check_quota``, run by ``store_attachments`` before it writes
anything), and UPLOAD_RATE_LIMIT requests carrying files per user (``rate_limited``).
"""

from __future__ import annotations

import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask import abort, current_app, request, send_file
from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from tracker.domain import DomainError
from tracker.extensions import db
from tracker.rate_limits import per_user
from tracker.rights import may_see
from tracker.tasks.models import Attachment, ProgressReport, Task, TaskExtension

# Detected type → extensions the name may carry. Office formats are zip inside; filetype
# tells docx/xlsx/odt apart by their internal structure.
ALLOWED_TYPES = {
    "application/pdf": {"pdf"},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {"docx"},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"xlsx"},
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": {"pptx"},
    "application/msword": {"doc"},
    "application/vnd.ms-excel": {"xls"},
    "application/vnd.oasis.opendocument.text": {"odt"},
    "application/vnd.oasis.opendocument.spreadsheet": {"ods"},
    "image/jpeg": {"jpg", "jpeg"},
    "image/png": {"png"},
}
ALLOWED_EXTENSIONS = sorted({ext for exts in ALLOWED_TYPES.values() for ext in exts})
MAX_FILES_PER_REPORT = 5


@dataclass
class CheckedUpload:
    filename: str
    content_type: str
    data: bytes
    # A photo's small JPEG for the task page (``tracker.tasks.photos``); None for other files.
    thumbnail: bytes | None = None

    @property
    def size(self) -> int:
        """Bytes on disk, the thumbnail's included: what the storage quotas count."""
        return len(self.data) + len(self.thumbnail or b"")


# Names Windows keeps for devices, with any extension ("con.pdf" cannot be saved there).
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {
    f"{port}{n}" for port in ("COM", "LPT") for n in "123456789¹²³"}
# Most file systems allow 255 bytes per name; leave room for a browser's " (1)".
MAX_FILENAME_BYTES = 200


def _keep(text: str) -> str:
    """Letters, digits and ``._-()`` kept, any run of whitespace one space, the rest gone."""
    kept = "".join(ch if ch.isalnum() or ch in "._-()" else " " if ch.isspace() else ""
                   for ch in text)
    return " ".join(kept.split())


def safe_filename(name: str) -> str:
    """Keep Vietnamese letters, drop path parts and characters that mean something to a shell.

    NFC first, so a name typed on a Mac (decomposed accents) keeps its letters instead of
    losing the combining marks; control, format (zero-width, right-to-left override) and
    punctuation characters go; a Windows device name gets a prefix; a long name is cut in
    its stem, so the extension the type check reads survives. Cleaning a clean name
    changes nothing.
    """
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    # Leading dots stay until the extension is split off: "😀.pdf" keeps its ".pdf".
    kept = _keep(name).rstrip(" .")
    stem, dot, extension = kept.rpartition(".")
    if not dot or not extension.isalnum() or len(extension) > 10:
        stem, extension = kept, ""
    stem = stem.strip(" .")
    if stem.split(".", 1)[0].rstrip(" ").upper() in _WINDOWS_RESERVED:
        stem = "_" + stem
    suffix = f".{extension}" if extension else ""
    budget = MAX_FILENAME_BYTES - len(suffix.encode())
    if len(stem.encode()) > budget:
        stem = stem.encode()[:budget].decode(errors="ignore").rstrip(" .")
        if not suffix:  # what is left must not read as a name with an extension
            stem = stem.replace(".", "_")
    return (stem or "tep-dinh-kem") + suffix


def served_type(content_type: str) -> str:
    """The Content-Type a stored file is sent with: its checked type, or plain bytes."""
    return content_type if content_type in ALLOWED_TYPES else "application/octet-stream"


def check_upload(filename: str, data: bytes) -> CheckedUpload:
    """Refuse empty, oversized and disallowed files; the type is read from the bytes."""
    limit_mb = current_app.config["MAX_UPLOAD_MB"]
    name = safe_filename(filename)
    if not data:
        raise DomainError("files", _l("The file %(name)s is empty.", name=name))
    if len(data) > limit_mb * 1024 * 1024:
        raise DomainError("files", _l("The file %(name)s is larger than %(mb)d MB.",
                                      name=name, mb=limit_mb))
    import filetype  # by the first upload, not at boot (0.02–0.04 s: its 80 matchers)

    kind = filetype.guess(data)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if kind is None or kind.mime not in ALLOWED_TYPES or extension not in ALLOWED_TYPES[kind.mime]:
        raise DomainError("files", _l(
            "The file %(name)s is not an allowed type (%(types)s).",
            name=name, types=", ".join(ALLOWED_EXTENSIONS)))
    return CheckedUpload(filename=name, content_type=kind.mime, data=data)


def check_files(files, field: str = "files") -> list[CheckedUpload]:
    """Check every (filename, bytes) pair before anything is written; at most
    MAX_FILES_PER_REPORT of them. Raises DomainError on ``field`` (the form's input)."""
    files = list(files)
    if len(files) > MAX_FILES_PER_REPORT:
        raise DomainError(field, _l("Attach at most %(n)d files.", n=MAX_FILES_PER_REPORT))
    try:
        return [check_upload(name, data) for name, data in files]
    except DomainError as error:
        error.field = field
        raise


def store_attachments(checked: list[CheckedUpload], stored: list[str], *, uploader,
                      task: Task) -> list[Attachment]:
    """Write checked files to disk and return their rows, for the caller to hang on a report
    or a request on ``task``. Files that would take ``uploader`` or the task's committee past
    its storage quota are refused first (DomainError on ``files``; nothing written). Each
    stored name is appended to ``stored`` as soon as it is written, so the caller can
    ``discard`` them if its change fails later."""
    check_quota(checked, uploader_id=getattr(uploader, "id", None),
                committee_id=task.committee_id)
    rows = []
    for upload in checked:
        stored_name = store(upload.data)
        stored.append(stored_name)
        thumbnail_name = None
        if upload.thumbnail is not None:
            thumbnail_name = store(upload.thumbnail)
            stored.append(thumbnail_name)
        rows.append(Attachment(filename=upload.filename, stored_name=stored_name,
                               thumbnail_name=thumbnail_name,
                               content_type=upload.content_type, size=upload.size,
                               uploaded_by_id=getattr(uploader, "id", None)))
    return rows


# --- Quotas and the rate limit ------------------------------------------------------------

MB = 1024 * 1024


def stored_bytes_of_user(user_id: int) -> int:
    """What the user's uploads take on disk, on every task of every committee."""
    return db.session.scalar(select(func.coalesce(func.sum(Attachment.size), 0))
                             .where(Attachment.uploaded_by_id == user_id))


def stored_bytes_of_committee(committee_id: int) -> int:
    """What the files on the committee's tasks take on disk, reports' and requests' alike."""
    total = 0
    for owner, key in ((ProgressReport, Attachment.report_id),
                       (TaskExtension, Attachment.extension_id)):
        total += db.session.scalar(
            select(func.coalesce(func.sum(Attachment.size), 0))
            .join(owner, owner.id == key).join(Task, Task.id == owner.task_id)
            .where(Task.committee_id == committee_id))
    return total


def _megabytes(size: int) -> str:
    return format_decimal(size / MB, format="#,##0.0")


def check_quota(checked: list[CheckedUpload], *, uploader_id: int | None,
                committee_id: int) -> None:
    """Refuse files whose bytes, added to what is stored already, would pass the uploader's
    quota (UPLOAD_QUOTA_USER_MB) or the committee's (UPLOAD_QUOTA_COMMITTEE_MB); 0 means no
    quota. Two uploads at the very same moment may both pass: the rate limit and the size
    cap per request bound that overshoot."""
    incoming = sum(upload.size for upload in checked)
    if not incoming:
        return
    config = current_app.config
    if uploader_id is not None:
        _check_one_quota(
            config["UPLOAD_QUOTA_USER_MB"], lambda: stored_bytes_of_user(uploader_id), incoming,
            lambda **values: _l(
                "These files would exceed your storage quota of %(quota)d MB (%(used)s MB "
                "used). Nothing was saved; attach smaller files or ask an administrator.",
                **values))
    _check_one_quota(
        config["UPLOAD_QUOTA_COMMITTEE_MB"], lambda: stored_bytes_of_committee(committee_id),
        incoming, lambda **values: _l(
            "These files would exceed the committee's storage quota of %(quota)d MB "
            "(%(used)s MB used). Nothing was saved; ask an administrator.", **values))


def _check_one_quota(quota: int, stored_bytes: Callable[[], int], incoming: int,
                     message: Callable[..., str]) -> None:
    """Refuse ``incoming`` bytes over ``quota`` MB (0: none) with ``message``, given the
    quota and what is used; the stored bytes are counted only when there is a quota."""
    if quota <= 0:
        return
    used = stored_bytes()
    if used + incoming > quota * MB:
        raise DomainError("files", message(quota=quota, used=_megabytes(used)))


def sent_files(form, name: str = "files") -> list[tuple[str, bytes]]:
    """The files a form's file field (``files`` unless named) carries, as (name, content);
    an empty input sends none."""
    return [(f.filename, f.read()) for f in (getattr(form, name).data or [])
            if getattr(f, "filename", None)]


def sent_photo(form) -> tuple[str, bytes] | None:
    """The camera photo a progress report's form carries, as (name, content), or None."""
    photo = form.photo.data
    return (photo.filename, photo.read()) if getattr(photo, "filename", None) else None


def _sends_no_files() -> bool:
    """No file in any of the form's file inputs (evidence, photo, output document...)."""
    return not any(getattr(f, "filename", None) for _name, f in request.files.items(multi=True))


# The views that take files (a progress report, an extension request) share one counter per
# user; a form sent without files is not an upload and is neither counted nor refused.
rate_limited = per_user(
    "UPLOAD_RATE_LIMIT", "uploads",
    _l("You have reached the limit on uploads (%(amount)d within %(period)s). "
       "Please try again later."),
    exempt_when=_sends_no_files)


def store(data: bytes) -> str:
    """Write the bytes under UPLOAD_DIR with a random name; returns that name."""
    stored_name = secrets.token_hex(16)
    directory = Path(current_app.config["UPLOAD_DIR"])
    directory.mkdir(parents=True, exist_ok=True)
    (directory / stored_name).write_bytes(data)
    return stored_name


def path_of(stored_name: str) -> Path:
    return Path(current_app.config["UPLOAD_DIR"]) / stored_name


def discard(stored_names) -> None:
    """Remove files written for a change that was then rolled back."""
    for name in stored_names:
        path_of(name).unlink(missing_ok=True)


def send_attachment(file: Attachment, user):
    """The one way a stored file leaves the server, for the site's link and the API's alike:
    only to someone who may see its task (404 otherwise, as if it did not exist), always as a
    download under its original name, typed as checked, and never kept by a cache."""
    if not may_see(user, file.task):
        abort(404)
    path = path_of(file.stored_name)
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype=served_type(file.content_type), as_attachment=True,
                         download_name=file.filename, max_age=0)
    return _private(response)


def send_thumbnail(file: Attachment, user):
    """A photo's thumbnail, shown in the task page: the same access rule as the photo, but
    inline (an ``<img>``), always a JPEG we encoded ourselves."""
    if not may_see(user, file.task) or file.thumbnail_name is None:
        abort(404)
    path = path_of(file.thumbnail_name)
    if not path.is_file():
        abort(404)
    return _private(send_file(path, mimetype="image/jpeg", max_age=0))


def _private(response):
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
