"""The review screen's world: the Lạng Sơn tourism committee with its secretariat, a member,
a viewer and an outsider; a group of two districts and a department the notice misnames."""

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
    foreign = AgencyFactory(name="Sở Ngoại giao tỉnh Lạng Sơn", short_name="Sở NG",
                            kind="department")
    trang_dinh = AgencyFactory(name="UBND huyện Tràng Định", short_name="UBND Tràng Định")
    van_lang = AgencyFactory(name="UBND huyện Văn Lãng", short_name="UBND Văn Lãng")
    committee = CommitteeFactory(name="Ban Chỉ đạo Phát triển du lịch tỉnh Lạng Sơn",
                                 standing_agency=vhttdl)
    committee.member_agencies.extend([vhttdl, police, border, foreign, trang_dinh, van_lang])
    geopark = AgencyFactory(name="Ban Quản lý Công viên địa chất Non nước Cao Bằng",
                            short_name="BQL CVĐC", kind="management_board")
    other = CommitteeFactory(name="Mạng lưới đối tác Công viên địa chất Non nước Cao Bằng",
                             standing_agency=geopark)
    other.member_agencies.append(geopark)
    w = SimpleNamespace(
        committee=committee, other=other, vhttdl=vhttdl, police=police, border=border,
        foreign=foreign, trang_dinh=trang_dinh, van_lang=van_lang,
        secretary=member_of(committee, "secretary", vhttdl, name="Hoàng Thị Thu",
                            language="en"),
        chair=member_of(committee, "chair", vhttdl, name="Dương Xuân Huyên", language="en"),
        member=member_of(committee, "member", police, name="Lương Văn Tiến", language="en"),
        viewer=member_of(committee, "viewer", trang_dinh, name="Vi Thị Hoa", language="en"),
        outsider=member_of(other, "secretary", geopark, name="Đàm Văn Cường", language="en"),
        admin=UserFactory(agency=None, is_admin=True, name="Quản trị viên", language="en"),
    )
    db.session.flush()
    return w
