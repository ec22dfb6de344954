"""The global search: resolutions and tasks whose folded words hold every word of the query.

All in SQL on the folded ``search_text`` / ``search_title`` columns (tracker.text), so it
behaves the same on SQLite and PostgreSQL. Rank, best first (a CASE, portable):

0. a resolution whose official number is the query;
1. the number starts with the query, or every word starts a word of the title;
2. every word is somewhere in the title;
3. a task whose lead or coordinating agency's name holds a word;
4. the rest (the body: text, description, expected output, signer);

ties by the newest first.
"""

from __future__ import annotations

from sqlalchemy import and_, case, exists, func, literal_column, or_, select, union_all
from sqlalchemy.orm import selectinload

from tracker.committees.models import Agency
from tracker.extensions import db
from tracker.resolutions.models import Resolution
from tracker.rights import only_visible
from tracker.tasks.models import Task, task_coordinator
from tracker.tasks.queries import Page, TaskFilters, task_list_query
from tracker.text import fold

MAX_QUERY = 200
MAX_WORDS = 8


def search_words(query: str | None) -> list[str]:
    """The query folded and split into distinct words (NUL and excess length dropped)."""
    folded = fold((query or "").replace("\x00", "")[:MAX_QUERY])
    words: list[str] = []
    for word in folded.split():
        if word not in words:
            words.append(word)
    return words[:MAX_WORDS]


def _escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _contains(column, word: str):
    return column.like(f"%{_escape(word)}%", escape="\\")


# What may stand before a word in a title: "Đề án “Lạng Sơn xanh” (giai đoạn 2025-2030)".
WORD_STARTS = (" ", "(", "“", '"', "'", "-", "/")


def _starts_word(column, word: str):
    return or_(column.like(f"{_escape(word)}%", escape="\\"),
               *(column.like(f"%{before}{_escape(word)}%", escape="\\")
                 for before in WORD_STARTS))


def _title_ranks(column, words: list[str]):
    return [(and_(*(_starts_word(column, w) for w in words)), 1),
            (and_(*(_contains(column, w) for w in words)), 2)]


def _resolution_select(user, words: list[str]):
    phrase = _escape(" ".join(words))
    # search_text begins with the folded number, then " | " and the title.
    number_is = or_(Resolution.search_text == " ".join(words),
                    Resolution.search_text.like(f"{phrase} | %", escape="\\"))
    number_starts = Resolution.search_text.like(f"{phrase}%", escape="\\")
    score = case((number_is, 0), (number_starts, 1),
                 *_title_ranks(Resolution.search_title, words), else_=4)
    query = select(literal_column("'resolution'").label("kind"), Resolution.id.label("id"),
                   score.label("score"), Resolution.created_at.label("created_at"))
    query = query.where(*(_contains(Resolution.search_text, w) for w in words))
    query = only_visible(query, Resolution.committee_id, user)
    return query


_coordinating = Agency.__table__.alias("coordinating_agency")


def _task_select(user, words: list[str]):
    lead = Agency.__table__.alias("lead_agency")

    def in_agencies(word):
        coordinating = exists().where(task_coordinator.c.task_id == Task.id,
                                      task_coordinator.c.agency_id == _coordinating.c.id,
                                      _contains(_coordinating.c.search_text, word))
        return or_(_contains(lead.c.search_text, word), coordinating)

    score = case(*_title_ranks(Task.search_title, words),
                 (or_(*(in_agencies(w) for w in words)), 3), else_=4)
    query = (select(literal_column("'task'").label("kind"), Task.id.label("id"),
                    score.label("score"), Task.created_at.label("created_at"))
             .join(lead, lead.c.id == Task.lead_agency_id))
    query = query.where(*(or_(_contains(Task.search_text, w), in_agencies(w)) for w in words))
    query = only_visible(query, Task.committee_id, user)
    return query


def search(user, words: list[str], page: int = 1, per_page: int = 20) -> Page:
    """One page of hits, best first: items are ``Hit``s holding the loaded row."""
    page, per_page = max(1, page), min(max(1, per_page), 100)
    hits = union_all(_resolution_select(user, words), _task_select(user, words)).subquery()
    total = db.session.scalar(select(func.count()).select_from(hits)) or 0
    rows = db.session.execute(
        select(hits.c.kind, hits.c.id, hits.c.score)
        .order_by(hits.c.score, hits.c.created_at.desc(), hits.c.kind, hits.c.id.desc())
        .limit(per_page).offset((page - 1) * per_page)
    ).all()
    return Page(items=_load(user, rows), page=page, per_page=per_page, total=total)


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
