"""The extraction engine is pure (no app, no database): its tests need neither."""

from __future__ import annotations

import pytest

from tracker.drafting.extraction import AgencyRef


@pytest.fixture(autouse=True)
def db_session():
    """Overrides the suite's per-test database session: nothing here touches a database."""
    yield


AGENCIES = [
    AgencyRef(1, "Sở Văn hóa, Thể thao và Du lịch", "Sở VHTTDL", "department"),
    AgencyRef(2, "Sở Kế hoạch và Đầu tư", "Sở KH&ĐT", "department"),
    AgencyRef(3, "Sở Tài nguyên và Môi trường", None, "department"),
    AgencyRef(4, "Sở Nông nghiệp và Phát triển nông thôn", None, "department"),
    AgencyRef(5, "Sở Lao động - Thương binh và Xã hội", None, "department"),
    AgencyRef(6, "Sở Giáo dục và Đào tạo", None, "department"),
    AgencyRef(7, "Sở Giao thông vận tải", None, "department"),
    AgencyRef(8, "Sở Y tế", None, "department"),
    AgencyRef(9, "Văn phòng Ủy ban nhân dân tỉnh", None, "department"),
    AgencyRef(10, "Công an tỉnh", None, "security"),
    AgencyRef(11, "Bộ Chỉ huy Quân sự tỉnh", None, "security"),
    AgencyRef(12, "Bộ Chỉ huy Bộ đội Biên phòng tỉnh", None, "security"),
    AgencyRef(13, "Ủy ban nhân dân huyện Cao Lộc", None, "peoples_committee"),
    AgencyRef(14, "Ủy ban nhân dân thành phố Lạng Sơn", None, "peoples_committee"),
    AgencyRef(15, "Ban Quản lý Khu kinh tế cửa khẩu Đồng Đăng - Lạng Sơn", None,
              "management_board"),
    AgencyRef(16, "Hội Liên hiệp Phụ nữ tỉnh", None, "organisation"),
]


@pytest.fixture
def agencies():
    """A provincial committee's member agencies, written without short names but the two
    the committee gave (the abbreviations are built from the names)."""
    return AGENCIES
