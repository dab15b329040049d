"""texts.parquet and spans.parquet: written beside the contract's tables, pointing into the cleaned text."""

from __future__ import annotations

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline import schema


@pytest.mark.parametrize("table", list(schema.TEXT_TABLES))
def test_write_text_tables_types(corpus_outputs, table):
    written = pq.read_schema(corpus_outputs / f"{table}.parquet")
    assert written.names == schema.columns(table)
    assert not (corpus_outputs / f"{table}.csv").exists()  # Parquet only


def test_write_texts_are_the_text_offsets_point_into(corpus_outputs):
    articles = pd.read_parquet(corpus_outputs / "articles.parquet")
    texts = pd.read_parquet(corpus_outputs / "texts.parquet").set_index("article_id")["text"]
    ok = articles[articles["status"] == "ok"]
    assert sorted(texts.index) == sorted(ok["article_id"])
    assert all(len(texts[a]) == n for a, n in zip(ok["article_id"], ok["n_chars"]))
    awards = pd.read_parquet(corpus_outputs / "awards.parquet")
    for _, row in awards.iterrows():
        assert texts[row["article_id"]][row["char_start"]:row["char_end"]] == row["evidence"]


def test_write_spans_lie_in_their_text(corpus_outputs):
    texts = pd.read_parquet(corpus_outputs / "texts.parquet").set_index("article_id")["text"]
    spans = pd.read_parquet(corpus_outputs / "spans.parquet")
    assert {"thidua_dates", "thidua_places", "thidua_officials", "thidua_awards"} <= set(spans["extractor"])
    for _, s in spans.iterrows():
        assert 0 <= s["char_start"] < s["char_end"] <= len(texts[s["article_id"]])


def test_write_rejected_articles_have_no_text():
    from pipeline.records import ArticleResult, ArticleRow
    from pipeline.write import text_rows

    results = [ArticleResult(article=ArticleRow(article_id="a", source="a.txt", status="duplicate"), text="x"),
               ArticleResult(article=ArticleRow(article_id="b", source="b.txt"), text="Bằng khen", spans=[("thidua_awards", 0, 9)])]
    rows = text_rows(results)
    assert [r["article_id"] for r in rows["texts"]] == ["b"]
    assert rows["spans"] == [{"article_id": "b", "extractor": "thidua_awards", "char_start": 0, "char_end": 9}]
