"""Events: articles of one ceremony grouped by province, event date and awards; disagreeing counts said."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from pipeline import schema
from pipeline.events import events


def _tables(articles: list[dict], awards: list[dict]) -> dict[str, pd.DataFrame]:
    base_article = {"status": "ok", "n_chars": 100, "n_sentences": 3}
    base_award = {"award_name": "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "qualifier": "exact", "recipients": [],
                  "status": "awarded", "evidence": "…", "char_start": 0, "char_end": 1, "extractor": "test"}
    return {"articles": schema.to_frame("articles", [base_article | a for a in articles]),
            "awards": schema.to_frame("awards", [base_award | a for a in awards])}


def _article(aid, province="Bình Định", day=date(2025, 1, 15), **kw):
    return {"article_id": aid, "source": f"{aid}.txt", "province": province, "event_date": day, **kw}


def _award(aid, award_id="bang_khen_tinh", **counts):
    return {"article_id": aid, "award_id": award_id, **counts}


@pytest.mark.parametrize(
    "articles,awards,expected_sizes",
    [
        # same province, date, awards → one event of two sources
        ([_article("a"), _article("b")], [_award("a", n_collectives=25), _award("b", n_collectives=25)], [2]),
        # another date, another province, another award set: three events
        ([_article("a"), _article("b", day=date(2025, 1, 16)), _article("c", province="Gia Lai")],
         [_award("a"), _award("b"), _award("c")], [1, 1, 1]),
        ([_article("a"), _article("b")], [_award("a"), _award("b"), _award("b", award_id="co_thi_dua_tinh")], [1, 1]),
        # no event date, no province, no award, not ok: no event
        ([_article("a", day=None), _article("b", province=None), _article("c"), _article("d", status="duplicate")],
         [_award("a"), _award("b"), _award("d")], []),
    ],
)
def test_events_group_by_province_date_and_awards(articles, awards, expected_sizes):
    assert sorted(events(_tables(articles, awards))["n_articles"].tolist(), reverse=True) == expected_sizes


@pytest.mark.parametrize(
    "counts_a,counts_b,agree",
    [
        ([{"n_collectives": 25, "n_individuals": 40}], [{"n_collectives": 25, "n_individuals": 40}], True),
        ([{"n_collectives": 25, "n_individuals": 40}], [{"n_collectives": 26, "n_individuals": 40}], False),
        # one source splits the count over two sentences, the other adds it up
        ([{"n_collectives": 10}, {"n_collectives": 15}], [{"n_collectives": 25}], True),
        # a source that gives no count does not disagree
        ([{"n_collectives": 25}], [{}], True),
    ],
)
def test_events_compare_counts_per_award(counts_a, counts_b, agree):
    awards = [_award("a", **c) for c in counts_a] + [_award("b", **c) for c in counts_b]
    ev = events(_tables([_article("a"), _article("b")], awards)).iloc[0]
    assert bool(ev["counts_agree"]) is agree
    assert (len(ev["disagreements"]) == 0) is agree


def test_events_sample_three_outlets_one_event_with_its_disagreement(event_outputs):
    ev = events(event_outputs)
    assert len(ev) == 1
    row = ev.iloc[0]
    assert row["n_articles"] == 3 and row["province"] == "Bình Định" and str(row["event_date"]) == "2025-01-15"
    assert not row["counts_agree"]
    # sources in the event's order: dated first (b.json), then by name
    assert row["sources"] == ["b.json", "a.txt", "c.json"]
    assert row["disagreements"] == ["Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh: 26 tập thể, 40 cá nhân in b.json; "
                                    "25 tập thể, 40 cá nhân in a.txt, c.json"]
