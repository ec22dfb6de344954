"""What the three documents say, computed once from a summary's figures.

Laid out as a Vietnamese administrative report (Decree 30/2020/NĐ-CP, Appendix I):
issuing body and national motto side by side, number, place and date, the
document kind and title, the body, the signature block and the recipients.
The fixed formulas of that layout (state name, motto, "Số:", "BÁO CÁO",
"TRƯỞNG BAN", "Nơi nhận") are prescribed wording, not interface text, so they
live in ``FORMULAS`` per language rather than in the translation catalog; every
other string goes through gettext. Call ``document_context`` inside
``force_locale(summary.language)``.
"""

from __future__ import annotations

from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from tracker.auth.models import User
from tracker.committees.models import CommitteeRole, RoleName
from tracker.extensions import db
from tracker.summaries.periods import period_of
from tracker.tasks.categories import reported_counts, reported_figures

FORMULAS = {
    "vi": {
        "state": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "motto": "Độc lập - Tự do - Hạnh phúc",
        "number": "Số:       /BC-BCĐ",
        "kind": "BÁO CÁO",
        "signer_title": "TRƯỞNG BAN",
        "recipients": "Nơi nhận:",
        "recipient_lines": ["- Thành viên Ban Chỉ đạo;", "- Lưu: VT."],
    },
    "en": {
        "state": "SOCIALIST REPUBLIC OF VIET NAM",
        "motto": "Independence - Freedom - Happiness",
        "number": "No.:       /BC-BCĐ",
        "kind": "REPORT",
        "signer_title": "CHAIR",
        "recipients": "Recipients:",
        "recipient_lines": ["- Members of the committee;", "- Archives."],
    },
}

_PLACE_PREFIXES = ("ủy ban nhân dân tỉnh ", "uỷ ban nhân dân tỉnh ", "ubnd tỉnh ",
                   "ủy ban nhân dân thành phố ", "ubnd thành phố ", "ubnd tp ")


def place_of(parent_body: str) -> str:
    """"UBND tỉnh Lạng Sơn" → "Lạng Sơn" (the place written before the date)."""
    lowered = parent_body.casefold()
    for prefix in _PLACE_PREFIXES:
        if lowered.startswith(prefix):
            return parent_body[len(prefix):].strip()
    return ""


def place_and_date(place: str, day: date, language: str) -> str:
    """"Lạng Sơn, ngày 05 tháng 02 năm 2026": days below 10 and months 1–2 take a leading 0."""
    if language == "vi":
        month = f"{day.month:02d}" if day.month < 3 else str(day.month)
        text = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    else:
        text = format_date(day, "d MMMM yyyy")
    return f"{place}, {text}" if place else text


def chair_name(committee_id: int) -> str:
    return db.session.scalar(
        select(User.name).join(CommitteeRole, CommitteeRole.user_id == User.id)
        .where(CommitteeRole.committee_id == committee_id, CommitteeRole.role == RoleName.CHAIR)
        .order_by(CommitteeRole.id).limit(1)
    ) or ""


def rate_text(rate: float | None, language: str = "vi") -> str:
    """87,5% in Vietnamese (decimal comma), 87.5% in English; — when nothing is rated."""
    if rate is None:
        return "—"
    text = f"{rate * 100:.1f}%"
    return text.replace(".", ",") if language == "vi" else text


def day_text(iso: str | None) -> str:
    return date.fromisoformat(iso).strftime("%d/%m/%Y") if iso else ""


def _capped(groups) -> bool:
    return any(g["total"] > len(g["tasks"]) for g in groups)


def cap_note(figures: dict) -> str:
    if figures.get("list_total_cap"):  # summaries compiled before the total cap have none
        return _("Lists show at most %(cap)d tasks per agency and %(total)d in all; the XLSX "
                 "file lists every task.", cap=figures["list_cap"],
                 total=figures["list_total_cap"])
    return _("Lists show at most %(cap)d tasks per agency; the XLSX file lists every task.",
             cap=figures["list_cap"])


def document_context(summary) -> dict:
    """Every string and table the PDF, DOCX and XLSX share."""
    figures = summary.figures
    language = summary.language if summary.language in FORMULAS else "vi"
    period = period_of(summary)
    committee = figures["committee"]
    as_of = date.fromisoformat(figures["as_of_date"])
    totals, previous = figures["totals"], figures["previous"]
    previous_totals = previous.get("totals") or {}
    # The dashboard's lines (categories.reported_figures): "in progress, on time" counts
    # the due-soon tasks too, here as there.
    before = reported_counts(previous_totals) if previous_totals else {}
    categories = [
        {"label": str(label), "count": count, "previous": before.get(name)}
        for name, label, count in reported_figures(totals)
    ]
    categories.append({"label": _("Total"), "count": totals["total"],
                       "previous": previous_totals.get("total")})
    current = figures["current"]
    comparison = [
        (_("Completed in the period"), current["completed"], previous["completed"]),
        (_("of which on time"), current["completed_on_time"], previous["completed_on_time"]),
        (_("of which late"), current["completed_late"], previous["completed_late"]),
        (_("Deadlines falling in the period"), current["fell_due"], previous["fell_due"]),
        (_("New tasks assigned"), current["created"], previous["created"]),
    ]
    capped = any(_capped(figures[k]) for k in ("overdue", "completed")) or _capped(
        figures["due_next"]["groups"])
    return {
        "language": language,
        "formulas": FORMULAS[language],
        "issuer_parent": committee["parent_body"].upper(),
        "issuer": committee["name"].upper(),
        "place_date": place_and_date(place_of(committee["parent_body"]), as_of, language),
        "title": _("Results of carrying out the tasks assigned by the committee, %(period)s",
                   period=period.name()),
        "period_line": _("Reporting period: %(period)s. Figures as of %(date)s.",
                         period=period.label(), date=as_of.strftime("%d/%m/%Y")),
        "previous_line": _("Previous period: %(start)s – %(end)s.",
                           start=day_text(previous["starts_on"]),
                           end=day_text(previous["ends_on"])),
        "next_line": _("Next period: %(start)s – %(end)s.",
                       start=day_text(figures["due_next"]["starts_on"]),
                       end=day_text(figures["due_next"]["ends_on"])),
        "categories": categories,
        "comparison": comparison,
        "agencies": figures["agencies"],
        "overdue": figures["overdue"],
        "completed": figures["completed"],
        "due_next": figures["due_next"]["groups"],
        "extensions": figures["extensions"],
        # Summaries compiled before extensions existed have no rate against the original.
        "original_rate_line": _(
            "On-time rate of the committee: %(in_force)s against the deadlines in force, "
            "%(original)s against the original deadlines (as if no extension had been "
            "granted).", in_force=rate_text(figures["on_time_rate"], language),
            original=rate_text(figures["on_time_rate_original"], language),
        ) if "on_time_rate_original" in figures else "",
        "cap": figures["list_cap"],
        "capped": capped,
        "total_cap": figures.get("list_total_cap"),
        "cap_note": cap_note(figures),
        "rate_note": _("On-time rate = done on time ÷ (done + overdue in progress)."),
        "chair": chair_name(committee["id"]),
        "committee": committee,
        "figures": figures,
    }
