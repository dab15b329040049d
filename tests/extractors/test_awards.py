"""Award facts: ids by issuer, counts by kind, groups, status, presenter, recipients, evidence offsets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors.awards import NAME, find_awards

_COUNTS = {"c": "n_collectives", "i": "n_individuals", "h": "n_households", "m": "n_mixed"}


def row(award_id, cls=None, q="exact", g=None, st="awarded", **kw):
    """An expected row: counts as c/i/h/m, g a label shared by rows of one group, extras compared when given."""
    out = {"award_id": award_id, "award_class": cls, "qualifier": q, "group": g, "status": st}
    for short, fld in _COUNTS.items():
        out[fld] = kw.pop(short, None)
    out["extra"] = kw
    return out


def _project(awards):
    labels: dict[str, str] = {}
    got = []
    for a in awards:
        group = labels.setdefault(a.group_id, f"G{len(labels) + 1}") if a.group_id else None
        got.append((a, {"award_id": a.award_id, "award_class": a.award_class, "qualifier": a.qualifier,
                        "group": group, "status": a.status, **{f: getattr(a, f) for f in _COUNTS.values()}}))
    return got


def _check(awards, expected):
    got = _project(awards)
    assert len(got) == len(expected), [g for _, g in got]
    names: dict[str, str] = {}
    for (award, fields), want in zip(got, expected):
        want = dict(want)
        extra = want.pop("extra")
        wanted_group = want.pop("group")
        got_group = fields.pop("group")
        assert fields == want, (fields, want)
        if wanted_group is None:
            assert got_group is None
        else:
            assert names.setdefault(wanted_group, got_group) == got_group
        for key, value in extra.items():
            assert getattr(award, key) == value, (key, getattr(award, key), value)


CASES = [
    # --- counts after the award, through a link
    ("Thừa ủy quyền của Chủ tịch nước, đồng chí Lê Quang Tùng, Bí thư Tỉnh ủy đã trao Huân chương Lao động hạng Ba cho 6 tập thể và 9 cá nhân.",
     [row("huan_chuong_lao_dong", "Ba", c=6, i=9, presenter="Lê Quang Tùng", on_behalf_of="Chủ tịch nước")]),
    ("Huân chương Lao động hạng Nhất và hạng Nhì được trao cho 2 cá nhân.",
     [row("huan_chuong_lao_dong", "Nhất", i=2, g="A"), row("huan_chuong_lao_dong", "Nhì", i=2, g="A")]),
    ("Hội nghị trao Huân chương Chiến công các hạng, Bằng khen của Thủ tướng Chính phủ cho 27 tập thể, cá nhân.",
     [row("huan_chuong_chien_cong", "các hạng", m=27, g="A"), row("bang_khen_thu_tuong", m=27, g="A")]),
    ("UBND tỉnh tặng Bằng khen cho 45 tập thể, 120 cá nhân và 18 hộ gia đình có thành tích xuất sắc trong phong trào thi đua năm 2024.",
     [row("bang_khen_tinh", c=45, i=120, h=18, achievement_year=2024)]),
    ("Chủ tịch UBND tỉnh tặng Bằng khen cho 9 xã đạt chuẩn nông thôn mới.", [row("bang_khen_tinh", c=9)]),
    ("Tặng Huân chương Chiến công các hạng Nhất, Nhì cho 11 đồng chí.",
     [row("huan_chuong_chien_cong", "Nhất", i=11, g="A"), row("huan_chuong_chien_cong", "Nhì", i=11, g="A")]),
    ("trao Huân chương Quân công hạng Nhất, Nhì, Ba cho 6 tập thể",
     [row("huan_chuong_quan_cong", "Nhất", c=6, g="A"), row("huan_chuong_quan_cong", "Nhì", c=6, g="A"),
      row("huan_chuong_quan_cong", "Ba", c=6, g="A")]),
    ("Huân chương Bảo vệ Tổ quốc hạng Ba cho 02 tập thể và 04 cá nhân; Bằng khen của Bộ trưởng Bộ Công an cho 10 tập thể.",
     [row("huan_chuong_bao_ve_to_quoc", "Ba", c=2, i=4), row("bang_khen_bo_nganh", c=10)]),
    ("Chủ tịch nước truy tặng danh hiệu vinh dự Nhà nước “Bà mẹ Việt Nam anh hùng” cho 17 mẹ.",
     [row("danh_hieu_ba_me_viet_nam_anh_hung", i=17)]),
    ("Phó Chủ tịch nước trao danh hiệu Mẹ Việt Nam Anh hùng cho thân nhân 5 mẹ.", [row("danh_hieu_ba_me_viet_nam_anh_hung", i=5)]),
    # a total raised "lên" is the count, not the number added
    ("Hội đồng đã thống nhất đề nghị thêm 3 tập thể, nâng tổng số đề nghị tặng Bằng khen của Thủ tướng Chính phủ lên 17 tập thể và 21 cá nhân.",
     [row("bang_khen_thu_tuong", c=17, i=21, st="proposed")]),
    ("Cờ thi đua của Chính phủ: 03 tập thể; Bằng khen của Thủ tướng Chính phủ: 14 tập thể, 22 cá nhân.",
     [row("co_thi_dua_chinh_phu", c=3), row("bang_khen_thu_tuong", c=14, i=22)]),
    ("UBND tỉnh tặng Bằng khen cho các tập thể, cá nhân (07 tập thể, 16 cá nhân).", [row("bang_khen_tinh", c=7, i=16)]),
    # a clause after ";" that is only a count goes on with the award before it
    ("Thủ tướng Chính phủ tặng Bằng khen cho 12 cá nhân thuộc Bộ Tài chính; 2 cá nhân thuộc Tập đoàn Dầu khí; 41 tập thể và 57 cá nhân thuộc Bộ Quốc phòng.",
     [row("bang_khen_thu_tuong", i=12), row("bang_khen_thu_tuong", i=2), row("bang_khen_thu_tuong", c=41, i=57)]),
    ("Giám đốc Sở Tư pháp trao Giấy khen cho 7 tập thể; 15 cá nhân.", [row("giay_khen", c=7, i=15)]),
    ("Chủ tịch UBND tỉnh tặng Giấy khen cho 11 tập thể; 3 đơn vị không hoàn thành nhiệm vụ.", [row("giay_khen", c=11)]),
    ("UBND tỉnh tặng Bằng khen cho 4 tập thể; 2 cá nhân được đề nghị khen thưởng.", [row("bang_khen_tinh", c=4)]),

    ("Khen thưởng cấp tỉnh: 1.350 tập thể, cá nhân.", [row("khen_thuong_tinh", m=1350)]),
    ("UBND tỉnh tặng Cờ thi đua cho 10 tập thể, 21 cá nhân được tặng Bằng khen của Chủ tịch UBND tỉnh.",
     [row("co_thi_dua_tinh", c=10), row("bang_khen_tinh", i=21)]),
    # a headline writes the count right after the award
    ("Thủ tướng Chính phủ tặng Bằng khen 65 tập thể, cá nhân xuất sắc", [row("bang_khen_thu_tuong", m=65)]),
    ("Đơn vị được tặng Cờ thi đua của UBND tỉnh 5 năm liền.", [row("co_thi_dua_tinh")]),
    # --- counts before the award, as the subject of a receiving clause
    ("Dịp này, 12 tập thể được Chính phủ tặng Cờ thi đua.", [row("co_thi_dua_chinh_phu", c=12)]),
    ("Trong 5 năm qua, 64 tập thể nhận Cờ thi đua của Chính phủ.", [row("co_thi_dua_chinh_phu", c=64)]),
    ("Trong năm, 9 tập thể được UBND tỉnh tặng Cờ thi đua.", [row("co_thi_dua_tinh", c=9)]),
    ("Toàn tỉnh có 41 tập thể, 63 cá nhân được tặng thưởng Huân chương Lao động các hạng.",
     [row("huan_chuong_lao_dong", "các hạng", c=41, i=63)]),
    ("47 doanh nghiệp được tặng Bằng khen của Bộ trưởng Bộ Công Thương.", [row("bang_khen_bo_nganh", c=47)]),
    ("hai mươi lăm tập thể được tặng Cờ thi đua của UBND tỉnh", [row("co_thi_dua_tinh", c=25)]),
    # "năm" is five only after a link or at the start of the sentence, a year elsewhere
    ("Phó Chủ tịch UBND tỉnh trao Bằng khen cho năm tập thể và bảy cá nhân.", [row("bang_khen_tinh", c=5, i=7)]),
    ("Năm đơn vị được tặng Cờ thi đua của UBND tỉnh.", [row("co_thi_dua_tinh", c=5)]),
    ("Trong năm tập thể nhà trường được tặng Bằng khen của Bộ trưởng Bộ Y tế.", [row("bang_khen_bo_nganh")]),

    ("Có 215 trường hợp được tặng Giấy khen.", [row("giay_khen", m=215)]),
    ("Có 5 tập thể và cá nhân được tặng Bằng khen của Thủ tướng Chính phủ.", [row("bang_khen_thu_tuong", m=5)]),
    ("Khoảng 150 hộ gia đình được tặng Giấy khen của Chủ tịch UBND xã.", [row("giay_khen", h=150, q="about")]),
    ("Có trên 3 nghìn tập thể được Chủ tịch UBND tỉnh tặng Bằng khen.", [row("bang_khen_tinh", c=3000, q="more_than")]),
    ("1.214 cá nhân được tặng danh hiệu Chiến sĩ thi đua cơ sở; 86 cá nhân đạt danh hiệu Chiến sĩ thi đua cấp tỉnh.",
     [row("chien_si_thi_dua_co_so", i=1214), row("chien_si_thi_dua_tinh", i=86)]),
    ("Tỉnh có 13 cá nhân được phong tặng danh hiệu Nghệ nhân ưu tú và 2 cá nhân được phong tặng danh hiệu Nghệ nhân nhân dân.",
     [row("nghe_nhan_uu_tu", i=13), row("nghe_nhan_nhan_dan", i=2)]),
    # a title in a list is an award when a count follows it through a link
    ("Cờ thi đua của UBND tỉnh: 31 tập thể; danh hiệu Tập thể lao động xuất sắc: 190 tập thể; Chiến sĩ thi đua cấp tỉnh: 44 cá nhân.",
     [row("co_thi_dua_tinh", c=31), row("tap_the_lao_dong_xuat_sac", c=190), row("chien_si_thi_dua_tinh", i=44)]),
    ("Chủ tịch UBND tỉnh tặng Bằng khen cho 12 tập thể và 26 cá nhân; Chiến sĩ thi đua cấp tỉnh cho 9 cá nhân.",
     [row("bang_khen_tinh", c=12, i=26), row("chien_si_thi_dua_tinh", i=9)]),
    ("Đoàn đã thăm hỏi Mẹ Việt Nam Anh hùng cho 3 người.", []),
    # --- totals over many award types
    ("Năm 2024, toàn tỉnh có hơn 2.300 tập thể, cá nhân được Chủ tịch UBND tỉnh khen thưởng.",
     [row("khen_thuong_tinh", m=2300, q="more_than")]),
    ("Giai đoạn 2020-2025, có 87 tập thể, cá nhân được Chủ tịch nước, Thủ tướng Chính phủ khen thưởng.",
     [row("khen_thuong_nha_nuoc", m=87)]),
    ("Năm qua, tỉnh đã khen thưởng 1.024 tập thể, cá nhân, trong đó UBND tỉnh tặng Cờ thi đua cho 32 tập thể.",
     [row("khen_thuong_tinh", m=1024), row("co_thi_dua_tinh", c=32)]),
    ("Có 96 tập thể, cá nhân vinh dự nhận các hình thức khen thưởng cấp Nhà nước.", [row("khen_thuong_nha_nuoc", m=96)]),
    ("Chủ tịch UBND tỉnh đã khen thưởng đột xuất 5 tập thể, 8 cá nhân.", [row("khen_thuong_tinh", c=5, i=8)]),
    ("Hội đồng thông qua đề nghị khen thưởng Cờ thi đua của UBND tỉnh cho 21 đơn vị dẫn đầu khối thi đua.",
     [row("co_thi_dua_tinh", c=21, st="proposed")]),  # "khen thưởng" is the verb of the Cờ, not a total
    ("trên 1.500 lượt tập thể, cá nhân được khen thưởng.", []),
    ("Có 45 tập thể, cá nhân được tặng Bằng khen các cấp.", []),  # several issuers: no one id  # a total with no issuer names no award
    ("Đại hội sẽ tuyên dương các điển hình tiên tiến tiêu biểu.", []),  # "tuyên dương" is a fact only with a count
    ("Đại hội sẽ tuyên dương 140 tập thể, cá nhân điển hình.", [row("tuyen_duong", m=140, st="proposed")]),
    # --- a number written before the award
    ("Chủ tịch nước tặng 3 Huân chương Độc lập hạng Nhì và 15 Huân chương Lao động các hạng.",
     [row("huan_chuong_doc_lap", "Nhì", m=3), row("huan_chuong_lao_dong", "các hạng", m=15)]),
    ("Đơn vị đã trao 20 Huân chương Chiến công (2 hạng nhì, 18 hạng ba) cho cán bộ, chiến sĩ.",
     [row("huan_chuong_chien_cong", i=20), row("huan_chuong_chien_cong", "Nhì", i=2), row("huan_chuong_chien_cong", "Ba", i=18)]),
    ("Bộ Tư lệnh trao 45 Huy chương Chiến sĩ vẻ vang cho quân nhân.", [row("huy_chuong_chien_si_ve_vang", i=45)]),
    ("Bộ Chỉ huy Quân sự tỉnh trao 35 Huân chương Chiến công cho các cựu chiến binh.", [row("huan_chuong_chien_cong", i=35)]),
    ("Bộ Giáo dục và Đào tạo tặng Cờ thi đua cho 9 Sở Giáo dục và Đào tạo.", [row("co_thi_dua_bo_nganh", c=9)]),
    ("Liên đoàn Lao động tỉnh trao 19 Bằng khen của Tổng Liên đoàn Lao động Việt Nam cho các tập thể và cá nhân.",
     [row("bang_khen_bo_nganh", m=19)]),
    ("Trao 7 Bằng khen của Chủ tịch UBND tỉnh cho các cá nhân.", [row("bang_khen_tinh", i=7)]),
    ("Tỉnh ủy, HĐND, UBND tỉnh trao và truy tặng 31 danh hiệu Bà mẹ Việt Nam anh hùng.",
     [row("danh_hieu_ba_me_viet_nam_anh_hung", i=31)]),
    # the count between the verb and the award it is given
    ("Dịp này, UBND tỉnh còn trao tặng 17 gia đình liệt sĩ Huân chương Độc lập.", [row("huan_chuong_doc_lap", h=17)]),
    ("Lãnh đạo huyện trao Huân chương Kháng chiến hạng Nhì cho thân nhân 4 liệt sĩ.", [row("huan_chuong_khang_chien", "Nhì", i=4)]),
    # the stock of all years is no count of the event
    ("Đến nay, toàn huyện có 212 mẹ được phong tặng danh hiệu “Bà mẹ Việt Nam anh hùng”.", [row("danh_hieu_ba_me_viet_nam_anh_hung")]),
    ("Hiện tỉnh có hơn 1.300 gia đình được tặng Huân chương Độc lập.", [row("huan_chuong_doc_lap")]),

    # classes named after a count, each with its own count
    ("Trao Huy chương Chiến sĩ vẻ vang hạng Nhất cho 64 cán bộ, hạng Nhì cho 91 cán bộ và hạng Ba cho 137 cán bộ.",
     [row("huy_chuong_chien_si_ve_vang", "Nhất", i=64), row("huy_chuong_chien_si_ve_vang", "Nhì", i=91),
      row("huy_chuong_chien_si_ve_vang", "Ba", i=137)]),
    # the head of a body of ministerial rank gives that body's award
    ("Tặng Bằng khen của Giám đốc Đại học Quốc gia Hà Nội cho 13 tập thể.", [row("bang_khen_bo_nganh", c=13)]),

    # a number of medals in a unit's history is no count of the event
    ("Trải qua 40 năm xây dựng và trưởng thành, bệnh viện đã được tặng 3 Huân chương Lao động hạng Ba.",
     [row("huan_chuong_lao_dong", "Ba")]),
    # "Bộ" named bare is the ministry
    ("Trong năm 2024, Bộ đã tặng 850 Bằng khen, 120 Cờ thi đua cho các tập thể, cá nhân.",
     [row("bang_khen_bo_nganh", m=850), row("co_thi_dua_bo_nganh", c=120)]),
    ("Dịp này, 14 tập thể được tặng Bằng khen của Bộ.", [row("bang_khen_bo_nganh", c=14)]),

    # --- the issuer decides the id
    ("Thừa ủy quyền của Thủ tướng Chính phủ, Phó Chủ tịch UBND tỉnh Trần Minh Khoa trao Cờ thi đua cho 05 tập thể.",
     [row("co_thi_dua_chinh_phu", c=5, presenter="Trần Minh Khoa", on_behalf_of="Thủ tướng Chính phủ")]),
    ("Thừa ủy quyền của Thủ tướng Chính phủ, ông Hồ Văn Mười trao Bằng khen cho 14 cá nhân.",
     [row("bang_khen_thu_tuong", i=14, presenter="Hồ Văn Mười")]),
    ("Bộ trưởng Bộ Y tế tặng Bằng khen cho 30 cá nhân.", [row("bang_khen_bo_nganh", i=30)]),
    # the issuer is the one right before the verb, past "đã có quyết định", a decision number, a ministry before a comma
    ("Trên cơ sở đề nghị của Bộ Nội vụ, Thủ tướng Chính phủ tặng Bằng khen cho 6 tập thể, 2 cá nhân.",
     [row("bang_khen_thu_tuong", c=6, i=2)]),
    ("Ngày 9/8, theo đề nghị của UBND tỉnh, Thủ tướng Chính phủ đã có quyết định tặng Bằng khen cho 11 tập thể.",
     [row("bang_khen_thu_tuong", c=11)]),
    ("Thủ tướng Chính phủ đã ký Quyết định số 873/QĐ-TTg tặng Bằng khen cho 9 cá nhân.", [row("bang_khen_thu_tuong", i=9)]),
    ("Bộ trưởng Bộ Văn hóa, Thể thao và Du lịch tặng Bằng khen cho 14 cá nhân.", [row("bang_khen_bo_nganh", i=14)]),

    ("Đặc biệt, 16 tập thể, 34 cá nhân được Bộ trưởng Bộ Lao động - Thương binh và Xã hội tặng Bằng khen.",
     [row("bang_khen_bo_nganh", c=16, i=34)]),
    ("Hội đồng Thi đua – Khen thưởng Trung ương đã thẩm định, trình Thủ tướng Chính phủ xem xét, tặng Cờ thi đua cho 5 tập thể.",
     [row("co_thi_dua_chinh_phu", c=5, st="proposed")]),
    ("Dịp này, Tư lệnh Quân khu 9 tặng Bằng khen cho 10 tập thể, 20 cá nhân.", [row("other", c=10, i=20)]),
    ("Liên đoàn Lao động tỉnh tặng Bằng khen cho 25 đoàn viên công đoàn.", [row("other", i=25, issuer="Liên đoàn Lao động tỉnh")]),
    ("Bộ Tư lệnh Quân khu 4 tặng Cờ thi đua cho 3 đơn vị.", [row("other", c=3)]),
    # a verb whose subject is left out has the issuer (and, the same verb again, the status) of the verb before it
    ("Ban Chấp hành Trung ương Đoàn tặng 3 Cờ thi đua cho 3 tập thể, tặng Bằng khen cho 9 tập thể và 16 cá nhân.",
     [row("co_thi_dua_bo_nganh", c=3), row("bang_khen_bo_nganh", c=9, i=16)]),
    ("Hội đồng thống nhất đề nghị Chính phủ tặng Bằng khen cho 2 cá nhân, tặng Cờ thi đua cho 5 tập thể.",
     [row("bang_khen_thu_tuong", i=2, st="proposed"), row("co_thi_dua_chinh_phu", c=5, st="proposed")]),
    ("Chủ tịch UBND tỉnh tặng Cờ thi đua của UBND tỉnh cho 19 tập thể; tặng Bằng khen cho 38 tập thể.",
     [row("co_thi_dua_tinh", c=19), row("bang_khen_tinh", c=38)]),
    ("Hội đồng đề nghị UBND tỉnh tặng Cờ thi đua cho 03 đơn vị; tặng Bằng khen cho 2 tập thể, 5 cá nhân.",
     [row("co_thi_dua_tinh", c=3, st="proposed"), row("bang_khen_tinh", c=2, i=5, st="proposed")]),
    ("Hội được Trung ương Hội Nông dân Việt Nam tặng Cờ “Đơn vị xuất sắc” và tặng Bằng khen cho 14 tập thể xuất sắc, 5 cá nhân.",
     [row("bang_khen_bo_nganh", c=14, i=5)]),  # "và tặng": the verb's subject left out; a word of praise inside the count list
    # a list item after ";" with no verb of its own takes the issuer of the verb before it
    ("Dịp này, Bộ Tư lệnh Vùng Cảnh sát biển 3 tặng Cờ thi đua cho 2 tập thể; Bằng khen cho 6 tập thể, 11 cá nhân.",
     [row("other", c=2), row("other", c=6, i=11)]),

    ("Dịp này, tặng Bằng khen của Bộ Chỉ huy Quân sự tỉnh cho 8 cá nhân.", [row("other", i=8, issuer="Bộ Chỉ huy Quân sự tỉnh")]),
    ("Tặng Cờ thi đua của Bộ Công an cho 3 đơn vị.", [row("co_thi_dua_bo_nganh", c=3)]),
    ("Hai hộ được tặng Bằng khen của Trung ương Hội Nông dân Việt Nam.", [row("bang_khen_bo_nganh", h=2)]),
    ("1.037 tập thể được tặng cờ thi đua cấp thành phố.", [row("co_thi_dua_tinh", c=1037)]),
    ("Cờ thi đua và Bằng khen của UBND tỉnh được trao cho các tập thể.", [row("co_thi_dua_tinh"), row("bang_khen_tinh")]),
    ("Nhà nước Lào tặng Huân chương Itsala cho 3 tập thể và 7 cá nhân của tỉnh.", [row("huan_chuong_nuoc_ngoai", c=3, i=7)]),
    ("Huân chương Sahametrei của Vương quốc Campuchia được trao cho 2 cá nhân.", [row("huan_chuong_nuoc_ngoai", i=2)]),
    ("Công đoàn Viên chức tỉnh được Tổng LĐLĐ Việt Nam tặng Cờ thi đua xuất sắc.",
     [row("co_thi_dua_bo_nganh", recipients=["Công đoàn Viên chức tỉnh"])]),
    ("LĐLĐ tỉnh tặng Bằng khen cho 31 công đoàn cơ sở và 56 đoàn viên.", [row("other", c=31, i=56, issuer="LĐLĐ tỉnh")]),
    ("Dịp này, tặng Bằng khen của Hội Liên hiệp Phụ nữ tỉnh cho 9 chi hội.", [row("other", c=9, issuer="Hội Liên hiệp Phụ nữ tỉnh")]),
    ("Ban Thường vụ Thành ủy tặng Bằng khen cho 20 tổ chức cơ sở đảng và 35 đảng viên.", [row("other", c=20, i=35)]),
    ("Tổng cục Chính trị Quân đội nhân dân Việt Nam tặng Bằng khen cho 5 tập thể.", [row("bang_khen_bo_nganh", c=5)]),
    ("Chủ tịch UBND tỉnh khen thưởng 45 tập thể, 90 cá nhân có thành tích trong công tác phòng, chống bão lũ.",
     [row("khen_thuong_tinh", c=45, i=90)]),
    ("Có 120 thôn, tổ dân phố được công nhận danh hiệu Thôn, tổ dân phố văn hóa.", [row("danh_hieu_van_hoa", c=120)]),
    ("Có 14 cá nhân và 31 tập thể được tuyên dương danh hiệu Anh hùng Lực lượng vũ trang nhân dân.",
     [row("anh_hung_luc_luong_vu_trang_nhan_dan", c=31, i=14)]),  # "tuyên dương" is the verb of the title
    ("Trong 60 năm qua, đơn vị đã được tặng 9 Huân chương Hồ Chí Minh.", [row("huan_chuong_ho_chi_minh")]),  # a unit's history
    ("Dịp này có 25 gương điển hình tiên tiến được tuyên dương.", [row("tuyen_duong", m=25)]),
    ("Nhà nước CHDCND Lào tặng Huân chương Lao động hạng Nhất cho Bộ Chỉ huy Quân sự tỉnh.",
     [row("huan_chuong_nuoc_ngoai", "Nhất", presenter=None, recipients=["Bộ Chỉ huy Quân sự tỉnh"])]),
    ("Huân chương Hữu nghị của Nhà nước Lào được trao cho 4 cá nhân.", [row("huan_chuong_nuoc_ngoai", i=4)]),
    ("Chủ tịch nước tặng Huân chương Hữu nghị cho Đại sứ Cuba.", [row("huan_chuong_huu_nghi")]),
    # --- status
    ("UBND tỉnh đề nghị Thủ tướng Chính phủ tặng Bằng khen cho 8 tập thể.", [row("bang_khen_thu_tuong", c=8, st="proposed")]),
    ("Hội đồng Thi đua - Khen thưởng tỉnh đã xét, đề nghị Chủ tịch UBND tỉnh tặng Bằng khen cho 40 tập thể.",
     [row("bang_khen_tinh", c=40, st="proposed")]),
    ("Hội đồng đã thống nhất đề nghị tặng danh hiệu Chiến sĩ thi đua toàn quốc cho 4 cá nhân.",
     [row("chien_si_thi_dua_toan_quoc", i=4, st="proposed")]),
    ("Tại buổi lễ, lãnh đạo tỉnh sẽ trao danh hiệu Nhà giáo Ưu tú cho mười hai nhà giáo.", [row("nha_giao_uu_tu", i=12, st="proposed")]),
    ("Hồ sơ của 7 cá nhân đang được lấy ý kiến nhân dân để xét tặng danh hiệu Thầy thuốc ưu tú.",
     [row("thay_thuoc_uu_tu", i=7, st="proposed")]),
    ("Trong chương trình đại hội, lãnh đạo tỉnh trao Bằng khen của Chủ tịch UBND tỉnh cho 22 tập thể.", [row("bang_khen_tinh", c=22)]),
    # a proposal named as the basis of a decision is no proposal
    ("Theo đề nghị của Giám đốc Sở Tư pháp, Chủ tịch UBND tỉnh đã tặng Bằng khen cho 17 tập thể.", [row("bang_khen_tinh", c=17)]),
    ("Xét đề nghị của Hội đồng Thi đua - Khen thưởng tỉnh, Chủ tịch UBND tỉnh quyết định tặng Cờ thi đua cho 6 tập thể.",
     [row("co_thi_dua_tinh", c=6)]),
    # a proposal of people who "được" given stays a proposal; the count after "đề nghị" is its subject
    ("Hội đồng còn thông qua đề nghị 2 cá nhân được Chủ tịch UBND tỉnh tặng danh hiệu Chiến sĩ thi đua cấp tỉnh.",
     [row("chien_si_thi_dua_tinh", i=2, st="proposed")]),
    ("Hội đồng đề nghị 4 tập thể được tặng Cờ thi đua của Chính phủ.", [row("co_thi_dua_chinh_phu", c=4, st="proposed")]),
    ("Sở Nội vụ đã đề nghị và được Thủ tướng Chính phủ tặng Bằng khen cho 6 tập thể.", [row("bang_khen_thu_tuong", c=6)]),

    # a list item after ";" with no verb of its own takes the sentence's status
    ("Hội đồng thống nhất đề nghị tặng Bằng khen của Thủ tướng Chính phủ cho 7 tập thể; Chiến sĩ thi đua toàn quốc cho 2 cá nhân; "
     "Huân chương Lao động hạng Ba cho 3 cá nhân.",
     [row("bang_khen_thu_tuong", c=7, st="proposed"), row("chien_si_thi_dua_toan_quoc", i=2, st="proposed"),
      row("huan_chuong_lao_dong", "Ba", i=3, st="proposed")]),
    ("Ban Thi đua lấy ý kiến nhân dân về tặng Huân chương Độc lập hạng Nhì cho nhân dân huyện Mỹ Đức; Huân chương Lao động hạng Ba cho 4 tập thể.",
     [row("huan_chuong_doc_lap", "Nhì", st="proposed"), row("huan_chuong_lao_dong", "Ba", c=4, st="proposed")]),
    ("UBND tỉnh đề nghị Thủ tướng tặng Bằng khen cho 8 tập thể; trao Giấy khen cho 20 cá nhân.",
     [row("bang_khen_thu_tuong", c=8, st="proposed"), row("giay_khen", i=20)]),
    ("Hội đồng thông qua đề nghị khen thưởng công tác từ thiện cho 4 cá nhân; khen thưởng cán bộ lâu năm cho 2 cá nhân (Huân chương Lao động hạng Ba cho 1 cá nhân).",
     [row("huan_chuong_lao_dong", "Ba", i=1, st="proposed")]),

    ("Qua bình xét, 18 cá nhân được tặng danh hiệu Chiến sĩ thi đua cơ sở.", [row("chien_si_thi_dua_co_so", i=18)]),
    ("Ngoài ra còn 8 tập thể, 13 cá nhân được UBND huyện tặng Giấy khen.", [row("giay_khen", c=8, i=13)]),
    ("Trong số 26 cá nhân được tặng Bằng khen của Chủ tịch UBND tỉnh, có 7 cá nhân là nữ.", [row("bang_khen_tinh", i=26)]),
    # a future said after the award makes a preview, unless a past comes before it
    ("Lễ trao Huân chương Lao động hạng Nhì cho Tổng công ty Điện lực miền Trung sẽ diễn ra vào ngày 12/10.",
     [row("huan_chuong_lao_dong", "Nhì", st="proposed", recipients=["Tổng công ty Điện lực miền Trung"])]),
    ("Chủ tịch UBND tỉnh đã trao Bằng khen cho 6 tập thể, hội nghị tổng kết sẽ diễn ra vào năm sau.", [row("bang_khen_tinh", c=6)]),

    ("UBND tỉnh đã trình và được Chủ tịch nước quyết định tặng Huân chương Lao động hạng Nhì cho 3 tập thể.",
     [row("huan_chuong_lao_dong", "Nhì", c=3)]),
    # --- named recipients, presenters
    ("Chủ tịch nước trao Huân chương Lao động hạng Nhì cho ông Đỗ Văn Quyết, nguyên Giám đốc Sở Tài chính.",
     [row("huan_chuong_lao_dong", "Nhì", recipients=["Đỗ Văn Quyết"])]),
    ("Phó Thủ tướng Trần Hồng Hà trao Huân chương Độc lập hạng Ba tặng Trường Đại học Vinh.",
     [row("huan_chuong_doc_lap", "Ba", presenter="Trần Hồng Hà", recipients=["Trường Đại học Vinh"])]),
    ("Nhân dịp này, Trường Cao đẳng Y tế Thanh Hóa vinh dự đón nhận Huân chương Lao động hạng Nhì.",
     [row("huan_chuong_lao_dong", "Nhì", recipients=["Trường Cao đẳng Y tế Thanh Hóa"])]),
    # medals of a person named are no number of recipients
    ("Ông Phùng Văn Khải, cựu chiến binh, được tặng 4 Huân chương Kháng chiến.",
     [row("huan_chuong_khang_chien", recipients=["Phùng Văn Khải"])]),
    ("Bà Nguyễn Thị Hằng và ông Lý A Sáng được tặng Kỷ niệm chương Vì sự nghiệp giáo dục.",
     [row("ky_niem_chuong", recipients=["Nguyễn Thị Hằng", "Lý A Sáng"])]),
    ("Được sự ủy quyền của Chủ tịch nước, ông Đinh Tiến Dũng trao Huân chương Lao động hạng Ba cho 2 tập thể.",
     [row("huan_chuong_lao_dong", "Ba", c=2, presenter="Đinh Tiến Dũng", on_behalf_of="Chủ tịch nước")]),
    ("Giám đốc Sở Nội vụ Lò Văn Tiến trao Giấy khen cho 11 cá nhân.", [row("giay_khen", i=11, presenter="Lò Văn Tiến")]),
    ("Chủ tịch UBND tỉnh tặng thưởng Giải Nhì phong trào thi đua kèm theo 200 triệu đồng cho Đảng bộ, chính quyền và nhân dân huyện Tam Nông.",
     [row("giai_thuong_thi_dua", "Nhì", prize_value_vnd=200_000_000, recipients=["huyện Tam Nông"])]),
    ("Chủ tịch UBND tỉnh đã tặng Bằng khen và thưởng 60 triệu đồng cho Phòng Cảnh sát giao thông.",
     [row("bang_khen_tinh", prize_value_vnd=60_000_000, recipients=["Phòng Cảnh sát giao thông"])]),
    ("Giải Nhất phong trào thi đua trị giá 1,2 tỷ đồng được trao cho thị xã Ba Đồn.",
     [row("giai_thuong_thi_dua", "Nhất", prize_value_vnd=1_200_000_000, recipients=["thị xã Ba Đồn"])]),
    ("Chủ tịch nước tặng thưởng Huân chương Chiến công hạng Ba cho tập thể Bộ Chỉ huy Quân sự tỉnh Hà Nam.",
     [row("huan_chuong_chien_cong", "Ba", recipients=["Bộ Chỉ huy Quân sự tỉnh Hà Nam"])]),
    ("Bộ trưởng trao Huân chương Lao động hạng Nhì cho Đại học (ĐH) Cần Thơ.",
     [row("huan_chuong_lao_dong", "Nhì", recipients=["Đại học Cần Thơ"])]),
    ("Trao Huân chương Lao động hạng Ba cho các đồng chí: Lò Văn Minh - Phó Chủ tịch UBND tỉnh; Vi Thị Hạnh - Ủy viên Ban Chấp hành Đảng bộ tỉnh, Chánh Văn phòng Tỉnh ủy.",
     [row("huan_chuong_lao_dong", "Ba", recipients=["Lò Văn Minh", "Vi Thị Hạnh"])]),
    ("Tặng Cờ thi đua của Chính phủ cho 2 tập thể là: Trường Mầm non Hoa Sen, huyện Kiến Thụy và Trường Tiểu học Đông Hải, huyện Tiên Lãng.",
     [row("co_thi_dua_chinh_phu", c=2, recipients=["Trường Mầm non Hoa Sen", "Trường Tiểu học Đông Hải"])]),  # a place after a unit is its address
    ("Bộ trưởng đã ký quyết định tặng Bằng khen cho 4 đơn vị gồm: Lữ đoàn 125, 126; Sư đoàn 308 và Cục Quân y.",
     [row("bang_khen_bo_nganh", c=4, recipients=["Lữ đoàn 125", "Lữ đoàn 126", "Sư đoàn 308", "Cục Quân y"])]),
    # --- not counts
    ("Tổng thu ngân sách đạt 8.500 tỷ đồng, tăng 12% so với năm 2023.", []),
    ("Có 03/18 đơn vị xếp loại Xuất sắc, 10/18 đơn vị xếp loại Tốt.", []),
    ("Kết quả có 6 đơn vị xếp loại Tốt, được tặng Giấy khen.", [row("giay_khen")]),
    ("Theo Quyết định số 1502/QĐ-CTN, Chủ tịch nước tặng Huân chương Lao động hạng Ba cho ông Vũ Đình Lộc.",
     [row("huan_chuong_lao_dong", "Ba", recipients=["Vũ Đình Lộc"])]),
    ("Phấn đấu năm 2026 có 50 tập thể được tặng Cờ thi đua của UBND tỉnh.", []),
    ("Qua kết quả thực hiện chỉ tiêu năm 2024, 9 tập thể được tặng Cờ thi đua của UBND tỉnh.", [row("co_thi_dua_tinh", c=9)]),
    ("Đại hội có 350 đại biểu tham dự.", []),
    # a count whose list goes on with a kind we do not know has no sure total
    ("Bệnh viện có 45 bác sĩ, 120 điều dưỡng được tặng Giấy khen.", [row("giay_khen")]),
    ("Giám đốc Sở Y tế tặng Giấy khen cho 45 bác sĩ, 120 điều dưỡng.", [row("giay_khen")]),
    ("Trưởng phòng Giáo dục tặng Giấy khen cho 17 giáo viên, 52 học sinh.", [row("giay_khen")]),  # two numbers of one kind
    ("Tặng Giấy khen cho 17 giáo viên, 52 học sinh và 4 tập thể.", [row("giay_khen")]),  # the whole list has no sure count
    ("Tặng Bằng khen cho 11 sở, ban, ngành và 25 cá nhân.", [row("bang_khen_tinh", c=11, i=25)]),
    ("Ghi nhận hành động của ba đoàn viên, Ban Thường vụ Tỉnh đoàn tặng Giấy khen.", [row("giay_khen", i=3)]),
    ("UBND tỉnh tặng Bằng khen cho 26 doanh nghiệp, doanh nhân tiêu biểu.", [row("bang_khen_tinh", m=26)]),

    ("Năm 2023, tỉnh tổ chức trao Bằng khen của Chủ tịch UBND tỉnh cho các tập thể.", [row("bang_khen_tinh")]),
    ("Anh Phan Văn Lực cứu sống 4 người, được Chủ tịch UBND tỉnh tặng Bằng khen.", [row("bang_khen_tinh")]),
    ("NSND Trần Thị Tuyết phát biểu tại lễ kỷ niệm.", []),
    ("Đoàn công tác đã đến thăm, tặng quà 15 Mẹ Việt Nam Anh hùng trên địa bàn.", []),
    ("Các Nghệ sĩ ưu tú của nhà hát tham gia biểu diễn phục vụ hội nghị.", []),
    ("Công an tỉnh, đơn vị Anh hùng Lực lượng vũ trang nhân dân, tổ chức hội nghị.", []),
    ("Đoàn vận động viên giành 5 Huy chương Vàng và 3 Huy chương Bạc.", []),
    ("Em Lê Minh Khang đạt giải Nhất cuộc thi Olympic Toán.", []),
    ("Ban tổ chức trao 2 giải Nhất, 3 giải Nhì cho các tác phẩm báo chí viết về phong trào thi đua yêu nước.", []),
    ("Huân chương Độc lập hạng Nhì năm 2015 là phần thưởng cao quý.", [row("huan_chuong_doc_lap", "Nhì")]),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_awards_find_awards(text, expected):
    _check(find_awards(text), expected)


@pytest.mark.parametrize(
    "text, year, expected",
    [
        ("Nhà trường đã được tặng Huân chương Lao động hạng Ba (1996) và Huân chương Độc lập hạng Ba (năm 2011).", 2024, []),
        ("Nhà trường đã được tặng Huân chương Lao động hạng Ba (1996) và Huân chương Độc lập hạng Ba (năm 2011).", None,
         [row("huan_chuong_lao_dong", "Ba"), row("huan_chuong_doc_lap", "Ba")]),
        ("Sáng nay, nhà trường đón nhận Huân chương Lao động hạng Nhất (năm 2024).", 2024, [row("huan_chuong_lao_dong", "Nhất")]),
    ],
)
def test_awards_history_in_parentheses_is_not_the_event(text, year, expected):
    _check(find_awards(text, year=year), expected)


@pytest.mark.parametrize(
    "text, known, presenter",
    [
        ("Đồng chí Y Thanh Hà Niê Kđăm trao Cờ thi đua của UBND tỉnh cho 6 đơn vị.", (), "Y Thanh Hà Niê Kđăm"),
        ("Trưởng ban Tổ chức Tỉnh ủy Giàng Seo Phử trao Bằng khen của Chủ tịch UBND tỉnh cho 8 cá nhân.", ("Giàng Seo Phử",), "Giàng Seo Phử"),
        ("Đồng chí Trần Văn Được - Bí thư Huyện ủy đã trao Giấy khen cho 9 tập thể.", (), "Trần Văn Được"),
        ("Thượng tướng Hoàng Xuân Chiến gắn Huân chương Quân công hạng Nhì lên lá cờ truyền thống.", (), "Hoàng Xuân Chiến"),
        ("Các cá nhân vinh dự được Chủ tịch nước tặng Huân chương Lao động.", (), None),
        ("Lãnh đạo huyện trao Kỷ niệm chương cho ông Lò Văn Pấng và truy tặng danh hiệu Bà mẹ Việt Nam anh hùng cho 4 mẹ.", (), None),
    ],
)
def test_awards_presenter(text, known, presenter):
    awards = find_awards(text, known_names=known)
    assert awards and all(a.presenter == presenter for a in awards)


@pytest.mark.parametrize(
    "names, expected",
    [
        (["Hà Minh Quân", "Phó trưởng Đoàn đại biểu", "Lãnh đạo tỉnh tặng Cờ", "Việt Nam Anh hùng", "Sùng A Lử"],
         ("Hà Minh Quân", "Sùng A Lử")),
        ([], ()),
    ],
)
def test_awards_known_people_are_names_only(names, expected):
    from extractors.awards import known_people
    from pipeline.records import Official

    assert known_people([Official(name=n) for n in names]) == expected


@pytest.mark.parametrize(
    "text, offset",
    [
        ("Thừa ủy quyền của Chủ tịch nước, ông Mai Văn Huỳnh trao Huân chương Lao động hạng Ba cho 3 cá nhân; trao Cờ thi đua cho 7 tập thể.", 0),
        ("Trong năm, 8 tập thể được tặng Cờ thi đua của Chính phủ.", 412),
        ("Bộ trưởng trao Giấy khen cho 6 tập thể; 14 cá nhân; tặng Bằng khen cho 2 cá nhân thuộc Cục Thuế; 1 cá nhân thuộc Kho bạc.", 37),
    ],
)
def test_awards_evidence_is_the_clause_at_its_offsets(text, offset):
    padded = " " * offset + text
    awards = find_awards(text, offset=offset)
    assert awards
    for a in awards:
        assert padded[a.char_start:a.char_end] == a.evidence
        assert a.extractor == NAME


# --- whole articles through the pipeline (clean → tokenise → components)

ARTICLES = [
    # the headline repeats the body with less detail: one fact
    ("Chủ tịch nước tặng Huân chương Lao động cho 5 cá nhân tỉnh Bình Định\n"
     "Sáng 9/9, thừa ủy quyền của Chủ tịch nước, đồng chí Hồ Quốc Dũng trao Huân chương Lao động hạng Nhì và hạng Ba cho 5 cá nhân.",
     [row("huan_chuong_lao_dong", "Nhì", i=5, g="A"), row("huan_chuong_lao_dong", "Ba", i=5, g="A")]),
    # a bare "Cờ thi đua" takes the one issuer the article names; a caption repeats a fact
    ("Thừa ủy quyền của Thủ tướng Chính phủ, ông Nguyễn Văn Phương trao Cờ thi đua của Chính phủ cho 4 tập thể.\n"
     "Ông Nguyễn Văn Phương trao Cờ thi đua cho các tập thể.",
     [row("co_thi_dua_chinh_phu", c=4)]),
    # with two issuers in the article a bare "Bằng khen" names neither
    ("Ba cá nhân nhận Bằng khen của Thủ tướng Chính phủ; 20 cá nhân nhận Bằng khen của Chủ tịch UBND tỉnh.\n"
     "Các cá nhân nhận Bằng khen tại buổi lễ.",
     [row("bang_khen_thu_tuong", i=3), row("bang_khen_tinh", i=20)]),
    # a bare head takes the level of issuer the article names for other awards
    ("Bộ trưởng Bộ Giao thông vận tải tặng Bằng khen cho 12 tập thể.\n"
     "Ngoài ra, 4 tập thể được tặng Cờ thi đua.",
     [row("bang_khen_bo_nganh", c=12), row("co_thi_dua_bo_nganh", c=4)]),
    # the issuer said with an award that gives no row of its own ("khen thưởng các tập thể") still names it
    ("Thủ tướng Chính phủ khen thưởng các tập thể, cá nhân trong phòng, chống bão lũ\n"
     "Theo đó, 9 tập thể và 4 cá nhân được tặng bằng khen vì thành tích cứu hộ trên địa bàn tỉnh Yên Bái.",
     [row("bang_khen_thu_tuong", c=9, i=4)]),
    # a sentence that breaks down a proposal shares its status; one with a giver of its own does not
    ("Hội đồng Thi đua - Khen thưởng tỉnh thống nhất đề nghị khen thưởng cấp Nhà nước cho các tập thể, cá nhân.\n"
     "Trong đó, có 2 tập thể nhận Huân chương Lao động hạng Ba; 3 tập thể nhận Cờ thi đua của Chính phủ.",
     [row("huan_chuong_lao_dong", "Ba", c=2, st="proposed"), row("co_thi_dua_chinh_phu", c=3, st="proposed")]),
    ("Ban Thi đua - Khen thưởng tỉnh lấy ý kiến Nhân dân về việc khen thưởng các tập thể, cá nhân.\n"
     "Theo đó, tặng Huân chương Lao động hạng Nhì cho 3 tập thể.",
     [row("huan_chuong_lao_dong", "Nhì", c=3, st="proposed")]),
    # a sentence that is only a list item, with no verb, goes on with the proposal before it
    ("Hội đồng thống nhất đề nghị tặng Cờ thi đua của UBND tỉnh cho 2 tập thể. Bằng khen của Thủ tướng Chính phủ cho 6 cá nhân.",
     [row("co_thi_dua_tinh", c=2, st="proposed"), row("bang_khen_thu_tuong", i=6, st="proposed")]),
    # a kind word that begins an award's name belongs to the award; a number before a title of emulation counts it
    ("Trong đó, 58 bằng khen của Chủ tịch UBND tỉnh, 21 Chiến sĩ thi đua cấp tỉnh, 11 tập thể lao động xuất sắc, 230 chiến sĩ thi đua cơ sở.",
     [row("bang_khen_tinh", m=58), row("chien_si_thi_dua_tinh", i=21), row("tap_the_lao_dong_xuat_sac", c=11),
      row("chien_si_thi_dua_co_so", i=230)]),
    ("Tặng danh hiệu Lao động tiên tiến cho 940 cá nhân và Tập thể lao động tiên tiến cho 51 tập thể.",
     [row("lao_dong_tien_tien", i=940), row("tap_the_lao_dong_tien_tien", c=51)]),
    ("Liên đoàn Lao động tỉnh tặng Cờ thi đua cho 12 tập thể và 140 bằng khen cho cá nhân.",
     [row("other", c=12), row("other", i=140)]),
    ("Hội đồng Thi đua - Khen thưởng Bộ đã bỏ phiếu và đề nghị khen thưởng. Cụ thể:\n"
     "- Đề nghị Chính phủ tặng Bằng khen của Thủ tướng Chính phủ cho 7 Sở.\n"
     "- Tặng Cờ thi đua của Bộ cho 12 Sở.\n"
     "- Tặng Bằng khen của Bộ trưởng cho 30 Sở.",
     [row("bang_khen_thu_tuong", c=7, st="proposed"), row("co_thi_dua_bo_nganh", c=12, st="proposed"),
      row("bang_khen_bo_nganh", c=30, st="proposed")]),
    ("Năm qua, tỉnh đã đề nghị cấp trên khen thưởng nhiều tập thể.\n"
     "Trong đó, Chủ tịch nước tặng Huân chương Lao động hạng Ba cho 4 tập thể.",
     [row("huan_chuong_lao_dong", "Ba", c=4)]),
    ("Dịp này, 6 tập thể nhận Cờ thi đua.", [row("co_thi_dua_tinh", c=6)]),
    # the unit that receives, told twice; the repeat adds the presenter
    ("Ngày 9/4, Trường Cao đẳng Nghề Kiên Giang tổ chức lễ kỷ niệm 30 năm thành lập và đón nhận Huân chương Lao động hạng Ba.\n"
     "Thứ trưởng Bộ Lao động - Thương binh và Xã hội Lê Văn Thanh trao Huân chương Lao động hạng Ba cho Trường Cao đẳng Nghề Kiên Giang.",
     [row("huan_chuong_lao_dong", "Ba", recipients=["Trường Cao đẳng Nghề Kiên Giang"], presenter="Lê Văn Thanh")]),
    # a total of several kinds that the body splits by kind
    ("Trao Bằng khen của Bộ trưởng cho 20 tập thể, cá nhân\n"
     "Bộ trưởng Bộ Xây dựng trao Bằng khen cho 8 tập thể và 12 cá nhân.",
     [row("bang_khen_bo_nganh", c=8, i=12)]),
    # a total over award types that repeats one award's count
    ("15 tập thể, cá nhân được Chủ tịch UBND tỉnh khen thưởng\n"
     "Chủ tịch UBND tỉnh tặng Bằng khen cho 15 tập thể, cá nhân có thành tích xuất sắc.",
     [row("bang_khen_tinh", m=15)]),
    # a number of awards said once for all kinds, then with the kind
    ("Trao 9 Huân chương Chiến công tại lễ kỷ niệm\n"
     "Lãnh đạo Bộ đã trao 9 Huân chương Chiến công cho cán bộ, chiến sĩ của đơn vị.",
     [row("huan_chuong_chien_cong", i=9)]),
]


@pytest.mark.parametrize("text, expected", ARTICLES)
def test_awards_article_pass(make_doc, text, expected):
    from pipeline.extract import extract

    doc = extract(make_doc(text), _settings())
    awards = doc._.thidua_awards
    _check(awards, expected)
    for a in awards:
        assert doc.text[a.char_start:a.char_end] == a.evidence


def _settings():
    from pipeline.settings import load_settings

    return load_settings(jobs=1)


# --- the sample articles, scored as spec/evaluation.md says

SHARED = Path(__file__).resolve().parents[3] / "shared"
TARGETS = [
    ("seeds", "gold/seeds.jsonl", 0.95, 0.90),
    ("dev/articles", "dev/gold.jsonl", 0.90, 0.90),
]


@pytest.mark.slow
@pytest.mark.parametrize("inputs, gold, count_f1, mention_f1", TARGETS)
def test_awards_sample_scores(tmp_path, inputs, gold, count_f1, mention_f1):
    if not (SHARED / gold).is_file():
        pytest.skip("../shared gold is not beside the repository")
    evaluate = pytest.importorskip("pipeline.evaluate")
    from pipeline.run import run

    run(SHARED / inputs, tmp_path, _settings(), progress=False)
    result = evaluate.evaluate(SHARED / gold, tmp_path)
    raw = result.to_dict() if hasattr(result, "to_dict") else result
    scores = json.loads(json.dumps(raw, default=lambda o: getattr(o, "__dict__", str(o))))
    assert _f1(scores, "count") >= count_f1
    assert _f1(scores, "mention") >= mention_f1


def _f1(scores, name: str) -> float:
    """F1 of the score whose key contains `name`, however the evaluation module nests it."""
    stack = [scores]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if name in str(key).casefold() and isinstance(value, dict) and "f1" in value:
                    return float(value["f1"])
                stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)
    raise AssertionError(f"no {name} score in {scores}")


# --- the award gazetteer refuses bad rows, naming file and line

@pytest.mark.parametrize(
    "entry, message",
    [
        ({"label": "KIND", "pattern": "tập thể", "id": "n_groups"}, "bad id"),
        ({"label": "HEAD_ID", "pattern": "bang_khen", "level": "tinh", "id": "bang_khen_xyz"}, "bad id"),
        ({"label": "ISSUER", "pattern": "Bộ (", "id": "bo_nganh", "regex": True}, "bad pattern"),
        ({"label": "GIVE", "pattern": "  "}, "empty pattern"),
        ({"label": "SHOUT", "pattern": "tặng"}, "unknown label"),
        ({"label": "NEEDS_COUNT", "pattern": "khen_thuong_abc"}, "not an award_id"),
    ],
)
def test_awards_patterns_loader_refuses_bad_rows(monkeypatch, entry, message):
    from gazetteer import loaders
    from pipeline.errors import GazetteerError

    good = loaders.read_jsonl("award_patterns.jsonl")
    monkeypatch.setattr(loaders, "read_jsonl", lambda name: [*good, entry])
    loaders.award_patterns.cache_clear()
    try:
        with pytest.raises(GazetteerError, match=message) as err:
            loaders.award_patterns()
        assert "award_patterns.jsonl line" in str(err.value)
    finally:
        monkeypatch.undo()
        loaders.award_patterns.cache_clear()


def test_awards_forms_loader_refuses_a_form_of_two_ids(monkeypatch):
    from gazetteer import loaders
    from pipeline.errors import GazetteerError

    read_csv = loaders.read_csv
    rows = read_csv("award_forms.csv")
    clash = dict(rows[0], award_id="giay_khen", ref_id="clash", variants="")
    monkeypatch.setattr(loaders, "read_csv", lambda name, required=(): [*rows, clash] if name == "award_forms.csv" else read_csv(name, required))
    loaders.award_forms.cache_clear()
    try:
        with pytest.raises(GazetteerError, match="already belongs to"):
            loaders.award_forms()
    finally:
        monkeypatch.undo()
        loaders.award_forms.cache_clear()


# --- the fast paths find what the plain patterns find ---

from hypothesis import given, settings as hsettings, strategies as st  # noqa: E402

from extractors import awards as _awards  # noqa: E402

_PIECES = ["Huân chương", "huân chương Lao động", "Bằng khen", "bằng khen", "Cờ thi đua", "tỉnh Anh hùng", "Tỉnh",
           "thành phố", "Xã, phường", "Tập thể lao động xuất sắc", "HCLĐ", "khen", "khenthưởng", "giải Nhất", " ", ", ",
           ". ", "-", "“", "”", "12", "ß", "İ", "ſ", "Ǆ", "tỉnhx", "xtỉnh", "K", "Đơn vị", "đơn vị tiên tiến", "Chiến sỹ"]


@hsettings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14).map("".join))
def test_awards_first_word_scan_equals_first_re(text):
    R = _awards._rules()
    assert list(_awards._first_words(text)) == [(m.start(), m.group(0).casefold()) for m in R.first_re.finditer(text)]


def test_awards_first_word_scan_equals_first_re_on_every_sample_line(corpus_dir):
    R = _awards._rules()
    lines = [line for path in sorted(corpus_dir.iterdir()) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(lines) > 100
    for line in lines:
        assert _awards._first_words(line) == [(m.start(), m.group(0).casefold()) for m in R.first_re.finditer(line)]
        assert [m.span() for m in _awards._numbers(line)] == [m.span() for m in R.number_re.finditer(line)]


_NUMBER_PIECES = ["12", "2.065", "1,5", "3 nghìn", "hai", "Hai", "HAI", "mươi", " mười ba", "năm", "Năm 2024", "ba",
                  "bao", "tư", "tập thể", "cá nhân", " ", "  ", "\t", ", ", ".", "/", "-", "%", "x", "bảy", "bẩy",
                  "٣", "²", "İ", "ß", "ſ", "K", "\u00a0", "\x1c", "một", "mốt", "lẻ", "triệu"]


@hsettings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_NUMBER_PIECES), max_size=14).map("".join))
def test_awards_number_scan_equals_number_re(text):
    R = _awards._rules()
    assert [m.span() for m in _awards._numbers(text)] == [m.span() for m in R.number_re.finditer(text)]


@hsettings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14).map("".join), st.integers(0, 60))
def test_awards_mention_at_equals_the_whole_alternation(text, pos):
    pos = min(pos, len(text))
    fast, full = _awards._mention_at(text, pos), _awards._all_forms().match(text, pos)
    assert (fast and fast.span()) == (full and full.span())
