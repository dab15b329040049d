"""Dates in the text, the page's publication stamp, the years a text names, and the event's date."""

from __future__ import annotations

from datetime import date

import pytest

from extractors.dates import find_dates, published_in, years_named
from gazetteer import loaders
from pipeline import resolve
from pipeline.errors import GazetteerError


def _found(text: str) -> list[tuple]:
    """(date or (day, month), kind) for each date written in `text`."""
    return [(m.value or (m.day, m.month), m.kind) for m in find_dates(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # written in full
        ("Chiều ngày 12 tháng 9 năm 2021, tại hội trường", [(date(2021, 9, 12), "date")]),
        ("ngày 9 tháng 3 năm 2022", [(date(2022, 3, 9), "date")]),
        ("Sáng ngày 15/11/2019, Sở Nội vụ tổ chức", [(date(2019, 11, 15), "date")]),
        ("Sáng 03/01/2024, UBND huyện", [(date(2024, 1, 3), "date")]),
        ("Chiều 30-6-2016, tại Nhà văn hóa", [(date(2016, 6, 30), "date")]),
        ("ngày 7.5.2018 tại Hà Tĩnh", [(date(2018, 5, 7), "date")]),
        ("vào lúc 8 giờ ngày 5/7/2022", [(date(2022, 7, 5), "date")]),
        ("vào lúc 8:30 ngày 15/3/2023, tại", [(date(2023, 3, 15), "date")]),
        ("Sáng 27.10, tại nhà văn hóa", [((27, 10), "date")]),
        ("Ngày 30-4-1975 đất nước thống nhất", [(date(1975, 4, 30), "date")]),
        # day and month, the year left to the resolver
        ("Sáng 9/10, tại Trung tâm hội nghị", [((9, 10), "date")]),
        ("Ngày 3/2, tỉnh tổ chức lễ", [((3, 2), "date")]),
        ("Tối 21-4, tại Quảng trường", [((21, 4), "date")]),
        ("hôm 6/1 vừa qua", [((6, 1), "date")]),
        ("Đêm 24/12, hàng nghìn người", [((24, 12), "date")]),
        ("rạng sáng 2/1, lực lượng", [((2, 1), "date")]),
        ("Sáng nay (9/12), tại", [((9, 12), "date")]),
        ("Sáng thứ Sáu, ngày 19/4/2024, tỉnh tổ chức", [(date(2024, 4, 19), "date")]),
        ("chủ nhật (26/5), Đoàn thanh niên", [((26, 5), "date")]),
        ("Chiều 18/10, hội nghị nhắc lại hạn ngày 20/10", [((18, 10), "date"), ((20, 10), "date")]),
        # a range gives its first day
        ("Trong 2 ngày 22 và 23/8, tỉnh tổ chức", [((22, 8), "date")]),
        ("từ ngày 10 đến 12-10, tại", [((10, 10), "date")]),
        ("ngày 5, 6/12 vừa qua", [((5, 12), "date")]),
        ("ngày 20 - 21 tháng 3 năm 2021", [(date(2021, 3, 20), "date")]),
        # not dates
        ("tăng 13,94% so với cùng kỳ", []),
        ("02/20 đơn vị xếp loại Xuất sắc", []),
        ("theo Quyết định 1250/QĐ-CTN của Chủ tịch nước", []),
        ("giai đoạn 2020-2025 và nhiệm kỳ 2021 - 2026", []),
        ("tăng 3-4 lần so với năm trước", []),
        ("phòng, chống dịch Covid-19", []),
        ("trong tháng 11/2020", []),
        ("Tp. Hội An 13/3 đón khách", []),
        ("ngày 31/2/2023", []),
        ("ngày 32/1", []),
        ("ngày 15 tháng 13", []),
        ("ngày 1/1/1899", []),
        ("điện thoại 0903.343.439", []),
        ("tăng 5.2 lần so với", []),
        # a document's date, a span's ends, the page's stamp
        ("Quyết định số 3120/QĐ-UBND ngày 25/11/2022 của UBND tỉnh", [(date(2022, 11, 25), "document")]),
        ("Nghị định 91/2017/NĐ-CP ngày 31/7/2017 của Chính phủ", [(date(2017, 7, 31), "document")]),
        ("Chỉ thị số 34-CT/TW ngày 7/4/2014 của Bộ Chính trị", [(date(2014, 4, 7), "document")]),
        ("Tờ trình số 55/TTr-SNV ngày 2/3/2021", [(date(2021, 3, 2), "document")]),
        ("văn bản ký ngày 14/6/2021", [(date(2021, 6, 14), "document")]),
        ("kỷ niệm 75 năm (27/7/1947 - 27/7/2022)", [(date(1947, 7, 27), "span"), (date(2022, 7, 27), "span")]),
        ("Quốc khánh (2/9/1945 – 2/9/2020)", [(date(1945, 9, 2), "span"), (date(2020, 9, 2), "span")]),
        ("Thứ Hai, 14/08/2023 - 10:25", [(date(2023, 8, 14), "stamp")]),
        ("08:15, 20/03/2019", [(date(2019, 3, 20), "stamp")]),
    ],
)
def test_dates_find_dates(text, expected):
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text, cue",
    [("Chiều ngày 12 tháng 9 năm 2021", "chiều ngày"), ("Sáng 9/10", "sáng"), ("Ngày 3/2", "ngày"),
     ("Sáng nay (9/12)", "sáng nay"), ("ngày 8/3/2023", "ngày"), ("8/3/2023", None)],
)
def test_dates_cue(text, cue):
    (m,) = find_dates(text)
    assert m.cue == cue


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Thứ Hai, 14/08/2023 - 10:25\nSáng 13/8", date(2023, 8, 14)),
        ("Báo điện tử\n08:15, 20/03/2019", date(2019, 3, 20)),
        ("x 05/06/2022 15:30 Ảnh", date(2022, 6, 5)),
        (" date 2024-11-05 HOTLINE", date(2024, 11, 5)),
        ("Cập nhật: 05/06/2022", date(2022, 6, 5)),
        ("Cập nhật lúc 07:40 ngày 11/10/2021", date(2021, 10, 11)),
        ("Thứ tư, 11-10-2021 07:40", date(2021, 10, 11)),
        ("vào lúc 8:30 ngày 15/3/2023, tại hội trường", None),
        ("Sáng thứ Sáu, ngày 19/4/2024, tỉnh tổ chức", None),
        (" date 2020-07 Tại điểm cầu", None),
        ("Ngày 28/5, tỉnh tổ chức", None),
        # a line holding only a date, under the headline
        ("Huyện phát động thi đua năm 2023\n(15/02/2023)\nNgày 10/02, huyện tổ chức", date(2023, 2, 15)),
        ("Đoàn đã trao 12 suất quà\n12/3/2023 là ngày ký kết", None),
    ],
)
def test_dates_published_in(text, expected):
    assert published_in(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Năm 2021, toàn tỉnh có 30 tập thể", [2021]),
        ("tổng kết năm 2019, tầm nhìn đến năm 2030", [2019]),
        ("giai đoạn 2021-2025, nhiệm kỳ 2020 - 2025", []),
        ("thực hiện Kế hoạch 12-KH/TU năm 2018", []),
        ("cuối tháng 10-2016 và tháng 3/2017", [2016, 2017]),
        ("ngày 5/3/2017 và năm 2016 - 2020", [2017]),
        ("kỷ niệm 20 năm thành lập", []),
        # an anniversary's span ends in the year it is held; a period of N years is not one
        ("kỷ niệm 20 năm tái lập tỉnh (2004–2024)", [2024]),
        ("trong 5 năm qua (2016-2020), tỉnh có 30 tập thể", []),
    ],
)
def test_dates_years_named(text, expected):
    assert years_named(text) == expected


@pytest.mark.parametrize(
    "text, published, expected",
    [
        ("Sáng 27/12, UBND tỉnh tổ chức hội nghị.", date(2023, 12, 28), date(2023, 12, 27)),
        ("Sáng 30/12, UBND tỉnh tổ chức hội nghị.", date(2024, 1, 2), date(2023, 12, 30)),
        ("Ngày 28/5, tỉnh tổ chức tổng kết năm 2022. Năm 2023, tỉnh tiếp tục thi đua.", None, date(2023, 5, 28)),
        ("Ngày 20/12, tổng kết năm 2023 và phương hướng năm 2024.", None, date(2023, 12, 20)),
        ("Thứ Hai, 14/08/2023 - 10:25\nSáng 13/8, tỉnh tổ chức lễ.", date(2023, 8, 14), date(2023, 8, 13)),
        ("Thực hiện Quyết định số 1/QĐ-UBND ngày 2/1/2022, chiều 5/6 huyện trao thưởng năm 2022.", None, date(2022, 6, 5)),
        ("Kỷ niệm 75 năm Quốc khánh (2/9/1945 – 2/9/2020), sáng 28/8 tỉnh trao Huân chương.", None, date(2020, 8, 28)),
        ("Ngày 7/5/1954, chiến dịch toàn thắng. Sáng 6/5, tỉnh dâng hương.", date(2024, 5, 7), date(2024, 5, 6)),
        ("Ngày 30/6/2024 là hạn nộp hồ sơ. Sáng 1/3, hội nghị khai mạc.", date(2024, 3, 1), date(2024, 3, 1)),
        ("Sáng 12/7, kỳ họp nhiệm kỳ 2021-2026 khai mạc.", None, None),
        ("Sáng ngày 15/3/2023, tỉnh tổng kết và phấn đấu về đích kế hoạch năm 2025.", None, date(2023, 3, 15)),
        ("Ngày 2/9/1945, Bác đọc Tuyên ngôn. Sáng 1/9, tỉnh tổ chức lễ kỷ niệm năm 2020.", None, date(2020, 9, 1)),
        ("Hội nghị tổng kết công tác thi đua.", date(2024, 1, 5), None),
        ("Ngày 9-3, tỉnh Lai Châu kỷ niệm 20 năm tái lập tỉnh (2004–2024).", None, date(2024, 3, 9)),
    ],
)
def test_resolve_event_date(text, published, expected):
    assert resolve.event_date(find_dates(text), published, text) == expected


def test_dates_loader_refuses_an_empty_group(monkeypatch):
    real = loaders.read_csv
    rows = [r for r in real("date_words.csv") if r["label"] != "DOCUMENT"]
    monkeypatch.setattr(loaders, "read_csv", lambda name, required=(): rows if name == "date_words.csv" else real(name, required))
    loaders.date_words.cache_clear()
    try:
        with pytest.raises(GazetteerError, match="DOCUMENT"):
            loaders.date_words()
    finally:
        loaders.date_words.cache_clear()


_FILLER = "Hội nghị tổng kết phong trào thi đua của tỉnh diễn ra trang trọng. " * 20


@pytest.mark.parametrize("text, expected", [
    # far into a long text, with the longest cue and a range before the day-month pair
    (_FILLER + "Sáng nay, thứ Năm, ngày 15 và 16/9/2024, tỉnh trao thưởng.", ("Sáng nay, thứ Năm, ngày 15 và 16/9/2024", 15, 9, 2024)),
    # a whitespace run longer than the scan allows for: the whole text is scanned
    (_FILLER + "Chiều   ngày 6 tháng 4 năm 2023", ("Chiều   ngày 6 tháng 4 năm 2023", 6, 4, 2023)),
])
def test_dates_found_far_into_a_long_text(text, expected):
    (m,) = find_dates(text)
    assert (text[m.char_start:m.char_end], m.day, m.month, m.year) == expected
