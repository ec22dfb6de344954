"""The demo data set as plain data: who, which committees, which documents.

Drawn from the two source articles (../shared/seeds): the Lạng Sơn Tourism
Development Steering Committee's conference of 18/01/2024 and the Non nước
Cao Bằng geopark partner network's conference of 04/01/2024. Names of
institutions, the chair and the cited documents are the articles' own; focal-point
addresses, staff names (except the chair, named in the article) and the numbers of
documents the articles do not cite are invented and say so. The tasks' deadlines
live in ``tasks_langson.py`` / ``tasks_caobang.py`` as offsets from today.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

DEMO_PASSWORD = "demo-2024-Langson"  # noqa: S105 — a published demo login, not a secret  # nosec B105

# Said in every document whose number the articles do not give.
SAMPLE_NUMBER_NOTE = "Ghi chú: số hiệu văn bản là số minh họa của dữ liệu mẫu."

# --- agencies ---------------------------------------------------------------------------
# key: (full name, short name, kind, focal-point e-mail, is_sample)
AGENCIES = {
    # Lạng Sơn — the standing agency and the members named in the article
    "svhttdl": ("Sở Văn hóa, Thể thao và Du lịch", "Sở VHTTDL", "department",
                "daumoi.svhttdl@langson.gov.vn", False),
    "bdbp": ("Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "BĐBP tỉnh", "security",
             "daumoi.bdbp@langson.gov.vn", False),
    "congan": ("Công an tỉnh", "Công an tỉnh", "security",
               "daumoi.congan@langson.gov.vn", False),
    "trangdinh": ("UBND huyện Tràng Định", "UBND Tràng Định", "peoples_committee",
                  "daumoi.trangdinh@langson.gov.vn", False),
    "vanlang": ("UBND huyện Văn Lãng", "UBND Văn Lãng", "peoples_committee",
                "daumoi.vanlang@langson.gov.vn", False),
    "caoloc": ("UBND huyện Cao Lộc", "UBND Cao Lộc", "peoples_committee",
               "daumoi.caoloc@langson.gov.vn", False),
    "locbinh": ("UBND huyện Lộc Bình", "UBND Lộc Bình", "peoples_committee",
                "daumoi.locbinh@langson.gov.vn", False),
    "dinhlap": ("UBND huyện Đình Lập", "UBND Đình Lập", "peoples_committee",
                "daumoi.dinhlap@langson.gov.vn", False),
    # Lạng Sơn — departments and localities the 2024 tasks need
    "skhdt": ("Sở Kế hoạch và Đầu tư", "Sở KHĐT", "department",
              "daumoi.skhdt@langson.gov.vn", False),
    "stc": ("Sở Tài chính", "Sở Tài chính", "department",
            "daumoi.stc@langson.gov.vn", False),
    "snnptnt": ("Sở Nông nghiệp và Phát triển nông thôn", "Sở NN&PTNT", "department",
                "daumoi.snnptnt@langson.gov.vn", False),
    "stttt": ("Sở Thông tin và Truyền thông", "Sở TTTT", "department",
              "daumoi.stttt@langson.gov.vn", False),
    "stnmt": ("Sở Tài nguyên và Môi trường", "Sở TNMT", "department",
              "daumoi.stnmt@langson.gov.vn", False),
    "sngv": ("Sở Ngoại vụ", "Sở Ngoại vụ", "department",
             "daumoi.sngv@langson.gov.vn", False),
    "tplangson": ("UBND thành phố Lạng Sơn", "UBND TP Lạng Sơn", "peoples_committee",
                  "daumoi.tplangson@langson.gov.vn", False),
    "chilang": ("UBND huyện Chi Lăng", "UBND Chi Lăng", "peoples_committee",
                "daumoi.chilang@langson.gov.vn", False),
    "bacson": ("UBND huyện Bắc Sơn", "UBND Bắc Sơn", "peoples_committee",
               "daumoi.bacson@langson.gov.vn", False),
    # Cao Bằng — the geopark's management board and partners
    "bqlcvdc": ("Ban Quản lý Công viên địa chất Non nước Cao Bằng", "BQL CVĐC Non nước Cao Bằng",
                "management_board", "daumoi.bqlcvdc@caobang.gov.vn", False),
    "svhttdl_cb": ("Sở Văn hóa, Thể thao và Du lịch tỉnh Cao Bằng", "Sở VHTTDL Cao Bằng",
                   "department", "daumoi.svhttdl@caobang.gov.vn", False),
    "trungkhanh": ("UBND huyện Trùng Khánh", "UBND Trùng Khánh", "peoples_committee",
                   "daumoi.trungkhanh@caobang.gov.vn", False),
    # Invented partner organisations: flagged as sample data, reachable by e-mail only.
    "homestay": ("Homestay Bản Đá Xanh (dữ liệu mẫu)", "Homestay Bản Đá Xanh", "business",
                 "homestay.banda@example.com", True),
    "htx": ("Hợp tác xã Nông sản sạch Non Nước (dữ liệu mẫu)", "HTX Nông sản Non Nước",
            "cooperative", "htx.nongsan@example.com", True),
    "luhanh": ("Công ty TNHH Lữ hành Đá Xanh (dữ liệu mẫu)", "Lữ hành Đá Xanh", "business",
               "dieuhanh@example.com", True),
}

# --- committees -------------------------------------------------------------------------
CHAIR_NAME = "Dương Xuân Huyên"

COMMITTEES = {
    "langson": {
        "name": "Ban Chỉ đạo Phát triển du lịch tỉnh Lạng Sơn",
        "parent_body": "UBND tỉnh Lạng Sơn",
        "standing": "svhttdl",
        "members": ["bdbp", "congan", "trangdinh", "vanlang", "caoloc", "locbinh", "dinhlap",
                    "skhdt", "stc", "snnptnt", "stttt", "stnmt", "sngv", "tplangson",
                    "chilang", "bacson"],
    },
    "caobang": {
        "name": "Mạng lưới đối tác Công viên địa chất Non nước Cao Bằng",
        "parent_body": "Ban Quản lý Công viên địa chất Non nước Cao Bằng (UBND tỉnh Cao Bằng)",
        "standing": "bqlcvdc",
        "members": ["svhttdl_cb", "trungkhanh", "homestay", "htx", "luhanh"],
        # One secretary both records and reviews this small network's work, so "four eyes"
        # (the submitter never decides) is switched off here, as such a committee would.
        "four_eyes": False,
    },
}

# --- people -----------------------------------------------------------------------------
# One demo login per role. Only the chair's name is real (it is in the article).
# key: label shown at seed time, e-mail, name, agency key, language, admin?, {committee: role}
USERS = [
    ("admin", "Quản trị hệ thống / Admin", "admin@demo.langson.gov.vn",
     "Quản trị hệ thống (demo)", None, "vi", True, {}),
    ("chair", "Trưởng Ban Chỉ đạo / Chair", "chair@demo.langson.gov.vn",
     CHAIR_NAME, None, "vi", False, {"langson": "chair"}),
    ("vice_chair", "Phó Trưởng ban / Vice-chair", "vicechair@demo.langson.gov.vn",
     "Hoàng Minh Quân", "svhttdl", "vi", False, {"langson": "vice_chair"}),
    ("secretary", "Thư ký (Sở VHTTDL) / Secretary", "secretary@demo.langson.gov.vn",
     "Lương Thị Thu Trang", "svhttdl", "vi", False, {"langson": "secretary"}),
    ("member", "Thành viên (UBND Tràng Định) / Member", "member.trangdinh@demo.langson.gov.vn",
     "Nông Văn Khải", "trangdinh", "vi", False, {"langson": "member"}),
    ("member_police", "Thành viên (Công an tỉnh) / Member", "member.congan@demo.langson.gov.vn",
     "Vi Thị Hồng Nhung", "congan", "vi", False, {"langson": "member"}),
    ("viewer", "Người xem / Viewer (English)", "viewer@demo.langson.gov.vn",
     "Đinh Quốc Bảo", None, "en", False, {"langson": "viewer"}),
    ("secretary_cb", "Thư ký (Cao Bằng) / Secretary", "secretary@demo.caobang.gov.vn",
     "Bế Thị Ngọc Ánh", "bqlcvdc", "vi", False, {"caobang": "secretary"}),
]

# --- meetings ---------------------------------------------------------------------------
LANGSON_MEETING = {
    "title": "Hội nghị tổng kết công tác năm 2023, triển khai nhiệm vụ năm 2024",
    "held_on": date(2024, 1, 18),
    "place": "Thành phố Lạng Sơn",
    "chaired_by": f"{CHAIR_NAME} – Phó Chủ tịch thường trực UBND tỉnh, Trưởng Ban Chỉ đạo",
    "attending": ["svhttdl", "bdbp", "congan", "trangdinh", "vanlang", "caoloc", "locbinh",
                  "dinhlap", "skhdt", "stc", "snnptnt", "stttt", "stnmt", "sngv", "tplangson",
                  "chilang", "bacson"],
    "minutes": (
        "Dự và chỉ đạo Hội nghị có đồng chí Dương Xuân Huyên – Phó Chủ tịch thường trực UBND "
        "tỉnh, Trưởng Ban Chỉ đạo Phát triển du lịch tỉnh; các cơ quan thành viên Ban Chỉ đạo; "
        "Lãnh đạo Sở, các phòng, đơn vị của Sở Văn hóa, Thể thao và Du lịch.\n\n"
        "Kết quả năm 2023: Ban Chỉ đạo đã tham mưu UBND tỉnh ban hành các văn bản chỉ đạo phát "
        "triển du lịch; tiếp tục triển khai các chính sách hỗ trợ đầu tư phát triển du lịch "
        "(Nghị quyết số 17/2020/NQ-HĐND, 16/2022/NQ-HĐND, 08/2019/NQ-HĐND, 15/2021/NQ-HĐND); "
        "tổ chức Lễ hội Hoa Đào Xứ Lạng, Tuần Văn hóa, Thể thao và Du lịch Xứ Lạng, lễ hội Na "
        "Chi Lăng, Ngày hội văn hóa các dân tộc thành phố Lạng Sơn, Lễ hội mùa vàng Bắc Sơn; "
        "Hội nghị xúc tiến quảng bá điểm đến du lịch Lạng Sơn; triển khai chương trình OCOP, "
        "du lịch nông thôn, Cổng thông tin du lịch thông minh, chương trình Đại sứ du lịch "
        "Lạng Sơn; hoàn thiện hồ sơ Công viên địa chất Lạng Sơn trình UNESCO.\n\n"
        "Hội nghị thảo luận, đánh giá kết quả, chỉ ra hạn chế và nguyên nhân, đề ra mục tiêu, "
        "nhiệm vụ, giải pháp trọng tâm năm 2024, phấn đấu đến năm 2030 đưa du lịch trở thành "
        "ngành kinh tế mũi nhọn theo Chương trình hành động số 74-CTr/TU và số 23-CTr/TU.\n\n"
        "Các cơ quan thành viên ký kết Quy chế phối hợp trong công tác quản lý khách du lịch "
        "tham quan, lưu trú tại khu vực biên giới trên địa bàn tỉnh."
    ),
}

CAOBANG_MEETING = {
    "title": "Hội nghị tổng kết năm 2023 và xây dựng kế hoạch hoạt động năm 2024 của mạng lưới "
             "đối tác CVĐC Non nước Cao Bằng",
    "held_on": date(2024, 1, 4),
    "place": "Thành phố Cao Bằng",
    "chaired_by": "Lãnh đạo Ban Quản lý Công viên địa chất Non nước Cao Bằng",
    "attending": ["bqlcvdc", "svhttdl_cb", "trungkhanh", "homestay", "htx", "luhanh"],
    "minutes": (
        "Mạng lưới đối tác CVĐC có 45 thành viên chính thức. Báo cáo viên của Ban Quản lý "
        "báo cáo tổng kết hoạt động mạng lưới năm 2023; đại biểu thảo luận về bảo vệ môi "
        "trường, nâng cấp hạ tầng giao thông, nông nghiệp sạch, sản phẩm đặc thù của địa "
        "phương, du lịch gắn với bảo tồn văn hóa truyền thống, các điểm di sản, chất lượng "
        "dịch vụ du lịch, liên kết giữa các thành viên, quảng bá sản phẩm; đề xuất xây dựng "
        "quy chế quản lý các điểm di sản trong vùng CVĐC, quy định rõ trách nhiệm của các cấp, "
        "các đơn vị liên quan."
    ),
}


# --- shapes of the documents and tasks (tasks_langson.py, tasks_caobang.py) -------------

@dataclass
class DemoTask:
    """A task as the demo sets it up. Day offsets count from the committee's today."""

    title: str
    lead: str  # agency key
    due: int | None  # deadline = today + due; None = standing duty
    coordinating: list[str] = field(default_factory=list)
    description: str | None = None
    expected_output: str | None = None
    priority: str = "normal"
    assignees: list[str] = field(default_factory=list)  # user keys
    # (day offset, percent, author user key, text); authors belong to an involved agency
    reports: list[tuple[int, int, str, str]] = field(default_factory=list)
    # Where the story ends: "open", "submitted", "done" or "cancelled".
    outcome: str = "open"
    submitted: int | None = None  # day offset of the submission (submitted / done)
    # Who reports it done. Agencies without accounts send a written report that the
    # standing agency's secretary records, so the secretary is the default.
    submitted_by: str | None = None
    cancel_reason: str | None = None


@dataclass
class DemoDocument:
    kind: str
    number: str
    issued_on: date
    title: str
    signer: str | None = None
    text: str | None = None
    from_meeting: bool = False
    tasks: list[DemoTask] = field(default_factory=list)
