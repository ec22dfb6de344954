"""Cao Bằng: the geopark partner network's 2024 plan and a few of its tasks.

The plan's number is invented (the article gives none) and says so; the partner
organisations are sample data with no accounts, reached by their focal-point e-mail.
"""

from __future__ import annotations

from datetime import date

from tracker.demo.data import SAMPLE_NUMBER_NOTE, DemoDocument, DemoTask

PLAN = DemoDocument(
    kind="plan",
    number="05/KH-BQL",
    issued_on=date(2024, 1, 15),
    signer="Giám đốc Ban Quản lý Công viên địa chất Non nước Cao Bằng",
    title="Kế hoạch hoạt động năm 2024 của mạng lưới đối tác Công viên địa chất Non nước Cao Bằng",
    text=(
        "Năm 2024, Ban Quản lý CVĐC Non nước Cao Bằng tiếp tục củng cố, mở rộng mạng lưới đối "
        "tác CVĐC; tăng cường kết nối người dân với các đơn vị kinh doanh du lịch ngoài tỉnh; đẩy "
        "mạnh hoạt động giao lưu, học tập kinh nghiệm, nâng cao năng lực trong công tác quản lý, "
        "phát triển các loại hình dịch vụ, du lịch; góp phần thúc đẩy du lịch bền vững, phát "
        "huy giá trị di sản CVĐC Toàn cầu UNESCO Non nước Cao Bằng.\n\n" + SAMPLE_NUMBER_NOTE
    ),
    from_meeting=True,
    tasks=[
        DemoTask(
            title="Xây dựng dự thảo Quy chế quản lý các điểm di sản trong vùng Công viên địa chất, "
                  "quy định rõ trách nhiệm của các cấp, các đơn vị liên quan",
            lead="bqlcvdc", due=-9, coordinating=["svhttdl_cb", "trungkhanh"], priority="high",
            assignees=["secretary_cb"],
            expected_output="Dự thảo Quy chế trình UBND tỉnh",
            reports=[(-20, 60, "secretary_cb", "Đã lấy ý kiến 12 thành viên mạng lưới về dự thảo "
                                               "Quy chế.")],
        ),
        DemoTask(
            title="Củng cố, mở rộng mạng lưới đối tác Công viên địa chất",
            lead="bqlcvdc", due=30, assignees=["secretary_cb"],
            expected_output="Kết nạp thành viên mới; danh sách mạng lưới cập nhật",
            reports=[(-5, 40, "secretary_cb", "Đã tiếp nhận hồ sơ đăng ký của 4 cơ sở lưu trú "
                                              "mới.")],
        ),
        DemoTask(
            title="Kết nối người dân với các đơn vị kinh doanh du lịch ngoài tỉnh",
            lead="luhanh", due=1, coordinating=["homestay"],
            expected_output="Tour liên kết với homestay trong vùng CVĐC",
        ),
        DemoTask(
            title="Xây dựng sản phẩm đặc thù của địa phương theo hướng nông nghiệp sạch, thân "
                  "thiện với môi trường",
            lead="htx", due=-15, outcome="done", submitted=-18, submitted_by="secretary_cb",
            expected_output="Sản phẩm được giới thiệu tại các điểm du lịch",
        ),
        DemoTask(
            title="Tổ chức giao lưu, học tập kinh nghiệm, nâng cao năng lực cho các thành viên "
                  "mạng lưới đối tác",
            lead="bqlcvdc", due=None, coordinating=["svhttdl_cb"],
            expected_output="Báo cáo định kỳ 6 tháng",
        ),
    ],
)

DOCUMENTS = [PLAN]
