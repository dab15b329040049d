"""Scraping against a local server (127.0.0.1 only): politeness, failures, charsets, discovery, resuming, records."""

from __future__ import annotations

import gzip
import json
import logging
import re
import threading
import time
from datetime import date, datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from werkzeug import Response

from pipeline.cli import main
from pipeline.scrape import Manifest, parse_index, parse_retry_after, read_url_list, record_name, retry_wait, scrape

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "scrape"
# path on the local site → (fixture file, content type)
PAGES = {
    "/tin-tuc/Pages/tong-ket-cong-tac-thi-dua-khen-thuong-nam-2024.aspx": ("sharepoint_portal.html", "text/html; charset=utf-8"),
    "/bao-hiem-xa-hoi-nghe-an-don-nhan-co-thi-dua-102250110.htm": ("national_news.html", "text/html; charset=utf-8"),
    "/dia-phuong/hai-duong-khen-thuong-khac-phuc-bao-so-3-20241002091500000.htm": ("news_agency.html", "text/html"),
    # an old portal: windows-1258 bytes, the header mislabelled iso-8859-1, the right charset only in <meta>
    "/tintuc.asp": ("legacy_portal_cp1258.html", "text/html; charset=iso-8859-1"),
}


def _serve_robots(server, text: str = "User-agent: *\nDisallow: /admin/\n") -> None:
    server.expect_request("/robots.txt").respond_with_data(text, content_type="text/plain")


def _serve_pages(server) -> list[str]:
    for path, (name, ctype) in PAGES.items():
        server.expect_request(path).respond_with_data((FIXTURES / name).read_bytes(), content_type=ctype)
    return [server.url_for(p) + ("?id=2417" if p == "/tintuc.asp" else "") for p in PAGES]


def _serve_xml(server, path: str, fixture: str) -> None:
    body = (FIXTURES / fixture).read_text(encoding="utf-8").replace("{base}", server.url_for("").rstrip("/"))
    server.expect_request(path).respond_with_data(body, content_type="application/xml")


def _manifest(out: Path) -> dict[str, dict]:
    return Manifest(out).entries


def _requested(server, path: str) -> int:
    return sum(1 for request, _ in server.log if request.path == path)


def _record(out: Path, url: str) -> dict:
    return json.loads((out / f"{record_name(url)}.json").read_text(encoding="utf-8"))


# --- pure helpers ------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "https://example.vn/../../etc/passwd",
    "https://example.vn/%2e%2e/%2e%2e/secret",
    "https://..example.vn/.hidden/../x",
    "https://example.vn/tin-tuc/" + "rất-dài-" * 200 + ".htm",
    "https://example.vn/a?b=../../c&d=<script>",
    "https://example.vn:8080/",
])
def test_scrape_record_name_stays_inside_the_folder(url, tmp_path):
    name = record_name(url)
    assert len(name) <= 220
    assert all(re.fullmatch(r"[A-Za-z0-9_-][A-Za-z0-9._-]*", part) for part in name.split("/")), name
    assert (tmp_path / f"{name}.json").resolve().is_relative_to(tmp_path.resolve())


def test_scrape_record_name_differs_for_different_urls():
    assert record_name("https://example.vn/a?id=1") != record_name("https://example.vn/a?id=2")


@pytest.mark.parametrize("value, expected", [
    ("7", 7.0),
    ("0", 0.0),
    (format_datetime(datetime(2030, 1, 1, 0, 0, 30, tzinfo=timezone.utc), usegmt=True), 30.0),
    ("soon", None),
    (None, None),
])
def test_scrape_parse_retry_after(value, expected):
    assert parse_retry_after(value, now=datetime(2030, 1, 1, tzinfo=timezone.utc)) == expected


@pytest.mark.parametrize("attempt, retry_after, expected", [
    (0, None, 1.0),
    (2, None, 4.0),
    (0, "30", 30.0),     # a longer Retry-After wins
    (3, "1", 8.0),       # a shorter one does not shorten the backoff
    (10, None, 60.0),    # never more than max_wait
    (0, "3600", 60.0),
])
def test_scrape_retry_wait(attempt, retry_after, expected, settings):
    assert retry_wait(attempt, retry_after, settings.with_(scrape_backoff=1.0, scrape_max_wait=60.0)) == expected


def test_scrape_read_url_list_skips_comments_and_blank_lines(tmp_path):
    path = tmp_path / "urls.txt"
    path.write_text("# trang tỉnh\nhttps://a.vn/1\n\n   # bỏ qua\nhttps://b.vn/2  \n", encoding="utf-8")
    assert read_url_list(path) == ["https://a.vn/1", "https://b.vn/2"]


def _fixture_xml(name: str, base: str = "https://x.vn") -> bytes:
    return (FIXTURES / name).read_text(encoding="utf-8").replace("{base}", base).encode()


def test_scrape_parse_index_reads_a_sitemap_index():
    pages, nested = parse_index(_fixture_xml("sitemap_index.xml"))
    assert pages == [] and [u for u, _ in nested] == ["https://x.vn/sitemaps/news-2025-01.xml", "https://x.vn/sitemaps/archive.xml", "https://x.vn/sitemaps/news-2022-05.xml"]
    assert nested[0][1] == date(2025, 1, 31) and nested[1][1] is None


@pytest.mark.parametrize("body, expected", [
    (_fixture_xml("rss.xml"), [date(2024, 10, 2), date(2024, 12, 20), date(2019, 1, 7)]),
    (b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry><link rel="alternate" href="https://x.vn/a"/>
         <updated>2024-05-01T08:00:00Z</updated></entry></feed>""", [date(2024, 5, 1)]),
    (_fixture_xml("sitemap_news_2024_10.xml"), [date(2024, 10, 2), date(2023, 6, 1)]),
    (gzip.compress(_fixture_xml("sitemap_news_2024_10.xml")), [date(2024, 10, 2), date(2023, 6, 1)]),
])
def test_scrape_parse_index_reads_sitemaps_and_feeds_alike(body, expected):
    pages, nested = parse_index(body)
    assert [d for _, d in pages] == expected and nested == []
    assert all(u.startswith("https://x.vn/") for u, _ in pages)


def test_scrape_parse_index_refuses_a_gzip_bomb():
    with pytest.raises(ValueError, match="inflates beyond"):
        parse_index(gzip.compress(_fixture_xml("sitemap_news_2024_10.xml") + b" " * 100_000), max_bytes=50_000)


# --- against the local site --------------------------------------------------

def test_scrape_three_layouts_to_records(scrape_server, scrape_settings, tmp_path):
    _serve_robots(scrape_server)
    urls = _serve_pages(scrape_server)
    out = tmp_path / "web"
    summary = scrape(urls, out, scrape_settings, progress=False)
    assert summary.outcomes == {"ok": 4}

    portal, national, agency, legacy = (_record(out, u) for u in urls)
    for url, rec, (fixture, _) in zip(urls, (portal, national, agency, legacy), PAGES.values()):
        assert rec["url"] == rec["final_url"] == url and rec["http_status"] == 200 and rec["fetched_at"]
        # the raw page is kept, byte for byte, so extraction can be redone without the network
        assert gzip.decompress((out / rec["raw_html"]).read_bytes()) == (FIXTURES / fixture).read_bytes()
    # SharePoint portal: ribbon gone, captions kept as lines of the text
    assert portal["title"] == "Tổng kết công tác thi đua, khen thưởng năm 2024" and portal["published"] == "2025-01-14"
    assert "Skip Ribbon Commands" not in portal["text"]
    assert "trao Huân chương Lao động hạng Ba cho 02 tập thể và 03 cá nhân" in portal["text"]
    assert "Nghệ nhân Ưu tú cho 5 nghệ nhân" not in portal["text"]       # the "Tin khác" list
    # national news: metadata, "Ảnh 1." captions kept, the topic and read-more tail dropped
    assert national["author"] == "Thanh Nga" and national["sitename"] == "Báo Điện tử Chính phủ"
    assert national["canonical_url"].endswith("bao-hiem-xa-hoi-nghe-an-don-nhan-co-thi-dua-102250110.htm")
    assert national["published"] == "2025-01-10"
    assert "tặng Bằng khen cho 18 tập thể và 27 cá nhân" in national["text"]
    assert "Chủ đề bạn có thể quan tâm" not in national["text"] and "7 tập thể của tỉnh Thanh Hóa" not in national["text"]
    # news agency: the "Tin liên quan" block inside the article dropped, the article after it kept, comments dropped
    assert "61 tập thể, 72 cá nhân" not in agency["text"] and "Tin liên quan" not in agency["text"]
    assert "tặng Bằng khen cho 20 tập thể và 25 cá nhân" in agency["text"]
    assert "5 đội xung kích" not in agency["text"]
    assert agency["extractor"] == "trafilatura"
    # windows-1258 page behind a wrong header
    assert legacy["encoding"] == "cp1258"
    assert "Chủ tịch UBND huyện tặng Giấy khen cho 17 tập thể, 31 cá nhân và 9 hộ gia đình" in legacy["text"]
    entries = _manifest(out)
    assert {entries[u]["outcome"] for u in urls} == {"ok"} and all(entries[u]["file"] for u in urls)


@pytest.mark.parametrize("robots, path, expected", [
    ("User-agent: *\nDisallow: /private/\n", "/private/a.htm", "robots"),
    ("User-agent: *\nDisallow: /private/\n", "/public/a.htm", "ok"),
    # the group naming thidua is the one obeyed
    ("User-agent: thidua\nDisallow: /\n\nUser-agent: *\nAllow: /\n", "/a.htm", "robots"),
    ("User-agent: otherbot\nDisallow: /\n", "/a.htm", "ok"),
])
def test_scrape_obeys_robots_txt(robots, path, expected, scrape_server, scrape_settings, tmp_path):
    _serve_robots(scrape_server, robots)
    scrape_server.expect_request(path).respond_with_data((FIXTURES / "news_agency.html").read_bytes(), content_type="text/html")
    summary = scrape([scrape_server.url_for(path)], tmp_path / "web", scrape_settings, progress=False)
    assert summary.outcomes == {expected: 1}
    assert _requested(scrape_server, path) == (expected == "ok")
    assert _requested(scrape_server, "/robots.txt") == 1


def test_scrape_unreadable_robots_txt_means_no_fetching(scrape_server, scrape_settings, tmp_path):
    scrape_server.expect_request("/robots.txt").respond_with_data("lỗi", status=503)
    scrape_server.expect_request("/a.htm").respond_with_data("<html><body>x</body></html>", content_type="text/html")
    summary = scrape([scrape_server.url_for("/a.htm")], tmp_path / "web", scrape_settings, progress=False)
    assert summary.outcomes == {"robots_unavailable": 1} and _requested(scrape_server, "/a.htm") == 0


def test_scrape_http_failures_and_retries(scrape_server, scrape_settings, tmp_path, caplog):
    _serve_robots(scrape_server)
    page = (FIXTURES / "news_agency.html").read_bytes()
    scrape_server.expect_request("/missing.htm").respond_with_data("Không tìm thấy", status=404)
    scrape_server.expect_oneshot_request("/flaky.htm").respond_with_data("Lỗi máy chủ", status=500)
    scrape_server.expect_request("/flaky.htm").respond_with_data(page, content_type="text/html")
    scrape_server.expect_oneshot_request("/busy.htm").respond_with_data("Chậm lại", status=429, headers={"Retry-After": "3"})
    scrape_server.expect_request("/busy.htm").respond_with_data(page.replace(b"20 t\xe1\xba\xadp th\xe1\xbb\x83", b"21 t\xe1\xba\xadp th\xe1\xbb\x83"), content_type="text/html")
    scrape_server.expect_request("/down.htm").respond_with_data("Bảo trì", status=503)
    out = tmp_path / "web"
    with caplog.at_level(logging.INFO, logger="pipeline.scrape"):
        summary = scrape([scrape_server.url_for(p) for p in ("/missing.htm", "/flaky.htm", "/busy.htm", "/down.htm")], out,
                         scrape_settings.with_(scrape_max_wait=0.2), progress=False)
    assert summary.outcomes == {"ok": 2, "http_404": 1, "http_503": 1}
    assert _requested(scrape_server, "/missing.htm") == 1                 # a 404 is not retried
    assert _requested(scrape_server, "/flaky.htm") == 2                   # 500, then success
    assert _requested(scrape_server, "/down.htm") == 1 + scrape_settings.scrape_retries
    # the 429's Retry-After (3 s) is longer than the backoff, so the wait is max_wait (0.2 s)
    assert any("busy.htm: http_429, retrying in 0.20 s" in r.getMessage() for r in caplog.records)
    assert "21 tập thể" in _record(out, scrape_server.url_for("/busy.htm"))["text"]
    assert summary.failed == 2 and "2 failed (1 http_404, 1 http_503)" in summary.line()


def test_scrape_follows_a_redirect_chain_and_keeps_the_final_url(scrape_server, scrape_settings, tmp_path):
    _serve_robots(scrape_server)
    scrape_server.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/newer?x=1"})
    scrape_server.expect_request("/newer").respond_with_data("", status=302, headers={"Location": scrape_server.url_for("/final.htm")})
    scrape_server.expect_request("/final.htm").respond_with_data((FIXTURES / "national_news.html").read_bytes(), content_type="text/html")
    scrape_server.expect_request("/loop-a").respond_with_data("", status=302, headers={"Location": "/loop-b"})
    scrape_server.expect_request("/loop-b").respond_with_data("", status=302, headers={"Location": "/loop-a"})
    out = tmp_path / "web"
    summary = scrape([scrape_server.url_for("/old"), scrape_server.url_for("/loop-a")], out, scrape_settings, progress=False)
    assert summary.outcomes == {"ok": 1, "too_many_redirects": 1}
    rec = _record(out, scrape_server.url_for("/old"))
    assert rec["url"] == scrape_server.url_for("/old") and rec["final_url"] == scrape_server.url_for("/final.htm")
    entry = _manifest(out)[scrape_server.url_for("/old")]
    assert entry["redirects"] == [scrape_server.url_for("/old"), scrape_server.url_for("/newer") + "?x=1"]


def test_scrape_gives_up_on_a_page_that_does_not_answer(scrape_server, scrape_settings, tmp_path):
    _serve_robots(scrape_server)

    def slow(request):
        time.sleep(1.0)
        return Response("<html><body>muộn</body></html>", content_type="text/html")

    scrape_server.expect_request("/slow.htm").respond_with_handler(slow)
    out = tmp_path / "web"
    summary = scrape([scrape_server.url_for("/slow.htm")], out, scrape_settings.with_(scrape_timeout=0.2, scrape_retries=1), progress=False)
    assert summary.outcomes == {"timeout": 1}
    assert _requested_soon(scrape_server, "/slow.htm") == 2
    assert "0.2 s" in _manifest(out)[scrape_server.url_for("/slow.htm")]["error"]


def _requested_soon(server, path: str) -> int:
    # the log gains an entry only once the slow handler has answered
    for _ in range(50):
        if _requested(server, path) >= 2:
            break
        time.sleep(0.05)
    return _requested(server, path)


def test_scrape_keeps_only_html_below_the_size_cap(scrape_server, scrape_settings, tmp_path):
    _serve_robots(scrape_server)
    big = b"<html><body>" + b"<p>Ch\xe1\xbb\xa7 t\xe1\xbb\x8bch t\xe1\xba\xb7ng B\xe1\xba\xb1ng khen.</p>" * 2000 + b"</body></html>"
    scrape_server.expect_request("/report.pdf").respond_with_data(b"%PDF-1.7 ...", content_type="application/pdf")
    scrape_server.expect_request("/photo.jpg").respond_with_data(b"\xff\xd8\xff\xe0", content_type="image/jpeg")
    scrape_server.expect_request("/big.htm").respond_with_data(big, content_type="text/html")
    # no Content-Length: the body is counted as it streams in
    scrape_server.expect_request("/big-chunked.htm").respond_with_handler(
        lambda request: Response((big[i:i + 4096] for i in range(0, len(big), 4096)), content_type="text/html"))
    out = tmp_path / "web"
    summary = scrape([scrape_server.url_for(p) for p in ("/report.pdf", "/photo.jpg", "/big.htm", "/big-chunked.htm")], out,
                     scrape_settings.with_(scrape_max_bytes=20_000), progress=False)
    assert summary.outcomes == {"not_html": 2, "too_large": 2}
    entries = _manifest(out)
    assert entries[scrape_server.url_for("/report.pdf")]["error"] == "content type application/pdf"
    assert not list(out.glob("*/*.json"))


def test_scrape_sitemap_index_with_nested_sitemaps_and_since(scrape_server, scrape_settings, tmp_path):
    _serve_robots(scrape_server)
    urls = _serve_pages(scrape_server)
    _serve_xml(scrape_server, "/sitemap.xml", "sitemap_index.xml")
    _serve_xml(scrape_server, "/sitemaps/archive.xml", "sitemap_archive.xml")
    _serve_xml(scrape_server, "/sitemaps/news-2025-01.xml", "sitemap_news_2025_01.xml")
    _serve_xml(scrape_server, "/sitemaps/news-2024-10.xml", "sitemap_news_2024_10.xml")
    _serve_xml(scrape_server, "/sitemaps/news-2022-05.xml", "sitemap_news_2022_05.xml")
    out = tmp_path / "web"
    summary = scrape(None, out, scrape_settings, sitemaps=[scrape_server.url_for("/sitemap.xml")], since=date(2024, 1, 1), progress=False)
    assert summary.outcomes == {"ok": 3, "before_since": 1}
    assert summary.indexes == {"ok": 4, "before_since": 1}
    assert _requested(scrape_server, "/sitemaps/news-2022-05.xml") == 0      # last changed before --since
    assert _requested(scrape_server, "/dia-phuong/tin-cu-2023.htm") == 0
    entries = _manifest(out)
    assert {u for u in urls[:3]} <= {u for u, e in entries.items() if e["outcome"] == "ok"}
    assert entries[scrape_server.url_for("/sitemaps/archive.xml")]["kind"] == "sitemap"


def test_scrape_rss_feed(scrape_server, scrape_settings, tmp_path):
    _serve_robots(scrape_server)
    urls = _serve_pages(scrape_server)
    _serve_xml(scrape_server, "/rss/dia-phuong.rss", "rss.xml")
    out = tmp_path / "web"
    summary = scrape(None, out, scrape_settings, feeds=[scrape_server.url_for("/rss/dia-phuong.rss")], since=date(2024, 1, 1), progress=False)
    assert summary.outcomes == {"ok": 2, "before_since": 1}
    assert "17 tập thể, 31 cá nhân" in _record(out, urls[3])["text"]


def test_scrape_resumed_run_fetches_nothing_new(scrape_server, scrape_settings, tmp_path):
    _serve_robots(scrape_server)
    page = (FIXTURES / "national_news.html").read_bytes()
    scrape_server.expect_request("/a.htm").respond_with_data(page, content_type="text/html", headers={"ETag": '"v1"'})
    scrape_server.expect_request("/gone.htm").respond_with_data("", status=410)
    urls = [scrape_server.url_for("/a.htm"), scrape_server.url_for("/gone.htm")]
    out = tmp_path / "web"
    scrape(urls, out, scrape_settings, progress=False)
    before = len(scrape_server.log)
    again = scrape(urls, out, scrape_settings, progress=False)
    assert again.outcomes == {"already_fetched": 2} and len(scrape_server.log) == before
    assert "0 fetched, 2 skipped (2 already_fetched)" in again.line()


def test_scrape_refresh_sends_the_etag_and_keeps_an_unchanged_page(scrape_server, scrape_settings, tmp_path):
    _serve_robots(scrape_server)
    page = (FIXTURES / "national_news.html").read_bytes()

    def conditional(request):
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304, headers={"ETag": '"v1"'})
        return Response(page, content_type="text/html", headers={"ETag": '"v1"', "Last-Modified": "Fri, 10 Jan 2025 09:42:00 GMT"})

    scrape_server.expect_request("/a.htm").respond_with_handler(conditional)
    url = scrape_server.url_for("/a.htm")
    out = tmp_path / "web"
    scrape([url], out, scrape_settings, progress=False)
    refreshed = scrape([url], out, scrape_settings, refresh=True, progress=False)
    assert refreshed.outcomes == {"not_modified": 1}
    request = scrape_server.log[-1][0]
    assert request.headers["If-None-Match"] == '"v1"' and request.headers["If-Modified-Since"] == "Fri, 10 Jan 2025 09:42:00 GMT"
    assert "18 tập thể và 27 cá nhân" in _record(out, url)["text"]
    assert _manifest(out)[url]["file"] == f"{record_name(url)}.json"


def test_scrape_interrupted_scrape_tries_transient_failures_again(scrape_server, scrape_settings, tmp_path):
    _serve_robots(scrape_server)
    url = scrape_server.url_for("/a.htm")
    out = tmp_path / "web"
    scrape_server.expect_oneshot_request("/a.htm").respond_with_data("", status=503)
    first = scrape([url], out, scrape_settings.with_(scrape_retries=0), progress=False)
    assert first.outcomes == {"http_503": 1}
    scrape_server.expect_request("/a.htm").respond_with_data((FIXTURES / "news_agency.html").read_bytes(), content_type="text/html")
    # a manifest line cut short by an interruption is ignored
    with (out / ".scrape" / "manifest.jsonl").open("a", encoding="utf-8") as f:
        f.write('{"url": "http://127.0.0.1/x", "outc')
    second = scrape([url], out, scrape_settings, progress=False)
    assert second.outcomes == {"ok": 1}


def test_scrape_reextract_rebuilds_records_without_the_network(scrape_server, scrape_settings, tmp_path):
    _serve_robots(scrape_server)
    urls = _serve_pages(scrape_server)[:1]
    out = tmp_path / "web"
    scrape(urls, out, scrape_settings, progress=False)
    path = out / f"{record_name(urls[0])}.json"
    expected = json.loads(path.read_text(encoding="utf-8"))
    path.unlink()
    before = len(scrape_server.log)
    summary = scrape(None, out, scrape_settings, reextract=True, progress=False)
    assert summary.outcomes == {"ok": 1} and len(scrape_server.log) == before
    assert json.loads(path.read_text(encoding="utf-8")) == expected


def test_scrape_records_the_beautifulsoup_fallback(scrape_server, scrape_settings, tmp_path):
    _serve_robots(scrape_server)
    scrape_server.expect_request("/short.htm").respond_with_data(
        "<html><body><div>Tặng Bằng khen cho 5 tập thể.</div></body></html>", content_type="text/html")
    out = tmp_path / "web"
    scrape([scrape_server.url_for("/short.htm")], out, scrape_settings, progress=False)
    rec = _record(out, scrape_server.url_for("/short.htm"))
    assert rec["extractor"] == "bs4_fallback" and "5 tập thể" in rec["text"]
    assert _manifest(out)[scrape_server.url_for("/short.htm")]["extractor"] == "bs4_fallback"


@pytest.mark.parametrize("per_host", [1, 2])
def test_scrape_never_sends_more_than_per_host_requests_at_once(per_host, scrape_server, scrape_settings, tmp_path):
    _serve_robots(scrape_server)
    lock, state = threading.Lock(), {"now": 0, "most": 0}

    def counting(request):
        with lock:
            state["now"] += 1
            state["most"] = max(state["most"], state["now"])
        time.sleep(0.05)
        with lock:
            state["now"] -= 1
        return Response("", status=404)

    scrape_server.expect_request(re.compile(r"/p/\d+")).respond_with_handler(counting)
    summary = scrape([scrape_server.url_for(f"/p/{i}") for i in range(6)], tmp_path / "web",
                     scrape_settings.with_(scrape_per_host=per_host, scrape_concurrency=6), progress=False)
    assert summary.outcomes == {"http_404": 6}
    assert 1 <= state["most"] <= per_host


def test_scrape_sends_a_clear_user_agent(scrape_server, scrape_settings, tmp_path):
    _serve_robots(scrape_server)
    scrape_server.expect_request("/a.htm").respond_with_data("", status=404)
    scrape([scrape_server.url_for("/a.htm")], tmp_path / "web", scrape_settings, progress=False)
    agent = scrape_server.log[-1][0].headers["User-Agent"]
    assert agent.startswith("thidua/") and "robots.txt" in agent


def test_scrape_bad_urls_are_recorded_not_fatal(tmp_path, scrape_settings):
    summary = scrape(["ftp://example.vn/a", "không phải URL"], tmp_path / "web", scrape_settings, progress=False)
    assert summary.outcomes == {"bad_url": 2}
    assert {e["outcome"] for e in _manifest(tmp_path / "web").values()} == {"bad_url"}


# --- the command line, end to end ---------------------------------------------

def test_scrape_cli_needs_something_to_scrape(tmp_path):
    result = CliRunner().invoke(main, ["scrape", "-o", str(tmp_path / "web")])
    assert result.exit_code == 2 and "--sitemap" in result.output


@pytest.mark.slow
def test_scrape_cli_then_run_finds_the_award_facts(scrape_server, tmp_path):
    _serve_robots(scrape_server)
    urls = _serve_pages(scrape_server)
    list_file = tmp_path / "urls.txt"
    list_file.write_text("# fixture site\n" + "\n".join(urls) + "\n", encoding="utf-8")
    config = tmp_path / "fast.cfg"
    config.write_text("[scrape]\nbackoff = 0.001\nmax_wait = 0.05\n", encoding="utf-8")
    runner = CliRunner()
    web, tables = tmp_path / "corpus" / "web", tmp_path / "outputs"
    result = runner.invoke(main, ["scrape", str(list_file), "-o", str(web), "--delay", "0", "--config", str(config)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "4 URLs: 4 fetched" in result.output
    result = runner.invoke(main, ["run", str(web), "-o", str(tables), "-j", "1", "-q"], catch_exceptions=False)
    assert result.exit_code == 0, result.output

    articles = pd.read_parquet(tables / "articles.parquet")
    assert len(articles) == 4 and set(articles["status"]) == {"ok"}        # raw pages and manifest are not read as articles
    assert set(articles["url"]) == set(urls)
    by_url = articles.set_index("article_id")["url"]
    awards = pd.read_parquet(tables / "awards.parquet")
    facts = {(by_url[r.article_id], r.award_id, *(None if pd.isna(v) else int(v) for v in (r.n_collectives, r.n_individuals, r.n_households)))
             for r in awards.itertuples()}
    portal, national, agency, legacy = urls
    assert {
        (portal, "huan_chuong_lao_dong", 2, 3, None),
        (portal, "co_thi_dua_tinh", 12, None, None),
        (portal, "bang_khen_tinh", 35, 52, None),
        (national, "bang_khen_thu_tuong", None, 4, None),
        (agency, "bang_khen_tinh", 20, 25, None),
        (legacy, "giay_khen", 17, 31, 9),
    } <= facts
    # nothing from the related stories, read-more tails or comments
    assert not {f for f in facts if f[2:4] in ((61, 72), (7, None), (5, None))}
