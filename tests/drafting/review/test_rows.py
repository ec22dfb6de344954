"""Dropping and merging review rows on the posted values: every value a row holds moves with
it, the rows are numbered again from 0, a merge joins texts and puts agencies together."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from tracker.drafting.forms import merge_rows, rearranged, split_rows


def _posted() -> MultiDict:
    return MultiDict([
        ("csrf_token", "t"), ("number", "05/TB-BCĐ"),
        ("tasks-0-title", "Lập hồ sơ"), ("tasks-0-description", "Khoản 2.1."),
        ("tasks-0-clause", "2.1"), ("tasks-0-lead_agency_id", "1"),
        ("tasks-0-coordinating_agency_ids", "2"), ("tasks-0-unmatched-0-text", "Sở Ngoại vụ"),
        ("tasks-0-unmatched-0-agency_id", "7"),
        ("tasks-1-title", "Bảo đảm an ninh"), ("tasks-1-description", "Khoản 2.2."),
        ("tasks-1-clause", "2.2"), ("tasks-1-lead_agency_id", "3"),
        ("tasks-1-coordinating_agency_ids", "2"), ("tasks-1-coordinating_agency_ids", "4"),
        ("tasks-1-unmatched-0-text", "Sở Du lịch"), ("tasks-1-unmatched-0-candidates", "5,6"),
        ("tasks-1-deadline", "2024-06-30"), ("tasks-1-group_offer", "8,9"),
        ("tasks-1-group_ids", "9"), ("tasks-1-group_text", "UBND các huyện"),
        ("tasks-2-title", "Báo cáo định kỳ"), ("tasks-2-standing", "y"),
        ("tasks-2-recurrence", "monthly:15"),
    ])


def test_dropping_renumbers_the_rows_and_keeps_the_rest_of_the_form():
    after = rearranged(_posted(), "drop:1")
    assert after["number"] == "05/TB-BCĐ" and after["csrf_token"] == "t"
    assert after["tasks-0-unmatched-0-agency_id"] == "7"
    assert after["tasks-1-title"] == "Báo cáo định kỳ"
    assert after["tasks-1-recurrence"] == "monthly:15"
    assert "tasks-2-title" not in after
    assert len(split_rows(after)[1]) == 2


def test_merging_joins_the_texts_and_gathers_the_agencies():
    after = rearranged(_posted(), "merge:1")
    assert after["tasks-0-title"] == "Lập hồ sơ; Bảo đảm an ninh"
    assert after["tasks-0-description"] == "Khoản 2.1.\nKhoản 2.2."
    assert after["tasks-0-clause"] == "2.1 + 2.2"
    assert after["tasks-0-lead_agency_id"] == "1"
    # The lower row's lead coordinates; the agencies are not repeated.
    assert after.getlist("tasks-0-coordinating_agency_ids") == ["2", "3", "4"]
    # The upper row had no deadline: the lower row's comes with it.
    assert after["tasks-0-deadline"] == "2024-06-30"
    # Unmatched names of both rows, numbered one after the other, answers kept.
    assert after["tasks-0-unmatched-0-agency_id"] == "7"
    assert after["tasks-0-unmatched-1-text"] == "Sở Du lịch"
    assert after["tasks-0-unmatched-1-candidates"] == "5,6"
    assert after["tasks-0-group_offer"] == "8,9" and after.getlist("tasks-0-group_ids") == ["9"]
    assert after["tasks-1-title"] == "Báo cáo định kỳ"


def test_a_merge_keeps_the_upper_rows_deadline_and_takes_a_lead_when_it_had_none():
    upper = MultiDict([("title", "A"), ("deadline", "2024-03-31")])
    lower = MultiDict([("title", "B"), ("lead_agency_id", "3"), ("deadline", "2024-06-30"),
                       ("standing", "y")])
    merged = merge_rows(upper, lower)
    assert merged["deadline"] == "2024-03-31" and "standing" not in merged
    assert merged["lead_agency_id"] == "3"
    assert merged.getlist("coordinating_agency_ids") == []


def test_an_action_naming_no_row_changes_nothing():
    posted = _posted()
    assert rearranged(posted, "drop:7") is None
    assert rearranged(posted, "merge:0") is None
    assert rearranged(posted, "explode:1") is None
    assert rearranged(posted, "drop:-1") is None
