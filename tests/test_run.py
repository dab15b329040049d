"""The run: result cache (changed files only, --force, resume), parallel and dataset outputs, fsspec inputs."""

from __future__ import annotations

import importlib

import pandas as pd
import pytest

from pipeline.run import CACHE_DIR, pipeline_version, run
from pipeline.schema import TABLES

run_module = importlib.import_module("pipeline.run")  # `pipeline.run` as an attribute is the function


def _folder(path, corpus_dir, n, tag=""):
    """n articles from the sample corpus, each made distinct by a last line."""
    samples = sorted(corpus_dir.glob("*.txt"))
    path.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        text = samples[i % len(samples)].read_text(encoding="utf-8")
        (path / f"{i:03d}.txt").write_text(f"{text}\n\nBài số {i}{tag}.", encoding="utf-8")
    return path


def _tables(out, layout="files"):
    frames = {}
    for table in TABLES:
        frame = pd.read_parquet(out / (table if layout == "dataset" else f"{table}.parquet"))
        key = ["article_id"] + [c for c in ("char_start", "char_end", "award_id", "name", "text") if c in frame.columns]
        frames[table] = frame.sort_values(key, kind="stable").reset_index(drop=True)
    return frames


def _assert_same_tables(a, b):
    for table in TABLES:
        pd.testing.assert_frame_equal(a[table], b[table], obj=table)


@pytest.mark.parametrize("n_files, n_changed", [(20, 10)])
def test_run_rerun_processes_only_changed_files(tmp_path, corpus_dir, settings, n_files, n_changed):
    src = _folder(tmp_path / "in", corpus_dir, n_files)
    out = tmp_path / "out"
    first = run(src, out, settings, progress=False)
    assert first.manifest["files_processed"] == n_files
    for i in range(n_changed):
        path = src / f"{i:03d}.txt"
        path.write_text(path.read_text(encoding="utf-8") + " Đã sửa.", encoding="utf-8")
    second = run(src, out, settings, progress=False)
    assert (second.manifest["files_processed"], second.manifest["files_from_cache"]) == (n_changed, n_files - n_changed)
    fresh = run(src, tmp_path / "fresh", settings.with_(cache=False), progress=False)
    _assert_same_tables(_tables(out), _tables(tmp_path / "fresh"))
    assert fresh.manifest["files_processed"] == n_files


@pytest.mark.parametrize("n_files", [6])
def test_run_force_reprocesses_every_file(tmp_path, corpus_dir, settings, n_files):
    src = _folder(tmp_path / "in", corpus_dir, n_files)
    run(src, tmp_path / "out", settings, progress=False)
    again = run(src, tmp_path / "out", settings.with_(force=True), progress=False)
    assert (again.manifest["files_processed"], again.manifest["files_from_cache"]) == (n_files, 0)


@pytest.mark.parametrize("n_files, fail_at", [(12, 5)])
def test_run_resumes_after_interruption(tmp_path, corpus_dir, settings, monkeypatch, n_files, fail_at):
    src = _folder(tmp_path / "in", corpus_dir, n_files)
    out = tmp_path / "out"
    real = run_module.process_file
    calls = []

    def interrupted(task, settings):
        calls.append(task)
        if len(calls) > fail_at:
            raise KeyboardInterrupt  # the user pressed Ctrl-C, or the machine went down
        return real(task, settings)

    monkeypatch.setattr(run_module, "process_file", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run(src, out, settings, progress=False)
    monkeypatch.setattr(run_module, "process_file", real)
    resumed = run(src, out, settings, progress=False)
    assert (resumed.manifest["files_from_cache"], resumed.manifest["files_processed"]) == (fail_at, n_files - fail_at)
    run(src, tmp_path / "fresh", settings.with_(cache=False), progress=False)
    _assert_same_tables(_tables(out), _tables(tmp_path / "fresh"))


@pytest.mark.parametrize("change", [{"components": ("thidua_dates", "thidua_places")}, {"min_letters": 50}])
def test_run_pipeline_version_changes_with_result_settings(settings, change):
    assert pipeline_version(settings.with_(**change)) != pipeline_version(settings)
    assert pipeline_version(settings.with_(jobs=7, force=True)) == pipeline_version(settings)


@pytest.mark.parametrize("name, copy", [("moved.txt", "sub/copied.txt")])
def test_run_cache_hit_keeps_the_new_source(tmp_path, corpus_dir, settings, name, copy):
    src = _folder(tmp_path / "in", corpus_dir, 1)
    run(src, tmp_path / "out", settings, progress=False)
    (src / copy).parent.mkdir()
    (src / copy).write_bytes((src / "000.txt").read_bytes())
    (src / "000.txt").rename(src / name)
    again = run(src, tmp_path / "out", settings, progress=False)
    articles = pd.read_parquet(tmp_path / "out" / "articles.parquet")
    assert again.manifest["files_from_cache"] == 2
    assert sorted(articles["source"]) == sorted([name, copy])
    assert sorted(articles["status"]) == ["duplicate", "ok"]


def test_run_jobs_1_and_2_give_identical_tables(corpus_outputs, corpus_dir, tmp_path, settings):
    run(corpus_dir, tmp_path / "j2", settings.with_(jobs=2, cache=False), progress=False)
    _assert_same_tables(_tables(corpus_outputs), _tables(tmp_path / "j2"))


@pytest.mark.parametrize("n_files, part_articles", [(8, 3)])
def test_run_dataset_layout_reads_as_one_table(tmp_path, corpus_dir, settings, n_files, part_articles):
    src = _folder(tmp_path / "in", corpus_dir, n_files)
    run(src, tmp_path / "files", settings, progress=False)
    summary = run(src, tmp_path / "ds", settings.with_(layout="dataset", part_articles=part_articles), progress=False)
    assert summary.manifest["parts"] == 3
    assert sorted(p.name for p in (tmp_path / "ds" / "awards").iterdir()) == [f"part-0000{i}.parquet" for i in range(3)]
    _assert_same_tables(_tables(tmp_path / "files"), _tables(tmp_path / "ds", "dataset"))

    import duckdb

    n_awards = duckdb.sql(f"select count(*) from read_parquet('{tmp_path / 'ds' / 'awards'}/*.parquet')").fetchall()[0][0]
    assert n_awards == len(pd.read_parquet(tmp_path / "files" / "awards.parquet"))
    from pipeline.query import query
    from pipeline.tables import read_tables  # what report, query and export read

    for table, frame in read_tables(tmp_path / "ds").items():
        assert len(frame) == len(read_tables(tmp_path / "files")[table]), table
    assert query(tmp_path / "ds", "select count(*) as n from awards")["n"][0] == n_awards
    dd = pytest.importorskip("dask.dataframe")
    assert len(dd.read_parquet(str(tmp_path / "ds" / "articles")).compute()) == n_files


def test_run_dataset_layout_replaces_the_parts_of_an_earlier_run(tmp_path, corpus_dir, settings):
    src = _folder(tmp_path / "in", corpus_dir, 4)
    run(src, tmp_path / "ds", settings.with_(layout="dataset", part_articles=1), progress=False)
    for path in list(src.iterdir())[1:]:
        path.unlink()
    run(src, tmp_path / "ds", settings.with_(layout="dataset", part_articles=1), progress=False)
    assert len(pd.read_parquet(tmp_path / "ds" / "articles")) == 1


def test_run_reads_an_fsspec_url(tmp_path, corpus_dir, settings):
    src = _folder(tmp_path / "in", corpus_dir, 2)
    summary = run(src.as_uri(), tmp_path / "out", settings, progress=False)
    assert summary.manifest["statuses"] == {"ok": 2}
    assert sorted(pd.read_parquet(tmp_path / "out" / "articles.parquet")["source"]) == ["000.txt", "001.txt"]


def test_run_cache_lives_in_the_output_folder(tmp_path, corpus_dir, settings):
    src = _folder(tmp_path / "in", corpus_dir, 1)
    run(src, tmp_path / "out", settings, progress=False)
    assert len(list((tmp_path / "out" / CACHE_DIR).rglob("*.pickle"))) == 1


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["gated"])
def test_run_word_segmentation_does_not_change_the_tables(corpus_outputs, corpus_dir, tmp_path, settings, mode):
    # no extractor reads word boundaries: the default skips underthesea's segmentation, which cost 60 % of a run
    run(corpus_dir, tmp_path / mode, settings.with_(word_segmentation=mode, cache=False), progress=False)
    _assert_same_tables(_tables(corpus_outputs), _tables(tmp_path / mode))
