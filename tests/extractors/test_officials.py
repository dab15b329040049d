"""Officials: names, stacked posts in both orders, abbreviations, "Nguyên", merged mentions, roles; and who is not one."""

from __future__ import annotations

import pytest

from extractors.officials import expand_position, extract_officials, opens_with_speech


def off(name, positions, former=False, honorific=None, roles=()):
    return (name, list(positions), former, honorific, list(roles))


def _project(officials):
    return [(o.name, o.positions, o.is_former, o.honorific, o.roles) for o in officials]


CASES = [
    # --- name first, posts after it, separated by commas, dashes, semicolons
    ("Dự hội nghị có đồng chí Trần Đức Thắng, Ủy viên Ban Chấp hành Trung ương Đảng, Bí thư Tỉnh ủy Hải Dương.",
     [off("Trần Đức Thắng", ["Ủy viên Ban Chấp hành Trung ương Đảng", "Bí thư Tỉnh ủy Hải Dương"], honorific="đồng chí", roles=["attendee"])]),
    ("Tham dự có ông Lê Quang Tiến - Phó Bí thư Thường trực Tỉnh ủy - Chủ tịch HĐND tỉnh Quảng Bình.",
     [off("Lê Quang Tiến", ["Phó Bí thư Thường trực Tỉnh ủy", "Chủ tịch Hội đồng nhân dân tỉnh Quảng Bình"], honorific="ông", roles=["attendee"])]),
    ("Tới dự có bà Hồ Thị Minh – Phó Chủ tịch UBND tỉnh – Chủ tịch Hội đồng TĐKT tỉnh.",
     [off("Hồ Thị Minh", ["Phó Chủ tịch Ủy ban nhân dân tỉnh", "Chủ tịch Hội đồng Thi đua - Khen thưởng tỉnh"], honorific="bà", roles=["attendee"])]),
    ("Dự buổi lễ có đồng chí Nguyễn Hữu Nghĩa, Bí thư Tỉnh ủy; đồng chí Trần Văn Lâu, Chủ tịch UBND tỉnh Sóc Trăng; các đồng chí trong Ban Thường vụ Tỉnh ủy.",
     [off("Nguyễn Hữu Nghĩa", ["Bí thư Tỉnh ủy"], honorific="đồng chí", roles=["attendee"]),
      off("Trần Văn Lâu", ["Chủ tịch Ủy ban nhân dân tỉnh Sóc Trăng"], honorific="đồng chí", roles=["attendee"])]),
    ("Tham dự có các đồng chí: Lâm Thị Phương Thanh, Phó Chánh Văn phòng Thường trực Văn phòng Trung ương Đảng; Nguyễn Văn Quyết, Tỉnh ủy viên, Giám đốc Sở Nội vụ.",
     [off("Lâm Thị Phương Thanh", ["Phó Chánh Văn phòng Thường trực Văn phòng Trung ương Đảng"], roles=["attendee"]),
      off("Nguyễn Văn Quyết", ["Tỉnh ủy viên", "Giám đốc Sở Nội vụ"], roles=["attendee"])]),
    # a ";" closes a person whose posts have begun; lower-case "ủy viên …" is a group, not a post
    ("Dự hội nghị có ông Bùi Văn Khánh - Phó Bí thư Tỉnh ủy - Chủ tịch UBND tỉnh Hòa Bình; ủy viên Ban Thường vụ Tỉnh ủy; phó chủ tịch UBND tỉnh.",
     [off("Bùi Văn Khánh", ["Phó Bí thư Tỉnh ủy", "Chủ tịch Ủy ban nhân dân tỉnh Hòa Bình"], honorific="ông", roles=["attendee"])]),
    # a ";" right after a name still leads to its posts
    ("Tham dự có đồng chí Mai Văn Huỳnh; Ủy viên Ban Thường vụ Tỉnh ủy, Chủ tịch UB MTTQ VN tỉnh.",
     [off("Mai Văn Huỳnh", ["Ủy viên Ban Thường vụ Tỉnh ủy", "Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"], honorific="đồng chí", roles=["attendee"])]),
    ("Ông Lò Văn Pắng (Chủ tịch UBND xã Mường Lạn) phát biểu tại buổi lễ.",
     [off("Lò Văn Pắng", ["Chủ tịch Ủy ban nhân dân xã Mường Lạn"], honorific="Ông", roles=["speaker"])]),
    # --- posts first, the name at the end
    ("Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh Nguyễn Văn Phương trao Cờ thi đua cho các tập thể.",
     [off("Nguyễn Văn Phương", ["Phó Bí thư Tỉnh ủy", "Chủ tịch Ủy ban nhân dân tỉnh"], roles=["presenter"])]),
    ("Bí thư Tỉnh ủy Quảng Ninh Vũ Đại Thắng phát biểu chỉ đạo hội nghị.",
     [off("Vũ Đại Thắng", ["Bí thư Tỉnh ủy Quảng Ninh"], roles=["speaker"])]),
    ("Chủ tịch UBND tỉnh Lâm Đồng Trần Hồng Thái gắn Huy hiệu cho các đảng viên.",
     [off("Trần Hồng Thái", ["Chủ tịch Ủy ban nhân dân tỉnh Lâm Đồng"], roles=["presenter"])]),
    ("Chủ tịch LĐLĐ tỉnh Thái Bình Nguyễn Thị Thu Hà phát động phong trào thi đua trong công nhân.",
     [off("Nguyễn Thị Thu Hà", ["Chủ tịch Liên đoàn Lao động tỉnh Thái Bình"], roles=["speaker"])]),
    ("Thứ trưởng Bộ Nội vụ Vũ Chiến Thắng trao Huân chương Lao động cho các cá nhân.",
     [off("Vũ Chiến Thắng", ["Thứ trưởng Bộ Nội vụ"], roles=["presenter"])]),
    ("Phó Chủ tịch Quốc hội Trần Quang Phương phát biểu tại lễ kỷ niệm.",
     [off("Trần Quang Phương", ["Phó Chủ tịch Quốc hội"], roles=["speaker"])]),
    ("Phó Bí thư Thường trực Thành ủy Cần Thơ Nguyễn Văn Hồng chủ trì hội nghị.",
     [off("Nguyễn Văn Hồng", ["Phó Bí thư Thường trực Thành ủy Cần Thơ"], roles=["speaker"])]),
    # an honorific before the post
    ("Đồng chí Phó Chủ tịch UBND tỉnh Lê Ngọc Châu phát biểu khai mạc.",
     [off("Lê Ngọc Châu", ["Phó Chủ tịch Ủy ban nhân dân tỉnh"], honorific="Đồng chí", roles=["speaker"])]),
    # two people, each with the post before the name
    ("Bí thư Tỉnh ủy Đỗ Trọng Hưng và Chủ tịch UBND tỉnh Đỗ Minh Tuấn trao Cờ thi đua cho 12 tập thể.",
     [off("Đỗ Trọng Hưng", ["Bí thư Tỉnh ủy"], roles=["presenter"]),
      off("Đỗ Minh Tuấn", ["Chủ tịch Ủy ban nhân dân tỉnh"], roles=["presenter"])]),
    ("Tới dự có Chủ tịch nước Lương Cường, Phó Thủ tướng Trần Hồng Hà.",
     [off("Lương Cường", ["Chủ tịch nước"], roles=["attendee"]),
      off("Trần Hồng Hà", ["Phó Thủ tướng"], roles=["attendee"])]),
    # the post of "thừa ủy quyền của …" is not the person's own
    ("Thừa ủy quyền của Thủ tướng Chính phủ, Phó Chủ tịch UBND tỉnh Lê Ngọc Tuấn trao Bằng khen cho 9 cá nhân.",
     [off("Lê Ngọc Tuấn", ["Phó Chủ tịch Ủy ban nhân dân tỉnh"], roles=["presenter"])]),
    ("Thừa ủy quyền của Chủ tịch nước, Bí thư Tỉnh ủy - Chủ tịch HĐND tỉnh Hoàng Duy Chinh trao Huân chương Độc lập hạng Ba cho Sở Y tế.",
     [off("Hoàng Duy Chinh", ["Bí thư Tỉnh ủy", "Chủ tịch Hội đồng nhân dân tỉnh"], roles=["presenter"])]),
    # --- abbreviations expanded
    ("Ông Nguyễn Hữu Thông, Phó Trưởng Đoàn ĐBQH tỉnh Bình Thuận, phát biểu ý kiến.",
     [off("Nguyễn Hữu Thông", ["Phó Trưởng Đoàn đại biểu Quốc hội tỉnh Bình Thuận"], honorific="Ông", roles=["speaker"])]),
    ("Đồng chí Y Thanh Hà Niê Kđăm, Ủy viên BCH TW Đảng, Bí thư Tỉnh ủy phát biểu.",
     [off("Y Thanh Hà Niê Kđăm", ["Ủy viên Ban Chấp hành Trung ương Đảng", "Bí thư Tỉnh ủy"], honorific="Đồng chí", roles=["speaker"])]),
    ("Bà Trần Thị Diệu Thúy, Ủy viên BTV Thành ủy, Chủ tịch LĐLĐ thành phố đã trao Bằng khen.",
     [off("Trần Thị Diệu Thúy", ["Ủy viên Ban Thường vụ Thành ủy", "Chủ tịch Liên đoàn Lao động thành phố"], honorific="Bà", roles=["presenter"])]),
    ("Ông Phạm Văn Thành, PCT UBND huyện Tân Châu, cho biết kết quả thi đua.",
     [off("Phạm Văn Thành", ["Phó Chủ tịch Ủy ban nhân dân huyện Tân Châu"], honorific="Ông", roles=["speaker"])]),
    ("Ông Đinh Văn Hùng, Chủ tịch UBMTTQ tỉnh Gia Lai, phát biểu.",
     [off("Đinh Văn Hùng", ["Chủ tịch Ủy ban Mặt trận Tổ quốc tỉnh Gia Lai"], honorific="Ông", roles=["speaker"])]),
    ("Ông Lê Văn Bình – Phó Giám đốc Sở Nội vụ – Trưởng Ban Thi đua-Khen thưởng tỉnh trình bày báo cáo.",
     [off("Lê Văn Bình", ["Phó Giám đốc Sở Nội vụ", "Trưởng Ban Thi đua - Khen thưởng tỉnh"], honorific="Ông", roles=["speaker"])]),
    ("Anh Nguyễn Minh Triết, Bí thư thứ nhất Trung ương Đoàn TNCS Hồ Chí Minh phát biểu.",
     [off("Nguyễn Minh Triết", ["Bí thư thứ nhất Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh"], honorific="Anh", roles=["speaker"])]),
    ("Ông Nguyễn Văn Sáu, Ủy viên dự khuyết Trung ương Đảng, Bí thư Tỉnh ủy Tây Ninh chủ trì.",
     [off("Nguyễn Văn Sáu", ["Ủy viên dự khuyết Ban Chấp hành Trung ương Đảng", "Bí thư Tỉnh ủy Tây Ninh"], honorific="Ông", roles=["speaker"])]),
    # --- armed forces, police, border guard: ranks are honorifics
    ("Thiếu tướng Trần Võ Dũng, Phó Tư lệnh Quân khu 4 phát biểu tại buổi lễ.",
     [off("Trần Võ Dũng", ["Phó Tư lệnh Quân khu 4"], honorific="Thiếu tướng", roles=["speaker"])]),
    ("Đại tá Lê Minh Hoàng, Giám đốc Công an tỉnh Quảng Ngãi trao Bằng khen cho các tập thể.",
     [off("Lê Minh Hoàng", ["Giám đốc Công an tỉnh Quảng Ngãi"], honorific="Đại tá", roles=["presenter"])]),
    ("Đại tá Nguyễn Anh Tuấn, Chỉ huy trưởng BĐBP tỉnh Kiên Giang cho biết.",
     [off("Nguyễn Anh Tuấn", ["Chỉ huy trưởng Bộ đội Biên phòng tỉnh Kiên Giang"], honorific="Đại tá", roles=["speaker"])]),
    ("Thượng tướng Lương Tam Quang, Ủy viên Bộ Chính trị, Bộ trưởng Bộ Công an dự lễ.",
     [off("Lương Tam Quang", ["Ủy viên Bộ Chính trị", "Bộ trưởng Bộ Công an"], honorific="Thượng tướng", roles=["attendee"])]),
    ("Chính ủy Bộ CHQS tỉnh Điện Biên Phạm Văn Mạnh trao Huy chương Quân kỳ quyết thắng.",
     [off("Phạm Văn Mạnh", ["Chính ủy Bộ Chỉ huy Quân sự tỉnh Điện Biên"], roles=["presenter"])]),
    # --- schools, universities, enterprises
    ("PGS.TS Đỗ Văn Dũng, Hiệu trưởng Trường Đại học Sư phạm Kỹ thuật TP Hồ Chí Minh phát biểu.",
     [off("Đỗ Văn Dũng", ["Hiệu trưởng Trường Đại học Sư phạm Kỹ thuật thành phố Hồ Chí Minh"], honorific="PGS.TS", roles=["speaker"])]),
    ("Cô giáo Phan Thị Hằng - Hiệu trưởng Trường THCS Lê Lợi, huyện Hương Sơn được tặng Bằng khen.",
     [off("Phan Thị Hằng", ["Hiệu trưởng Trường Trung học cơ sở Lê Lợi, huyện Hương Sơn"], honorific="Cô giáo", roles=["recipient"])]),
    ("Ông Đặng Hoàng An, Chủ tịch Hội đồng thành viên Tập đoàn Điện lực Việt Nam phát biểu.",
     [off("Đặng Hoàng An", ["Chủ tịch Hội đồng thành viên Tập đoàn Điện lực Việt Nam"], honorific="Ông", roles=["speaker"])]),
    # --- "Nguyên …" sets is_former; the given person is a recipient
    ("Phó Chủ tịch UBND tỉnh Vũ Thị Ngọc Mai trao Huân chương Lao động hạng Ba cho ông Hoàng Văn Nghiệm, nguyên Phó Chủ tịch HĐND tỉnh.",
     [off("Vũ Thị Ngọc Mai", ["Phó Chủ tịch Ủy ban nhân dân tỉnh"], roles=["presenter"]),
      off("Hoàng Văn Nghiệm", ["Phó Chủ tịch Hội đồng nhân dân tỉnh"], former=True, honorific="ông", roles=["recipient"])]),
    ("Bộ trưởng Phạm Thị Thanh Trà trao Huân chương Lao động hạng Nhì tặng Chủ tịch UBND tỉnh Cao Tường Huy.",
     [off("Phạm Thị Thanh Trà", ["Bộ trưởng"], roles=["presenter"]),
      off("Cao Tường Huy", ["Chủ tịch Ủy ban nhân dân tỉnh"], roles=["recipient"])]),
    ("Ông Trịnh Văn Chiến - Nguyên Ủy viên Trung ương Đảng, nguyên Bí thư Tỉnh ủy đón nhận Huy hiệu 55 năm tuổi Đảng.",
     [off("Trịnh Văn Chiến", ["Ủy viên Ban Chấp hành Trung ương Đảng", "Bí thư Tỉnh ủy"], former=True, honorific="Ông", roles=["recipient"])]),
    # --- a list with one post for everyone ("các đồng chí <post>: …")
    ("Cùng dự có các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy: Nông Thanh Tùng - Trưởng Ban Tổ chức Tỉnh ủy, Hà Ngọc Ánh - Phó Chủ tịch UBND tỉnh.",
     [off("Nông Thanh Tùng", ["Ủy viên Ban Thường vụ Tỉnh ủy", "Trưởng Ban Tổ chức Tỉnh ủy"], roles=["attendee"]),
      off("Hà Ngọc Ánh", ["Ủy viên Ban Thường vụ Tỉnh ủy", "Phó Chủ tịch Ủy ban nhân dân tỉnh"], roles=["attendee"])]),
    ("Các đồng chí Sùng Mí Lử - Bí thư Huyện ủy Mèo Vạc; Hầu A Lềnh - Phó Chủ tịch HĐND huyện được tặng Bằng khen.",
     [off("Sùng Mí Lử", ["Bí thư Huyện ủy Mèo Vạc"], honorific="đồng chí", roles=["recipient"]),
      off("Hầu A Lềnh", ["Phó Chủ tịch Hội đồng nhân dân huyện"], roles=["recipient"])]),
    # --- repeated mentions merge into one person with all posts; a given name alone joins them
    ("Ông Lê Quốc Hùng, Giám đốc Sở Y tế tỉnh Bình Phước phát biểu. Ông Hùng đề nghị các đơn vị tiếp tục thi đua. "
     "Tỉnh ủy viên, Giám đốc Sở Y tế Lê Quốc Hùng trao Giấy khen cho 20 cá nhân.",
     [off("Lê Quốc Hùng", ["Tỉnh ủy viên", "Giám đốc Sở Y tế"], honorific="Ông", roles=["speaker", "presenter"])]),
    ("Đồng chí Giàng Seo Phử, Bí thư Tỉnh ủy Lào Cai phát biểu. Đồng chí Seo Phử nhấn mạnh vai trò của người đứng đầu.",
     [off("Giàng Seo Phử", ["Bí thư Tỉnh ủy Lào Cai"], honorific="Đồng chí", roles=["speaker"])]),
    ("Chủ tịch UBND tỉnh Nguyễn Văn Út phát động phong trào. Sau đó, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh Nguyễn Văn Út trao Cờ thi đua.",
     [off("Nguyễn Văn Út", ["Phó Bí thư Tỉnh ủy", "Chủ tịch Ủy ban nhân dân tỉnh"], roles=["speaker", "presenter"])]),
    # one post written with and without "tỉnh" before the province's name is one post
    ("Ông Lò Văn Hạnh, Ủy viên Ban thường vụ Trung ương Hội CCBVN, Chủ tịch Hội CCB tỉnh Sơn La phát biểu. "
     "Ông Lò Văn Hạnh, Chủ tịch Hội CCB Sơn La trao Huân chương cho 5 cá nhân.",
     [off("Lò Văn Hạnh", ["Ủy viên Ban thường vụ Trung ương Hội Cựu chiến binh Việt Nam", "Chủ tịch Hội Cựu chiến binh tỉnh Sơn La"],
          honorific="Ông", roles=["speaker", "presenter"])]),
    # --- speaker cue before the name
    ("Phát biểu tại hội nghị, đồng chí Đặng Xuân Phong, Bí thư Tỉnh ủy Lào Cai ghi nhận kết quả đạt được.",
     [off("Đặng Xuân Phong", ["Bí thư Tỉnh ủy Lào Cai"], honorific="đồng chí", roles=["speaker"])]),
    # --- more separators: "kiêm", ", nay là", a rank word ending a post, posts before ", <rank> <name>"
    ("Ông Trần Văn Phúc, Giám đốc Sở Nội vụ kiêm Trưởng Ban TĐKT tỉnh cho biết.",
     [off("Trần Văn Phúc", ["Giám đốc Sở Nội vụ", "Trưởng Ban Thi đua - Khen thưởng tỉnh"], honorific="Ông", roles=["speaker"])]),
    ("Trung tướng Đỗ Văn Bảnh, nguyên Phó Chính ủy Quân khu 3, nay là Bí thư Tỉnh ủy Nam Định dự lễ.",
     [off("Đỗ Văn Bảnh", ["Phó Chính ủy Quân khu 3", "Bí thư Tỉnh ủy Nam Định"], honorific="Trung tướng", roles=["attendee"])]),
    ("Về phía Quân khu 2 có Trung tướng Hà Thọ Bình, Tư lệnh Quân khu 2 và Thiếu tướng Vũ Văn Kha, Chính ủy Quân khu 2.",
     [off("Hà Thọ Bình", ["Tư lệnh Quân khu 2"], honorific="Trung tướng"),
      off("Vũ Văn Kha", ["Chính ủy Quân khu 2"], honorific="Thiếu tướng")]),
    ("Bộ trưởng Bộ Công an, Đại tướng Tô Ân Xô trao Huân chương Chiến công cho Công an tỉnh.",
     [off("Tô Ân Xô", ["Bộ trưởng Bộ Công an"], honorific="Đại tướng", roles=["presenter"])]),
    ("Thừa ủy nhiệm của Chủ tịch nước, Phó Chủ tịch HĐND tỉnh Nghệ An, ông Hoàng Viết Đường đã trao Huân chương Lao động.",
     [off("Hoàng Viết Đường", ["Phó Chủ tịch Hội đồng nhân dân tỉnh Nghệ An"], honorific="ông", roles=["presenter"])]),
    ("Ủy viên T.Ư Đảng, Phó Chủ tịch nước Đặng Minh Khôi dự và chỉ đạo đại hội.",
     [off("Đặng Minh Khôi", ["Ủy viên Ban Chấp hành Trung ương Đảng", "Phó Chủ tịch nước"], roles=["attendee"])]),
    ("Đ/c Hồ Thị Thu Sương-UVBTV, Trưởng ban Dân vận Tỉnh ủy tặng quà cho công nhân.",
     [off("Hồ Thị Thu Sương", ["Ủy viên Ban Thường vụ", "Trưởng ban Dân vận Tỉnh ủy"], honorific="Đ/c", roles=["presenter"])]),
    ("Phát biểu tại buổi lễ, PGS – TS Trần Đình Lý, Hiệu trưởng Trường ĐH Nông Lâm, cho biết nhà trường có 12 nhà giáo được khen.",
     [off("Trần Đình Lý", ["Hiệu trưởng Trường Đại học Nông Lâm"], honorific="PGS – TS", roles=["speaker"])]),
    ("Hội nghị diễn ra dưới sự chủ trì của đồng chí Nguyễn Hồng giang, Phó Chủ tịch Thường trực UBND tỉnh.",
     [off("Nguyễn Hồng Giang", ["Phó Chủ tịch Thường trực Ủy ban nhân dân tỉnh"], honorific="đồng chí", roles=["speaker"])]),
    ("Đồng chí Lò Văn Quân, Trưởng bản Nà Sản, xã Chiềng Mung nhận Giấy khen.",
     [off("Lò Văn Quân", ["Trưởng bản Nà Sản, xã Chiềng Mung"], honorific="Đồng chí", roles=["recipient"])]),
    ("Đồng chí Nguyễn Văn Tâm - UV BTV Tỉnh ủy, PCT UBND tỉnh phát biểu.",
     [off("Nguyễn Văn Tâm", ["Ủy viên Ban Thường vụ Tỉnh ủy", "Phó Chủ tịch Ủy ban nhân dân tỉnh"], honorific="Đồng chí", roles=["speaker"])]),
    ("Phó Bí thư Tỉnh ủy Chủ tịch UBND tỉnh Bế Thanh Tịnh trao quà cho các hộ nghèo.",
     [off("Bế Thanh Tịnh", ["Phó Bí thư Tỉnh ủy", "Chủ tịch Ủy ban nhân dân tỉnh"], roles=["presenter"])]),
    ("Cùng đi có các đồng chí: Hoàng Xuân Ánh, Phó Chủ tịch UBND tỉnh; Nông Quang Nhất, Giám đốc Sở Lao động - Thương binh và Xã hội.",
     [off("Hoàng Xuân Ánh", ["Phó Chủ tịch Ủy ban nhân dân tỉnh"], roles=["attendee"]),
      off("Nông Quang Nhất", ["Giám đốc Sở Lao động - Thương binh và Xã hội"], roles=["attendee"])]),
    ("Thiếu tướng Lê Đức Thái, Tư lệnh Bộ Tư lệnh Bộ đội Biên phòng dự lễ.",
     [off("Lê Đức Thái", ["Tư lệnh Bộ Tư lệnh Bộ đội Biên phòng"], honorific="Thiếu tướng", roles=["attendee"])]),
    ("Bà Lê Thị Hạnh, Chủ tịch Công đoàn ngành Giáo dục tỉnh trao Bằng khen.",
     [off("Lê Thị Hạnh", ["Chủ tịch Công đoàn ngành Giáo dục tỉnh"], honorific="Bà", roles=["presenter"])]),
    ("Đại tá Phạm Văn Lộc, Sư đoàn trưởng Sư đoàn 312 phát biểu.",
     [off("Phạm Văn Lộc", ["Sư đoàn trưởng Sư đoàn 312"], honorific="Đại tá", roles=["speaker"])]),
    ("PGS.TS Nguyễn Đức Tuấn, Phó Hiệu trưởng Trường Đại học Y Dược Thái Bình phát biểu.",
     [off("Nguyễn Đức Tuấn", ["Phó Hiệu trưởng Trường Đại học Y Dược Thái Bình"], honorific="PGS.TS", roles=["speaker"])]),
    # the sentence splitter cuts after "PGS.TS.": the honorific still belongs to the name after it
    ("Phát biểu tại buổi lễ, PGS.TS. Đào Văn Hùng – Giám đốc Học viện Chính sách và Phát triển, cho biết học viện có 5 nhà giáo được khen.",
     [off("Đào Văn Hùng", ["Giám đốc Học viện Chính sách và Phát triển"], honorific="PGS.TS.", roles=["speaker"])]),
    # a list written post before name: after "A;" the posts before B are B's
    ("Về phía tỉnh Sóc Trăng, có Bí thư Tỉnh ủy Lâm Văn Mẫn; Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh Hồ Thị Cẩm Đào; Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh Trần Văn Lâu.",
     [off("Lâm Văn Mẫn", ["Bí thư Tỉnh ủy"]),
      off("Hồ Thị Cẩm Đào", ["Phó Bí thư Thường trực Tỉnh ủy", "Chủ tịch Hội đồng nhân dân tỉnh"]),
      off("Trần Văn Lâu", ["Phó Bí thư Tỉnh ủy", "Chủ tịch Ủy ban nhân dân tỉnh"])]),
    ("Dự lễ có Phó Chủ tịch Quốc hội Trần Quang Phương, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh Đặng Xuân Phong.",
     [off("Trần Quang Phương", ["Phó Chủ tịch Quốc hội"], roles=["attendee"]),
      off("Đặng Xuân Phong", ["Phó Bí thư Tỉnh ủy", "Chủ tịch Ủy ban nhân dân tỉnh"], roles=["attendee"])]),
    # lower-case words of a unit's name ("Công tác chính trị", "biên phòng"), the ministry after a comma
    ("Thiếu tướng Đỗ Văn Tuấn, Cục trưởng Cục Công tác Đảng và Công tác quần chúng, Bộ Công an dự hội nghị.",
     [off("Đỗ Văn Tuấn", ["Cục trưởng Cục Công tác Đảng và Công tác quần chúng, Bộ Công an"], honorific="Thiếu tướng", roles=["attendee"])]),
    # a bare head, a comma, then its unit
    ("Đại tá Hà Văn Lực, Chỉ huy trưởng, Bộ Chỉ huy Bộ đội biên phòng tỉnh Quảng Ninh phát biểu.",
     [off("Hà Văn Lực", ["Chỉ huy trưởng, Bộ Chỉ huy Bộ đội biên phòng tỉnh Quảng Ninh"], honorific="Đại tá", roles=["speaker"])]),
    # …but a second unit after a full post is not part of it
    ("Ông Vũ Đình Quý, Giám đốc Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh cùng dự.",
     [off("Vũ Đình Quý", ["Giám đốc Công an tỉnh"], honorific="Ông", roles=["attendee"])]),
    # "các <post>: …" gives the post to every name of the list
    ("Tham dự có các Ủy viên Trung ương Đảng: Bí thư Tỉnh ủy Lê Văn Bé, Chủ tịch UBND tỉnh Trần Văn Cò.",
     [off("Lê Văn Bé", ["Ủy viên Ban Chấp hành Trung ương Đảng", "Bí thư Tỉnh ủy"], roles=["attendee"]),
      off("Trần Văn Cò", ["Ủy viên Ban Chấp hành Trung ương Đảng", "Chủ tịch Ủy ban nhân dân tỉnh"], roles=["attendee"])]),
    # the state's name after a post is part of it, and the name after it is still read
    ("Dự có Chủ tịch Quốc hội nước CHXHCN Việt Nam Nguyễn Văn An.",
     [off("Nguyễn Văn An", ["Chủ tịch Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam"], roles=["attendee"])]),
    ("Thượng tá Vũ Văn Hà, Chính ủy, Chủ tịch Hội đồng thi đua, khen thưởng Bộ CHQS tỉnh chủ trì.",
     [off("Vũ Văn Hà", ["Chính ủy", "Chủ tịch Hội đồng thi đua, khen thưởng Bộ Chỉ huy Quân sự tỉnh"], honorific="Thượng tá", roles=["speaker"])]),
    # lower-case words inside a unit's name ("Cảnh sát giao thông")
    ("Thiếu tá Hoàng Văn Dũng, Đội trưởng Đội Cảnh sát giao thông Công an huyện Ea Súp nhận Bằng khen.",
     [off("Hoàng Văn Dũng", ["Đội trưởng Đội Cảnh sát giao thông Công an huyện Ea Súp"], honorific="Thiếu tá", roles=["recipient"])]),
    # a name written with an apostrophe is a name, not an abbreviation
    ("Bà H'Wên Niê, Phó Chủ tịch UBND huyện Krông Pắc trao thưởng.",
     [off("H'Wên Niê", ["Phó Chủ tịch Ủy ban nhân dân huyện Krông Pắc"], honorific="Bà", roles=["presenter"])]),
    ("Đồng chí Trần Cẩm Tú, Ủy viên Bộ Chính trị, Thường trực Ban Bí thư dự lễ.",
     [off("Trần Cẩm Tú", ["Ủy viên Bộ Chính trị", "Thường trực Ban Bí thư"], honorific="Đồng chí", roles=["attendee"])]),
    # a post, "và", then a name: the post is not that name's; "Vy" is a family name; "TVTU" expanded
    ("Các đồng chí: Vy Thị Lan, Ủy viên Ban TVTU, Trưởng ban Dân vận Tỉnh ủy và Nông Văn Tú, Phó chủ tịch UBND tỉnh dự.",
     [off("Vy Thị Lan", ["Ủy viên Ban Thường vụ Tỉnh ủy", "Trưởng ban Dân vận Tỉnh ủy"], roles=["attendee"]),
      off("Nông Văn Tú", ["Phó chủ tịch Ủy ban nhân dân tỉnh"], roles=["attendee"])]),
    # lower-case words of a Party or judicial body's name; a police unit after a comma
    ("Đồng chí Phan Văn Lộc, Bí thư Ban cán sự đảng, Viện trưởng Viện kiểm sát nhân dân tỉnh chủ trì.",
     [off("Phan Văn Lộc", ["Bí thư Ban cán sự đảng", "Viện trưởng Viện kiểm sát nhân dân tỉnh"], honorific="Đồng chí", roles=["speaker"])]),
    ("Thiếu tá Đỗ Thị Hoa, Phó trưởng Ban Thanh niên, Công an tỉnh nhận giải thưởng.",
     [off("Đỗ Thị Hoa", ["Phó trưởng Ban Thanh niên, Công an tỉnh"], honorific="Thiếu tá", roles=["recipient"])]),
    ("Dự có đồng chí Lê Văn Cần, Chủ tịch Quốc hội nước Cộng hòa XHCN Việt Nam.",
     [off("Lê Văn Cần", ["Chủ tịch Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam"], honorific="đồng chí", roles=["attendee"])]),
    ("Chủ tịch Công đoàn cơ quan Sở Tư pháp Lê Văn Hậu nhận Bằng khen.",
     [off("Lê Văn Hậu", ["Chủ tịch Công đoàn cơ quan Sở Tư pháp"], roles=["recipient"])]),
    # --- not officials: authors, photographers, historical figures, citizens without a post
    ("Tin, ảnh: Nguyễn Thu Hà", []),
    ("Các đại biểu dự lễ kỷ niệm. (Ảnh: Lê Minh Tâm)", []),
    ("Ảnh: Trần Văn Hải - TTXVN", []),
    ("Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh trong toàn tỉnh.", []),
    ("Các cấp tiếp tục quán triệt tư tưởng thi đua ái quốc của Chủ tịch Hồ Chí Minh.", []),
    ("Ông Nguyễn Văn Tư (thôn 3, xã Ea Kao) nhận Bằng khen của Thủ tướng Chính phủ.", []),
    ("Mẹ Việt Nam anh hùng Phạm Thị Lài năm nay đã 98 tuổi.", []),
    ("Nhà giáo ưu tú Nguyễn Thị Mai được tặng Bằng khen.", []),
    ("Thượng úy Lê Văn Khoa và Trung úy Phạm Đức Long được tặng Bằng khen.", []),
    ("Đoàn đến thăm gia đình cố Thủ tướng Võ Văn Kiệt và liệt sĩ Nguyễn Văn Trọng, nguyên Chính trị viên Đại đội 3.", []),
    ("Chủ tịch UBND tỉnh tặng Bằng khen cho 15 tập thể, Bí thư Tỉnh ủy phát biểu chỉ đạo.", []),
    ("Đoàn viên Võ Thành Nam và Lê Văn Tài được tặng Huy hiệu Tuổi trẻ dũng cảm.", []),
    ("Ban Bí thư Trung ương Đoàn Quyết định tặng Huy hiệu cho hai đoàn viên.", []),
    # a photo caption with a byline after the official
    ("Phó Chủ tịch UBND tỉnh Lê Văn Sử phát biểu. (Ảnh: Trần Quang)",
     [off("Lê Văn Sử", ["Phó Chủ tịch Ủy ban nhân dân tỉnh"], roles=["speaker"])]),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_officials_extracts(make_doc, text, expected):
    assert _project(extract_officials(make_doc(text))) == expected


@pytest.mark.parametrize("text", [c[0] for c in CASES if c[1]])
def test_officials_evidence_is_the_sentence_at_its_offsets(make_doc, text):
    doc = make_doc(text)
    for o in extract_officials(doc):
        assert doc.text[o.char_start:o.char_end] == o.evidence
        # the name as written, up to case (a syllable typed in lower case is capitalised in the name)
        assert o.name.casefold() in o.evidence.casefold() or o.name.split()[-1] in o.evidence


@pytest.mark.parametrize("written,expanded", [
    ("Chủ tịch UBND tỉnh", "Chủ tịch Ủy ban nhân dân tỉnh"),
    ("Ủy viên BTV Tỉnh ủy", "Ủy viên Ban Thường vụ Tỉnh ủy"),
    ("Chủ tịch Hội đồng TĐKT tỉnh", "Chủ tịch Hội đồng Thi đua - Khen thưởng tỉnh"),
    ("Chủ tịch UB MTTQ VN tỉnh", "Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"),
    ("Ủy viên Trung ương Đảng", "Ủy viên Ban Chấp hành Trung ương Đảng"),
    ("Chủ tịch UBND TP. Đà Nẵng", "Chủ tịch Ủy ban nhân dân thành phố Đà Nẵng"),
])
def test_officials_expand_position(written, expanded):
    assert expand_position(written) == expanded


@pytest.mark.parametrize("text,expected", [
    (" nhấn mạnh vai trò của công tác thi đua", True),
    (" phát biểu tại lễ kỷ niệm", True),
    (" vì đã có thành tích xuất sắc", False),
    (" - nguyên Phó Chủ tịch UBND tỉnh", False),
])
def test_officials_opens_with_speech(text, expected):
    assert opens_with_speech(text) is expected


@pytest.mark.parametrize("rows", [
    [{"label": "HEADS", "pattern": "Chủ tịch", "value": ""}],           # unknown label
    [{"label": "EXPAND", "pattern": "UB MTTQ", "value": ""}],           # an expansion is missing
    [{"label": "PLACE", "pattern": "Lào", "value": ""}],                # no HEAD, CONNECTOR, STOP rows at all
])
def test_officials_words_loader_refuses_bad_rows(monkeypatch, rows):
    from gazetteer import loaders
    from pipeline.errors import GazetteerError

    monkeypatch.setattr(loaders, "read_csv", lambda name, required=(): rows)
    with pytest.raises(GazetteerError):
        loaders.official_words.__wrapped__()


def test_officials_surnames_are_single_syllables():
    from gazetteer import loaders

    assert all(len(s.split()) == 1 for s in loaders.surnames())
    assert {"Nguyễn", "Vàng", "Giàng", "Lò"} <= loaders.surnames()


# --- the sample articles end to end, scored as spec/evaluation.md says (targets of issue 3)

@pytest.mark.slow
@pytest.mark.parametrize("inputs, gold, officials_f1, positions_f1", [
    ("seeds", "gold/seeds.jsonl", 0.95, 0.90),
    ("dev/articles", "dev/gold.jsonl", 0.90, None),
])
def test_officials_sample_scores(tmp_path, shared_dir, settings, inputs, gold, officials_f1, positions_f1):
    from pipeline.evaluate import evaluate
    from pipeline.run import run

    run(shared_dir / inputs, tmp_path, settings, progress=False)
    scores = evaluate(shared_dir / gold, tmp_path).to_dict()["scores"]
    assert scores["officials"]["f1"] >= officials_f1
    if positions_f1 is not None:
        assert scores["positions"]["f1"] >= positions_f1


# --- the fast paths cut what the plain pattern cuts ---

import sys  # noqa: E402

import regex  # noqa: E402
from hypothesis import given, settings as hsettings, strategies as st  # noqa: E402

from extractors import officials as _officials  # noqa: E402


def _every_character() -> str:
    return "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)


def test_officials_string_classes_are_inside_the_pattern_classes():
    """The fast path's two claims, on every character: `isalpha` ⊂ `\\p{L}`, `isdecimal` ⊂ `\\d`."""
    chars = _every_character()
    assert regex.fullmatch(r"\p{L}*", "".join(c for c in chars if c.isalpha()))
    assert regex.fullmatch(r"\d*", "".join(c for c in chars if c.isdecimal()))
    # a trailing mark is a token of its own: nothing of a word, a number or a joiner, and no white space
    assert not any(regex.match(r"[\p{L}\p{M}\d&'’\s]", c) for c in _officials._TRAILING)
    # folding drops no character, makes no space and takes none away: a length-keeping fold keeps the chunks
    assert min(len(_officials._fold(c)) for c in chars) == 1
    assert [c for c in chars if (c == " ") != (_officials._fold(c) == " ") or " " in _officials._fold(c) and c != " "] == []


def _plain_columns(text):
    matches = list(_officials._TOKEN.finditer(text))
    words = [m.group() for m in matches]
    low = _officials._fold(text)
    lows = [low[m.start():m.end()] for m in matches] if len(low) == len(text) else None
    return words, lows, [m.start() for m in matches]


def _real_texts(*folders):
    for folder in folders:
        for path in sorted(folder.iterdir()):
            text = path.read_text(encoding="utf-8", errors="replace")
            yield text
            for line in text.splitlines():
                yield line
                yield from regex.split(r"(?<=[.!?;:])\s+", line)


def test_officials_tokens_as_pattern_on_real_sentences(corpus_dir, shared_dir):
    texts = list(_real_texts(corpus_dir, shared_dir / "dev" / "articles"))
    assert len(texts) > 1000
    assert [t for t in texts if _officials._token_columns(t) != _plain_columns(t)] == []


@pytest.mark.parametrize("text", [
    "", " ", "   ", "a", ",", "a,", "1.", "2023.", "2023,", "3,2", "7,5%;", "11/6/2023).", "(PCI);", "”Thi", "vững”,",
    "GS.TS. Nguyễn", "T.Ư Đảng", "TP.Hà Nội", "A.B.", "A.B.c", "UBND.", "H'Yim Y’Ngông A&B", "Thi đua-Khen thưởng",
    "a\u0301b c\u0301 \u0301x \u0301", "Hà\u00a0Nội  tỉnh", "x\u001cy \u001d \u001e\u001f,", "a\tb\t c\n d\r\ne",
    "\u0663\u0664 ٣.٤ a\u0663 ๑๒.", "ǅa ᾈ ﬁ, İ. ß.", "\u0558a a\u0558 \u0558, \U0001e4d0\U0001e4d1",
])
def test_officials_tokens_as_pattern_on_odd_strings(text):
    assert _officials._token_columns(text) == _plain_columns(text)


_PIECES = ["Chủ tịch", "UBND", "tỉnh", "Hà Nội", "GS.TS", "T.Ư", "H'Yim", "A&B", "2023", "3,2", "11/6", " ", "  ", ",", ".",
           ";", ":", "(", ")", "”", "“", "\"", "'", "’", "-", "–", "\u00a0", "\t", "\n", "\u001c", "\u0301", "٣", "İ", "ß",
           "ﬁ", "\u0558", "x"]


@hsettings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=16).map("".join))
def test_officials_tokens_as_pattern_on_crafted_strings(text):
    assert _officials._token_columns(text) == _plain_columns(text)
