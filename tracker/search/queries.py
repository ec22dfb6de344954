"""The global search: resolutions and tasks whose folded words hold every word of the query.

All in SQL on the folded ``search_text`` / ``search_title`` columns (tracker.text), so it
behaves the same on SQLite and PostgreSQL. Rank, best first (a CASE, portable):

0. a resolution whose official number is the query;
1. the number starts with the query, or every word starts a word of the title;
2. every word is somewhere in the title;
3. a task whose lead or coordinating agency's name holds a word;
4. the rest (the body: text, description, expected output, signer);

ties by the newest first.

At 1M tasks neither the order nor the count reads every match: see ``_task_selects`` and
``COUNT_CAP``.
"""

from __future__ import annotations

from sqlalchemy import and_, case, exists, literal, literal_column, or_, select, union_all
from sqlalchemy.orm import selectinload

from tracker.committees.models import Agency
from tracker.extensions import db
from tracker.paging import Page, bounded_count, clamp_page
from tracker.resolutions.models import Resolution
from tracker.rights import only_visible
from tracker.tasks.models import Task, task_coordinator
from tracker.tasks.queries import TaskFilters, task_list_query
from tracker.text import contains, escape_like, fold

MAX_QUERY = 200
MAX_WORDS = 8
# The count stops here ("More than 1,000 results"): it reads about COUNT_CAP / (the share
# of tasks a word is in) rows whatever the number of tasks. For a word in a third of them,
# 2 ms; a cap of 10,000 took 63 ms, the exact count 392 ms at 1M tasks (EXPLAIN ANALYZE).
COUNT_CAP = 1_000


def search_words(query: str | None) -> list[str]:
    """The query folded and split into distinct words (NUL and excess length dropped)."""
    folded = fold((query or "").replace("\x00", "")[:MAX_QUERY])
    words: list[str] = []
    for word in folded.split():
        if word not in words:
            words.append(word)
    return words[:MAX_WORDS]


# What may stand before a word in a title: "Đề án “Lạng Sơn xanh” (giai đoạn 2025-2030)".
WORD_STARTS = (" ", "(", "“", '"', "'", "-", "/")


def _starts_word(column, word: str):
    return or_(column.like(f"{escape_like(word)}%", escape="\\"),
               *(column.like(f"%{before}{escape_like(word)}%", escape="\\")
                 for before in WORD_STARTS))


def _title_ranks(column, words: list[str]):
    return [(and_(*(_starts_word(column, w) for w in words)), 1),
            (and_(*(contains(column, w) for w in words)), 2)]


def _resolution_select(user, words: list[str]):
    phrase = escape_like(" ".join(words))
    # search_text begins with the folded number, then " | " and the title.
    number_is = or_(Resolution.search_text == " ".join(words),
                    Resolution.search_text.like(f"{phrase} | %", escape="\\"))
    number_starts = Resolution.search_text.like(f"{phrase}%", escape="\\")
    score = case((number_is, 0), (number_starts, 1),
                 *_title_ranks(Resolution.search_title, words), else_=4)
    query = select(literal_column("'resolution'").label("kind"), Resolution.id.label("id"),
                   score.label("score"), Resolution.created_at.label("created_at"))
    query = query.where(*(contains(Resolution.search_text, w) for w in words))
    query = only_visible(query, Resolution.committee_id, user)
    return query


def _agencies_named(words: list[str]) -> dict[str, list[int]]:
    """For each word, the agencies whose folded name holds it (one small query).

    A task is found by its lead or coordinating agency's name; asking the agency table first
    leaves the task query a plain LIKE on its own column, which the trigram index serves
    (a join's OR would read every task)."""
    named: dict[str, list[int]] = {w: [] for w in words}
    if not words:
        return named
    lookups = [select(literal(i).label("word"), Agency.id.label("id"))
               .where(contains(Agency.search_text, w)) for i, w in enumerate(words)]
    for row in db.session.execute(union_all(*lookups)):
        named[words[row.word]].append(row.id)
    return named


def _led_or_coordinated_by(agency_ids: list[int]):
    coordinated = exists().where(task_coordinator.c.task_id == Task.id,
                                 task_coordinator.c.agency_id.in_(agency_ids))
    return or_(Task.lead_agency_id.in_(agency_ids), coordinated)


def _task_match(words: list[str], agencies: dict[str, list[int]]):
    """Every word is in the task's words or its lead or coordinating agency's name."""
    return [or_(contains(Task.search_text, w), _led_or_coordinated_by(agencies[w]))
            if agencies[w] else contains(Task.search_text, w) for w in words]


def _task_ranks(words: list[str], agencies: dict[str, list[int]]):
    """(condition, score), best first; a task's score is its first met, else 4."""
    ranks = _title_ranks(Task.search_title, words)
    named = [ids for ids in agencies.values() if ids]
    if named:
        ranks.append((or_(*(_led_or_coordinated_by(ids) for ids in named)), 3))
    return ranks


def _task_selects(user, words, agencies, first: int) -> list:
    """The ``first`` best tasks, as one select per score, each reading the newest first.

    Ordering every match by score reads them all (34,639 of 100k for a common word: 508 ms,
    ten times that at 1M). Instead, for each score s, the newest ``first`` tasks among those
    scoring s or better are read (the index on created_at, stopping early) and those scoring
    exactly s kept: they hold the newest ``first - better`` of score s, where ``better`` is how
    many score better, which is all a page within the ``first`` needs. A rare word's
    condition is instead answered by the trigram index and sorted; the planner picks.
    """
    ranks = _task_ranks(words, agencies)
    score = case(*ranks, else_=4).label("score")
    matches = only_visible(
        select(literal_column("'task'").label("kind"), Task.id.label("id"), score,
               Task.created_at.label("created_at")).where(*_task_match(words, agencies)),
        Task.committee_id, user)
    # Scoring s or better: the title starts every word (1); holds every word (2, which a
    # title starting them also does); that or an agency's name (3); any match (4).
    at_least = [ranks[0][0], *(or_(*(c for c, _ in ranks[1:n + 1]))
                               for n in range(1, len(ranks)))]
    selects = []
    for condition, rank in [*zip(at_least, (r for _, r in ranks), strict=True), (None, 4)]:
        scored = matches if condition is None else matches.where(condition)
        newest = (scored.order_by(Task.created_at.desc(), Task.id.desc())
                  .limit(first).subquery())
        selects.append(select(newest).where(newest.c.score == rank))
    return selects


def search(user, words: list[str], page: int = 1, per_page: int = 20) -> Page:
    """One page of hits, best first: items are ``Hit``s holding the loaded row.

    The total is exact up to COUNT_CAP, then ``capped``."""
    page, per_page = clamp_page(page), min(max(1, per_page), 100)
    agencies = _agencies_named(words)
    resolutions = _resolution_select(user, words)
    # Counted newest id first, so that the planner weighs a common word's early stop on the
    # primary key against the trigram index's whole bitmap (136 ms for a third of 1M tasks).
    tasks = only_visible(select(Task.id).where(*_task_match(words, agencies)),
                         Task.committee_id, user).order_by(Task.id.desc()).limit(COUNT_CAP + 1)
    total, capped = bounded_count(union_all(resolutions.with_only_columns(Resolution.id),
                                            select(tasks.subquery())), COUNT_CAP)
    first = page * per_page
    best_resolutions = resolutions.order_by(
        resolutions.selected_columns.score, Resolution.created_at.desc(), Resolution.id.desc()
    ).limit(first).subquery()
    hits = union_all(select(best_resolutions),
                     *_task_selects(user, words, agencies, first)).subquery()
    rows = db.session.execute(
        select(hits.c.kind, hits.c.id, hits.c.score)
        .order_by(hits.c.score, hits.c.created_at.desc(), hits.c.kind, hits.c.id.desc())
        .limit(per_page).offset((page - 1) * per_page)
    ).all()
    return Page(items=_load(user, rows), page=page, per_page=per_page, total=total,
                total_exact=not capped)


def _load(user, rows) -> list[dict]:
    """The rows behind the page's hits, in rank order, with a task's category."""
    resolution_ids = [r.id for r in rows if r.kind == "resolution"]
    task_ids = [r.id for r in rows if r.kind == "task"]
    resolutions = {r.id: r for r in db.session.scalars(
        select(Resolution).where(Resolution.id.in_(resolution_ids or [-1]))
        .options(selectinload(Resolution.committee)))}
    tasks = {row[0].id: row for row in db.session.execute(
        task_list_query(user, TaskFilters()).where(Task.id.in_(task_ids or [-1])))}
    hits = []
    for row in rows:
        if row.kind == "resolution" and row.id in resolutions:
            hits.append({"kind": "resolution", "score": row.score,
                         "resolution": resolutions[row.id]})
        elif row.kind == "task" and row.id in tasks:
            task, category, days_left = tasks[row.id]
            hits.append({"kind": "task", "score": row.score, "task": task,
                         "category": category, "days_left": days_left})
    return hits
