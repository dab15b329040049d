"""Vietnamese numbers: digits with Vietnamese separators, numbers in words, money."""

from __future__ import annotations

import unicodedata

import pytest

from extractors import numbers


@pytest.mark.parametrize(
    "text, expected",
    [
        ("7", 7),
        ("09", 9),
        ("0", 0),
        ("1.234", 1234),
        ("45.678", 45678),
        ("3.004.500", 3004500),
        ("310", 310),
        ("12,5", None),           # a decimal is no whole number
        ("1.23", None),           # not a thousands group
        ("4/15", None),           # a ratio
        ("2021-2025", None),
        ("", None),
        ("ba", 3),
        ("chín", 9),
        ("mười bốn", 14),
        ("hai mươi mốt", 21),
        ("bốn mươi lăm", 45),
        ("sáu mươi tư", 64),
        ("một trăm lẻ bảy", 107),
        ("hai trăm linh tám", 208),
        ("ba nghìn không trăm linh hai", 3002),
        ("năm ngàn", 5000),
        ("MƯỜI BA", 13),
        ("không", 0),
        ("tám người", None),      # a count word after the number: not a number on its own
        ("cá nhân", None),
        ("hàng trăm", None),
        ("3 nghìn", 3000),        # digits times a scale word
        ("1,5 nghìn", 1500),
        ("1,2345 nghìn", None),   # no whole number
    ],
)
def test_numbers_parse_int(text, expected):
    assert numbers.parse_int(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (unicodedata.normalize("NFD", "mười sáu"), 16),   # decomposed input still reads
        (unicodedata.normalize("NFD", "bảy"), 7),
        ("  mười  một ", 11),
    ],
)
def test_numbers_words_normalised_first(text, expected):
    assert numbers.words_to_int(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("17,38", 17.38),
        ("0,5", 0.5),
        ("2.065", 2065.0),
        ("1.250,75", 1250.75),
        ("sáu", 6.0),
    ],
)
def test_numbers_parse_decimal(text, expected):
    assert numbers.parse_decimal(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("kèm theo tiền thưởng 300 triệu đồng", 300_000_000),
        ("giải thưởng trị giá 2,5 tỷ đồng", 2_500_000_000),
        ("mức thưởng 15.000.000 đồng mỗi suất", 15_000_000),
        ("tổng giá trị 40 nghìn đồng", 40_000),
        ("80 triệu VNĐ", 80_000_000),
        ("thu ngân sách đạt 5,2%", None),
        ("không có tiền", None),
    ],
)
def test_numbers_find_money(text, expected):
    found = numbers.find_money(text)
    assert (found[0] if found else None) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("có 14 tập thể", ["14"]),
        ("đạt 02/15 đơn vị", []),          # ratios are not numbers on their own
        ("tăng 7,4% so với", []),
        ("hai mươi hai cá nhân", ["hai mươi hai"]),
        ("Quyết định 1834/QĐ-CTN", []),
        ("hơn 4 nghìn hộ", ["4 nghìn"]),
    ],
)
def test_numbers_pattern_finds_whole_numbers(text, expected):
    import regex

    found = [m.group(0) for m in regex.finditer(numbers.number_pattern(), text, flags=regex.IGNORECASE)]
    assert found == expected
