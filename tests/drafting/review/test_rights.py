"""Who may draft a resolution from its text: whoever may record one in the committee (the
secretariat, the chair and vice-chairs, administrators); others are refused, and an
outsider does not even see the committee. A refused confirmation writes nothing."""

from __future__ import annotations

import pytest

from tests.drafting.review.helpers import NOTICE_TEXT, paste_url, review_url
from tests.resolutions.helpers import counts

DRAFT = {"kind": "conclusion_notice", "number": "05/TB-BCĐ", "issued_on": "2024-01-25",
         "title": "Thông báo kết luận", "meeting_id": "", "tasks-0-title": "Tổ chức lễ hội",
         "tasks-0-priority": "normal", "tasks-0-standing": "y"}


@pytest.mark.parametrize("who", ["secretary", "chair", "admin"])
def test_those_who_record_resolutions_may_draft_one(world, login, who):
    browser = login(getattr(world, who))
    assert browser.get(paste_url(world.committee)).status_code == 200
    response = browser.post(paste_url(world.committee), {"text": NOTICE_TEXT})
    assert response.status_code == 200
    data = DRAFT | {"tasks-0-lead_agency_id": str(world.police.id)}
    assert browser.post(review_url(world.committee), data,
                        form_url=paste_url(world.committee)).status_code == 302


@pytest.mark.parametrize(("who", "status"), [("member", 403), ("viewer", 403),
                                             ("outsider", 404)])
def test_others_may_neither_draft_nor_save_and_nothing_is_written(world, login, who, status):
    browser = login(getattr(world, who))
    before = counts()
    assert browser.get(paste_url(world.committee)).status_code == status
    assert browser.post(paste_url(world.committee), {"text": NOTICE_TEXT},
                        form_url="/profile").status_code == status
    data = DRAFT | {"tasks-0-lead_agency_id": str(world.police.id)}
    for extra in ({}, {"row_action": "drop:0"}, {"add_row": "Add another task"}):
        assert browser.post(review_url(world.committee), data | extra,
                            form_url="/profile").status_code == status
    assert counts() == before


def test_signing_in_comes_first(client, world):
    response = client.get(paste_url(world.committee))
    assert response.status_code == 302 and "/login" in response.headers["Location"]
