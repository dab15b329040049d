"""Load: every path under the input gets documents or one rejected document with a reason; nothing raises."""

from __future__ import annotations

import json
import os

import pytest

from pipeline.encodings import to_cp1258, to_legacy
from pipeline.errors import InputError
from pipeline.load import display_name, iter_input_files, looks_binary, read_documents

ARTICLE = "Chủ tịch UBND tỉnh tặng Bằng khen cho 25 tập thể, 40 cá nhân có thành tích xuất sắc."


def _read(path, settings):
    return read_documents(path, path.name, settings)


@pytest.mark.parametrize(
    "name,data,status,reason",
    [
        ("empty.txt", b"", "empty", "file is empty"),
        ("blank.txt", b" \n\t\r\n  ", "empty", "only whitespace"),
        ("photo.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "error", "binary: JPEG image"),
        ("scan.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "error", "binary: PDF document"),
        ("bundle.zip", b"PK\x03\x04\x14\x00\x00\x00", "error", "binary: zip archive"),
        ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "error", "binary: PNG image"),
        ("noise.txt", bytes(range(0, 32)) * 20, "error", "binary"),
        ("notes.docx", b"some text", "error", "unsupported: file type .docx"),
        ("bad.json", b'{"text": "abc"', "error", "invalid_json"),
        ("deep.json", b"[" * 100_000, "error", "invalid_json"),
        ("list.json", b"[1, 2]", "error", "invalid_json: file does not hold one object"),
        ("none.json", b'{"url": "https://x.vn"}', "error", "neither 'text' nor 'html'"),
        ("empty.jsonl", b"\n\n", "empty", "only whitespace"),
    ],
)
def test_load_bad_files_rejected_with_reason(tmp_path, settings, name, data, status, reason):
    path = tmp_path / name
    path.write_bytes(data)
    [doc] = _read(path, settings)
    assert doc.status == status
    assert reason in doc.error


@pytest.mark.parametrize(
    "data",
    [
        ARTICLE.encode("utf-8"),
        b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"),
        ARTICLE.encode("utf-16"),
        to_cp1258(ARTICLE),
        to_legacy(ARTICLE, "tcvn3").encode("cp1252"),
        to_legacy(ARTICLE, "vni").encode("cp1252"),
        ARTICLE.replace("\n", "\r\n").encode("utf-8"),
    ],
)
def test_load_text_in_any_encoding_reads_the_same(tmp_path, settings, data):
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    [doc] = _read(path, settings)
    assert doc.status is None and doc.text == ARTICLE


def test_load_too_large_file_rejected_before_reading(tmp_path, settings):
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 2000)
    [doc] = _read(path, settings.with_(max_bytes=1000))
    assert doc.status == "error" and doc.error.startswith("too_large:") and "max_bytes" in doc.error


def test_load_json_records_keep_only_strings_and_mend_broken_surrogates(tmp_path, settings):
    path = tmp_path / "r.jsonl"
    lines = [
        json.dumps({"text": ARTICLE + " \ud83d", "url": 123, "title": ["x"]}),
        "not json",
        json.dumps([1]),
        json.dumps({"html": f"<p>{to_legacy(ARTICLE, 'vni')}</p>"}),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    docs = _read(path, settings)
    assert [d.source for d in docs] == ["r.jsonl#1", "r.jsonl#2", "r.jsonl#3", "r.jsonl#4"]
    assert docs[0].text.endswith("\ufffd") and docs[0].url is None and docs[0].title is None
    assert docs[1].error.startswith("invalid_json") and docs[2].error.startswith("invalid_json")
    assert docs[3].html == f"<p>{ARTICLE}</p>"


def test_load_unreadable_file_rejected(tmp_path, settings, monkeypatch):
    path = tmp_path / "secret.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    path.chmod(0)
    if os.geteuid() == 0:  # root reads anything: make the open fail as it would for anyone else
        def denied(*args, **kwargs):
            raise PermissionError(13, "Permission denied", str(path))
        monkeypatch.setattr("pipeline.load.open", denied, raising=False)
    [doc] = _read(path, settings)
    assert doc.status == "error" and doc.error == "unreadable: Permission denied"


def test_load_symlink_loop_and_broken_link_rejected(tmp_path, settings):
    (tmp_path / "loop_a.txt").symlink_to(tmp_path / "loop_b.txt")
    (tmp_path / "loop_b.txt").symlink_to(tmp_path / "loop_a.txt")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    [loop] = _read(tmp_path / "loop_a.txt", settings)
    [gone] = _read(tmp_path / "gone.txt", settings)
    assert loop.status == "error" and "symbolic link loop" in loop.error
    assert gone.status == "error" and "broken symbolic link" in gone.error


def test_load_fifo_rejected_without_blocking(tmp_path, settings):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    [doc] = _read(fifo, settings)
    assert doc.status == "error" and "not a regular file" in doc.error


def test_load_walk_follows_folder_links_once_and_skips_dot_files(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a" / "up").symlink_to(tmp_path)            # a loop back to the top
    (tmp_path / "linked").symlink_to(tmp_path / "a")         # a second way into a/
    (tmp_path / ".raw").mkdir()
    (tmp_path / ".raw" / "page.html").write_text("x")
    (tmp_path / ".hidden.txt").write_text("x")
    sources = [src for _, src in iter_input_files(tmp_path)]
    assert sources == ["a/one.txt"]


def test_load_walk_names_in_any_encoding(tmp_path):
    names = ["báo cáo.txt".encode("utf-8"), "b\xe1o.txt".encode("latin-1"), to_cp1258("Hà Nội.txt"), b"\xff\xfe.txt"]
    for raw in names:
        with open(os.path.join(os.fsencode(tmp_path), raw), "wb") as fh:
            fh.write(ARTICLE.encode("utf-8"))
    found = sorted(src for _, src in iter_input_files(tmp_path))
    assert "báo cáo.txt" in found and "b\\xe1o.txt" in found and "\\xff\\xfe.txt" in found
    for src in found:
        src.encode("utf-8")  # no lone surrogates: every name can be written to Parquet and CSV
    assert display_name(os.fsdecode(b"H\xe0.txt")) == "H\\xe0.txt"


@pytest.mark.parametrize("make", ["missing", "empty_folder", "only_dot_files"])
def test_load_walk_nothing_to_read_raises_input_error(tmp_path, make):
    target = tmp_path / "in"
    if make != "missing":
        target.mkdir()
    if make == "only_dot_files":
        (target / ".DS_Store").write_text("x")
    with pytest.raises(InputError):
        list(iter_input_files(target))


@pytest.mark.parametrize(
    "head,kind",
    [(b"%PDF-1.4", "PDF document"), (b"\x00\x00\x00\x18ftypmp42", "video or image (ISO media)"),
     (b"RIFF\x00\x00\x00\x00WEBPVP8", "image or media (RIFF)"), (ARTICLE.encode("utf-16-le"), None),
     (ARTICLE.encode("utf-8"), None)],
)
def test_load_looks_binary(head, kind):
    assert looks_binary(head) == kind
