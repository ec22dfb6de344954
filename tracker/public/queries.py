"""What the public progress page shows: public facts only, never people, comments or files."""

from __future__ import annotations

from sqlalchemy import func, select

from tracker.committees.models import Agency, Committee
from tracker.extensions import db
from tracker.resolutions.models import Resolution
from tracker.tasks.categories import (
    CATEGORY_ORDER,
    category_expression,
    days_left_expression,
    local_today_expression,
)
from tracker.tasks.models import Task


def category_counts(committee: Committee) -> list[tuple[str, int]]:
    """(category, number of tasks) in the order categories are always shown, zeros included."""
    category = category_expression(local_today_expression()).label("category")
    found = dict(db.session.execute(
        select(category, func.count(Task.id))
        .join(Committee, Committee.id == Task.committee_id)
        .where(Task.committee_id == committee.id)
        .group_by(category)).all())
    return [(c.value, found.get(c.value, 0)) for c in CATEGORY_ORDER]


def resolutions(committee: Committee) -> list:
    """Number, kind, date and title of each document (not who signed it)."""
    return db.session.execute(
        select(Resolution.id, Resolution.kind, Resolution.number, Resolution.issued_on,
               Resolution.title)
        .where(Resolution.committee_id == committee.id)
        .order_by(Resolution.issued_on.desc(), Resolution.id.desc())).all()


def tasks_query(committee: Committee):
    """Each task's title, lead agency, category, progress and deadline — nothing more."""
    today = local_today_expression()
    return (select(Task.id, Task.title, Task.progress, Task.deadline,
                   Agency.name.label("lead_agency"), Resolution.number.label("resolution"),
                   category_expression(today).label("category"),
                   days_left_expression(today).label("days_left"))
            .join(Committee, Committee.id == Task.committee_id)
            .join(Agency, Agency.id == Task.lead_agency_id)
            .join(Resolution, Resolution.id == Task.resolution_id)
            .where(Task.committee_id == committee.id)
            .order_by(Resolution.issued_on.desc(), Resolution.id.desc(), Task.id))
