"""The record of a document: kind, number, issue date, signer and title, from its header
and signature block."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.drafting.extraction.folding import normalise
from tracker.drafting.extraction.record import read_record

NOTICE = """UBND TỈNH LẠNG SƠN
BAN CHỈ ĐẠO PHÁT TRIỂN DU LỊCH
Số: 45/TB-BCĐ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Lạng Sơn, ngày 08 tháng 3 năm 2024

THÔNG BÁO
Kết luận của Trưởng Ban Chỉ đạo tại cuộc họp
về Lễ hội Hoa Đào Xứ Lạng năm 2024

Ngày 05/3/2024, Ban Chỉ đạo họp. Căn cứ Nghị quyết số 17/2020/NQ-HĐND ngày 14/12/2020.
1. Giao Sở VHTTDL chủ trì.
Nơi nhận:
- Như trên;
- Lưu: VT.
KT. TRƯỞNG BAN
PHÓ TRƯỞNG BAN
(Đã ký)
Dương Xuân Huyên
"""


def test_a_conclusion_notice_gives_its_whole_record():
    record = read_record(normalise(NOTICE))
    assert record.kind == "conclusion_notice"
    assert record.number == "45/TB-BCĐ"
    assert record.issued_on == date(2024, 3, 8)
    assert record.signer == "Dương Xuân Huyên"
    assert record.title == ("Thông báo Kết luận của Trưởng Ban Chỉ đạo tại cuộc họp về Lễ hội "
                            "Hoa Đào Xứ Lạng năm 2024")


@pytest.mark.parametrize(("heading", "number", "kind"), [
    ("KẾ HOẠCH", "12/KH-UBND", "plan"),
    ("QUYẾT ĐỊNH", "1710/QĐ-UBND", "decision"),
    ("NGHỊ QUYẾT", "17/2020/NQ-HĐND", "resolution"),
    ("KẾT LUẬN", "05-KL/TU", "conclusion"),
    ("CHỈ THỊ", "15/CT-UBND", "other"),
])
def test_the_kind_is_read_from_the_heading(heading, number, kind):
    text = f"UBND TỈNH THANH HÓA\nSố: {number}\nThanh Hóa, ngày 10 tháng 10 năm 2019\n{heading}\n"
    record = read_record(normalise(text))
    assert (record.kind, record.number, record.issued_on) == (kind, number, date(2019, 10, 10))


def test_a_wrapped_place_date_line_is_read_and_a_citation_is_not():
    text = ("Số:\n15/CT-UBND\n|\nThanh Hoá, ngày\n10 tháng 10 năm 2019\nCHỈ THỊ\n"
            "Thực hiện Chỉ thị số 20/CT-TTg ngày 29/7/2019 của Thủ tướng Chính phủ")
    record = read_record(normalise(text))
    assert (record.number, record.issued_on) == ("15/CT-UBND", date(2019, 10, 10))
    assert read_record("Thực hiện Văn bản số 7840/BKHĐT ngày 12/11/2021, giao Sở …").issued_on \
        is None


def test_a_text_without_a_header_has_an_empty_record():
    record = read_record("Giao Sở Y tế chủ trì kiểm tra an toàn thực phẩm.")
    assert (record.kind, record.number, record.issued_on, record.signer) == (None,) * 4
