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
