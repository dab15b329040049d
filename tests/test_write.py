"""Write: one article's bad rows never cost the others their tables; files appear whole or not at all."""

from __future__ import annotations

from pipeline import schema

import json

import pandas as pd
import pytest

from pipeline import write
from pipeline.errors import OutputError
from pipeline.records import ArticleResult, ArticleRow, Award


def _result(i: int, **award) -> ArticleResult:
    row = ArticleRow(article_id=f"id{i}", source=f"a{i}.txt", status="ok", n_chars=10, n_sentences=1)
    fields = dict(award_id="bang_khen_tinh", award_name="Bằng khen", evidence="x", extractor="thidua_awards")
    return ArticleResult(article=row, awards=[Award(**(fields | award))])


@pytest.mark.parametrize(
    "bad",
    [dict(award_class="Tư"), dict(qualifier="roughly"), dict(recipients=[1, 2]), dict(status=None)],
)
def test_write_rows_failing_the_contract_demote_only_their_article(bad):
    results = [_result(0), _result(1, **bad), _result(2)]
    tables = write.frames(results)
    articles = tables["articles"].set_index("source")
    assert articles.loc["a1.txt", "status"] == "error"
    assert articles.loc["a1.txt", "error"].startswith("extraction failed: rows do not fit the output contract")
    assert list(articles.loc[["a0.txt", "a2.txt"], "status"]) == ["ok", "ok"]
    assert sorted(tables["awards"]["article_id"]) == ["id0", "id2"]


def test_write_number_beyond_int64_written_as_null():
    tables = write.frames([_result(0, n_collectives=2**63, prize_value_vnd=10**30), _result(1, n_collectives=3)])
    assert list(tables["articles"]["status"]) == ["ok", "ok"]
    assert tables["awards"]["n_collectives"].isna().tolist() == [True, False]
    assert tables["awards"]["prize_value_vnd"].isna().all()


@pytest.mark.parametrize(
    "value,expected",
    [("=SUM(A1)", "'=SUM(A1)"), ("+84 912", "'+84 912"), ("-3 tập thể", "'-3 tập thể"), ("@chủ tịch", "'@chủ tịch"),
     ("Bằng khen", "Bằng khen"), (" =x", " =x")],
)
def test_write_csv_neutralises_formula_cells(value, expected):
    frame = write.frames([_result(0, evidence=value)])["awards"]
    assert write.csv_frame(frame, "awards")["evidence"].iloc[0] == expected
    assert frame["evidence"].iloc[0] == value


def test_write_outputs_checksums_and_no_temporaries(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".articles.parquet.abc123.tmp").write_bytes(b"half a file")   # left by a killed run
    (out / ".notes.txt").write_text("the user's own")
    write.write_outputs([_result(0)], out, ("parquet", "csv"), {"command": "test"})
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    contract = {f"{t}.{e}" for t in ("articles", "officials", "awards", "themes") for e in ("parquet", "csv")}
    assert set(manifest["sha256"]) == contract | {f"{t}.parquet" for t in schema.TEXT_TABLES}
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".notes.txt"]
    assert len(pd.read_parquet(out / "awards.parquet")) == 1


def test_write_failure_while_staging_leaves_previous_tables(tmp_path, monkeypatch):
    out = tmp_path / "out"
    write.write_outputs([_result(0)], out, ("parquet", "csv"), {})
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(write.pq, "write_table", disk_full)
    with pytest.raises(OutputError, match="No space left on device"):
        write.write_outputs([_result(0), _result(1)], out, ("parquet", "csv"), {})
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
