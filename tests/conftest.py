"""Shared fixtures: paths, a sample-corpus run made once per session, hand-built Docs."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return REPO / "corpus"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared (gold and specs) is not beside the repository")
    return SHARED


@pytest.fixture(scope="session")
def settings():
    from pipeline.settings import load_settings

    return load_settings(jobs=1)


@pytest.fixture(scope="session")
def corpus_outputs(tmp_path_factory, corpus_dir, settings) -> Path:
    """The sample corpus run once through the whole pipeline (jobs=1)."""
    from pipeline.run import run

    out = tmp_path_factory.mktemp("corpus_outputs")
    run(corpus_dir, out, settings, progress=False)
    return out


@pytest.fixture
def make_doc(settings):
    """Build a processed Doc from a plain text, as the pipeline would (clean → tokenise)."""
    from pipeline.clean import clean
    from pipeline.records import RawDocument
    from pipeline.tokenise import tokenise

    def _make(text: str, title: str | None = None):
        article = clean(RawDocument(source="test.txt", text=text, title=title), settings.with_(min_letters=0, min_vietnamese_ratio=0.0))
        return tokenise(article, settings)

    return _make


@pytest.fixture(scope="session")
def _scrape_server_started():
    from pytest_httpserver import HTTPServer

    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def scrape_server(_scrape_server_started):
    """A local web server (127.0.0.1 only) answering in threads, so a slow page does not hold up the others;
    started once, its handlers and log cleared after each test."""
    yield _scrape_server_started
    _scrape_server_started.clear()


@pytest.fixture
def scrape_settings(settings):
    """Settings for scraping a local server: no politeness delay, retries that wait milliseconds."""
    return settings.with_(scrape_delay=0.0, scrape_backoff=0.001, scrape_max_wait=0.05, scrape_timeout=2.0, scrape_retries=2)


# one ceremony told by three articles: different wording, one count differing (26 tập thể),
# one carrying markup in its text and title and a javascript: URL
_EVENT_ARTICLES = {
    "a.txt": {"text": "UBND tỉnh Bình Định tổng kết phong trào thi đua năm 2024\n\n"
                      "Sáng ngày 15/01/2025, UBND tỉnh Bình Định tổ chức Hội nghị tổng kết công tác thi đua, khen thưởng năm 2024. "
                      "Dự hội nghị có đồng chí Phạm Anh Tuấn, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh. "
                      "Chủ tịch UBND tỉnh tặng Bằng khen cho 25 tập thể, 40 cá nhân có thành tích xuất sắc."},
    "b.json": {"text": "Bình Định: biểu dương 66 điển hình thi đua\n\n"
                       "Ngày 15/1/2025, tại thành phố Quy Nhơn, tỉnh Bình Định long trọng tổ chức hội nghị tổng kết phong trào thi đua yêu nước năm 2024. "
                       "Thừa ủy quyền, đồng chí Phạm Anh Tuấn, Chủ tịch UBND tỉnh trao Bằng khen của Chủ tịch UBND tỉnh cho 26 tập thể và 40 cá nhân.",
               "url": "https://baobinhdinh.example/bai-b", "title": "Bình Định: biểu dương 66 điển hình", "published": "2025-01-16"},
    "c.json": {"text": "Khen thưởng tại Bình Định <script>alert(1)</script>\n\n"
                       "Sáng 15/01/2025, tỉnh Bình Định tổng kết thi đua năm 2024 <img src=x onerror=alert(2)> <script>window.pwned = 1</script>. "
                       "Chủ tịch UBND tỉnh tặng Bằng khen cho 25 tập thể, 40 cá nhân.",
               "url": "javascript:alert(3)", "title": "<script>alert(4)</script> Khen thưởng"},
}


@pytest.fixture(scope="session")
def event_outputs(tmp_path_factory, settings) -> Path:
    """Outputs of three articles reporting one ceremony (see _EVENT_ARTICLES), run through the whole pipeline."""
    import json

    from pipeline.run import run

    folder = tmp_path_factory.mktemp("event_articles")
    for name, record in _EVENT_ARTICLES.items():
        body = record["text"] if name.endswith(".txt") else json.dumps(record, ensure_ascii=False)
        (folder / name).write_text(body, encoding="utf-8")
    out = tmp_path_factory.mktemp("event_outputs")
    run(folder, out, settings, progress=False)
    return out


@pytest.fixture(scope="session")
def corpus_report(tmp_path_factory, corpus_outputs) -> Path:
    """`thidua report` of the sample corpus; returns the report folder."""
    from pipeline.report import report

    out = tmp_path_factory.mktemp("corpus_report") / "report"
    report(corpus_outputs, out)
    return out


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by Playwright (no browser download); skipped when it is not installed."""
    if not CHROMIUM.is_file():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (apt-get install chromium; .ci/run does it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


BAD_INPUT_ARTICLE = (
    "Chủ tịch UBND tỉnh Bình Định tổng kết phong trào thi đua năm 2024\n\n"
    "Sáng ngày 15/01/2025, UBND tỉnh Bình Định tổ chức hội nghị tổng kết công tác thi đua, khen thưởng. "
    "Dự hội nghị có đồng chí Phạm Anh Tuấn, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh. "
    "Chủ tịch UBND tỉnh tặng Bằng khen cho 25 tập thể, 40 cá nhân có thành tích xuất sắc; "
    "phong trào “Cả nước chung tay vì người nghèo” được hưởng ứng, thủy lợi và hòa giải ở cơ sở tốt."
)


@pytest.fixture
def bad_input_folder(tmp_path):
    """A folder with one file of each kind of bad input, and what `articles` must say of each.

    Returns (folder, {source: (status, words the error contains)}). The same article in
    every encoding must come back as one `ok` row and `duplicate` rows pointing to it.
    """
    import codecs
    import os
    import unicodedata

    from pipeline.encodings import to_cp1258, to_legacy

    a = BAD_INPUT_ARTICLE
    d = tmp_path / "bad_input"
    d.mkdir()
    expected = {}

    def put(name: str | bytes, data: bytes, status: str, reason: str = "", source: str | None = None):
        path = os.path.join(os.fsencode(d), name if isinstance(name, bytes) else name.encode("utf-8"))
        with open(path, "wb") as fh:
            fh.write(data)
        expected[source or (name if isinstance(name, str) else name.decode("utf-8"))] = (status, reason)

    put("enc_01_utf8.txt", a.encode("utf-8"), "ok")
    variants = {
        "enc_02_utf8_bom.txt": codecs.BOM_UTF8 + a.encode("utf-8"),
        "enc_03_utf16.txt": a.encode("utf-16"),
        "enc_04_utf16le_no_bom.txt": a.encode("utf-16-le"),
        "enc_05_cp1258.txt": to_cp1258(a),
        "enc_06_tcvn3.txt": to_legacy(a, "tcvn3").encode("cp1252"),
        "enc_07_vni.txt": to_legacy(a, "vni").encode("cp1252"),
        "enc_08_nfd.txt": unicodedata.normalize("NFD", a).encode("utf-8"),
        "enc_09_lookalike.txt": a.replace("Đ", "Ð").encode("utf-8"),
        "enc_10_old_tones.txt": a.replace("thủy", "thuỷ").replace("hòa", "hoà").encode("utf-8"),
        "enc_11_crlf.txt": a.replace("\n", "\r\n").encode("utf-8"),
        "enc_12_tcvn3_in_utf8.txt": to_legacy(a, "tcvn3").encode("utf-8"),
    }
    for name, data in variants.items():
        put(name, data, "duplicate", "enc_01_utf8.txt")
    put("empty.txt", b"", "empty", "file is empty")
    put("whitespace.txt", b"  \n\t\r\n ", "empty", "only whitespace")
    put("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "error", "binary: PNG image")
    put("photo.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(200), "error", "binary: JPEG image")
    put("scan.pdf", b"%PDF-1.7\n" + bytes(range(256)), "error", "binary: PDF document")
    put("bundle.zip", b"PK\x03\x04" + bytes(100), "error", "binary: zip archive")
    put("truncated.html", ("<html><body><article><p>" + a.replace("\n\n", "</p><p>") + "</p><p>Đồng chí trao Cờ").encode("utf-8"),
        "duplicate", "enc_01_utf8.txt")  # the same story cut short, same counts: a near-duplicate
    put("no_main_text.html", b"<html><head><script>var x=1;</script></head><body><nav>Menu</nav></body></html>", "empty", "no article text")
    put("huge.txt", ("Hội nghị tổng kết thi đua. " * 200_000).encode("utf-8"), "error", "too_large")
    long_line = " ".join(f"Đơn vị số {i} được tặng Giấy khen vì thành tích xuất sắc năm 2024." for i in range(250))
    put("long_line.txt", long_line.encode("utf-8"), "ok")
    put("english.txt", ("The committee awarded certificates of merit to twenty groups. " * 10).encode("utf-8"), "not_vietnamese", "does not look Vietnamese")
    put("bad.json", b'{"text": "unterminated', "error", "invalid_json")
    put("formula.json", json_bytes({"text": a.replace("25 tập thể", "26 tập thể") + "\n- Giám đốc Sở tặng Giấy khen cho 3 tập thể.", "title": "=HYPERLINK(\"http://x\",\"y\")"}), "ok")
    put("b\xe1o_c\xe1o.txt".encode("latin-1"), a.replace("25 tập thể", "27 tập thể").encode("utf-8"), "ok", source="b\\xe1o_c\\xe1o.txt")
    put("unreadable.txt", a.replace("25 tập thể", "28 tập thể").encode("utf-8"), "error", "unreadable: Permission denied")
    (d / "unreadable.txt").chmod(0)
    (d / "loop_a.txt").symlink_to(d / "loop_b.txt")
    (d / "loop_b.txt").symlink_to(d / "loop_a.txt")
    expected["loop_a.txt"] = expected["loop_b.txt"] = ("error", "symbolic link loop")
    (d / "broken_link.txt").symlink_to(d / "missing.txt")
    expected["broken_link.txt"] = ("error", "broken symbolic link")
    os.mkfifo(d / "pipe.txt")
    expected["pipe.txt"] = ("error", "not a regular file")
    (d / "sub").mkdir()
    (d / "sub" / "up").symlink_to(d)  # a folder loop: walked once
    return d, expected


def json_bytes(record: dict) -> bytes:
    import json

    return json.dumps(record, ensure_ascii=False).encode("utf-8")


@pytest.fixture(scope="session")
def letter_skeleton():
    """A character as cleaning may not change it: look-alike resolved, marks dropped, case folded."""
    import unicodedata

    from gazetteer import loaders

    def skeleton(char: str) -> str:
        char = loaders.lookalikes().get(char, char) or char
        return unicodedata.normalize("NFD", char)[0].casefold()

    return skeleton
