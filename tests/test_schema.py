"""The written tables against the output contract: columns, order, types, nulls."""

from __future__ import annotations

import re

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline import schema

TABLES = list(schema.TABLES)


def _contract_columns(shared_dir, table: str) -> list[tuple[str, str]]:
    """(column, type) rows of one table in spec/output-contract.md."""
    text = (shared_dir / "spec" / "output-contract.md").read_text(encoding="utf-8")
    section = text.split(f"## {table}", 1)[1].split("\n## ", 1)[0]
    out = []
    for line in section.splitlines():
        m = re.match(r"\|\s*([a-z_0-9, ]+?)\s*\|\s*([a-z<>?]+)\s*\|", line)
        if m and m.group(1) != "column":
            for name in m.group(1).split(","):
                out.append((name.strip(), m.group(2)))
    return out


_CONTRACT_TYPE = {"string": "string", "string?": "string", "date?": "date", "int": "int", "int?": "int",
                  "bool": "bool", "list<string>": "list"}


@pytest.mark.parametrize("table", TABLES)
def test_schema_matches_contract(shared_dir, table):
    expected = _contract_columns(shared_dir, table)
    assert [c.name for c in schema.TABLES[table]] == [name for name, _ in expected]
    for col, (_, ctype) in zip(schema.TABLES[table], expected):
        assert col.type == _CONTRACT_TYPE[ctype], col.name
        if ctype.endswith("?"):
            assert col.nullable, col.name


@pytest.mark.parametrize("table", TABLES)
def test_schema_written_parquet_types(corpus_outputs, table):
    written = pq.read_schema(corpus_outputs / f"{table}.parquet")
    assert written.names == schema.columns(table)
    for field in schema.arrow_schema(table):
        assert written.field(field.name).type == field.type, field.name


@pytest.mark.parametrize("table", TABLES)
def test_schema_written_tables_validate(corpus_outputs, table):
    frame = pd.read_parquet(corpus_outputs / f"{table}.parquet")
    typed = schema.to_frame(table, frame.to_dict("records"))
    schema.validate(table, typed)


@pytest.mark.parametrize("table", TABLES)
def test_schema_csv_has_no_none_or_nan_strings(corpus_outputs, table):
    text = (corpus_outputs / f"{table}.csv").read_text(encoding="utf-8")
    header = text.splitlines()[0]
    assert header.split(",") == schema.columns(table)
    cells = pd.read_csv(corpus_outputs / f"{table}.csv", dtype=str, keep_default_na=False).to_numpy().ravel()
    assert not {"None", "nan", "NaN", "<NA>", "NaT"} & set(cells)


def test_schema_csv_lists_joined_with_semicolons(corpus_outputs):
    frame = pd.read_parquet(corpus_outputs / "officials.parquet")
    csv = pd.read_csv(corpus_outputs / "officials.csv", dtype=str, keep_default_na=False)
    for positions, cell in zip(frame["positions"], csv["positions"]):
        assert cell == "; ".join(positions)


@pytest.mark.parametrize(
    "table,row,error",
    [
        ("articles", {"article_id": "a", "source": "s", "status": "weird", "n_chars": 1, "n_sentences": 1}, "isin"),
        ("awards", {"article_id": "a", "award_id": "x", "award_name": "x", "qualifier": "roughly", "recipients": [],
                    "status": "awarded", "evidence": "e", "char_start": 0, "char_end": 1, "extractor": "t"}, "isin"),
    ],
)
def test_schema_rejects_values_outside_the_contract(table, row, error):
    import pandera.errors

    with pytest.raises(pandera.errors.SchemaError, match=error):
        schema.validate(table, schema.to_frame(table, [row]))


def test_schema_to_arrow_types_text_tables_and_refuses_nulls():
    arrow = schema.to_arrow("spans", [{"article_id": "a1", "extractor": "thidua_awards", "char_start": 0, "char_end": 9}])
    assert arrow.schema == schema.arrow_schema("spans") and arrow.num_rows == 1
    with pytest.raises(ValueError, match="null"):
        schema.to_arrow("texts", [{"article_id": "a1", "text": None}])
    with pytest.raises(Exception):
        schema.to_arrow("spans", [{"article_id": "a1", "extractor": "x", "char_start": "zero", "char_end": 9}])
    with pytest.raises(ValueError, match="value checks"):
        schema.to_arrow("awards", [])
