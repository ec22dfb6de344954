"""Human names of the stored codes (categories, states, roles, kinds), translated."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

CATEGORY_LABELS = {
    "done_on_time": _l("Done on time"),
    "done_late": _l("Done late"),
    "in_progress": _l("In progress, on time"),
    "due_soon": _l("Due soon"),
    "overdue": _l("In progress, overdue"),
    "standing": _l("Standing duty"),
    "cancelled": _l("Cancelled"),
    "in_time": _l("In progress, on time (all)"),
}

# The lines of the figures every dashboard and summary shows (categories.REPORTED_FIGURES):
# "in_time" is DOMAIN.md's "in progress, on time", and due soon is the "of which" under it.
REPORTED_LABELS = {
    name: CATEGORY_LABELS[name] for name in ("overdue", "done_on_time", "done_late",
                                             "standing", "cancelled")
} | {"in_time": CATEGORY_LABELS["in_progress"], "due_soon": _l("of which due soon")}

STATE_LABELS = {
    "open": _l("Being carried out"),
    "submitted": _l("Reported done, awaiting review"),
    "done": _l("Done (accepted)"),
    "cancelled": _l("Cancelled"),
}

ROLE_LABELS = {
    "chair": _l("Chair"),
    "vice_chair": _l("Vice-chair"),
    "secretary": _l("Secretary"),
    "member": _l("Member"),
    "viewer": _l("Viewer"),
}

AGENCY_KIND_LABELS = {
    "department": _l("Department"),
    "peoples_committee": _l("People's Committee"),
    "security": _l("Police / military"),
    "management_board": _l("Management board"),
    "business": _l("Business"),
    "cooperative": _l("Cooperative"),
    "organisation": _l("Organisation"),
    "other": _l("Other"),
}

# "Resolution" here is the kind Nghị quyết; elsewhere it means any directive document.
RESOLUTION_KIND_LABELS = {
    "resolution": lazy_pgettext("document kind", "Resolution"),
    "conclusion": lazy_pgettext("document kind", "Conclusion"),
    "conclusion_notice": lazy_pgettext("document kind", "Conclusion notice"),
    "plan": lazy_pgettext("document kind", "Plan"),
    "decision": lazy_pgettext("document kind", "Decision"),
    "regulation": lazy_pgettext("document kind", "Regulation"),
    "other": lazy_pgettext("document kind", "Other"),
}

PRIORITY_LABELS = {
    "low": _l("Low"),
    "normal": _l("Normal"),
    "high": _l("High"),
}

HISTORY_ACTION_LABELS = {
    "created": _l("created"),
    "updated": _l("updated"),
    "progress_reported": _l("reported progress"),
    "submitted": _l("reported the task done"),
    "accepted": _l("accepted the completion"),
    "returned": _l("returned the completion"),
    "cancelled": _l("cancelled the task"),
    "commented": _l("commented"),
    "part_done": _l("reported their agency's part done"),
    "extension_requested": _l("asked for a new deadline"),
    "extension_granted": _l("granted a deadline extension"),
    "extension_refused": _l("refused a deadline extension"),
    "restructured": _l("moved to the successor agency"),
    "password_changed": _l("changed the password"),
    "signed_out_everywhere": _l("signed out on every device"),
    "role_set": _l("set a committee role"),
    "role_removed": _l("removed a committee role"),
    "deactivated": _l("deactivated the account"),
    "reactivated": _l("reactivated the account"),
    "deleted": _l("deleted"),
}

# --- reminders and their e-mails ---
REMINDER_KIND_LABELS = {
    "due_before": _l("Deadline coming"),
    "due_today": _l("Due today"),
    "overdue": _l("Overdue"),
    "escalated": _l("Escalated"),
    "standing_stale": _l("Standing duty without news"),
    "review_waiting": _l("Completion waiting for a decision"),
    "extension_waiting": _l("Extension request waiting for a decision"),
}

DIGEST_STATUS_LABELS = {
    "pending": _l("Pending"),
    "sending": _l("Sending"),
    "sent": _l("Sent"),
    "failed": _l("Failed"),
}

HOLIDAY_KIND_LABELS = {
    "fixed": _l("Fixed date"),
    "lunar": _l("Lunar calendar"),
    "other": _l("Other day off"),
}
