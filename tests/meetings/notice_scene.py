"""The 18/01/2024 conference of the Lạng Sơn tourism committee and what it concluded: two
documents with tasks (a conclusion notice and a plan), a standing duty, a cancelled task, and
a task whose text carries every Vietnamese vowel and tone mark."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from tests.factories import (
    AgencyFactory,
    CommitteeFactory,
    MeetingFactory,
    ResolutionFactory,
    TaskFactory,
    UserFactory,
    member_of,
)
from tracker.extensions import db

# ă â đ ê ô ơ ư, and the five tone marks (à á ả ã ạ) on them.
GLYPHS_TITLE = "Đẩy nhanh tiến độ giải phóng mặt bằng, hỗ trợ ổn định đời sống người dân"
CHAIRED_BY = "Đồng chí Dương Xuân Huyên – Phó Chủ tịch thường trực UBND tỉnh"


def build_notice_scene(*, with_notice_number: bool = True) -> SimpleNamespace:
    vhttdl = AgencyFactory(name="Sở Văn hóa, Thể thao và Du lịch", short_name="Sở VHTTDL",
                           kind="department")
    police = AgencyFactory(name="Công an tỉnh Lạng Sơn", short_name="Công an tỉnh",
                           kind="security")
    border = AgencyFactory(name="Bộ Chỉ huy Bộ đội Biên phòng tỉnh", short_name="BĐBP tỉnh",
                           kind="security")
    trang_dinh = AgencyFactory(name="UBND huyện Tràng Định", short_name="UBND Tràng Định")
    committee = CommitteeFactory(name="Ban Chỉ đạo Phát triển du lịch tỉnh Lạng Sơn",
                                 parent_body="UBND tỉnh Lạng Sơn", standing_agency=vhttdl)
    committee.member_agencies.extend([vhttdl, police, border, trang_dinh])
    other = CommitteeFactory(name="Mạng lưới đối tác Công viên địa chất Non nước Cao Bằng")
    meeting = MeetingFactory(
        committee=committee, held_on=date(2024, 1, 18), place="Thành phố Lạng Sơn",
        title="Hội nghị tổng kết công tác năm 2023, triển khai nhiệm vụ năm 2024",
        chaired_by=CHAIRED_BY)
    meeting.attending_agencies.extend([vhttdl, police, border])
    notice = ResolutionFactory(
        committee=committee, meeting=meeting, number="12/TB-BCĐ", issued_on=date(2024, 1, 25),
        kind="conclusion_notice" if with_notice_number else "conclusion",
        title="Kết luận của Trưởng Ban Chỉ đạo tại Hội nghị tổng kết công tác năm 2023")
    plan = ResolutionFactory(committee=committee, meeting=meeting, kind="plan",
                             number="45/KH-BCĐ", issued_on=date(2024, 2, 1),
                             title="Kế hoạch hoạt động của Ban Chỉ đạo năm 2024")
    scheme = TaskFactory(
        resolution=notice, lead_agency=vhttdl, coordinating_agencies=[police, border],
        title="Xây dựng Đề án đào tạo, bồi dưỡng nguồn nhân lực du lịch giai đoạn 2025-2030",
        description=None, expected_output="Đề án trình UBND tỉnh",
        deadline=date(2024, 6, 30), original_deadline=date(2024, 6, 30))
    glyphs = TaskFactory(resolution=notice, lead_agency=trang_dinh, coordinating_agencies=[],
                         title=GLYPHS_TITLE, description=None, expected_output=None,
                         deadline=date(2024, 9, 15), original_deadline=date(2024, 9, 15))
    TaskFactory(resolution=notice, lead_agency=police, title="Nhiệm vụ đã dừng thực hiện",
                state="cancelled", cancel_reason="Không còn phù hợp")
    standing = TaskFactory(
        resolution=plan, lead_agency=border, coordinating_agencies=[trang_dinh],
        title="Bảo đảm an ninh, an toàn cho khách du lịch tại khu vực biên giới",
        description=None, expected_output=None, deadline=None, original_deadline=None)
    w = SimpleNamespace(
        committee=committee, other=other, meeting=meeting, notice=notice, plan=plan,
        vhttdl=vhttdl, police=police, border=border, trang_dinh=trang_dinh,
        scheme=scheme, glyphs=glyphs, standing=standing,
        chair=member_of(committee, "chair", vhttdl, name="Dương Xuân Huyên", language="en"),
        secretary=member_of(committee, "secretary", vhttdl, name="Hoàng Thị Thu",
                            language="en"),
        member=member_of(committee, "member", police, name="Lương Văn Tiến", language="en"),
        outsider=member_of(other, "secretary", name="Đàm Văn Cường", language="en"),
        admin=UserFactory(agency=None, is_admin=True, name="Quản trị viên", language="en"),
    )
    db.session.flush()
    return w
