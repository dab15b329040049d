"""The benchmark's own parts work: the corpus it builds and the obvious pipeline it measures thidua against."""

from __future__ import annotations

import importlib
import shutil
from pathlib import Path

import pytest

from pipeline.settings import load_settings

BENCH = Path(__file__).resolve().parents[1] / "bench"
CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def _bench_module(monkeypatch, name: str):
    """A module of bench/ imported by name, as bench/run.py imports it (worker processes find it by that name)."""
    monkeypatch.syspath_prepend(str(BENCH))
    return importlib.import_module(name)


def test_bench_corpus_texts_all_differ(tmp_path, monkeypatch):
    out = tmp_path / "corpus"
    _bench_module(monkeypatch, "make_corpus").make_corpus(CORPUS, out, 12)
    texts = [p.read_bytes() for p in sorted(out.iterdir())]
    assert len(texts) == 12 and len(set(texts)) == 12


@pytest.mark.slow
def test_bench_obvious_pipeline_writes_the_tables(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(sorted(CORPUS.iterdir())[0], folder)
    res = _bench_module(monkeypatch, "obvious").run_obvious(folder, tmp_path / "out", load_settings(jobs=1), 1)
    assert res["articles"] == 1
    assert (tmp_path / "out" / "awards.parquet").is_file()
