"""Scrape throughput against a local server (no politeness delay): what fetching, decoding, extraction and
storage cost per page on this machine, apart from the network and the per-host delay.

    PYTHONPATH=. python bench/bench_scrape.py [N_PAGES] [PER_HOST]
"""

from __future__ import annotations

import logging
import sys
import tempfile
import time
from pathlib import Path

from pytest_httpserver import HTTPServer

from pipeline.scrape import scrape
from pipeline.settings import load_settings

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "scrape"
PAGES = ["sharepoint_portal.html", "national_news.html", "news_agency.html", "legacy_portal_cp1258.html"]


def main(n_pages: int = 200, per_host: int = 1) -> None:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one access-log line per page otherwise
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    try:
        server.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n", content_type="text/plain")
        for name in PAGES:
            ctype = "text/html; charset=iso-8859-1" if "cp1258" in name else "text/html"
            server.expect_request(f"/{name}").respond_with_data((FIXTURES / name).read_bytes(), content_type=ctype)
        urls = [server.url_for(f"/{PAGES[i % len(PAGES)]}") + f"?n={i}" for i in range(n_pages)]
        settings = load_settings(scrape_delay=0.0, scrape_per_host=per_host, scrape_concurrency=max(per_host, 1))
        with tempfile.TemporaryDirectory() as out:
            t0 = time.perf_counter()
            first = scrape(urls, out, settings, progress=False)
            t1 = time.perf_counter()
            again = scrape(urls, out, settings, progress=False)
            t2 = time.perf_counter()
            t3 = time.perf_counter()
            scrape(None, out, settings, reextract=True, progress=False)
            t4 = time.perf_counter()
    finally:
        server.stop()
    print(f"{n_pages} pages, per_host={per_host}, delay=0")
    print(f"  first scrape:   {t1 - t0:6.2f} s  {n_pages / (t1 - t0):6.1f} pages/s  {dict(first.outcomes)}")
    print(f"  resumed scrape: {t2 - t1:6.2f} s  {dict(again.outcomes)}")
    print(f"  re-extract:     {t4 - t3:6.2f} s  {n_pages / (t4 - t3):6.1f} pages/s")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
