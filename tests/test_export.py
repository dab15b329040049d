"""export sqlite: every table in SQLite via sqlite-utils, JSON lists, full-text search, Datasette metadata."""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor

import pandas as pd
import pytest
import sqlite_utils
from click.testing import CliRunner

from pipeline import schema
from pipeline.cli import main
from pipeline.export import CANNED_QUERIES, FTS_COLUMNS, column_descriptions, column_types, export_sqlite


@pytest.fixture
def exported(event_outputs, tmp_path):
    result = CliRunner().invoke(main, ["export", "sqlite", str(event_outputs), str(tmp_path / "thidua.db")])
    assert result.exit_code == 0, result.output
    return tmp_path / "thidua.db", tmp_path / "thidua.metadata.json"


def _datasette_get(db_path, metadata_path, path, as_json=True):
    from datasette.app import Datasette

    async def get():
        ds = Datasette([str(db_path)], metadata=json.loads(metadata_path.read_text(encoding="utf-8")))
        response = await ds.client.get(path)
        return response.status_code, response.json() if as_json else response.text

    # in a thread of its own: a running Playwright session holds this thread's event loop
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, get()).result()


def test_export_every_table_and_row(exported, event_outputs):
    db = sqlite_utils.Database(exported[0])
    for table in (*schema.TABLES, "events", "texts", "spans"):
        assert table in db.table_names()
    for table in schema.TABLES:
        assert db[table].count == len(pd.read_parquet(event_outputs / f"{table}.parquet"))
        assert [c.name for c in db[table].columns] == schema.columns(table)


def test_export_lists_as_json_dates_iso(exported):
    db = sqlite_utils.Database(exported[0])
    row = next(db.query("select award_ids, article_ids, event_date, counts_agree from events"))
    assert json.loads(row["award_ids"]) == ["bang_khen_tinh"] and len(json.loads(row["article_ids"])) == 3
    assert row["event_date"] == "2025-01-15" and row["counts_agree"] == 0
    recipients = [json.loads(r["recipients"]) for r in db.query("select recipients from awards")]
    assert all(isinstance(r, list) for r in recipients)


@pytest.mark.parametrize("table,term", [("awards", "Bằng khen"), ("texts", "Quy Nhơn"), ("officials", "Phạm Anh Tuấn")])
def test_export_full_text_search(exported, table, term):
    db = sqlite_utils.Database(exported[0])
    assert db[table].detect_fts() == f"{table}_fts"
    assert list(db[table].search(term)), f"no {table} row found for {term!r}"


def test_export_datasette_canned_query_returns_the_rows_behind_a_count(exported):
    status, rows = _datasette_get(*exported, "/thidua/articles_behind_a_count.json?_shape=array"
                                  "&award_id=bang_khen_tinh&province=Bình Định&year=2025")
    assert status == 200
    assert sorted((r["source"], r["n_collectives"], r["n_individuals"]) for r in rows) == [
        ("a.txt", 25, 40), ("b.json", 26, 40), ("c.json", 25, 40)]
    assert all("Bằng khen" in r["evidence"] for r in rows)


def test_export_datasette_canned_queries_all_run(exported):
    params = "&province=&year=&name=Phạm&award_id=bang_khen_tinh"
    for name in CANNED_QUERIES:
        status, rows = _datasette_get(*exported, f"/thidua/{name}.json?_shape=array{params}")
        assert status == 200 and rows, name


def test_export_datasette_shows_column_descriptions(exported):
    metadata = json.loads(exported[1].read_text(encoding="utf-8"))
    awards = metadata["databases"]["thidua"]["tables"]["awards"]
    assert "group_id" in awards["columns"] and awards["description"]
    status, html = _datasette_get(*exported, "/thidua/awards", as_json=False)
    assert status == 200 and awards["columns"]["group_id"] in html


def test_export_datasette_searches_evidence(exported):
    status, rows = _datasette_get(*exported, "/thidua/awards.json?_shape=array&_search=Quy Nhơn")
    assert status == 200 and rows == []  # "Quy Nhơn" is in a text, not in an award sentence
    status, rows = _datasette_get(*exported, "/thidua/texts.json?_shape=array&_search=Quy Nhơn")
    assert status == 200 and len(rows) == 1


@pytest.mark.parametrize("table", [*schema.TABLES, *schema.TEXT_TABLES, "events"])
def test_export_every_column_is_described(table):
    described = column_descriptions()
    assert (table, "") in described, f"pipeline/columns.csv has no description of table {table}"
    missing = [c for c in column_types(table) if (table, c) not in described]
    assert not missing, f"pipeline/columns.csv lacks {table}: {missing}"


def test_export_replaces_an_existing_database(event_outputs, tmp_path):
    db_path = tmp_path / "t.db"
    export_sqlite(event_outputs, db_path)
    first = sqlite_utils.Database(db_path)["awards"].count
    export_sqlite(event_outputs, db_path)
    assert sqlite_utils.Database(db_path)["awards"].count == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.db", "t.metadata.json"]


def test_export_fts_covers_the_named_columns():
    assert set(FTS_COLUMNS) <= {*schema.TABLES, *schema.TEXT_TABLES}
