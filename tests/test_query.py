"""query: DuckDB SQL over the Parquet outputs gives pandas' answers; table, CSV and JSON output."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.errors import QueryError
from pipeline.query import query

TOTALS_SQL = ("SELECT province, SUM(n_collectives) AS n_collectives, SUM(n_individuals) AS n_individuals, COUNT(*) AS facts "
              "FROM awards JOIN articles USING (article_id) GROUP BY 1 ORDER BY 1")


def _pandas_totals(outputs) -> pd.DataFrame:
    awards = pd.read_parquet(outputs / "awards.parquet")
    articles = pd.read_parquet(outputs / "articles.parquet")
    merged = awards.merge(articles[["article_id", "province"]].drop_duplicates(), on="article_id")
    out = merged.groupby("province").agg(n_collectives=("n_collectives", "sum"), n_individuals=("n_individuals", "sum"),
                                         facts=("award_id", "size"))
    return out.sort_index()


def test_query_totals_equal_pandas(corpus_outputs):
    got = query(corpus_outputs, TOTALS_SQL).set_index("province")
    expected = _pandas_totals(corpus_outputs)
    assert list(got.index) == list(expected.index)
    for column in ("n_collectives", "n_individuals", "facts"):
        # SQL's SUM of nothing but nulls is NULL where pandas says 0
        assert got[column].fillna(0).astype(int).tolist() == expected[column].astype(int).tolist(), column


@pytest.mark.parametrize(
    "sql,expected",
    [
        ("SELECT count(*) AS n FROM articles WHERE status = 'ok'", [{"n": 3}]),
        ("SELECT n_articles, counts_agree FROM events", [{"n_articles": 3, "counts_agree": False}]),
        ("SELECT count(*) AS n FROM texts", [{"n": 3}]),
    ],
)
def test_query_cli_json(event_outputs, sql, expected):
    result = CliRunner().invoke(main, ["query", str(event_outputs), sql, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == expected


def test_query_cli_csv_joins_lists(event_outputs):
    result = CliRunner().invoke(main, ["query", str(event_outputs), "SELECT sources FROM events", "--csv"])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(io.StringIO(result.output))
    assert sorted(frame.loc[0, "sources"].split("; ")) == ["a.txt", "b.json", "c.json"]


def test_query_cli_table(event_outputs):
    result = CliRunner().invoke(main, ["query", str(event_outputs), "SELECT province, SUM(n_collectives) AS s FROM awards "
                                       "JOIN articles USING (article_id) GROUP BY 1"])
    assert result.exit_code == 0, result.output
    assert result.output.split() == ["province", "s", "Bình", "Định", "76"]


@pytest.mark.parametrize("sql", ["SELECT nope FROM awards", "SELEC 1", "SELECT * FROM no_such_table"])
def test_query_bad_sql_names_the_views(event_outputs, sql):
    with pytest.raises(QueryError, match="T006.*awards"):
        query(event_outputs, sql)
    result = CliRunner().invoke(main, ["query", str(event_outputs), sql])
    assert result.exit_code != 0 and "T006" in result.output
