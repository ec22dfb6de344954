"""Forms of the notification screens."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField

from tracker.forms import CHOICE_MESSAGES, CheckboxesField, TrackerForm, select_choices
from tracker.notifications.labels import KIND_LABELS


class MarkReadForm(TrackerForm):
    """Mark one or all notifications read, then go back where the user was."""

    next = HiddenField()


class EmailKindsForm(TrackerForm):
    """Which notifications also come by e-mail, in the daily digest."""

    kinds = CheckboxesField(
        _l("Also send me by e-mail (in the daily digest)"),
        choices=select_choices(KIND_LABELS.items()),
        **CHOICE_MESSAGES,
    )
