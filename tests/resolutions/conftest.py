"""The Lạng Sơn tourism committee with its secretariat, members, a viewer and an outsider."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.factories import AgencyFactory, CommitteeFactory, UserFactory, member_of
from tracker.extensions import db


@pytest.fixture
def world():
    vhttdl = AgencyFactory(name="Sở Văn hóa, Thể thao và Du lịch", short_name="Sở VHTTDL",
                           kind="department")
    police = AgencyFactory(name="Công an tỉnh Lạng Sơn", short_name="Công an tỉnh",
                           kind="security")
    border = AgencyFactory(name="Bộ Chỉ huy Bộ đội Biên phòng tỉnh", short_name="BĐBP tỉnh",
                           kind="security")
    trang_dinh = AgencyFactory(name="UBND huyện Tràng Định", short_name="UBND Tràng Định")
    committee = CommitteeFactory(name="Ban Chỉ đạo Phát triển du lịch tỉnh Lạng Sơn",
                                 standing_agency=vhttdl)
    committee.member_agencies.extend([vhttdl, police, border, trang_dinh])

    geopark_board = AgencyFactory(name="Ban Quản lý Công viên địa chất Non nước Cao Bằng",
                                  short_name="BQL CVĐC", kind="management_board")
    other = CommitteeFactory(name="Mạng lưới đối tác Công viên địa chất Non nước Cao Bằng",
                             standing_agency=geopark_board)
    other.member_agencies.append(geopark_board)

    w = SimpleNamespace(
        committee=committee, other=other,
        vhttdl=vhttdl, police=police, border=border, trang_dinh=trang_dinh,
        geopark_board=geopark_board,
        secretary=member_of(committee, "secretary", vhttdl, name="Hoàng Thị Thu", language="en"),
        chair=member_of(committee, "chair", vhttdl, name="Dương Xuân Huyên", language="en"),
        member=member_of(committee, "member", police, name="Lương Văn Tiến", language="en"),
        border_officer=member_of(committee, "member", border, name="Nông Văn Bình", language="en"),
        viewer=member_of(committee, "viewer", trang_dinh, name="Vi Thị Hoa", language="en"),
        outsider=member_of(other, "secretary", geopark_board, name="Đàm Văn Cường", language="en"),
        admin=UserFactory(agency=None, is_admin=True, name="Quản trị viên", language="en"),
    )
    # Staff of a member agency without a role in the committee can still be assigned.
    w.police_officer = UserFactory(agency=police, name="Hà Minh Đức", language="en")
    db.session.flush()
    return w
