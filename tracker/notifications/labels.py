"""How each notification kind reads, on the bell's page and in the profile's choice."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

KIND_LABELS = {
    "assigned": _l("Assigned to you"),
    "returned": _l("Completion returned"),
    "extension_decided": _l("Extension decided"),
    "completion_accepted": _l("Completion accepted"),
    "mentioned": _l("Mentioned in a comment"),
    "summary_ready": _l("Summary ready"),
    "completion_reported": _l("Completion reported, for your decision"),
    "extension_requested": _l("Extension asked, for your decision"),
}
