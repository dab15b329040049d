"""Scrape: web pages (from a URL list, sitemaps or feeds) into a folder of JSON records `thidua run` reads.

1. discover: URLs from a list, from sitemaps (indexes followed) and RSS/Atom feeds, `since` applied;
2. fetch: robots.txt obeyed, a delay and a concurrency limit per host, retries with exponential
   backoff, redirects followed hop by hop (each hop checked against robots.txt), size and
   content-type checks;
3. decode: BOM, UTF-8, the declared charsets, detection (`load.decode_named`);
4. extract: `clean.html_to_text` (trafilatura; BeautifulSoup when it returns too little, recorded);
5. store: `<host>/<slug>-<hash>.json` per page, the raw page gzip-compressed under
   `.scrape/raw/`, and one line per URL in `.scrape/manifest.jsonl` (`thidua run` skips dot-folders).

A URL whose last outcome is final (ok, 404, too large, not HTML…) is not fetched again unless
`refresh`, and then ETag/Last-Modified make an unchanged page a cheap 304. Transient failures
(timeouts, connection errors, 429, 5xx, robots.txt unreachable) are tried again on the next run,
so an interrupted scrape resumes where it stopped.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import json
import logging
import re
import sys
import time
import unicodedata
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from email.utils import parsedate_to_datetime
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

import httpx

from .clean import html_to_text
from .errors import InputError
from .load import declared_charsets, decode_named
from .resolve import parse_iso_date
from .settings import Settings
from .write import _atomic as atomic_write, prepare_output_dir

log = logging.getLogger(__name__)

STATE_DIR = ".scrape"
MANIFEST = "manifest.jsonl"
_REDIRECTS = (301, 302, 303, 307, 308)
# outcomes that end a URL for good: later runs skip it unless refresh
_FINAL = frozenset({"ok", "not_modified", "too_large", "not_html", "too_many_redirects", "bad_url"})
_FETCHED = frozenset({"ok", "not_modified"})
_SKIPPED = frozenset({"already_fetched", "robots", "before_since"})
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)", re.IGNORECASE | re.DOTALL)


def is_final(outcome: str) -> bool:
    """Whether a URL with this outcome is left alone by the next run (of HTTP errors, 4xx but 408 and 429)."""
    if outcome in _FINAL:
        return True
    m = re.fullmatch(r"http_(\d{3})", outcome)
    return bool(m) and 400 <= int(m.group(1)) < 500 and int(m.group(1)) not in (408, 429)


# --- names and inputs -----------------------------------------------------------

def record_name(url: str) -> str:
    """`<host>/<slug>-<hash>` for a URL: only [A-Za-z0-9._-] in each part, no leading dot, bounded
    length, so no URL can climb out of the output folder; the hash of the whole URL keeps names unique."""
    parts = urlsplit(url)
    host = _UNSAFE.sub("-", (parts.hostname or "unknown").lower()).strip(".-")[:100] or "unknown"
    if parts.port:
        host += f"_{parts.port}"
    path = re.sub(r"\.(?:s?html?|aspx?|php|jsp|cfm)$", "", unquote(parts.path), flags=re.IGNORECASE)
    slug = _UNSAFE.sub("-", path + ("-" + unquote(parts.query) if parts.query else ""))
    slug = slug.strip(".-")[-80:].strip(".-") or "index"
    return f"{host}/{slug}-{hashlib.sha1(url.encode('utf-8')).hexdigest()[:12]}"


def normalise_url(url: str) -> str | None:
    """The URL without its fragment, or None when it is not an absolute http(s) URL."""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return urlunsplit((parts.scheme.lower(), parts.netloc, parts.path or "/", parts.query, ""))


def read_url_list(path: Path | str) -> list[str]:
    """URLs of a text file, one a line; blank lines and lines starting with # are skipped; "-" reads stdin."""
    if str(path) == "-":
        lines = sys.stdin.read().splitlines()
    else:
        try:
            lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read the URL list {path}: {exc}; give a UTF-8 text file, one URL a line") from exc
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def parse_date(value: str | None) -> date | None:
    """A date from a sitemap <lastmod> (W3C datetime), an RSS <pubDate> (RFC 822) or an Atom date."""
    if not value:
        return None
    value = value.strip()
    found = parse_iso_date(value)
    if found is not None:
        return found
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return None


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child_text(el, *names: str) -> str | None:
    for child in el:
        if _local(child.tag) in names and (child.text or "").strip():
            return child.text.strip()
    return None


def _xml_root(body: bytes, max_bytes: int = 50_000_000):
    from lxml import etree

    if body[:2] == b"\x1f\x8b":  # a .xml.gz sitemap served as a file, not as Content-Encoding
        inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
        body = inflate.decompress(body, max_bytes)
        if inflate.unconsumed_tail:
            raise ValueError(f"compressed sitemap inflates beyond {max_bytes:,} bytes")
    # no entities, no network: a hostile sitemap cannot read files or make requests
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
    return etree.fromstring(body, parser=parser)


def parse_index(body: bytes, max_bytes: int = 50_000_000) -> tuple[list[tuple[str, date | None]], list[tuple[str, date | None]]]:
    """(pages, nested sitemaps), each as (url, date), of a sitemap, a sitemap index (gzip-compressed
    or not), an RSS 1/2 or an Atom feed: all are read alike, so a feed given as a sitemap still works."""
    root = _xml_root(body, max_bytes)
    pages, nested = [], []
    if root is None:
        return pages, nested
    for el in root.iter():
        kind = _local(el.tag)
        if kind in ("url", "sitemap"):  # sitemap protocol
            link, when = _child_text(el, "loc"), _child_text(el, "lastmod")
        elif kind == "item":  # RSS
            link = _child_text(el, "link") or el.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about")
            when = _child_text(el, "pubdate", "date", "published", "updated")
        elif kind == "entry":  # Atom
            links = [c for c in el if _local(c.tag) == "link" and c.get("href")]
            alternate = [c for c in links if c.get("rel", "alternate") == "alternate"]
            link = (alternate or links)[0].get("href") if links else None
            when = _child_text(el, "published", "updated")
        else:
            continue
        if link:
            (nested if kind == "sitemap" else pages).append((link.strip(), parse_date(when)))
    return pages, nested


def interleave_hosts(urls: list[str]) -> list[str]:
    """URLs reordered one host at a time, so workers waiting on a slow host do not starve the others."""
    by_host: dict[str, list[str]] = defaultdict(list)
    for url in urls:
        by_host[urlsplit(url).netloc.lower()].append(url)
    queues = list(by_host.values())
    out = []
    for i in range(max((len(q) for q in queues), default=0)):
        out.extend(q[i] for q in queues if i < len(q))
    return out


# --- fetching -------------------------------------------------------------------

@dataclass(slots=True)
class Response:
    """What a GET came to: `outcome` is None when `body` holds a page to keep."""

    url: str
    outcome: str | None = None
    status: int | None = None
    headers: httpx.Headers = field(default_factory=httpx.Headers)
    body: bytes = b""
    error: str | None = None
    redirects: list[str] = field(default_factory=list)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


def retry_wait(attempt: int, retry_after: str | None, settings: Settings) -> float:
    """Seconds before retry number `attempt` (0-based): backoff doubling, a longer Retry-After wins, at most max_wait."""
    wait = settings.scrape_backoff * 2 ** attempt
    asked = parse_retry_after(retry_after)
    if asked is not None:
        wait = max(wait, asked)
    return min(wait, settings.scrape_max_wait)


def _retryable(resp: Response) -> bool:
    return resp.outcome in ("timeout", "connection_error") or resp.status == 429 or (resp.status or 0) >= 500


def user_agent(settings: Settings) -> str:
    try:
        version = metadata.version("thidua")
    except metadata.PackageNotFoundError:
        version = "dev"
    return settings.scrape_user_agent.replace("{version}", version)


class _Host:
    """Politeness state of one host: request slots, when the next request may start, its robots.txt."""

    __slots__ = ("slots", "next_at", "delay", "robots", "robots_unavailable", "robots_lock")

    def __init__(self, per_host: int, delay: float):
        self.slots = asyncio.Semaphore(per_host)
        self.next_at = 0.0
        self.delay = delay
        self.robots: RobotFileParser | None = None
        self.robots_unavailable = False
        self.robots_lock = asyncio.Lock()


class Fetcher:
    """GETs through one httpx client, polite per host, with retries, redirects and robots.txt."""

    def __init__(self, settings: Settings, client: httpx.AsyncClient):
        self.settings = settings
        self.client = client
        self.agent = user_agent(settings)
        self.hosts: dict[str, _Host] = {}

    def _host(self, url: str) -> _Host:
        key = urlsplit(url).netloc.lower()
        if key not in self.hosts:
            self.hosts[key] = _Host(self.settings.scrape_per_host, self.settings.scrape_delay)
        return self.hosts[key]

    async def fetch(self, url: str, headers: dict | None = None, any_type: bool = False) -> Response:
        """GET `url`, following redirects hop by hop; the Response carries the final URL."""
        redirects: list[str] = []
        for _ in range(self.settings.scrape_max_redirects + 1):
            refused = await self.refused_by_robots(url)
            if refused:
                return Response(url, refused, redirects=redirects)
            resp = await self._with_retries(url, headers, any_type)
            location = resp.headers.get("location")
            if resp.status in _REDIRECTS and location:
                redirects.append(url)
                url = normalise_url(urljoin(url, location)) or url
                if url in redirects:
                    return Response(url, "too_many_redirects", resp.status, error="redirect loop", redirects=redirects)
                continue
            resp.redirects = redirects
            return resp
        return Response(url, "too_many_redirects", error=f"more than {self.settings.scrape_max_redirects} redirects", redirects=redirects)

    async def refused_by_robots(self, url: str) -> str | None:
        """"robots" when robots.txt disallows `url`, "robots_unavailable" when it cannot be read (RFC 9309: 5xx
        or no answer means disallow), None when allowed."""
        host = self._host(url)
        async with host.robots_lock:
            if host.robots is None:
                host.robots = await self._load_robots(url, host)
        if host.robots_unavailable:
            return "robots_unavailable"
        return None if host.robots.can_fetch(self.agent, url) else "robots"

    async def _load_robots(self, url: str, host: _Host) -> RobotFileParser:
        parts = urlsplit(url)
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        rp = RobotFileParser(robots_url)
        resp = await self._with_retries(robots_url, None, any_type=True)
        for _ in range(5):  # RFC 9309: follow at least five redirects
            location = resp.headers.get("location")
            if resp.status not in _REDIRECTS or not location:
                break
            resp = await self._with_retries(urljoin(resp.url, location), None, any_type=True)
        if resp.status is not None and 200 <= resp.status < 300 and resp.outcome is None:
            rp.parse(resp.body.decode("utf-8", errors="replace").splitlines())
        elif resp.status is not None and 400 <= resp.status < 500 and resp.status != 429:
            rp.allow_all = True  # no robots.txt: everything is allowed
        else:
            log.warning("robots.txt of %s unreadable (%s): not fetching from this host", parts.netloc, resp.outcome or resp.status)
            rp.disallow_all = True
            host.robots_unavailable = True
        delay = rp.crawl_delay(self.agent)
        if delay and float(delay) > host.delay:
            log.info("%s asks for %s s between requests (Crawl-delay)", parts.netloc, delay)
            host.delay = float(delay)
        return rp

    async def _with_retries(self, url: str, headers: dict | None, any_type: bool) -> Response:
        attempt = 0
        while True:
            resp = await self._once(url, headers, any_type)
            if not _retryable(resp) or attempt >= self.settings.scrape_retries:
                return resp
            wait = retry_wait(attempt, resp.headers.get("retry-after"), self.settings)
            log.info("%s: %s, retrying in %.2f s", url, resp.outcome or resp.status, wait)
            await asyncio.sleep(wait)
            attempt += 1

    async def _once(self, url: str, headers: dict | None, any_type: bool) -> Response:
        host = self._host(url)
        async with host.slots:
            # pace: the next request to this host may start `delay` seconds after this one
            loop = asyncio.get_running_loop()
            now = loop.time()
            wait = host.next_at - now
            host.next_at = max(now, host.next_at) + host.delay
            if wait > 0:
                await asyncio.sleep(wait)
            try:
                # httpx's timeout bounds each read; this bounds a page trickling in for ever
                async with asyncio.timeout(self.settings.scrape_timeout * 4):
                    async with self.client.stream("GET", url, headers=headers) as r:
                        return await self._read(r, url, any_type)
            except (httpx.TimeoutException, TimeoutError) as exc:
                return Response(url, "timeout", error=f"no answer within {self.settings.scrape_timeout:g} s ({type(exc).__name__})")
            except httpx.InvalidURL as exc:
                return Response(url, "bad_url", error=str(exc))
            except httpx.HTTPError as exc:
                return Response(url, "connection_error", error=f"{type(exc).__name__}: {exc}"[:300])

    async def _read(self, r: httpx.Response, url: str, any_type: bool) -> Response:
        resp = Response(url, status=r.status_code, headers=r.headers)
        limit = self.settings.scrape_max_bytes
        if r.status_code in _REDIRECTS and r.headers.get("location"):
            return resp
        if r.status_code == 304:
            resp.outcome = "not_modified"
            return resp
        if not 200 <= r.status_code < 300:
            resp.outcome, resp.error = f"http_{r.status_code}", r.reason_phrase or None
            return resp
        ctype = r.headers.get("content-type", "").split(";")[0].strip().lower()
        if not any_type and ctype and ctype not in self.settings.scrape_content_types:
            resp.outcome, resp.error = "not_html", f"content type {ctype}"
            return resp
        length = r.headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            resp.outcome, resp.error = "too_large", f"{int(length):,} bytes > max_bytes {limit:,}"
            return resp
        body = bytearray()
        async for chunk in r.aiter_bytes():  # decompressed: a gzip bomb stops at the limit too
            body += chunk
            if len(body) > limit:
                resp.outcome, resp.error = "too_large", f"more than max_bytes {limit:,} bytes"
                return resp
        if not any_type and not ctype and not _HTML_START.match(bytes(body[:2048])):
            resp.outcome, resp.error = "not_html", "no content type and the body is not HTML"
            return resp
        resp.body = bytes(body)
        return resp


# --- records and the manifest ---------------------------------------------------

def page_record(body: bytes, *, url: str, final_url: str, content_type: str = "", **fields) -> dict:
    """The JSON record of a fetched page (what `thidua run` reads): decoded, extracted, with its metadata."""
    header = _CHARSET.search(content_type or "")
    html, encoding = decode_named(body, [*([header.group(1).lower()] if header else []), *declared_charsets(body)])
    text, meta = html_to_text(unicodedata.normalize("NFC", html), final_url)
    return {
        "url": url,
        "final_url": final_url,
        "canonical_url": meta.get("url"),
        **fields,
        "content_type": content_type,
        "encoding": encoding,
        "title": meta.get("title"),
        "published": meta.get("published"),
        "author": meta.get("author"),
        "sitename": meta.get("sitename"),
        "extractor": meta.get("extractor"),
        "text": text,
    }


def _write_json(path: Path, obj) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, lambda tmp: Path(tmp).write_text(json.dumps(obj, ensure_ascii=False, indent=1), encoding="utf-8"))


def _write_gzip(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, lambda tmp: Path(tmp).write_bytes(gzip.compress(data, mtime=0)))


class Manifest:
    """Every URL's last outcome: appended a line at a time (an interrupted scrape loses nothing), compacted at the end."""

    def __init__(self, output_dir: Path):
        self.path = output_dir / STATE_DIR / MANIFEST
        self.entries: dict[str, dict] = {}
        if self.path.is_file():
            for line in self.path.read_text(encoding="utf-8").splitlines():
                try:
                    entry = json.loads(line)
                    self.entries[entry["url"]] = entry
                except (json.JSONDecodeError, KeyError, TypeError):
                    continue  # a line cut short by an interruption
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._file = None

    def record(self, entry: dict) -> None:
        entry = {k: v for k, v in entry.items() if v is not None}
        self.entries[entry["url"]] = entry
        if self._file is None:
            self._file = self.path.open("a", encoding="utf-8")
        self._file.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self._file.flush()

    def compact(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        lines = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in self.entries.values())
        atomic_write(self.path, lambda tmp: Path(tmp).write_text(lines, encoding="utf-8"))


@dataclass(slots=True)
class ScrapeSummary:
    output_dir: Path
    outcomes: Counter = field(default_factory=Counter)    # pages, by outcome
    indexes: Counter = field(default_factory=Counter)     # sitemaps and feeds, by outcome
    seconds: float = 0.0

    @property
    def fetched(self) -> int:
        return sum(n for o, n in self.outcomes.items() if o in _FETCHED)

    @property
    def skipped(self) -> int:
        return sum(n for o, n in self.outcomes.items() if o in _SKIPPED)

    @property
    def failed(self) -> int:
        return sum(self.outcomes.values()) - self.fetched - self.skipped

    def line(self) -> str:
        def detail(keep) -> str:
            parts = [f"{n} {o}" for o, n in sorted(self.outcomes.items()) if keep(o)]
            return f" ({', '.join(parts)})" if parts else ""

        read = sum(n for o, n in self.indexes.items() if o == "ok")
        indexes = f", {read} of {sum(self.indexes.values())} sitemaps/feeds read" if self.indexes else ""
        return (f"{sum(self.outcomes.values())} URLs: {self.fetched} fetched{detail(lambda o: o == 'not_modified')}, "
                f"{self.skipped} skipped{detail(lambda o: o in _SKIPPED)}, "
                f"{self.failed} failed{detail(lambda o: o not in _FETCHED and o not in _SKIPPED)}{indexes} "
                f"in {self.seconds:.1f}s; records in {self.output_dir}/")


# --- the scrape -----------------------------------------------------------------

def _raw_name(name: str) -> str:
    return f"{STATE_DIR}/raw/{name}.html.gz"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class _Scrape:
    def __init__(self, output_dir: Path, settings: Settings, refresh: bool, since: date | None, progress: bool | None):
        self.output_dir = output_dir
        self.settings = settings
        self.refresh = refresh
        self.since = since
        self.progress = progress
        self.manifest = Manifest(output_dir)
        self.summary = ScrapeSummary(output_dir)

    async def discover(self, fetcher: Fetcher, sitemaps: Iterable[str], feeds: Iterable[str]) -> list[tuple[str, date | None]]:
        """Pages named by the sitemaps (nested indexes followed to max_sitemap_depth) and feeds."""
        found: list[tuple[str, date | None]] = []
        queue = [(url, "sitemap", 0) for url in sitemaps] + [(url, "feed", 0) for url in feeds]
        seen: set[str] = set()
        while queue:
            raw_url, kind, depth = queue.pop(0)
            url = normalise_url(raw_url)
            if url is None or url in seen:
                if url is None:
                    self._index_done({"url": raw_url, "kind": kind, "outcome": "bad_url"})
                continue
            seen.add(url)
            resp = await fetcher.fetch(url, any_type=True)
            entry = {"url": url, "kind": kind, "outcome": resp.outcome or "ok", "http_status": resp.status,
                     "final_url": resp.url if resp.url != url else None, "error": resp.error, "fetched_at": _now()}
            if resp.outcome is None:
                try:
                    pages, nested = parse_index(resp.body, self.settings.scrape_max_bytes)
                    found.extend(pages)
                    log.info("%s: %d pages, %d nested sitemaps", url, len(pages), len(nested))
                    for child, lastmod in nested:
                        if depth + 1 > self.settings.scrape_max_sitemap_depth:
                            log.warning("%s: nested sitemap %s is deeper than max_sitemap_depth", url, child)
                        elif self.since and lastmod and lastmod < self.since:
                            self._index_done({"url": child, "kind": "sitemap", "outcome": "before_since", "lastmod": lastmod.isoformat()})
                        else:
                            queue.append((child, "sitemap", depth + 1))
                except Exception as exc:  # a broken sitemap must not stop the scrape
                    entry.update(outcome="not_xml", error=f"{type(exc).__name__}: {exc}"[:300])
            self._index_done(entry)
        return found

    def _index_done(self, entry: dict) -> None:
        self.manifest.record(entry)
        self.summary.indexes[entry["outcome"]] += 1

    def _record_path(self, name: str) -> Path:
        return self.output_dir / f"{name}.json"

    async def page(self, fetcher: Fetcher, url: str, lastmod: date | None) -> str:
        """Fetch, extract and store one page; returns its outcome. Never raises."""
        name = record_name(url)
        prev = self.manifest.entries.get(url)
        have_record = self._record_path(name).is_file()
        if prev and not self.refresh and is_final(prev.get("outcome", "")) and (have_record or prev["outcome"] not in _FETCHED):
            return "already_fetched"
        if self.since and lastmod and lastmod < self.since:
            self.manifest.record({"url": url, "kind": "page", "outcome": "before_since", "lastmod": lastmod.isoformat()})
            return "before_since"
        headers = {}
        if prev and have_record and prev.get("outcome") in _FETCHED:
            if prev.get("etag"):
                headers["If-None-Match"] = prev["etag"]
            if prev.get("last_modified"):
                headers["If-Modified-Since"] = prev["last_modified"]
        entry = {"url": url, "kind": "page", "fetched_at": _now(), "lastmod": lastmod.isoformat() if lastmod else None}
        try:
            resp = await fetcher.fetch(url, headers=headers)
            entry.update(outcome=resp.outcome or "ok", http_status=resp.status, error=resp.error,
                         final_url=resp.url, redirects=resp.redirects or None)
            if resp.outcome == "not_modified" and not headers:
                entry["outcome"] = "http_304"  # a 304 to a request that was not conditional
            elif resp.outcome == "not_modified":
                entry.update({k: prev.get(k) for k in ("file", "content_type", "etag", "last_modified", "extractor")})
            elif resp.outcome is None:
                content_type = resp.headers.get("content-type", "")
                record = page_record(resp.body, url=url, final_url=resp.url, content_type=content_type,
                                     fetched_at=entry["fetched_at"], http_status=resp.status, raw_html=_raw_name(name))
                _write_gzip(self.output_dir / _raw_name(name), resp.body)
                _write_json(self._record_path(name), record)
                entry.update(file=f"{name}.json", content_type=content_type, etag=resp.headers.get("etag"),
                             last_modified=resp.headers.get("last-modified"), extractor=record["extractor"])
        except Exception as exc:  # one bad page must not stop the scrape
            log.warning("%s: %s: %s", url, type(exc).__name__, exc, exc_info=log.isEnabledFor(logging.DEBUG))
            entry.update(outcome="error", error=f"{type(exc).__name__}: {exc}"[:300])
        self.manifest.record(entry)
        return entry["outcome"]

    async def run(self, urls: list[str], sitemaps: Iterable[str], feeds: Iterable[str]) -> ScrapeSummary:
        from tqdm import tqdm

        s = self.settings
        limits = httpx.Limits(max_connections=s.scrape_concurrency, max_keepalive_connections=s.scrape_concurrency)
        async with httpx.AsyncClient(headers={"User-Agent": user_agent(s)}, timeout=httpx.Timeout(s.scrape_timeout),
                                     limits=limits, follow_redirects=False) as client:
            fetcher = Fetcher(s, client)
            listed = [(u, None) for u in urls] + await self.discover(fetcher, sitemaps, feeds)
            lastmods: dict[str, date | None] = {}
            for raw_url, lastmod in listed:
                url = normalise_url(raw_url)
                if url is None:
                    self.manifest.record({"url": raw_url, "kind": "page", "outcome": "bad_url", "error": "not an absolute http(s) URL"})
                    self.summary.outcomes["bad_url"] += 1
                elif url not in lastmods:
                    lastmods[url] = lastmod
            queue: asyncio.Queue = asyncio.Queue()
            for url in interleave_hosts(list(lastmods)):
                queue.put_nowait(url)
            bar = tqdm(total=len(lastmods), unit="url", desc="thidua scrape",
                       disable=(not sys.stderr.isatty()) if self.progress is None else not self.progress)

            async def worker():
                while not queue.empty():
                    url = queue.get_nowait()
                    self.summary.outcomes[await self.page(fetcher, url, lastmods[url])] += 1
                    bar.update(1)

            try:
                await asyncio.gather(*(worker() for _ in range(min(s.scrape_concurrency, max(len(lastmods), 1)))))
            finally:
                bar.close()
        return self.summary

    def reextract(self) -> ScrapeSummary:
        """Rebuild every stored record from its raw page, without the network."""
        for url, entry in self.manifest.entries.items():
            if entry.get("kind") != "page" or entry.get("outcome") not in _FETCHED or not entry.get("file"):
                continue
            name = entry["file"].removesuffix(".json")
            try:
                body = gzip.decompress((self.output_dir / _raw_name(name)).read_bytes())
                _write_json(self._record_path(name), page_record(
                    body, url=url, final_url=entry.get("final_url") or url, content_type=entry.get("content_type", ""),
                    fetched_at=entry.get("fetched_at"), http_status=entry.get("http_status"), raw_html=_raw_name(name)))
                self.summary.outcomes["ok"] += 1
            except (OSError, ValueError, EOFError) as exc:
                log.warning("%s: cannot re-extract from %s: %s", url, _raw_name(name), exc)
                self.summary.outcomes["error"] += 1
        return self.summary


def _run_coroutine(coro):
    """asyncio.run, also from inside a running event loop (a notebook): then in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def scrape(urls: Path | str | Iterable[str] | None, output_dir: Path, settings: Settings, *,
           sitemaps: Iterable[str] = (), feeds: Iterable[str] = (), since: date | None = None,
           refresh: bool = False, reextract: bool = False, progress: bool | None = None) -> ScrapeSummary:
    """Fetch pages into `output_dir` as JSON records `thidua run` reads; returns counts by outcome.

    `urls` is a file of URLs (one a line, # comments), an iterable of URLs or one URL; `sitemaps` and `feeds`
    add the pages they list, those dated before `since` left out. `refresh` fetches again pages
    already stored (conditionally: an unchanged page answers 304). `reextract` rebuilds the records
    from the stored raw pages without fetching anything. `progress=None` shows a bar only on a terminal.
    """
    t0 = time.perf_counter()
    output_dir = prepare_output_dir(Path(output_dir))
    job = _Scrape(output_dir, settings, refresh, since, progress)
    try:
        if reextract:
            summary = job.reextract()
        else:
            if isinstance(urls, str) and normalise_url(urls):
                url_list = [urls]  # one URL, not a file name
            else:
                url_list = read_url_list(urls) if isinstance(urls, (str, Path)) else list(urls or ())
            sitemaps, feeds = list(sitemaps), list(feeds)
            if not (url_list or sitemaps or feeds):
                raise InputError("nothing to scrape: give a file of URLs (one a line), --sitemap URL or --feed URL")
            summary = _run_coroutine(job.run(url_list, sitemaps, feeds))
    finally:
        job.manifest.compact()
    summary.seconds = time.perf_counter() - t0
    return summary
