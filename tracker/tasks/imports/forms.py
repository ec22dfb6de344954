"""Forms of the task import: the upload, and the confirmation carrying the file's token."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import FileField, HiddenField

from tracker.forms import TrackerForm


class ImportUploadForm(TrackerForm):
    file = FileField(_l("CSV or XLSX file"))


class ImportConfirmForm(TrackerForm):
    token = HiddenField()
