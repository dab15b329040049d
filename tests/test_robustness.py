"""Bad input end to end: every file one row with a clear status, the run goes on, outputs are never half-written."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

import pandas as pd
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.errors import ARTICLE_ERROR_KINDS

TABLES = ("articles", "officials", "awards", "themes")
FORMULA_START = ("=", "+", "-", "@")


def _run_cli(args):
    return CliRunner().invoke(main, args, catch_exceptions=False)


def _deny_unreadable(monkeypatch, folder):
    """Root reads a mode-000 file: make its open fail as it does for everyone else."""
    if os.geteuid() != 0:
        return
    import builtins

    target = os.path.realpath(folder / "unreadable.txt")

    def guarded_open(file, *args, **kwargs):
        if isinstance(file, (str, os.PathLike)) and os.path.realpath(file) == target:
            raise PermissionError(13, "Permission denied", str(file))
        return builtins.open(file, *args, **kwargs)

    monkeypatch.setattr("pipeline.load.open", guarded_open, raising=False)


@pytest.fixture
def bad_input_run(bad_input_folder, tmp_path, monkeypatch):
    folder, expected = bad_input_folder
    _deny_unreadable(monkeypatch, folder)
    out = tmp_path / "out"
    result = _run_cli(["run", str(folder), "-o", str(out), "-j", "1", "-q"])
    return result, out, expected


def test_robustness_every_file_one_row_with_its_status(bad_input_run):
    result, out, expected = bad_input_run
    assert result.exit_code == 0, result.output
    articles = pd.read_parquet(out / "articles.parquet")
    assert sorted(articles["source"]) == sorted(expected)
    for row in articles.itertuples():
        status, reason = expected[row.source]
        assert row.status == status, (row.source, row.status, row.error)
        if status != "ok":
            assert reason in row.error and "\n" not in row.error, (row.source, row.error)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["articles"] == len(expected)


def test_robustness_errors_name_their_kind(bad_input_run):
    _, out, _ = bad_input_run
    articles = pd.read_parquet(out / "articles.parquet")
    for error in articles.loc[articles["status"] == "error", "error"]:
        assert error.split(":", 1)[0] in ARTICLE_ERROR_KINDS, error


def test_robustness_same_article_in_every_encoding_is_one_ok_and_duplicates(bad_input_run):
    _, out, expected = bad_input_run
    articles = pd.read_parquet(out / "articles.parquet").set_index("source")
    original = articles.loc["enc_01_utf8.txt"]
    assert original["status"] == "ok" and pd.isna(original["duplicate_of"])
    copies = articles[articles.index.str.startswith("enc_") & (articles.index != "enc_01_utf8.txt")]
    assert len(copies) == 11
    assert (copies["status"] == "duplicate").all()
    assert (copies["duplicate_of"] == original["article_id"]).all()
    awards = pd.read_parquet(out / "awards.parquet")
    assert set(awards["article_id"]) >= {original["article_id"]}
    assert len(awards[awards["article_id"] == original["article_id"]]) >= 1


def test_robustness_csv_neutralises_formulas_parquet_keeps_text(bad_input_run):
    _, out, _ = bad_input_run
    parquet = pd.read_parquet(out / "articles.parquet").set_index("source")
    csv = pd.read_csv(out / "articles.csv", dtype=str, keep_default_na=False).set_index("source")
    assert parquet.loc["formula.json", "title"] == '=HYPERLINK("http://x","y")'
    assert csv.loc["formula.json", "title"] == "'" + '=HYPERLINK("http://x","y")'
    for table in TABLES:
        frame = pd.read_csv(out / f"{table}.csv", dtype=str, keep_default_na=False)
        for col in frame.columns:
            cells = frame[col][frame[col].str.len() > 0]
            assert not cells.str.startswith(FORMULA_START).any(), (table, col)
    awards = pd.read_parquet(out / "awards.parquet")
    awards_csv = pd.read_csv(out / "awards.csv", dtype=str, keep_default_na=False)
    bullet = awards["evidence"].str.startswith("- ")
    assert bullet.any()  # the true text is kept in Parquet…
    assert (awards_csv.loc[bullet.to_numpy(), "evidence"] == "'" + awards.loc[bullet, "evidence"].to_numpy()).all()  # …and quoted in CSV


@pytest.mark.parametrize(
    "make,message",
    [("empty_folder", "T004"), ("missing", "does not exist"), ("unwritable", "T003")],
)
def test_robustness_run_that_cannot_proceed_exits_non_zero_with_one_line(tmp_path, make, message):
    src = tmp_path / "in"
    out = tmp_path / "out"
    if make != "missing":
        src.mkdir()
    if make == "unwritable":
        (src / "a.txt").write_text("Chủ tịch tặng Bằng khen cho 25 tập thể.", encoding="utf-8")
        out.write_text("a file where the folder should be")
        out = out / "sub"
    result = CliRunner().invoke(main, ["run", str(src), "-o", str(out), "-j", "1"])
    assert result.exit_code != 0
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert message in result.output
    assert len(lines) == 1 or "Usage:" in result.output


def test_robustness_nothing_written_over_previous_outputs_when_input_is_empty(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "articles.csv").write_text("previous\n")
    assert CliRunner().invoke(main, ["run", str(src), "-o", str(out)]).exit_code != 0
    assert (out / "articles.csv").read_text() == "previous\n"
