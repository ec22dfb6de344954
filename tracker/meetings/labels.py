"""Human names of a meeting's stored codes, translated."""

from flask_babel import lazy_gettext as _l

MEETING_STATE_LABELS = {
    "draft": _l("Being prepared"),
    "invited": _l("Invitation sent"),
    "held": _l("Held"),
}

EXTENSION_DECISION_LABELS = {
    "granted": _l("Granted"),
    "refused": _l("Refused"),
}
