"""Deadlines as Vietnamese documents write them, read against a document of 5 March 2024."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.drafting.extraction.deadlines import find_deadline

ISSUED = date(2024, 3, 5)


@pytest.mark.parametrize(("clause", "kind", "on", "recurrence"), [
    ("hoàn thành trước ngày 30/6/2024.", "date", date(2024, 6, 30), None),
    ("báo cáo UBND tỉnh trước 30/6", "date", date(2024, 6, 30), None),
    ("chậm nhất ngày 15/4/2024 gửi Sở Tài chính", "date", date(2024, 4, 15), None),
    ("hoàn thành trước ngày 30 tháng 9 năm 2024", "date", date(2024, 9, 30), None),
    ("gửi về Văn phòng trước 14 giờ, ngày 05/12/2024", "date", date(2024, 12, 5), None),
    ("hoàn thành trong tháng 3/2024", "date", date(2024, 3, 31), None),
    ("hoàn thành trong tháng 11", "date", date(2024, 11, 30), None),
    ("tổ chức trong quý II/2024", "date", date(2024, 6, 30), None),
    ("trình phê duyệt trong quý III năm 2024", "date", date(2024, 9, 30), None),
    ("hoàn thành trong 6 tháng đầu năm", "date", date(2024, 6, 30), None),
    ("hoàn thành trong 6 tháng cuối năm 2024", "date", date(2024, 12, 31), None),
    ("triển khai trong năm 2024", "date", date(2024, 12, 31), None),
    ("Năm 2025, tiếp tục mở rộng mạng lưới đối tác", "date", date(2025, 12, 31), None),
    ("từ ngày 01/4/2024 đến ngày 30/6/2024", "date", date(2024, 6, 30), None),
    # A year left out is the document's; a day already past then is next year's.
    ("báo cáo trước ngày 15/01", "date", date(2025, 1, 15), None),
    ("báo cáo kết quả trước ngày 15 hằng tháng", "recurring", date(2024, 3, 15), "monthly:15"),
    ("báo cáo trước ngày 20 hàng tháng", "recurring", date(2024, 3, 20), "monthly:20"),
    ("báo cáo định kỳ hằng quý", "recurring", date(2024, 3, 31), "quarterly"),
    ("báo cáo định kỳ 6 tháng", "recurring", date(2024, 6, 30), "half_yearly"),
    ("tổng kết, báo cáo hằng năm", "recurring", date(2024, 12, 31), "yearly"),
    ("thường xuyên kiểm tra, đôn đốc", "standing", None, None),
    ("kiểm tra thuong xuyen", "standing", None, None),
    ("báo cáo kịp thời những vấn đề phát sinh", "none", None, None),
    ("tổ chức tuyên truyền sâu rộng", "none", None, None),
])
def test_a_deadline_phrase_is_read(clause, kind, on, recurrence):
    deadline = find_deadline(clause, issued_on=ISSUED)
    assert (deadline.kind, deadline.on, deadline.recurrence) == (kind, on, recurrence)


@pytest.mark.parametrize("citation", [
    "theo Nghị quyết số 17/2020/NQ-HĐND ngày 14/12/2020 của HĐND tỉnh",
    "thực hiện Đề án phát triển du lịch đến năm 2030",
    "giai đoạn 2021 - 2025",
])
def test_dates_of_citations_and_horizons_are_not_deadlines(citation):
    assert find_deadline(citation, issued_on=ISSUED).kind == "none"


def test_the_deadline_keeps_the_words_it_came_from():
    deadline = find_deadline("Sở Y tế hoàn thành trước ngày 30/6/2024.", issued_on=ISSUED)
    assert deadline.text == "hoàn thành trước ngày 30/6/2024"
