"""The global search's lean read path finds what the plain rule found, in the same order:
every match read, scored and sorted (computed here independently in Python), on generated
data with scores at every rank, ties on the creation time, agencies' names, coordinating
agencies, two committees and a member who sees one; and its count stops at the cap."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert

from tests.factories import (
    AgencyFactory,
    CommitteeFactory,
    ResolutionFactory,
    TaskFactory,
    UserFactory,
    member_of,
)
from tracker.extensions import db
from tracker.search import queries
from tracker.search.queries import WORD_STARTS, search, search_words
from tracker.tasks.models import task_coordinator

# Short words that are also inside longer ones ("an" in "toàn", "lan" in "Lạng"), words
# with diacritics, a rare one and some punctuation a title may hold.
VOCABULARY = ["an", "toàn", "an ninh", "Lạng", "Sơn", "lan", "du lịch", "“Mẫu", "Sơn”",
              "(giai", "đoạn)", "cửa", "khẩu", "Đồng", "Đăng", "hồ", "sơ", "kiểm", "tra",
              "biên", "giới", "Tân", "Thanh", "hiếm"]
QUERIES = ["an", "lang son", "LẠNG SƠN", "son", "du lich", "mau son", "dong dang", "hiem",
           "cua khau lang", "so", "ban", "bien gioi", "tan thanh", "12/tb-bcd", "thong bao",
           "xyzzy", "an an ninh"]
BASE = datetime(2025, 1, 1, tzinfo=UTC)


def _phrase(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(VOCABULARY) for _ in range(words))


@pytest.fixture
def world():
    """Two committees, agencies named with the vocabulary, ~150 tasks (a few created at the
    same instant), some coordinated by other agencies, and resolutions whose number or title
    is a query."""
    rng = random.Random(12)
    committees = [CommitteeFactory(name=f"Ban Chỉ đạo kiểm thử {n}") for n in range(2)]
    agencies = [AgencyFactory(name=name, short_name=short) for name, short in (
        ("Sở Văn hóa, Thể thao và Du lịch", "Sở VHTTDL"), ("Ban quản lý Cửa khẩu", "BQL CK"),
        ("Bộ đội Biên phòng tỉnh", "BĐBP"), ("UBND huyện Cao Lộc", "UBND Cao Lộc"))]
    resolutions = [ResolutionFactory(committee=committees[n % 2], number=f"{n + 10}/TB-BCĐ",
                                     title=f"Thông báo {_phrase(rng, 3)}",
                                     text=_phrase(rng, 6)) for n in range(6)]
    for n, resolution in enumerate(resolutions):
        resolution.created_at = BASE + timedelta(hours=n % 3)  # ties with tasks too
    tasks = []
    for _ in range(150):
        task = TaskFactory(resolution=rng.choice(resolutions), lead_agency=rng.choice(agencies),
                           title=_phrase(rng, rng.randint(1, 4)),
                           description=_phrase(rng, rng.randint(0, 5)) or None,
                           expected_output=None)
        task.created_at = BASE + timedelta(hours=rng.randint(0, 40))  # many equal instants
        tasks.append(task)
    db.session.flush()
    for task in rng.sample(tasks, 30):
        db.session.execute(insert(task_coordinator).values(
            task_id=task.id, agency_id=rng.choice(agencies).id))
    db.session.flush()
    admin = UserFactory(is_admin=True, agency=None)
    member = member_of(committees[0], "member", agency=agencies[0])
    return {"admin": admin, "member": member, "committees": committees}


def _starts_a_word(title: str, word: str) -> bool:
    return title.startswith(word) or any(before + word in title for before in WORD_STARTS)


def _expected(user, words: list[str], visible: set[int] | None) -> list[tuple]:
    """The plain rule: every match, scored as the module's docstring says, sorted by score,
    newest first, resolutions before tasks, larger id first."""
    from tracker.resolutions.models import Resolution
    from tracker.tasks.models import Task

    phrase = " ".join(words)
    hits = []
    for r in db.session.scalars(db.select(Resolution)):
        if (visible is not None and r.committee_id not in visible) or not all(
                w in r.search_text for w in words):
            continue
        if r.search_text == phrase or r.search_text.startswith(f"{phrase} | "):
            score = 0
        elif r.search_text.startswith(phrase) or all(_starts_a_word(r.search_title, w)
                                                     for w in words):
            score = 1
        else:
            score = 2 if all(w in r.search_title for w in words) else 4
        hits.append((score, r.created_at, "resolution", r.id))
    for t in db.session.scalars(db.select(Task)):
        names = [t.lead_agency.search_text, *(a.search_text for a in t.coordinating_agencies)]
        if (visible is not None and t.committee_id not in visible) or not all(
                w in t.search_text or any(w in name for name in names) for w in words):
            continue
        if all(_starts_a_word(t.search_title, w) for w in words):
            score = 1
        elif all(w in t.search_title for w in words):
            score = 2
        elif any(w in name for w in words for name in names):
            score = 3
        else:
            score = 4
        hits.append((score, t.created_at, "task", t.id))
    newest_first = sorted(hits, key=lambda h: (h[2], -h[3]))
    newest_first.sort(key=lambda h: h[1], reverse=True)
    ordered = sorted(newest_first, key=lambda h: h[0])  # stable: ties keep the order above
    return [(kind, row_id, score) for score, _, kind, row_id in ordered]


def _found(page) -> list[tuple]:
    return [(hit["kind"], (hit.get("task") or hit.get("resolution")).id, hit["score"])
            for hit in page.items]


@pytest.mark.parametrize("who", ["admin", "member"])
def test_every_page_holds_what_the_full_sort_gave(world, who):
    user = world[who]
    visible = None if who == "admin" else {world["committees"][0].id}
    checked, scores = 0, set()
    for query in QUERIES:
        words = search_words(query)
        expected = _expected(user, words, visible)
        scores |= {score for _, _, score in expected}
        for per_page in (4, 20):
            pages = max(1, -(-len(expected) // per_page))
            for number in range(1, pages + 2):  # and one past the end
                page = search(user, words, page=number, per_page=per_page)
                start = (number - 1) * per_page
                assert _found(page) == expected[start:start + per_page], (query, per_page,
                                                                          number)
                assert (page.total, page.capped) == (len(expected), False)
                checked += 1
    assert checked > 100 and scores == {0, 1, 2, 3, 4}  # every rank was on some page


def test_the_count_stops_at_the_cap_and_the_pages_go_on(world, monkeypatch, login):
    monkeypatch.setattr(queries, "COUNT_CAP", 10)
    words = search_words("an")
    expected = _expected(world["admin"], words, None)
    assert len(expected) > 25
    first = search(world["admin"], words, page=1, per_page=5)
    assert (first.total, first.capped) == (10, True)
    assert first.has_next and not first.has_prev
    # Past the cap the rows are still the plain rule's, page after page, to the last one.
    number, seen = 1, []
    while True:
        page = search(world["admin"], words, page=number, per_page=5)
        seen += _found(page)
        if not page.has_next:
            break
        number += 1
    assert seen == expected
    number_words = search_words("12/TB-BCĐ")
    exact = search(world["admin"], number_words, per_page=5)
    assert (exact.total, exact.capped) == (
        len(_expected(world["admin"], number_words, None)), False)

    browser = login(world["admin"])
    html = browser.get("/search?q=an").get_data(as_text=True)
    assert "More than 10 results" in html or "Hơn 10 kết quả" in html
    assert 'rel="next"' in html
    beyond = browser.get("/search?q=an&page=999").get_data(as_text=True)
    assert 'class="empty"' in beyond and 'href="/search?q=an"' in beyond
