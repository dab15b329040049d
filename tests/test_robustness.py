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


# --- property-based: any text through cleaning and every extractor -------------------------

from hypothesis import HealthCheck, given, settings as hsettings, strategies as st  # noqa: E402

from gazetteer import loaders  # noqa: E402

_AWARD_NAMES = sorted({row["name_vi"] for row in loaders.award_vocabulary().values()})
_WORDS = ["tặng", "trao", "cho", "tập thể", "cá nhân", "hộ gia đình", "Chủ tịch UBND tỉnh", "đồng chí Nguyễn Văn Sơn",
          "Phó Bí thư Tỉnh ủy", "thừa ủy quyền", "đề nghị", "phong trào", "chủ đề", "khẩu hiệu", "hạng Nhất", "hạng Ba",
          "các hạng", "năm 2024", "ngày 15/01/2025", "Sáng 27/12", "tỉnh Bình Định", "Hà Nội", "trị giá", "triệu đồng",
          "hơn", "khoảng", ":", ";", ",", ".", "\n", "\n\n", " ", "(", ")"]
_QUOTES = ['"', "“", "”", "«", "»", "'"]
_NUMBERS = st.one_of(st.integers(min_value=0, max_value=10**20).map(str),
                     st.sampled_from(["2.065", "13,94", "05", "mười hai", "1.000.000", "-3", "0"]))
_PIECE = st.one_of(st.text(max_size=20), st.sampled_from(_AWARD_NAMES), st.sampled_from(_WORDS),
                   st.sampled_from(_QUOTES), _NUMBERS)


def _evidence_holds(text: str, record) -> None:
    start, end = record.char_start, record.char_end
    assert 0 <= start <= end <= len(text), (start, end, len(text))
    evidence = getattr(record, "evidence", None)
    if evidence is None:
        return
    if type(record).__name__ == "Award":  # contract: offsets of the evidence itself
        assert text[start:end] == evidence
    else:  # officials, themes: offsets of the mention, inside the evidence sentence
        around = [i for i in range(max(0, end - len(evidence)), start + 1) if text.startswith(evidence, i)]
        assert around, (evidence, text[start:end])


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture])
@given(st.lists(_PIECE, max_size=40), st.sampled_from(["", " ", "\n"]))
def test_robustness_extractors_any_text_valid_offsets_and_schema(make_doc, settings, letter_skeleton, pieces, sep):
    from extractors.base import get_records
    from pipeline import write
    from pipeline.extract import extract

    doc = extract(make_doc(sep.join(pieces)), settings)
    article = doc.user_data["thidua.article"]
    assert doc.text == article.text
    for name in settings.components:
        for record in get_records(doc, name):
            if hasattr(record, "char_start"):
                _evidence_holds(doc.text, record)
                s, e = article.source_span(record.char_start, record.char_end)
                assert 0 <= s <= e <= len(article.source_text)
                for i in range(record.char_start, record.char_end):  # each letter is its source letter, cleaned
                    if doc.text[i].isalpha():
                        assert letter_skeleton(doc.text[i]) == letter_skeleton(article.source_text[article.offsets[i]])
    result = write.result_from_doc(doc, article)
    write._frames([result])  # every row has the contract's columns and types (pandera)


# --- killed runs: previous outputs whole, or none, never a truncated file --------------------

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT_FILES = [f"{t}.{ext}" for t in TABLES for ext in ("parquet", "csv")] + ["manifest.json"]


def _articles_folder(path, n: int, offset: int = 0):
    path.mkdir(parents=True, exist_ok=True)
    provinces = ["Bình Định", "Hà Giang", "Nghệ An", "Long An", "Quảng Trị", "Sơn La", "Bắc Ninh", "Cà Mau"]
    for i in range(offset, offset + n):
        (path / f"a{i:03d}.txt").write_text(
            f"UBND tỉnh {provinces[i % len(provinces)]} tổng kết phong trào thi đua năm 2024\n\n"
            f"Sáng ngày {i % 27 + 1}/12/2024, UBND tỉnh tổ chức hội nghị tổng kết công tác thi đua, khen thưởng. "
            f"Chủ tịch UBND tỉnh tặng Bằng khen cho {i + 3} tập thể, {2 * i + 5} cá nhân có thành tích xuất sắc.",
            encoding="utf-8")
    return path


def _snapshot(out) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUT_FILES if (out / name).exists()}


def _assert_whole(out) -> None:
    """Every table present reads in full; no file is cut short."""
    for table in TABLES:
        if (out / f"{table}.parquet").exists():
            pq.read_table(out / f"{table}.parquet")
        if (out / f"{table}.csv").exists():
            pd.read_csv(out / f"{table}.csv")
    if (out / "manifest.json").exists():
        json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def _child(args, code: str | None = None) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=REPO + os.pathsep + os.environ.get("PYTHONPATH", ""))
    prelude = code or ""
    script = prelude + "\nimport sys\nfrom pipeline.cli import main\nsys.argv = ['thidua'] + " + repr(args) + "\nmain()\n"
    return subprocess.Popen([sys.executable, "-c", script], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, cwd=REPO)


def _wait_for_progress(proc: subprocess.Popen, done: int, total: int, timeout: float = 120) -> None:
    """Read the child's progress bar until `done` of `total` files are processed."""
    seen = bytearray()

    def reader():
        while True:
            chunk = proc.stderr.read1(4096) if hasattr(proc.stderr, "read1") else proc.stderr.read(1)
            if not chunk:
                return
            seen.extend(chunk)

    threading.Thread(target=reader, daemon=True).start()
    deadline = time.monotonic() + timeout
    import re

    while time.monotonic() < deadline:
        counts = [int(m) for m in re.findall(rb" (\d+)/%d " % total, bytes(seen))]
        if counts and max(counts) >= done:
            return
        if proc.poll() is not None:
            raise AssertionError(f"the run ended before it was killed: {bytes(seen)[-500:]!r}")
        time.sleep(0.05)
    raise AssertionError("no progress seen")


@pytest.mark.slow
@pytest.mark.parametrize(
    "sig,previous,jobs",
    [(signal.SIGINT, True, 1), (signal.SIGKILL, True, 1), (signal.SIGINT, False, 1), (signal.SIGKILL, False, 1),
     (signal.SIGINT, True, 2)],
)
def test_robustness_killed_half_way_leaves_previous_outputs(tmp_path, settings, sig, previous, jobs):
    from pipeline.run import run

    total = 40 if jobs == 1 else 600
    folder = _articles_folder(tmp_path / "in", total)
    out = tmp_path / "out"
    if previous:
        run(_articles_folder(tmp_path / "before", 6), out, settings, progress=False)
    before = _snapshot(out)
    proc = _child(["run", str(folder), "-o", str(out), "-j", str(jobs), "--progress"])
    try:
        _wait_for_progress(proc, done=total // 3, total=total)
        proc.send_signal(sig)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode != 0
    assert _snapshot(out) == before  # the previous outputs byte for byte, or still none
    _assert_whole(out)
    # and a rerun completes: every table, checksums as the manifest says, no temporaries left
    summary = run(folder, out, settings, progress=False)
    assert summary.n_files == total
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    import hashlib

    for name, digest in manifest["sha256"].items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest
    assert not [p.name for p in out.iterdir() if p.name.startswith(".") and p.name != ".thidua-cache"]  # the cache stays


_DIE_IN_WRITE = """
import os, signal
import pyarrow.parquet as pq
_calls = [0]
def _die_after(where):
    _calls[0] += 1
    if _calls[0] == 2:  # the second table: cut it in half, then die as a kill -9 would
        size = os.path.getsize(where)
        with open(where, "r+b") as fh:
            fh.truncate(size // 2)
        os.kill(os.getpid(), signal.SIGKILL)
_real_write = pq.write_table
def _dying_write(table, where, *args, **kwargs):  # a table written in one piece
    _real_write(table, where, *args, **kwargs)
    _die_after(where)
_real_close = pq.ParquetWriter.close
def _dying_close(writer):  # a table written in batches
    _real_close(writer)
    _die_after(writer.where)
pq.write_table = _dying_write
pq.ParquetWriter.close = _dying_close
"""

_DIE_IN_RENAMES = """
import os, signal
_real = os.replace
_calls = [0]
def _dying(src, dst, *args, **kwargs):
    _real(src, dst, *args, **kwargs)
    if str(dst).endswith((".parquet", ".csv")):
        _calls[0] += 1
        if _calls[0] == 3:  # three tables renamed into place, five not
            os.kill(os.getpid(), signal.SIGKILL)
os.replace = _dying
"""


@pytest.mark.slow
@pytest.mark.parametrize("moment", ["writing", "renaming"])
def test_robustness_killed_while_writing_never_leaves_a_truncated_table(tmp_path, settings, moment):
    from pipeline.run import run

    out = tmp_path / "out"
    run(_articles_folder(tmp_path / "before", 6), out, settings, progress=False)
    before = _snapshot(out)
    folder = _articles_folder(tmp_path / "in", 10)
    proc = _child(["run", str(folder), "-o", str(out), "-j", "1", "-q"], _DIE_IN_WRITE if moment == "writing" else _DIE_IN_RENAMES)
    proc.communicate(timeout=300)
    assert proc.returncode == -signal.SIGKILL
    _assert_whole(out)
    after = _snapshot(out)
    if moment == "writing":
        assert after == before
    else:
        changed = {name for name in before if after[name] != before[name]}
        assert 1 <= len(changed) <= 3 and "manifest.json" not in changed  # the old manifest does not vouch for them
        for name in changed:  # a renamed table is the new run's, whole
            if name.endswith(".parquet"):
                assert pq.read_table(out / name).num_rows >= 1
    run(folder, out, settings, progress=False)  # the next run clears what the killed one left
    assert not [p.name for p in out.iterdir() if p.name.startswith(".") and p.name != ".thidua-cache"]  # the cache stays
    assert len(pd.read_parquet(out / "articles.parquet")) == 10


# --- memory: a run streams its files -------------------------------------------------------

_PEAK_RSS = """
import resource, sys
from pipeline.run import run
from pipeline.settings import load_settings
summary = run(sys.argv[1], sys.argv[2], load_settings(jobs=1), progress=False)
print(summary.n_files, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def _many_files(folder, n: int) -> int:
    """n files of about 10 kB; one in a hundred a Vietnamese article, the others English."""
    folder.mkdir()
    para = "The provincial committee reviewed the emulation movement and awarded certificates to groups. "
    size = 0
    for i in range(n):
        if i % 100 == 0:
            text = (f"UBND tỉnh tổng kết thi đua\n\nChủ tịch UBND tỉnh tặng Bằng khen cho {i + 3} tập thể, "
                    f"{i + 5} cá nhân có thành tích xuất sắc năm 2024.")
        else:
            text = f"Report {i}\n" + para * 110
        (folder / f"f{i:05d}.txt").write_text(text, encoding="utf-8")
        size += len(text)
    return size


def _peak_rss_mb(folder, out) -> int:
    env = dict(os.environ, PYTHONPATH=REPO + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, "-c", _PEAK_RSS, str(folder), str(out)], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=1800, check=True)
    n_files, peak = map(int, done.stdout.split())
    return peak


@pytest.mark.slow
def test_robustness_memory_bounded_on_10000_files(tmp_path):
    _many_files(tmp_path / "few", 100)
    chars = _many_files(tmp_path / "many", 10_000)
    assert chars > 100_000_000  # 100 MB of text in the folder
    few = _peak_rss_mb(tmp_path / "few", tmp_path / "out_few")
    many = _peak_rss_mb(tmp_path / "many", tmp_path / "out_many")
    # holding the texts would add at least their 100 MB; rows and bookkeeping of 10,000 files add a little
    assert many - few < 60, (few, many)


def test_robustness_results_hold_no_article_text(settings, tmp_path, monkeypatch):
    """What a run keeps per file until the tables are written carries facts and evidence sentences, never the
    text: the texts for the report are spooled to disk as results arrive."""
    from dataclasses import fields

    import pandas as pd

    from pipeline import write
    from pipeline.records import ArticleRow
    from pipeline.run import run

    filler = "Hội nghị diễn ra sôi nổi, trang trọng. " * 200
    folder = tmp_path / "in"
    folder.mkdir()
    texts = {}
    for i in range(3):
        texts[f"a{i}.txt"] = f"Chủ tịch UBND tỉnh tặng Bằng khen cho {25 + i} tập thể. " + filler + f"Bài số {i}."
        (folder / f"a{i}.txt").write_text(texts[f"a{i}.txt"], encoding="utf-8")
    kept_results = []
    real_add = write.TableSpool.add
    monkeypatch.setattr(write.TableSpool, "add", lambda spool, res: (kept_results.append(res), real_add(spool, res))[1])
    run(folder, tmp_path / "out", settings.with_(cache=False), progress=False)
    assert len(kept_results) == 3
    for res in kept_results:
        assert res.article.status == "ok"
        assert res.text is None and not res.spans and res.signature is None
        kept = [getattr(res.article, f.name) for f in fields(ArticleRow)]
        kept += [getattr(r, "evidence", "") for r in res.officials + res.awards + res.themes]
        assert all(len(str(v)) < len(filler) // 4 for v in kept)
    written = pd.read_parquet(tmp_path / "out" / "texts.parquet")
    assert sorted(written["text"]) == sorted(texts.values())


def test_robustness_spooled_texts_survive_many_batches(settings, tmp_path, monkeypatch):
    """Texts spooled in several batches before the tables are written all reach texts.parquet."""
    import pandas as pd

    from pipeline import write
    from pipeline.run import run

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(5):
        (folder / f"a{i}.txt").write_text(f"Chủ tịch UBND tỉnh tặng Bằng khen cho {30 + i} tập thể xuất sắc năm 2024.", encoding="utf-8")
    monkeypatch.setattr(write.TextSpool, "batch", 2)
    run(folder, tmp_path / "out", settings.with_(cache=False), progress=False)
    assert len(pd.read_parquet(tmp_path / "out" / "texts.parquet")) == 5
    assert not [p.name for p in (tmp_path / "out").iterdir() if p.name.endswith(".tmp")]


def test_robustness_tables_written_in_batches_equal_one_piece(settings, tmp_path):
    """Tables spooled in batches of two articles read back (Parquet) and are byte for byte (CSV) what one
    write of all the results gives."""
    import pandas as pd

    from pipeline.run import run

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(5):
        (folder / f"a{i}.txt").write_text(
            f"Chủ tịch UBND tỉnh Nguyễn Văn A{'bcdef'[i]} tặng Bằng khen cho {30 + i} tập thể và {i + 2} cá nhân "
            "có thành tích xuất sắc trong phong trào thi đua \"Dân vận khéo\" năm 2024.", encoding="utf-8")
    whole, batched = tmp_path / "whole", tmp_path / "batched"
    run(folder, whole, settings.with_(cache=False), progress=False)
    run(folder, batched, settings.with_(cache=False, part_articles=2), progress=False)
    for table in ("articles", "officials", "awards", "themes"):
        pd.testing.assert_frame_equal(pd.read_parquet(whole / f"{table}.parquet"), pd.read_parquet(batched / f"{table}.parquet"))
        assert (whole / f"{table}.csv").read_bytes() == (batched / f"{table}.csv").read_bytes()
    assert len(pd.read_parquet(batched / "awards.parquet")) >= 5
    assert not [p.name for p in batched.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("kind", sorted(ARTICLE_ERROR_KINDS))
def test_robustness_readme_lists_every_error_kind(repo_root, kind):
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    section = readme.split("## What happens to bad input", 1)[1].split("\n## ", 1)[0]
    assert f"`{kind}:`" in section


@pytest.mark.parametrize(
    "line",
    [", ".join(f"đơn vị số {i} được tặng Giấy khen" for i in range(400)),
     " ".join(["tập thể"] * 3000),
     "ă" * 5000],
)
def test_robustness_long_line_cut_into_bounded_sentences(make_doc, settings, line):
    doc = make_doc(line)
    assert doc.text == line
    lengths = [len(sent.text) for sent in doc.sents]
    assert max(lengths) <= settings.max_sentence_chars
    if "," in line:  # cut after a comma, not inside a clause
        assert all(sent.text.rstrip().endswith(("Giấy khen,", "Giấy khen")) for sent in doc.sents)


@pytest.mark.slow
def test_robustness_a_dying_worker_costs_only_its_file(settings, tmp_path, monkeypatch):
    """A worker that dies (as on a crash in native code) gives its file an `error` row; every other file is read."""
    import importlib

    import pandas as pd

    run_module = importlib.import_module("pipeline.run")  # the module; `pipeline.run` the attribute is the function
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(12):
        (folder / f"a{i:02d}.txt").write_text(f"Chủ tịch UBND tỉnh tặng Bằng khen cho {40 + i} tập thể xuất sắc năm 2024, bài {i}.", encoding="utf-8")
    real = run_module.process_document

    def dying(raw, settings):
        if raw.source == "a05.txt":
            os._exit(70)  # the workers are forked: they inherit this patch
        return real(raw, settings)

    monkeypatch.setattr(run_module, "process_document", dying)
    summary = run_module.run(folder, tmp_path / "out", settings.with_(jobs=2, cache=False), progress=False)
    articles = pd.read_parquet(tmp_path / "out" / "articles.parquet").set_index("source")
    assert summary.n_files == 12 and len(articles) == 12
    assert articles.loc["a05.txt", "status"] == "error"
    assert articles.loc["a05.txt", "error"].startswith("extraction failed: the worker process died")
    assert (articles.drop(index="a05.txt")["status"] == "ok").all()
    assert len(pd.read_parquet(tmp_path / "out" / "awards.parquet")) == 11
