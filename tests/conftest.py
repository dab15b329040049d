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
