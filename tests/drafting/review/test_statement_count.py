"""The review page runs as many SQL statements for one draft row as for many: its agencies,
staff and meetings are read once, whatever the rows (with their groups to confirm and names
to choose) hold. Counted on the paste's answer and on a row action's."""

from __future__ import annotations

import sqlalchemy as sa

from tests.conftest import _csrf_token
from tests.drafting.review.helpers import NOTICE_TEXT, paste_url, review_url
from tracker.extensions import db


def _row(w, i: int) -> dict:
    return {
        f"tasks-{i}-title": f"Nhiệm vụ {i}", f"tasks-{i}-clause": f"2.{i}",
        f"tasks-{i}-source": "Sở Văn hóa, Thể thao và Du lịch chủ trì…",
        f"tasks-{i}-lead_agency_id": str(w.vhttdl.id), f"tasks-{i}-priority": "normal",
        f"tasks-{i}-coordinating_agency_ids": str(w.police.id),
        f"tasks-{i}-group_text": "UBND các huyện",
        f"tasks-{i}-group_offer": f"{w.trang_dinh.id},{w.van_lang.id}",
        f"tasks-{i}-group_ids": [str(w.trang_dinh.id), str(w.van_lang.id)],
        f"tasks-{i}-unmatched-0-text": "Sở Ngoại vụ",
        f"tasks-{i}-unmatched-0-candidates": str(w.foreign.id),
        f"tasks-{i}-deadline": "2024-06-30",
    }


def _statements(browser, url: str, data: dict) -> int:
    db.session.expunge_all()
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        if "SAVEPOINT" not in statement:
            statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = browser.client.post(url, data=data)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    return len(statements)


def test_the_review_page_reads_the_same_whatever_its_rows(world, login):
    browser = login(world.secretary)
    document = {"kind": "conclusion_notice", "number": "05/TB-BCĐ", "title": "Thông báo",
                "issued_on": "2024-01-25", "row_action": "drop:0",
                "csrf_token": _csrf_token(browser.client, paste_url(world.committee))}

    def rows(n: int) -> dict:
        data = dict(document)
        for i in range(n):
            data |= _row(world, i)
        return data

    url = review_url(world.committee)
    assert _statements(browser, url, rows(2)) == _statements(browser, url, rows(25))


def test_the_paste_answers_with_a_flat_count_too(world, login):
    browser = login(world.secretary)
    url = paste_url(world.committee)
    token = _csrf_token(browser.client, url)
    short = NOTICE_TEXT.split("2.2.")[0]
    assert _statements(browser, url, {"text": short, "csrf_token": token}) == \
        _statements(browser, url, {"text": NOTICE_TEXT, "csrf_token": token})
