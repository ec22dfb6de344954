"""A conclusion notice read end to end: its record and one draft task per assigning clause."""

from __future__ import annotations

from datetime import date

from tracker.drafting.extraction import Draft, DraftTask, extract_draft

NOTICE = """ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN
BAN CHỈ ĐẠO PHÁT TRIỂN DU LỊCH
Số: 12/TB-BCĐ
Lạng Sơn, ngày 05 tháng 3 năm 2024
THÔNG BÁO
KẾT LUẬN CỦA TRƯỞNG BAN CHỈ ĐẠO TẠI HỘI NGHỊ TỔNG KẾT NĂM 2023

Ngày 18/01/2024, đồng chí Dương Xuân Huyên, Phó Chủ tịch UBND tỉnh, Trưởng Ban Chỉ đạo chủ trì
Hội nghị. Sau khi nghe báo cáo và ý kiến của các thành viên, Trưởng Ban Chỉ đạo kết luận như sau:
1. Năm 2023, Ban Chỉ đạo đã đạt nhiều kết quả quan trọng; lượng khách du lịch cơ bản hoàn thành
kế hoạch. Ban Chỉ đạo đánh giá cao sự phối hợp của các sở, ngành.
2. Nhiệm vụ trọng tâm năm 2024:
2.1. Giao Sở VHTTDL chủ trì, phối hợp với Sở KH&ĐT, Sở Tài chính xây dựng Đề án phát triển
nguồn nhân lực du lịch giai đoạn 2025-2030, hoàn thành trước ngày 30/6/2024.
2.2. Đề nghị UBND các huyện, thành phố báo cáo kết quả thực hiện trước ngày 15 hằng tháng.
2.3. Công an tỉnh chịu trách nhiệm bảo đảm an ninh trật tự tại các lễ hội, thường xuyên.
2.4. Yêu cầu Sở Ngoại vụ khẩn trương hoàn thiện hồ sơ trong quý II/2024.
3. Sở Y tế:
a) Tổ chức kiểm tra an toàn thực phẩm tại các điểm du lịch trong tháng 4/2024.
b) Phối hợp với BCH BĐBP tỉnh tuyên truyền phòng, chống dịch tại cửa khẩu.
4. Các cơ quan, đơn vị thành viên định kỳ hằng quý báo cáo kết quả về Sở VHTTDL.
Văn phòng Ban Chỉ đạo thông báo để các cơ quan, đơn vị biết, thực hiện./.
Nơi nhận:
- Như trên;
- UBND các huyện, thành phố;
- Lưu: VT.
KT. TRƯỞNG BAN
PHÓ TRƯỞNG BAN
Dương Xuân Huyên
"""


def _draft(agencies) -> Draft:
    return extract_draft(NOTICE, agencies, today=date(2025, 1, 1))


def _task(draft: Draft, clause: str) -> DraftTask:
    [task] = [t for t in draft.tasks if t.clause == clause]
    return task


def test_the_record_is_proposed_from_the_header(agencies):
    record = _draft(agencies).record
    assert (record.kind, record.number, record.issued_on, record.signer) == (
        "conclusion_notice", "12/TB-BCĐ", date(2024, 3, 5), "Dương Xuân Huyên")
    assert record.title.startswith("Thông báo KẾT LUẬN CỦA TRƯỞNG BAN CHỈ ĐẠO")


def test_one_task_per_assigning_clause_and_none_for_facts_or_recipients(agencies):
    draft = _draft(agencies)
    assert [t.clause for t in draft.tasks] == ["2.1", "2.2", "2.3", "2.4", "a)", "b)", "4."]
    assert not any("đánh giá cao" in t.description for t in draft.tasks)


def test_a_giao_chu_tri_phoi_hop_clause_gives_lead_coordinating_and_deadline(agencies):
    task = _task(_draft(agencies), "2.1")
    assert task.lead.text == "Sở VHTTDL" and task.lead.agency_ids == (1,)
    assert [(c.text, c.agency_ids) for c in task.coordinating] == [("Sở KH&ĐT", (2,)),
                                                                   ("Sở Tài chính", ())]
    assert task.coordinating[1].candidates, "an agency the committee lacks keeps candidates"
    assert (task.deadline.kind, task.deadline.on) == ("date", date(2024, 6, 30))
    assert task.title == ("Xây dựng Đề án phát triển nguồn nhân lực du lịch giai đoạn "
                          "2025-2030")
    assert task.description.startswith("Giao Sở VHTTDL chủ trì")


def test_a_group_lead_is_expanded_for_confirmation_and_a_monthly_duty_recurs(agencies):
    task = _task(_draft(agencies), "2.2")
    assert task.lead.group is True and task.lead.agency_ids == (13, 14)
    assert (task.deadline.kind, task.deadline.recurrence, task.deadline.on) == (
        "recurring", "monthly:15", date(2024, 3, 15))


def test_standing_duties_and_unknown_agencies(agencies):
    draft = _draft(agencies)
    assert _task(draft, "2.3").lead.agency_ids == (10,)
    assert _task(draft, "2.3").deadline.kind == "standing"
    lead = _task(draft, "2.4").lead
    assert lead.text == "Sở Ngoại vụ" and lead.agency_ids == () and lead.candidates
    assert _task(draft, "2.4").deadline.on == date(2024, 6, 30)


def test_the_items_under_an_agency_heading_are_its_tasks(agencies):
    draft = _draft(agencies)
    first, second = _task(draft, "a)"), _task(draft, "b)")
    assert first.lead.agency_ids == second.lead.agency_ids == (8,)
    assert first.deadline.on == date(2024, 4, 30)
    assert [c.agency_ids for c in second.coordinating] == [(12,)]


def test_a_quarterly_report_of_every_member(agencies):
    task = _task(_draft(agencies), "4.")
    assert task.lead.group is True and len(task.lead.agency_ids) == len(agencies)
    assert (task.deadline.kind, task.deadline.recurrence) == ("recurring", "quarterly")


def test_the_same_text_gives_the_same_draft(agencies):
    assert _draft(agencies) == _draft(agencies)


def test_titles_are_short_and_descriptions_whole(agencies):
    long_clause = "Giao Sở Y tế chủ trì " + "kiểm tra an toàn thực phẩm, " * 30 + "báo cáo."
    [task] = extract_draft(long_clause, agencies, today=date(2024, 1, 1)).tasks
    assert len(task.title) <= 255 and task.description == long_clause


def test_a_pasted_text_without_a_header_still_gives_tasks(agencies):
    draft = extract_draft("Giao sở kh&đt chủ trì, phối hợp với so tai nguyen va moi truong rà "
                          "soát quy hoạch, hoàn thành trong tháng 5.", agencies,
                          today=date(2024, 2, 1))
    [task] = draft.tasks
    assert task.lead.agency_ids == (2,) and [c.agency_ids for c in task.coordinating] == [(3,)]
    assert task.deadline.on == date(2024, 5, 31)
    assert draft.record.number is None and draft.record.issued_on is None


def test_an_empty_text_gives_an_empty_draft(agencies):
    draft = extract_draft("", agencies, today=date(2024, 1, 1))
    assert draft.tasks == () and draft.record.kind is None


def test_a_paragraph_assigning_to_several_agencies_gives_one_task_each(agencies):
    draft = extract_draft(
        "Chủ tịch UBND tỉnh giao Sở Y tế chủ trì kiểm tra an toàn thực phẩm trong tháng 4. "
        "Thời gian báo cáo kết quả trước ngày 10/5. Đề nghị UBND các huyện, thành phố phối "
        "hợp tuyên truyền. Yêu cầu Công an tỉnh bảo đảm an ninh, trật tự.",
        agencies, today=date(2024, 3, 1))
    assert [t.lead.agency_ids for t in draft.tasks] == [(8,), (13, 14), (10,)]
    first = draft.tasks[0]
    assert first.description.endswith("trước ngày 10/5.")
    assert first.deadline.on == date(2024, 5, 10)


def test_agency_headings_with_their_items(agencies):
    draft = extract_draft(
        "Trưởng Ban kết luận như sau:\n"
        "- Đối với Sở Y tế: chủ động phòng, chống dịch; thời gian: quý I/2024.\n"
        "- UBND các huyện:\n"
        "+ Rà soát các điểm du lịch.\n"
        "+ Báo cáo kết quả về Sở VHTTDL.\n"
        "- Các sở, ban, ngành, UBND các huyện, thành phố căn cứ chức năng, nhiệm vụ triển "
        "khai thực hiện.", agencies, today=date(2024, 1, 2))
    health, review, report, everyone = draft.tasks
    assert health.lead.agency_ids == (8,) and health.deadline.on == date(2024, 3, 31)
    assert review.lead.text == report.lead.text == "UBND các huyện"
    assert review.lead.group and review.lead.agency_ids == (13, 14)
    assert everyone.lead.text == "Các sở, ban, ngành"


def test_a_long_document_is_read_quickly(agencies):
    import time

    clauses = "\n".join(f"{i}. Giao Sở VHTTDL chủ trì, phối hợp với Sở KH&ĐT, UBND các huyện, "
                        f"thành phố tổ chức hoạt động số {i}, hoàn thành trước ngày 30/6/2024."
                        for i in range(1, 301))
    started = time.perf_counter()
    draft = extract_draft(clauses, agencies, today=date(2024, 1, 1))
    assert len(draft.tasks) == 300
    assert time.perf_counter() - started < 10  # about 0.5 s here; generous for a busy machine


def test_agencies_written_with_the_lead_are_proposed_as_coordinating(agencies):
    [task] = extract_draft("3. Công an tỉnh, Bộ CHQS tỉnh bảo đảm an ninh, trật tự trong thời "
                           "gian diễn ra sự kiện.", agencies, today=date(2024, 1, 1)).tasks
    assert task.lead.agency_ids == (10,)
    assert [c.agency_ids for c in task.coordinating] == [(11,)]
    assert task.title == "Bảo đảm an ninh, trật tự trong thời gian diễn ra sự kiện"
