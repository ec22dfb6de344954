"""Lạng Sơn: the conference's conclusion, its 2024 tasks, and the documents it cites.

Every category of DOMAIN.md is represented, whatever the day the demo is loaded:
deadlines and submission days are offsets from that day (negative = in the past).
"""

from __future__ import annotations

from datetime import date

from tracker.demo.data import CHAIR_NAME, SAMPLE_NUMBER_NOTE, DemoDocument, DemoTask

CONCLUSION_TEXT = (
    "Phát biểu kết luận tại Hội nghị tổng kết công tác năm 2023, triển khai nhiệm vụ năm 2024 "
    "ngày 18/01/2024, đồng chí Trưởng Ban Chỉ đạo đề nghị Sở Văn hóa, Thể thao và Du lịch – cơ "
    "quan thường trực Ban Chỉ đạo tiếp thu các ý kiến thảo luận của các đại biểu để chỉnh sửa, "
    "bổ sung, hoàn thiện các dự thảo báo cáo, kế hoạch triển khai nhiệm vụ.\n\n"
    "Đối với kế hoạch hoạt động của Ban Chỉ đạo năm 2024, đồng chí Trưởng Ban Chỉ đạo đề nghị "
    "các cơ quan thành viên Ban Chỉ đạo tập trung thực hiện hiệu quả các nội dung: Tiếp tục đẩy "
    "mạnh công tác tuyên truyền nâng cao ý thức của cán bộ, đảng viên và các tầng lớp nhân dân, "
    "các doanh nghiệp và cộng đồng về bảo tồn di sản văn hóa gắn với phát triển du lịch Lạng "
    "Sơn; hình thành ứng xử văn minh, thân thiện, tuyên truyền rộng rãi Chương trình “Đại sứ "
    "Du lịch”; Tiếp tục triển khai thực hiện có hiệu quả các chủ trương, chỉ đạo của Trung ương "
    "và của tỉnh về phát triển du lịch. Tập trung mục tiêu phát triển du lịch nhanh, bền vững "
    "trên cơ sở thực hiện hiệu quả Đề án phát triển du lịch tỉnh Lạng Sơn đến năm 2030; Triển "
    "khai chính sách hỗ trợ phát triển du lịch nhằm khuyến khích sự tham gia của người dân, "
    "doanh nghiệp vào công tác phát triển du lịch địa bàn tỉnh; Tiếp tục chỉ đạo triển khai các "
    "Đề án, dự án, kế hoạch về phát triển du lịch. Trọng tâm triển khai đề án xây dựng, phát "
    "triển Công viên địa chất Lạng Sơn (trong đó đẩy nhanh tiến độ hoàn thiện hạ tầng và chuẩn "
    "bị đón đoàn thẩm định của UNESCO); Trong năm chỉ đạo tổ chức các sự kiện văn hóa, thể thao "
    "và du lịch trên địa bàn các huyện, thành phố nhằm tạo điểm nhấn thu hút khách du lịch; "
    "phát triển các sản phẩm du lịch đặc trưng, lợi thế của từng địa phương: sản phẩm OCOP; các "
    "sản phẩm du lịch văn hóa tâm linh, lễ hội, du lịch sinh thái, du lịch cộng đồng, du lịch "
    "nông nghiệp, nông thôn; du lịch biên giới, cửa khẩu, du lịch gắn với đường tuần tra biên "
    "giới; xây dựng Đề án đào tạo, bồi dưỡng, phát triển nguồn nhân lực du lịch tỉnh Lạng Sơn "
    "giai đoạn 2025-2030; nâng cao năng lực, hiệu quả quản lý, công tác phối hợp giữa các cấp, "
    "các ngành trong quản lý hoạt động đầu tư, kinh doanh lĩnh vực du lịch; chú trọng, quan tâm "
    "cho công tác thu hút đầu tư phát triển du lịch, quan tâm chỉ đạo, đẩy nhanh tiến độ các dự "
    "án đầu tư về du lịch đã và đang đầu tư tại tỉnh; đẩy mạnh ứng dụng công nghệ thông tin, "
    "chuyển đổi số trong công tác phát triển du lịch, đổi mới công tác tuyên truyền, quảng bá, "
    "xúc tiến du lịch đảm bảo chất lượng, hiệu quả; duy trì, phát huy hiệu quả hệ thống du lịch "
    "thông minh tỉnh Lạng Sơn; tăng cường liên kết, hợp tác phát triển du lịch với các tỉnh, "
    "thành phố trong nước; tiếp tục đẩy mạnh các hoạt động đối ngoại, hợp tác quốc tế, trong "
    "đó, củng cố, đưa quan hệ hữu nghị, hợp tác giữa tỉnh Lạng Sơn với Khu tự trị dân tộc Choang "
    "Quảng Tây (Trung Quốc).\n\n" + SAMPLE_NUMBER_NOTE
)

CONCLUSION = DemoDocument(
    kind="conclusion_notice",
    number="12/TB-BCĐ",
    issued_on=date(2024, 1, 24),
    signer=f"{CHAIR_NAME} – Trưởng Ban Chỉ đạo",
    title="Kết luận của Trưởng Ban Chỉ đạo tại Hội nghị tổng kết công tác năm 2023, triển khai "
          "nhiệm vụ năm 2024 của Ban Chỉ đạo Phát triển du lịch tỉnh",
    text=CONCLUSION_TEXT,
    from_meeting=True,
    tasks=[
        DemoTask(
            title="Tiếp thu ý kiến thảo luận, chỉnh sửa, bổ sung, hoàn thiện các dự thảo báo cáo, "
                  "kế hoạch triển khai nhiệm vụ năm 2024 của Ban Chỉ đạo",
            lead="svhttdl", due=-40, priority="high", assignees=["secretary"],
            expected_output="Báo cáo tổng kết năm 2023 và Kế hoạch hoạt động năm 2024 hoàn chỉnh",
            reports=[(-45, 70, "secretary", "Đã tổng hợp ý kiến góp ý của 16 cơ quan thành viên; "
                                            "đang chỉnh sửa dự thảo kế hoạch."),
                     (-36, 95, "secretary", "Đã hoàn thiện dự thảo, trình Trưởng Ban Chỉ đạo "
                                            "xem xét, ký ban hành.")],
            outcome="done", submitted=-33, submitted_by="secretary",
        ),
        DemoTask(
            title="Đẩy mạnh tuyên truyền bảo tồn di sản văn hóa gắn với phát triển du lịch; "
                  "tuyên truyền rộng rãi Chương trình “Đại sứ Du lịch”",
            lead="svhttdl", due=None, coordinating=["stttt", "tplangson"],
            description="Nâng cao ý thức của cán bộ, đảng viên, nhân dân, doanh nghiệp và cộng "
                        "đồng; hình thành ứng xử văn minh, thân thiện với khách du lịch.",
            expected_output="Báo cáo kết quả tuyên truyền hằng quý",
            reports=[(-20, 50, "secretary", "Quý này đã đăng 36 tin, bài trên Cổng thông tin du "
                                           "lịch; tổ chức 2 buổi ra mắt Đại sứ Du lịch Lạng Sơn.")],
        ),
        DemoTask(
            title="Triển khai hiệu quả Đề án phát triển du lịch tỉnh Lạng Sơn đến năm 2030",
            lead="svhttdl", due=75, coordinating=["skhdt", "stc"], assignees=["secretary"],
            expected_output="Báo cáo sơ kết thực hiện Đề án",
            reports=[(-10, 45, "secretary", "Đã rà soát 12/27 chỉ tiêu của Đề án; đang tổng hợp "
                                            "số liệu từ các huyện.")],
        ),
        DemoTask(
            title="Triển khai chính sách hỗ trợ phát triển du lịch, khuyến khích người dân, doanh "
                  "nghiệp tham gia phát triển du lịch",
            lead="stc", due=0, coordinating=["svhttdl"],
            expected_output="Phương án bố trí kinh phí hỗ trợ theo Nghị quyết số 17/2020/NQ-HĐND",
            reports=[(-3, 100, "secretary", "Sở VHTTDL đã gửi Sở Tài chính danh sách 9 hộ, 2 hợp "
                                          "tác xã đề nghị hỗ trợ du lịch cộng đồng.")],
        ),
        DemoTask(
            title="Hoàn thiện hồ sơ Công viên địa chất Lạng Sơn trình UNESCO công nhận Công viên "
                  "địa chất toàn cầu",
            lead="svhttdl", due=-90, coordinating=["stnmt"], priority="high",
            expected_output="Hồ sơ đề cử gửi UNESCO",
            reports=[(-100, 90, "secretary", "Đã hoàn thiện bản tiếng Anh của hồ sơ, đang in ấn.")],
            outcome="done", submitted=-95, submitted_by="secretary",
        ),
        DemoTask(
            title="Đẩy nhanh tiến độ hoàn thiện hạ tầng Công viên địa chất Lạng Sơn và chuẩn bị "
                  "đón đoàn thẩm định của UNESCO",
            lead="svhttdl", due=2, coordinating=["stnmt", "bacson", "chilang"], priority="high",
            assignees=["secretary"],
            expected_output="Kịch bản đón đoàn; biển chỉ dẫn tại các điểm di sản",
            reports=[(-2, 80, "secretary", "Đã lắp đặt 40/48 biển chỉ dẫn; hoàn thành kịch bản "
                                           "đón đoàn, chờ Trưởng Ban Chỉ đạo cho ý kiến.")],
        ),
        DemoTask(
            title="Tổ chức Ngày hội văn hóa các dân tộc thành phố Lạng Sơn",
            lead="tplangson", due=-30, coordinating=["svhttdl"],
            expected_output="Sự kiện được tổ chức; báo cáo kết quả",
            outcome="done", submitted=-32,
        ),
        DemoTask(
            title="Tổ chức Lễ hội Na Chi Lăng gắn với quảng bá sản phẩm du lịch nông nghiệp",
            lead="chilang", due=-70, coordinating=["svhttdl", "snnptnt"],
            expected_output="Sự kiện được tổ chức; báo cáo kết quả",
            outcome="done", submitted=-64,
        ),
        DemoTask(
            title="Tổ chức Hội chợ thương mại – du lịch biên giới huyện Văn Lãng",
            lead="vanlang", due=25, coordinating=["svhttdl", "bdbp"],
            outcome="cancelled",
            cancel_reason="Gộp vào Tuần Văn hóa, Thể thao và Du lịch Xứ Lạng theo ý kiến chỉ đạo "
                          "của Trưởng Ban Chỉ đạo.",
        ),
        DemoTask(
            title="Phát triển sản phẩm OCOP gắn với nhu cầu mua sắm của khách du lịch",
            lead="snnptnt", due=-20, coordinating=["svhttdl", "locbinh"],
            expected_output="Danh mục sản phẩm OCOP bày bán tại các điểm du lịch",
            reports=[(-25, 100, "secretary", "Sở VHTTDL đã đề xuất 6 điểm du lịch bố trí gian hàng "
                                           "OCOP; chờ Sở NN&PTNT tổng hợp.")],
        ),
        DemoTask(
            title="Phát triển sản phẩm du lịch biên giới, cửa khẩu, du lịch gắn với đường tuần tra "
                  "biên giới trên địa bàn huyện Tràng Định",
            lead="trangdinh", due=-12, coordinating=["bdbp", "svhttdl"], priority="high",
            assignees=["member"],
            expected_output="Tuyến du lịch biên giới được đưa vào khai thác thử",
            reports=[(-30, 30, "member", "Đã khảo sát tuyến cùng Đồn Biên phòng; xác định 3 điểm "
                                         "dừng chân."),
                     (-14, 50, "member", "Đang hoàn thiện hồ sơ đề nghị cho phép khai thác thử "
                                         "tuyến; chờ ý kiến của Bộ Chỉ huy BĐBP tỉnh.")],
        ),
        DemoTask(
            title="Hướng dẫn các thôn, bản xây dựng sản phẩm du lịch cộng đồng tại huyện Tràng "
                  "Định",
            lead="trangdinh", due=18, coordinating=["svhttdl"], assignees=["member"],
            expected_output="Ít nhất 2 thôn có sản phẩm du lịch cộng đồng",
            reports=[(-6, 40, "member", "Đã tập huấn cho 25 hộ tại 2 thôn về đón tiếp khách.")],
        ),
        DemoTask(
            title="Xây dựng Đề án đào tạo, bồi dưỡng, phát triển nguồn nhân lực du lịch tỉnh Lạng "
                  "Sơn giai đoạn 2025-2030",
            lead="svhttdl", due=20, coordinating=["stc"],
            expected_output="Dự thảo Đề án trình UBND tỉnh",
            reports=[(-8, 60, "secretary", "Đã xin ý kiến các sở, ngành lần 2 về dự thảo Đề án.")],
        ),
        DemoTask(
            title="Thu hút đầu tư phát triển du lịch; đẩy nhanh tiến độ các dự án đầu tư du lịch "
                  "đã và đang đầu tư tại tỉnh",
            lead="skhdt", due=-45, coordinating=["svhttdl", "stnmt"],
            expected_output="Báo cáo tiến độ các dự án du lịch; danh mục dự án kêu gọi đầu tư",
        ),
        DemoTask(
            title="Đẩy mạnh chuyển đổi số trong phát triển du lịch; duy trì, phát huy hiệu quả hệ "
                  "thống du lịch thông minh tỉnh Lạng Sơn",
            lead="stttt", due=-5, coordinating=["svhttdl"],
            expected_output="Báo cáo vận hành Cổng thông tin và ứng dụng du lịch thông minh",
            reports=[(-9, 60, "secretary", "Sở VHTTDL đã cập nhật 120 điểm đến lên ứng dụng du "
                                          "lịch thông minh.")],
        ),
        DemoTask(
            title="Tăng cường liên kết, hợp tác phát triển du lịch với các tỉnh, thành phố trong "
                  "nước",
            lead="svhttdl", due=40,
            expected_output="Chương trình hợp tác được ký kết",
        ),
        DemoTask(
            title="Củng cố quan hệ hữu nghị, hợp tác phát triển du lịch giữa tỉnh Lạng Sơn với Khu "
                  "tự trị dân tộc Choang Quảng Tây (Trung Quốc)",
            lead="sngv", due=-3, coordinating=["svhttdl", "congan"],
            expected_output="Biên bản hội đàm về hợp tác du lịch",
        ),
        DemoTask(
            title="Nâng cao hiệu quả phối hợp kiểm tra an ninh, trật tự tại các cơ sở kinh doanh "
                  "lưu trú du lịch",
            lead="congan", due=10, coordinating=["svhttdl"], assignees=["member_police"],
            expected_output="Báo cáo kết quả kiểm tra",
            reports=[(-4, 100, "member_police", "Đã kiểm tra 58 cơ sở lưu trú, nhắc nhở 7 cơ sở "
                                                 "chưa khai báo tạm trú cho khách.")],
            outcome="submitted", submitted=-1, submitted_by="member_police",
        ),
    ],
)

REGULATION = DemoDocument(
    kind="regulation",
    number="01/QCPH-BCĐ",
    issued_on=date(2024, 1, 18),
    signer="Sở VHTTDL; Bộ Chỉ huy BĐBP tỉnh; Công an tỉnh; UBND các huyện Tràng Định, Văn Lãng, "
           "Cao Lộc, Lộc Bình, Đình Lập",
    title="Quy chế phối hợp trong công tác quản lý khách du lịch tham quan, lưu trú tại khu vực "
          "biên giới trên địa bàn tỉnh",
    text=(
        "Quy chế gồm các nội dung: đề xuất cơ chế quản lý khách du lịch; thực hiện công tác "
        "thông tin tuyên truyền; giải quyết thủ tục hành chính, cấp giấy tờ, quản lý lưu trú và "
        "trao đổi thông tin quản lý khách nước ngoài tham quan du lịch khu vực biên giới; quản "
        "lý các khu, điểm du lịch trong khu vực biên giới; bảo đảm an ninh, an toàn cho khách du "
        "lịch tại các khu, điểm du lịch ở khu vực biên giới; phối hợp về thanh tra, kiểm tra, xử "
        "lý vi phạm trong hoạt động du lịch.\n\n" + SAMPLE_NUMBER_NOTE
    ),
    from_meeting=True,
    tasks=[
        DemoTask(
            title="Quản lý lưu trú, trao đổi thông tin quản lý khách nước ngoài tham quan du lịch "
                  "khu vực biên giới",
            lead="congan", due=None, coordinating=["bdbp"], assignees=["member_police"],
            expected_output="Báo cáo định kỳ hằng tháng",
            reports=[(-15, 50, "member_police", "Tháng này tiếp nhận khai báo lưu trú của 1.240 "
                                               "lượt khách nước ngoài tại khu vực biên giới.")],
        ),
        DemoTask(
            title="Bảo đảm an ninh, an toàn cho khách du lịch tại các khu, điểm du lịch ở khu vực "
                  "biên giới",
            lead="bdbp", due=None,
            coordinating=["congan", "trangdinh", "vanlang", "caoloc", "locbinh", "dinhlap"],
            expected_output="Báo cáo định kỳ hằng quý",
            reports=[(-40, 100, "member", "UBND Tràng Định đã phối hợp tuần tra tại điểm du lịch "
                                        "khu vực mốc giới trong dịp lễ.")],
        ),
        DemoTask(
            title="Quản lý các khu, điểm du lịch trong khu vực biên giới trên địa bàn huyện Đình "
                  "Lập",
            lead="dinhlap", due=None, coordinating=["bdbp"],
            expected_output="Báo cáo định kỳ hằng quý",
        ),
        DemoTask(
            title="Sơ kết 6 tháng thực hiện Quy chế phối hợp quản lý khách du lịch khu vực biên "
                  "giới",
            lead="svhttdl", due=9, coordinating=["bdbp", "congan", "caoloc", "locbinh"],
            expected_output="Báo cáo sơ kết",
        ),
    ],
)

# The documents the conference cites: recorded so tasks and summaries can refer to them.
CITED = [
    DemoDocument(
        kind="resolution", number="17/2020/NQ-HĐND", issued_on=date(2020, 12, 14),
        signer="HĐND tỉnh Lạng Sơn",
        title="Quy định chính sách hỗ trợ phát triển du lịch cộng đồng trên địa bàn tỉnh giai "
              "đoạn 2021-2025",
        tasks=[DemoTask(
            title="Hướng dẫn, tiếp nhận hồ sơ và tổ chức thực hiện chính sách hỗ trợ phát triển "
                  "du lịch cộng đồng",
            lead="svhttdl", due=None, coordinating=["stc"],
            expected_output="Báo cáo kết quả hỗ trợ 6 tháng, năm",
            reports=[(-50, 50, "secretary", "Đã hướng dẫn 14 hộ kinh doanh homestay hoàn thiện "
                                           "hồ sơ đề nghị hỗ trợ.")],
        )],
    ),
    DemoDocument(
        kind="resolution", number="16/2022/NQ-HĐND", issued_on=date(2022, 7, 7),
        signer="HĐND tỉnh Lạng Sơn",
        title="Về một số chính sách hỗ trợ đầu tư trên địa bàn tỉnh",
        tasks=[DemoTask(
            title="Hướng dẫn nhà đầu tư dự án du lịch tiếp cận chính sách hỗ trợ đầu tư",
            lead="skhdt", due=None, coordinating=["svhttdl"],
            expected_output="Báo cáo định kỳ 6 tháng",
        )],
    ),
    DemoDocument(
        kind="resolution", number="08/2019/NQ-HĐND", issued_on=date(2019, 12, 10),
        signer="HĐND tỉnh Lạng Sơn",
        title="Về chính sách đặc thù khuyến khích đầu tư, phát triển hợp tác, liên kết sản xuất "
              "và tiêu thụ sản phẩm nông nghiệp, nông thôn trên địa bàn tỉnh giai đoạn 2020-2025",
    ),
    DemoDocument(
        kind="resolution", number="15/2021/NQ-HĐND", issued_on=date(2021, 7, 17),
        signer="HĐND tỉnh Lạng Sơn",
        title="Về chính sách đặc thù khuyến khích đầu tư, phát triển hợp tác, liên kết sản xuất "
              "và tiêu thụ sản phẩm nông nghiệp, nông thôn trên địa bàn tỉnh giai đoạn 2020-2025",
    ),
    DemoDocument(
        kind="other", number="74-CTr/TU", issued_on=date(2017, 12, 28),
        signer="Ban Thường vụ Tỉnh ủy Lạng Sơn",
        title="Chương trình hành động thực hiện Nghị quyết số 08-NQ/TW ngày 16/01/2017 của Bộ "
              "Chính trị về phát triển du lịch trở thành ngành kinh tế mũi nhọn",
    ),
    DemoDocument(
        kind="other", number="23-CTr/TU", issued_on=date(2021, 8, 27),
        signer="Tỉnh ủy Lạng Sơn",
        title="Chương trình hành động thực hiện Nghị quyết Đại hội đại biểu toàn quốc lần thứ "
              "XIII của Đảng và Nghị quyết Đại hội đại biểu Đảng bộ tỉnh Lạng Sơn lần thứ XVII, "
              "nhiệm kỳ 2020 – 2025",
    ),
]

DOCUMENTS = [*CITED, REGULATION, CONCLUSION]
