"""The draft conclusion notice of the 18/01/2024 conference, read back with python-docx: the
two-column header, the title, one clause per task in order with its agencies and deadline,
"Nơi nhận" and the signature; and what it says when the meeting gives less."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from docx import Document

from tests.factories import MeetingFactory, ResolutionFactory, member_of
from tests.meetings.notice_scene import GLYPHS_TITLE, build_notice_scene
from tracker.clock import local_today
from tracker.meetings.notice import PLACEHOLDER_CLAUSE, notice_of, person_of
from tracker.meetings.notice_files import render_docx


@pytest.fixture
def scene():
    return build_notice_scene()


def _docx(meeting):
    return Document(BytesIO(render_docx(notice_of(meeting))))


def _cells(table):
    return [[p.text for p in cell.paragraphs] for cell in table.rows[0].cells]


def test_the_header_sets_the_issuing_body_and_number_beside_the_state_and_motto(scene, app):
    left, right = _cells(_docx(scene.meeting).tables[0])
    assert left[:2] == ["UBND TỈNH LẠNG SƠN", "BAN CHỈ ĐẠO PHÁT TRIỂN DU LỊCH TỈNH LẠNG SƠN"]
    assert left[-1] == "Số: 12/TB-BCĐ"  # the conclusion notice the meeting issued
    assert right[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert right[-1] == "Lạng Sơn, ngày 25 tháng 01 năm 2024"  # its issue date


def test_the_title_names_who_concluded_and_at_which_meeting(scene, app):
    texts = [p.text for p in _docx(scene.meeting).paragraphs]
    assert texts[0] == "THÔNG BÁO"
    assert texts[1] == ("Kết luận của đồng chí Dương Xuân Huyên, Trưởng Ban Chỉ đạo Phát triển "
                        "du lịch tỉnh Lạng Sơn tại Hội nghị tổng kết công tác năm 2023, triển "
                        "khai nhiệm vụ năm 2024")
    opening = texts[3]
    assert opening.startswith("Ngày 18 tháng 01 năm 2024, tại Thành phố Lạng Sơn, Ban Chỉ đạo "
                              "Phát triển du lịch tỉnh Lạng Sơn tổ chức Hội nghị tổng kết")
    assert "Đồng chí Dương Xuân Huyên – Phó Chủ tịch thường trực UBND tỉnh chủ trì Hội nghị." \
        in opening
    assert ("Tham dự Hội nghị có đại diện lãnh đạo: Sở Văn hóa, Thể thao và Du lịch, Công an "
            "tỉnh Lạng Sơn và Bộ Chỉ huy Bộ đội Biên phòng tỉnh.") in opening


def test_one_clause_per_task_in_order_grouped_by_document(scene, app):
    texts = [p.text for p in _docx(scene.meeting).paragraphs]
    start = texts.index("I. Kết luận của Trưởng Ban Chỉ đạo tại Hội nghị tổng kết công tác "
                        "năm 2023")
    assert texts[start + 1:start + 5] == [
        "1. Giao Sở Văn hóa, Thể thao và Du lịch chủ trì, phối hợp với Công an tỉnh Lạng Sơn và "
        "Bộ Chỉ huy Bộ đội Biên phòng tỉnh xây dựng Đề án đào tạo, bồi dưỡng nguồn nhân lực du "
        "lịch giai đoạn 2025-2030; sản phẩm: Đề án trình UBND tỉnh; thời hạn hoàn thành trước "
        "ngày 30/06/2024.",
        f"2. Giao UBND huyện Tràng Định chủ trì {GLYPHS_TITLE[0].lower()}{GLYPHS_TITLE[1:]}; "
        "thời hạn hoàn thành trước ngày 15/09/2024.",
        "II. Kế hoạch hoạt động của Ban Chỉ đạo năm 2024",
        "1. Giao Bộ Chỉ huy Bộ đội Biên phòng tỉnh chủ trì, phối hợp với UBND huyện Tràng Định "
        "bảo đảm an ninh, an toàn cho khách du lịch tại khu vực biên giới; thực hiện thường "
        "xuyên.",
    ]
    assert not any("Nhiệm vụ đã dừng thực hiện" in text for text in texts)  # cancelled
    assert texts[start + 5].endswith("thông báo để các cơ quan, đơn vị liên quan biết, "
                                     "thực hiện./.")


def test_recipients_and_the_signature_close_the_notice(scene, app):
    left, right = _cells(_docx(scene.meeting).tables[-1])
    assert left == ["Nơi nhận:", "- Trưởng ban, các Phó Trưởng ban;",
                    "- Các thành viên Ban Chỉ đạo;", "- Bộ Chỉ huy Bộ đội Biên phòng tỉnh;",
                    "- Công an tỉnh Lạng Sơn;", "- Sở Văn hóa, Thể thao và Du lịch;",
                    "- UBND huyện Tràng Định;", "- Lưu: VT, Sở VHTTDL."]
    assert right == ["TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN", "Dương Xuân Huyên"]


def test_a_vice_chair_who_chaired_signs_on_behalf_of_the_chair(scene, app):
    member_of(scene.committee, "vice_chair", scene.vhttdl, name="Hoàng Văn Nam")
    scene.meeting.chaired_by = "Đồng chí Hoàng Văn Nam, Giám đốc Sở Văn hóa, Thể thao và Du lịch"
    notice = notice_of(scene.meeting)
    assert (notice.signer_titles, notice.signer_name) == (
        ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"], "Hoàng Văn Nam")
    assert notice.title.startswith("Kết luận của đồng chí Hoàng Văn Nam, Phó Trưởng Ban Chỉ đạo")


def test_the_office_written_in_chaired_by_decides_when_nobody_there_has_a_role(scene, app):
    scene.meeting.chaired_by = "Đồng chí Lộc Thị Mai, Phó Trưởng ban Thường trực"
    notice = notice_of(scene.meeting)
    assert (notice.signer_titles, notice.signer_name) == (
        ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"], "Lộc Thị Mai")


@pytest.mark.parametrize(("chaired_by", "person"), [
    ("Đồng chí Dương Xuân Huyên – Phó Chủ tịch thường trực UBND tỉnh", "Dương Xuân Huyên"),
    ("đ/c Lộc Thị Mai, Phó Trưởng ban", "Lộc Thị Mai"),
    ("Ông Vi Văn A - Giám đốc Sở", "Vi Văn A"),
    ("Hoàng Thị Thu", "Hoàng Thị Thu"),
])
def test_the_person_is_read_out_of_chaired_by(chaired_by, person):
    assert person_of(chaired_by) == person


def test_without_a_linked_notice_the_number_and_day_are_left_to_fill_in(app):
    scene = build_notice_scene(with_notice_number=False)
    notice = notice_of(scene.meeting)
    year = local_today("Asia/Ho_Chi_Minh").year
    assert notice.number == "Số:        /TB-BCĐ"
    assert notice.place_date == f"Lạng Sơn, ngày      tháng      năm {year}"


def test_a_meeting_without_tasks_gets_a_clause_to_fill_in(scene, app):
    empty = MeetingFactory(committee=scene.committee, held_on=date(2024, 4, 10), place=None,
                           chaired_by=None, title="Phiên họp quý II")
    ResolutionFactory(committee=scene.committee, meeting=empty, kind="plan", number="50/KH-BCĐ")
    document = _docx(empty)
    texts = [p.text for p in document.paragraphs]
    assert f"1. {PLACEHOLDER_CLAUSE}" in texts
    assert texts[3] == ("Ngày 10 tháng 04 năm 2024, Ban Chỉ đạo Phát triển du lịch tỉnh Lạng "
                        "Sơn tổ chức phiên họp quý II. Đồng chí Dương Xuân Huyên, Trưởng Ban "
                        "Chỉ đạo Phát triển du lịch tỉnh Lạng Sơn chủ trì phiên họp.")
    assert _cells(document.tables[-1])[0] == [
        "Nơi nhận:", "- Trưởng ban, các Phó Trưởng ban;", "- Các thành viên Ban Chỉ đạo;",
        "- Lưu: VT, Sở VHTTDL."]


@pytest.mark.parametrize(("title", "named", "noun"), [
    ("Hội nghị sơ kết 6 tháng đầu năm", "Hội nghị sơ kết 6 tháng đầu năm", "Hội nghị"),
    ("Phiên họp quý II", "phiên họp quý II", "phiên họp"),
    ("Họp Ban Chỉ đạo tháng 3", "họp Ban Chỉ đạo tháng 3", "cuộc họp"),
    ("Rà soát tiến độ dự án", "cuộc họp rà soát tiến độ dự án", "cuộc họp"),
])
def test_the_meeting_is_named_as_a_sentence_names_it(scene, app, title, named, noun):
    scene.meeting.title = title
    notice = notice_of(scene.meeting)
    assert notice.title.endswith(f" tại {named}")
    assert f"chủ trì {noun}." in notice.opening[0]
