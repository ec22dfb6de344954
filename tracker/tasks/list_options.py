"""What the task-list filter bars offer: only the committees, agencies and resolutions
the user may see, so a select never leaks another committee's names.

The options are cached in each process, per set of visible committees (every user of the
same committees shares them) and per question, under the token of
``committees.choices``: a write of an agency, committee, role or resolution gives the token
a new random value in its own transaction (``reports.services``), and a signed-in request
reads the token with its user, so a list page spends no statement on its options until
something they show changes, in whichever web worker it was changed.
"""

from __future__ import annotations

import functools

from sqlalchemy import or_, select

from tracker.committees.choices import choices_token
from tracker.committees.models import Agency, Committee, committee_agency
from tracker.extensions import db
from tracker.kept import Kept
from tracker.resolutions.models import Resolution
from tracker.rights import only_visible, visible_committee_ids
from tracker.tasks.categories import CATEGORY_ORDER

# Resolutions offered in a select at most; a chosen one is always kept.
MAX_RESOLUTION_CHOICES = 300
CACHED_ANSWERS = 512  # per process, the least recently used dropped first

_answers: Kept[tuple] = Kept(CACHED_ANSWERS)


def _cached(question):
    """Answer ``question(user, *args)`` from the cache when the token, the user's visible
    committees and the arguments are the same."""

    @functools.wraps(question)
    def answer(user, *args, **kwargs):
        visible = visible_committee_ids(user)
        key = (choices_token(), question.__name__,
               None if visible is None else tuple(sorted(visible)),
               args, tuple(sorted(kwargs.items())))
        return list(_answers.get(key, lambda: tuple(question(user, *args, **kwargs))))

    return answer


def forget_cached() -> None:
    """Empty this process's cache (the statement-count tests measure a cold request)."""
    _answers.clear()


@_cached
def committee_choices(user) -> list[tuple[int, str]]:
    query = only_visible(select(Committee.id, Committee.name), Committee.id, user)
    return [tuple(row) for row in db.session.execute(query.order_by(Committee.name))]


@_cached
def agency_choices(user, committee_id: int | None = None,
                   selected_id: int | None = None) -> list[tuple[int, str]]:
    """Member agencies of the user's committees (of one committee when it is chosen);
    the chosen agency stays offered so the filter in force is always visible."""
    query = (select(Agency.id, Agency.short_name, Agency.name)
             .join(committee_agency, committee_agency.c.agency_id == Agency.id)
             .distinct())
    query = only_visible(query, committee_agency.c.committee_id, user)
    if committee_id:
        query = query.where(or_(committee_agency.c.committee_id == committee_id,
                                Agency.id == (selected_id or -1)))
    rows = db.session.execute(query).all()
    return sorted(((r.id, r.short_name or r.name) for r in rows), key=lambda c: c[1].casefold())


@_cached
def resolution_choices(user, committee_id: int | None = None,
                       selected_id: int | None = None) -> list[tuple[int, str]]:
    """The most recent resolutions of the user's committees, newest first."""
    query = only_visible(select(Resolution.id, Resolution.number, Resolution.issued_on),
                      Resolution.committee_id, user)
    if committee_id:
        query = query.where(Resolution.committee_id == committee_id)
    rows = db.session.execute(
        query.order_by(Resolution.issued_on.desc(), Resolution.id.desc())
        .limit(MAX_RESOLUTION_CHOICES)).all()
    choices = [(r.id, r.number) for r in rows]
    if selected_id and all(rid != selected_id for rid, _ in choices):
        extra = db.session.execute(
            only_visible(select(Resolution.id, Resolution.number), Resolution.committee_id, user)
            .where(Resolution.id == selected_id)).first()
        if extra:
            choices.append((extra.id, extra.number))
    return choices


def category_choices() -> list[str]:
    """Category codes in display order, with the "in time" pair after its parts."""
    codes = [c.value for c in CATEGORY_ORDER]
    codes.insert(codes.index("in_progress") + 1, "in_time")
    return codes
