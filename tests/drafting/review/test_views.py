"""The secretary's review screen: paste a conclusion notice, review its drafts (edit, drop,
merge, add), confirm; nothing is written before the confirmation, and then everything or
nothing."""

from __future__ import annotations

import io
from datetime import date

from sqlalchemy import select

from tests.drafting.review.helpers import (
    NOTICE_TEXT,
    paste_url,
    posted_values,
    review_url,
    row_titles,
)
from tests.factories import ResolutionFactory
from tests.resolutions.helpers import counts, error_next_to, text_of
from tracker.extensions import db
from tracker.resolutions.models import Resolution
from tracker.tasks.recurrence.models import TaskSeries


def _review(browser, w):
    """Paste the notice; the review page and the values it would post."""
    response = browser.post(paste_url(w.committee), {"text": NOTICE_TEXT})
    assert response.status_code == 200, text_of(response)[:3000]
    return response, posted_values(response, review_url(w.committee))


def _row(values: dict, clause: str) -> int:
    """The index of the row drafted from ``clause``."""
    for key, value in values.items():
        if key.endswith("-clause") and value == clause:
            return int(key.split("-")[1])
    raise AssertionError(f"no row from clause {clause}: {values}")


def _ready(values: dict, w) -> dict:
    """What the secretary settles before saving: a lead where a group phrase led (Tràng
    Định for the festivals of clause 2.3, the police elsewhere), the unmatched names'
    agencies (the foreign affairs department), the kind of document."""
    values = dict(values)
    values["kind"] = "conclusion_notice"
    for key in [k for k in values if k.endswith("-lead_agency_id") and not values[k]]:
        values[key] = str(w.police.id)
    values[f"tasks-{_row(values, '2.3')}-lead_agency_id"] = str(w.trang_dinh.id)
    for key in [k for k in values if k.endswith("-agency_id") and "-unmatched-" in k]:
        values[key] = str(w.foreign.id)
    return values


def _saved() -> Resolution:
    return db.session.scalar(select(Resolution).where(Resolution.number == "05/TB-BCĐ"))


def test_pasting_a_notice_shows_its_record_and_drafts_and_saves_nothing(world, login):
    browser = login(world.secretary)
    before = counts()
    page, values = _review(browser, world)

    assert counts() == before
    html = text_of(page)
    assert values["number"] == "05/TB-BCĐ"
    assert values["issued_on"] == "2024-01-25"
    assert values["signer"] == "Dương Xuân Huyên"
    assert "Hội nghị tổng kết công tác năm 2023" in values["title"]
    assert values["text"].strip() == NOTICE_TEXT.strip()  # kept as the document's text
    # One row per assigning clause; the assessment (clause 1) is no task.
    assert [values[f"tasks-{i}-clause"] for i in range(len(row_titles(values)))][:4] == \
        ["2.1", "2.2", "2.3", "2.4"]
    first = _row(values, "2.1")
    assert values[f"tasks-{first}-lead_agency_id"] == str(world.vhttdl.id)
    assert values[f"tasks-{first}-coordinating_agency_ids"] == str(world.police.id)
    assert values[f"tasks-{first}-deadline"] == "2024-06-30"
    assert "clause 2.1" in html
    assert values[f"tasks-{first}-deadline_text"].endswith("30/6/2024")
    assert f"Deadline as written: “{values[f'tasks-{first}-deadline_text']}”" in html
    assert values[f"tasks-{_row(values, '2.2')}-standing"] == "y"
    # The group phrase: its agencies shown to confirm, each ticked.
    group = _row(values, "2.3")
    assert sorted(values[f"tasks-{group}-group_ids"]) == sorted(
        [str(world.trang_dinh.id), str(world.van_lang.id)])
    assert "To confirm: the agencies meant by “UBND các huyện”" in html
    # The name that matches nothing is kept, with its closest candidates first.
    unmatched = _row(values, "2.4")
    assert values[f"tasks-{unmatched}-unmatched-0-text"].startswith("Sở Ngoại")
    assert values[f"tasks-{unmatched}-unmatched-0-agency_id"] == ""
    assert "matches no member agency" in html
    assert html.index("Sở NG") < html.index("Other member agencies")
    # "trước ngày 15 hằng tháng": a recurring duty, shown with its rhythm and a note.
    recurring = _row(values, "2.5")
    assert values[f"tasks-{recurring}-standing"] == "y"
    assert values[f"tasks-{recurring}-recurrence"].startswith("monthly")
    assert "Recurring monthly: saved as a recurring duty, one task per period" in html


def test_confirming_saves_exactly_the_rows_shown_in_one_go(world, login):
    browser = login(world.secretary)
    _page, values = _review(browser, world)
    values = _ready(values, world)
    first = _row(values, "2.1")
    values[f"tasks-{first}-title"] = "Hoàn thiện hồ sơ trình UNESCO (đã sửa)"
    group = _row(values, "2.3")
    values[f"tasks-{group}-group_ids"] = [str(world.van_lang.id)]  # one of the two unticked

    response = browser.post(review_url(world.committee), values)

    assert response.status_code == 302, text_of(response)[:4000]
    resolution = _saved()
    assert response.headers["Location"].endswith(f"/resolutions/{resolution.id}")
    assert resolution.kind == "conclusion_notice" and resolution.issued_on == date(2024, 1, 25)
    assert resolution.text.strip() == NOTICE_TEXT.strip()
    titles = row_titles(values)
    recurring_title = values[f"tasks-{_row(values, '2.5')}-title"]
    # Every row once: the recurring one as the document's recurring duty (its occurrences,
    # if one falls within the lead time, carry its title), the others as tasks in order.
    assert [t.title for t in resolution.tasks if t.series_id is None] == \
        [title for title in titles if title != recurring_title]
    (duty,) = db.session.scalars(select(TaskSeries).where(
        TaskSeries.resolution_id == resolution.id)).all()
    assert duty.title == recurring_title
    assert (duty.frequency, duty.due_day) == ("monthly", 15)
    assert duty.starts_on >= date(2024, 1, 25)  # from today: an old document's months are
    assert all(t.title == recurring_title and t.deadline.day == 15  # not invented as missed
               for t in resolution.tasks if t.series_id == duty.id)
    by_title = {t.title: t for t in resolution.tasks}
    unesco = by_title["Hoàn thiện hồ sơ trình UNESCO (đã sửa)"]
    assert unesco.lead_agency_id == world.vhttdl.id and unesco.deadline == date(2024, 6, 30)
    assert [a.id for a in unesco.coordinating_agencies] == [world.police.id]
    security = by_title[values[f"tasks-{_row(values, '2.2')}-title"]]
    assert security.deadline is None  # a standing duty
    festivals = by_title[values[f"tasks-{group}-title"]]
    assert festivals.lead_agency_id == world.trang_dinh.id
    assert {a.id for a in festivals.coordinating_agencies} == {world.van_lang.id}
    promotion = by_title[values[f"tasks-{_row(values, '2.4')}-title"]]
    assert world.foreign.id in {a.id for a in promotion.coordinating_agencies}


def test_dropping_a_row_keeps_the_others_as_typed(world, login):
    browser = login(world.secretary)
    _page, values = _review(browser, world)
    before = counts()
    values["tasks-0-title"] = "Tiêu đề đã sửa tay"
    dropped = _row(values, "2.2")
    titles = row_titles(values)

    response = browser.post(review_url(world.committee),
                            values | {"row_action": f"drop:{dropped}"})

    assert response.status_code == 200
    after = posted_values(response, review_url(world.committee))
    assert row_titles(after) == ["Tiêu đề đã sửa tay", *titles[1:dropped],
                                 *titles[dropped + 1:]]
    assert "2.2" not in [v for k, v in after.items() if k.endswith("-clause")]
    # The later rows' draft details moved with them (numbered again from 0).
    assert after[f"tasks-{_row(after, '2.4')}-unmatched-0-text"].startswith("Sở Ngoại")
    assert counts() == before


def test_merging_a_row_into_the_one_above_joins_their_texts(world, login):
    browser = login(world.secretary)
    _page, values = _review(browser, world)
    upper, lower = _row(values, "2.1"), _row(values, "2.2")
    assert lower == upper + 1
    titles = row_titles(values)

    response = browser.post(review_url(world.committee),
                            values | {"row_action": f"merge:{lower}"})

    assert response.status_code == 200
    after = posted_values(response, review_url(world.committee))
    assert len(row_titles(after)) == len(titles) - 1
    merged = _row(after, "2.1 + 2.2")
    assert after[f"tasks-{merged}-title"] == f"{titles[upper]}; {titles[lower]}"
    description = after[f"tasks-{merged}-description"]
    assert "hồ sơ đề nghị UNESCO" in description and "an ninh, trật tự" in description
    # The upper row's lead stands; the lower one's lead and coordinating agencies join in.
    assert after[f"tasks-{merged}-lead_agency_id"] == str(world.vhttdl.id)
    assert sorted(after[f"tasks-{merged}-coordinating_agency_ids"]) == sorted(
        [str(world.police.id), str(world.border.id)])
    assert after[f"tasks-{merged}-deadline"] == "2024-06-30"


def test_adding_a_row_appends_an_empty_one_and_an_empty_row_is_ignored(world, login):
    browser = login(world.secretary)
    _page, values = _review(browser, world)
    count = len(row_titles(values))

    response = browser.post(review_url(world.committee), values | {"add_row": "Add another task"})

    assert response.status_code == 200
    after = posted_values(response, review_url(world.committee))
    assert row_titles(after) == [*row_titles(values), ""]
    after[f"tasks-{count}-title"] = "Tổ chức đoàn khảo sát tuyến du lịch biên giới"
    after[f"tasks-{count}-lead_agency_id"] = str(world.border.id)
    after[f"tasks-{count}-deadline"] = "2024-09-30"
    response = browser.post(review_url(world.committee), _ready(after, world))
    assert response.status_code == 302, text_of(response)[:4000]
    assert _saved().tasks[-1].title == "Tổ chức đoàn khảo sát tuyến du lịch biên giới"


def test_a_duplicate_number_is_shown_on_the_number_every_row_kept_nothing_written(world,
                                                                                   login):
    ResolutionFactory(committee=world.committee, number="05/TB-BCĐ")
    browser = login(world.secretary)
    _page, values = _review(browser, world)
    values = _ready(values, world)
    values["tasks-1-title"] = "Tiêu đề gõ lại, phải còn nguyên"
    before = counts()

    response = browser.post(review_url(world.committee), values)

    assert response.status_code == 422
    assert "already has a document numbered 05/TB-BCĐ" in error_next_to(response, "number")
    assert counts() == before
    kept = posted_values(response, review_url(world.committee))
    assert row_titles(kept) == row_titles(values)
    assert kept["tasks-1-title"] == "Tiêu đề gõ lại, phải còn nguyên"


def test_a_row_error_is_shown_on_its_field_and_nothing_is_written(world, login):
    browser = login(world.secretary)
    _page, values = _review(browser, world)
    values = _ready(values, world)
    values["tasks-0-deadline"] = "30/02/2024"
    before = counts()

    response = browser.post(review_url(world.committee), values)

    assert response.status_code == 422
    assert error_next_to(response, "tasks-0-deadline")
    assert counts() == before
    assert posted_values(response, review_url(world.committee))["tasks-0-deadline"] == \
        "30/02/2024"


def test_an_unmatched_agency_must_be_chosen_before_saving(world, login):
    browser = login(world.secretary)
    _page, values = _review(browser, world)
    values = _ready(values, world)
    row = _row(values, "2.4")
    values[f"tasks-{row}-unmatched-0-agency_id"] = ""
    before = counts()

    response = browser.post(review_url(world.committee), values)

    assert response.status_code == 422
    assert "Choose the agency meant" in error_next_to(response,
                                                      f"tasks-{row}-unmatched-0-agency_id")
    assert counts() == before

    # Left out on purpose: saved without it.
    values[f"tasks-{row}-unmatched-0-agency_id"] = "0"
    response = browser.post(review_url(world.committee), values)
    assert response.status_code == 302, text_of(response)[:4000]
    assert [a.id for a in _saved().tasks[row].coordinating_agencies] == []


def test_a_group_lead_must_be_settled_by_choosing_one_lead(world, login):
    browser = login(world.secretary)
    _page, values = _review(browser, world)
    values = _ready(values, world)
    values[f"tasks-{_row(values, '2.3')}-lead_agency_id"] = ""

    response = browser.post(review_url(world.committee), values)

    assert response.status_code == 422
    assert error_next_to(response, f"tasks-{_row(values, '2.3')}-lead_agency_id") == \
        "Choose the lead agency."


def test_a_recurring_clause_is_saved_as_a_recurring_duty_of_the_document(world, login):
    browser = login(world.secretary)
    values = {
        "kind": "conclusion_notice", "number": "05/TB-BCĐ", "issued_on": "2024-01-25",
        "title": "Thông báo kết luận", "meeting_id": "",
        "tasks-0-title": "Báo cáo kết quả thực hiện về Sở Văn hóa, Thể thao và Du lịch",
        "tasks-0-lead_agency_id": str(world.police.id), "tasks-0-priority": "normal",
        "tasks-0-standing": "y", "tasks-0-recurrence": "monthly:15",
        "tasks-0-deadline_text": "trước ngày 15 hằng tháng",
    }
    shown = browser.post(review_url(world.committee), values | {"add_row": "Add another task"})
    assert "Recurring monthly: saved as a recurring duty, one task per period" in text_of(shown)

    response = browser.post(review_url(world.committee), values)
    assert response.status_code == 302, text_of(response)[:4000]
    resolution = _saved()
    (duty,) = db.session.scalars(select(TaskSeries).where(
        TaskSeries.resolution_id == resolution.id)).all()
    assert duty.title == "Báo cáo kết quả thực hiện về Sở Văn hóa, Thể thao và Du lịch"
    assert (duty.frequency, duty.due_day, duty.lead_agency_id) == ("monthly", 15, world.police.id)
    # No one-off standing task beside it: the rows became the duty and nothing else.
    assert all(task.series_id == duty.id for task in resolution.tasks)


def test_a_text_file_is_read_like_a_pasted_text(world, login):
    browser = login(world.secretary)
    response = browser.post(paste_url(world.committee), {
        "text": "", "file": (io.BytesIO(NOTICE_TEXT.encode()), "thong-bao-05.txt")},
        content_type="multipart/form-data")
    assert response.status_code == 200, text_of(response)[:3000]
    assert posted_values(response, review_url(world.committee))["number"] == "05/TB-BCĐ"


def test_nothing_to_read_or_an_unreadable_file_is_said_next_to_its_field(world, login):
    browser = login(world.secretary)
    response = browser.post(paste_url(world.committee), {"text": "  "})
    assert response.status_code == 422
    assert "Paste the text of the document" in error_next_to(response, "text")

    response = browser.post(paste_url(world.committee), {
        "text": "", "file": (io.BytesIO(b"PK\x03\x04 not a zip"), "thong-bao.docx")},
        content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Word" in error_next_to(response, "file")


def test_a_document_with_more_tasks_than_a_screen_holds_says_so(world, login):
    browser = login(world.secretary)
    clauses = "\n".join(f"{n}. Giao Công an tỉnh chủ trì kiểm tra an ninh tại điểm du lịch số {n}, "
                        f"hoàn thành trước ngày 30/6/2024." for n in range(1, 106))
    response = browser.post(paste_url(world.committee), {"text": clauses})
    assert response.status_code == 200
    assert len(row_titles(posted_values(response, review_url(world.committee)))) == 100
    assert "The document gives 105 tasks; the first 100 are shown." in text_of(response)
