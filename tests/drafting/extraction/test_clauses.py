"""Clauses as official documents number them, and lines broken by a PDF put back together."""

from __future__ import annotations

from tracker.drafting.extraction.clauses import split_clauses
from tracker.drafting.extraction.layout import body, unwrap


def _shape(clauses, depth=0):
    return [(depth, c.marker, c.text[:20]) for c in clauses for _ in [0]] + [
        item for c in clauses for item in _shape(c.children, depth + 1)]


def test_numbered_clauses_nest_in_the_order_their_styles_appear():
    clauses = split_clauses([
        "I. NHIỆM VỤ TRỌNG TÂM",
        "1. Về du lịch:",
        "1.1. Giao Sở VHTTDL chủ trì tổ chức Lễ hội.",
        "a) Xây dựng kế hoạch.",
        "- Lập dự toán.",
        "+ Trình phê duyệt.",
        "b) Tổ chức tuyên truyền.",
        "1.2. Giao Công an tỉnh bảo đảm an ninh.",
        "2. Về nông nghiệp:",
        "II. TỔ CHỨC THỰC HIỆN",
    ])
    assert [c.marker for c in clauses] == ["I.", "II."]
    [about_tourism, about_farming] = clauses[0].children
    assert (about_tourism.marker, about_farming.marker) == ("1.", "2.")
    first, second = about_tourism.children
    assert (first.marker, second.marker) == ("1.1", "1.2")
    assert [c.marker for c in first.children] == ["a)", "b)"]
    [dash] = first.children[0].children
    assert dash.marker == "-" and [c.marker for c in dash.children] == ["+"]
    assert dash.children[0].parent is dash and clauses[0].parent is None


def test_paragraphs_under_a_heading_hang_under_it():
    clauses = split_clauses([
        "Trưởng Ban Chỉ đạo kết luận như sau:",
        "Đề nghị Sở Y tế tăng cường kiểm tra.",
        "Giao Công an tỉnh bảo đảm an ninh.",
    ])
    [heading] = clauses
    assert [c.text[:8] for c in heading.children] == ["Đề nghị ", "Giao Côn"]


def test_a_short_numbered_title_is_a_heading_for_its_paragraphs():
    clauses = split_clauses(["1. Mục đích", "Theo dõi việc thực hiện.", "2. Yêu cầu",
                             "Báo cáo đúng hạn."])
    assert [len(c.children) for c in clauses] == [1, 1]


def test_lines_wrapped_by_a_pdf_are_joined_but_clauses_and_headings_are_not():
    lines = unwrap([
        "Chủ tịch UBND tỉnh yêu cầu Giám đốc các sở, Trưởng các ban,",
        "ngành triển khai thực hiện giai đoạn 2016",
        "- 2020, với các nội dung sau:",
        "I. ĐÁNH GIÁ",
        "1. Sở Y tế tổ chức kiểm tra",
        "- Tổ chức tuyên truyền",
        "",
        "Ảnh minh họa",
    ])
    assert lines == [
        "Chủ tịch UBND tỉnh yêu cầu Giám đốc các sở, Trưởng các ban, ngành triển khai thực "
        "hiện giai đoạn 2016 - 2020, với các nội dung sau:",
        "I. ĐÁNH GIÁ", "1. Sở Y tế tổ chức kiểm tra", "- Tổ chức tuyên truyền", "",
        "Ảnh minh họa"]


def test_the_body_leaves_out_the_header_and_the_recipients():
    text = "\n".join([
        "ỦY BAN NHÂN DÂN", "TỈNH LẠNG SƠN", "Số: 12/TB-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Lạng Sơn, ngày 5 tháng 3 năm 2024", "THÔNG BÁO", "KẾT LUẬN CỦA CHỦ TỊCH UBND TỈNH",
        "Giao Sở Y tế kiểm tra.", "Nơi nhận:", "- Như trên;", "- Lưu: VT."])
    assert body(text) == ["Giao Sở Y tế kiểm tra."]


def test_articles_and_parenthesised_numbers_are_clauses_too():
    clauses = split_clauses(["Điều 2. Giao Sở Công Thương chủ trì.", "(1) Rà soát.",
                             "(2) Báo cáo."])
    assert [c.marker for c in clauses] == ["Điều 2"]
    assert [c.marker for c in clauses[0].children] == ["(1)", "(2)"]


def test_a_line_opening_with_an_assigning_verb_starts_a_new_paragraph():
    assert unwrap(["Giao Sở Y tế kiểm tra an toàn thực phẩm",
                   "Đề nghị UBND các huyện báo cáo kết quả"]) == [
        "Giao Sở Y tế kiểm tra an toàn thực phẩm", "Đề nghị UBND các huyện báo cáo kết quả"]
