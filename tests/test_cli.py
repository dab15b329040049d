"""The command line end to end: every input format, statuses, exit codes, --help."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from pipeline.cli import main

ARTICLE = (
    "UBND tỉnh Bình Định tổng kết phong trào thi đua năm 2024\n\n"
    "Sáng ngày 15/01/2025, UBND tỉnh Bình Định tổ chức Hội nghị tổng kết công tác thi đua, khen thưởng năm 2024. "
    "Dự hội nghị có đồng chí Phạm Anh Tuấn, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh. "
    "Chủ tịch UBND tỉnh tặng Bằng khen cho 25 tập thể, 40 cá nhân có thành tích xuất sắc."
)
HTML = (
    "<html><head><title>Khen thưởng tại Bình Định</title></head><body><nav>Trang chủ | Tin tức</nav>"
    "<article><h1>Khen thưởng tại Bình Định</h1>"
    + "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n\n"))
    + "<figure><img src='a.jpg'><figcaption>Đồng chí Phạm Anh Tuấn trao Bằng khen cho các tập thể.</figcaption></figure>"
    "</article><footer>Bản quyền thuộc Cổng thông tin điện tử tỉnh</footer></body></html>"
)


def _run(args):
    return CliRunner().invoke(main, args, catch_exceptions=False)


@pytest.fixture
def mixed_folder(tmp_path):
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    (d / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (d / "b.html").write_text(HTML, encoding="utf-8")
    (d / "c.json").write_text(json.dumps({"text": ARTICLE.replace("25 tập thể", "26 tập thể"), "url": "https://example.vn/c",
                                          "title": "Bài C", "published": "2025-01-16"}, ensure_ascii=False), encoding="utf-8")
    records = [{"html": HTML.replace("40 cá nhân", "41 cá nhân"), "url": "https://example.vn/d1"},
               {"text": ARTICLE.replace("40 cá nhân", "42 cá nhân")}]
    (d / "sub" / "d.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    (d / "e.docx").write_bytes(b"PK\x03\x04 not an article")
    (d / "f.txt").write_text("", encoding="utf-8")
    (d / ".hidden.txt").write_text(ARTICLE, encoding="utf-8")
    return d


def test_cli_run_reads_every_format(mixed_folder, tmp_path):
    out = tmp_path / "out"
    result = _run(["run", str(mixed_folder), "-o", str(out), "-j", "1", "-q"])
    assert result.exit_code == 0, result.output
    articles = pd.read_parquet(out / "articles.parquet").set_index("source")
    assert sorted(articles.index) == ["a.txt", "b.html", "c.json", "e.docx", "f.txt", "sub/d.jsonl#1", "sub/d.jsonl#2"]
    assert articles.loc["a.txt", "status"] == "ok"
    # the same story as a.txt with a caption added and the same counts: read, then marked a copy
    assert articles.loc["b.html", "status"] == "duplicate"
    assert articles.loc["b.html", "duplicate_of"] == articles.loc["a.txt", "article_id"]
    assert articles.loc["c.json", "url"] == "https://example.vn/c"
    assert str(articles.loc["c.json", "published"]) == "2025-01-16"
    assert articles.loc["sub/d.jsonl#1", "url"] == "https://example.vn/d1"
    assert articles.loc["e.docx", "status"] == "error" and ".docx" in articles.loc["e.docx", "error"]
    assert articles.loc["f.txt", "status"] == "empty"
    for table in ("articles", "officials", "awards", "themes"):
        assert (out / f"{table}.parquet").is_file() and (out / f"{table}.csv").is_file()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["statuses"] == {"duplicate": 1, "empty": 1, "error": 1, "ok": 4}
    assert set(manifest["seconds_per_stage"]) >= {"load", "clean", "tokenise", "extract"}


def test_cli_run_html_keeps_captions_and_drops_furniture(tmp_path):
    (tmp_path / "p.html").write_text(HTML, encoding="utf-8")
    out = tmp_path / "out"
    assert _run(["run", str(tmp_path / "p.html"), "-o", str(out), "-j", "1", "-q"]).exit_code == 0
    from pipeline.clean import clean
    from pipeline.records import RawDocument
    from pipeline.settings import load_settings

    article = clean(RawDocument(source="p.html", html=HTML), load_settings())
    assert "figcaption" not in article.text and "trao Bằng khen cho các tập thể" in article.text
    assert "Bản quyền" not in article.text and "Trang chủ" not in article.text


def test_cli_run_one_file(tmp_path):
    f = tmp_path / "one.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    assert _run(["run", str(f), "-o", str(out), "-q"]).exit_code == 0
    assert pd.read_parquet(out / "articles.parquet")["source"].tolist() == ["one.txt"]


@pytest.mark.parametrize(
    "args,message",
    [
        (["run", "/no/such/folder", "-o", "x"], "does not exist"),
        (["run", ".", "--jobs", "-1", "-o", "x"], "-1"),
    ],
)
def test_cli_run_bad_arguments_exit_non_zero(args, message):
    result = CliRunner().invoke(main, args)
    assert result.exit_code != 0
    assert message in result.output


def test_cli_run_unwritable_output_says_what_to_do(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(main, ["run", str(tmp_path / "a.txt"), "-o", str(blocker / "out")])
    assert result.exit_code != 0
    assert "T003" in result.output and "-o" in result.output


@pytest.mark.parametrize("command", sorted(main.commands))
def test_cli_every_command_has_help_with_example(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output or isinstance(main.commands[command], type(main))
