"""Counting recipients: shared counts once, stated totals not added to the awards they sum."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline import schema
from pipeline.tally import article_recipients, say_counts


def _awards(rows):
    base = {"article_id": "a", "award_name": "x", "qualifier": "exact", "recipients": [], "status": "awarded",
            "evidence": "…", "char_start": 0, "char_end": 1, "extractor": "test"}
    return schema.to_frame("awards", [base | r for r in rows])


@pytest.mark.parametrize(
    "rows,expected",
    [
        ([{"award_id": "bang_khen_tinh", "n_collectives": 25, "n_individuals": 40}], 65),
        # "Huân chương Lao động các hạng, Bằng khen của Thủ tướng cho 11 tập thể, cá nhân": one count of 11
        ([{"award_id": "huan_chuong_lao_dong", "n_mixed": 11, "group_id": "g1"},
          {"award_id": "bang_khen_thu_tuong", "n_mixed": 11, "group_id": "g1"}], 11),
        # a stated provincial total and the provincial awards it sums: the larger, not both
        ([{"award_id": "khen_thuong_tinh", "n_mixed": 100}, {"award_id": "bang_khen_tinh", "n_collectives": 30},
          {"award_id": "co_thi_dua_tinh", "n_collectives": 5}], 100),
        ([{"award_id": "khen_thuong_tinh", "n_mixed": 20}, {"award_id": "bang_khen_tinh", "n_collectives": 30}], 30),
        # totals of two levels add up
        ([{"award_id": "khen_thuong_tinh", "n_mixed": 100}, {"award_id": "khen_thuong_nha_nuoc", "n_mixed": 7}], 107),
        # proposals are not counted
        ([{"award_id": "bang_khen_thu_tuong", "n_collectives": 3, "status": "proposed"},
          {"award_id": "bang_khen_tinh", "n_collectives": 4}], 4),
    ],
)
def test_tally_article_recipients(rows, expected):
    assert article_recipients(_awards(rows)).get("a", 0) == expected


@pytest.mark.parametrize(
    "row,expected",
    [
        ({"n_collectives": 25, "n_individuals": 40}, "25 tập thể, 40 cá nhân"),
        ({"n_households": 33, "qualifier": "more_than"}, "hơn 33 hộ gia đình"),
        ({"n_mixed": 11, "qualifier": "about"}, "khoảng 11 tập thể, cá nhân"),
        ({"n_collectives": None}, ""),
        ({"n_collectives": pd.NA, "n_individuals": 2}, "2 cá nhân"),
    ],
)
def test_tally_say_counts(row, expected):
    assert say_counts(row) == expected
