"""Report: a static HTML site over a run's outputs, so a count can be checked against its sentence.

`report/index.html` is the overview (recipients by award, province and year as
SVG charts and sortable tables; articles by status with the reasons);
`report/events.html` sets the sources of one event side by side;
`report/articles/<article_id>.html` shows one article's cleaned text with every
extracted span highlighted by kind, and its award rows: a click on a row
scrolls to its evidence and highlights it.

The pages open from disk with no network: styles and the one small script are
inline, allowed by a Content-Security-Policy that names their hashes, so no
other script can run even if one slipped through. Everything that comes from
an article is HTML-escaped by Jinja2's autoescaping or `markupsafe.escape`.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import re
import shutil
import tempfile
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

import pandas as pd
import regex
from markupsafe import Markup, escape

from .errors import OutputError
from .events import events as find_events
from .tables import read_tables, records
from .tally import COUNT_FIELDS, article_recipients, recipients, say_counts

log = logging.getLogger(__name__)

# what each extractor's spans are called on the page (doc.spans keys → kinds)
SPAN_KINDS = {"thidua_officials": "official", "thidua_dates": "date", "thidua_places": "province", "thidua_themes": "theme"}
# legend order; a later kind is drawn over an earlier one where spans overlap (report.css follows it)
KINDS = ("theme", "province", "date", "award", "official", "count")
CHART_TOP = 15  # bars in a chart; the table beside it has every row
# a file in every report folder: only a folder that has it is ever replaced
MARKER = ".thidua-report"


def report(outputs_dir: Path, report_dir: Path) -> Path:
    """Build the HTML report of the outputs folder `outputs_dir` into `report_dir`; returns its index.html.

    The folder is built beside the target and swapped in whole, so an
    interrupted build leaves the previous report as it was.
    """
    tables = read_tables(outputs_dir)
    event_table = find_events(tables)
    site = _Site(tables, event_table)
    report_dir = Path(report_dir)
    try:
        report_dir.parent.mkdir(parents=True, exist_ok=True)
        build = Path(tempfile.mkdtemp(prefix=f".{report_dir.name}.", dir=report_dir.parent))
    except OSError as exc:
        raise OutputError(f"cannot write the report to {report_dir}: {exc.strerror or exc}; choose another folder with -o") from exc
    try:
        (build / "articles").mkdir()
        (build / MARKER).write_text("made by thidua report; the folder is replaced whole by the next report\n", encoding="utf-8")
        _write(build / "index.html", site.render("index.html", **site.overview()))
        _write(build / "events.html", site.render("events.html", **site.events_context()))
        for article in site.pages.values():
            _write(build / "articles" / f"{page_name(article['article_id'])}.html",
                   site.render("article.html", root="../", **site.article_context(article)))
        _swap(build, report_dir)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    log.info("report: %d article pages, %d events in %s", len(site.articles), len(event_table), report_dir)
    return report_dir / "index.html"


def page_name(article_id: str) -> str:
    """File name of an article's page (ids are hex digests; anything else is made safe)."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", article_id)


def _write(path: Path, html: str) -> None:
    path.write_text(html, encoding="utf-8")


def _swap(build: Path, target: Path) -> None:
    """Replace `target` by `build`: the old report moves aside first and is removed last."""
    old = None
    if target.exists():
        if not (target / MARKER).is_file() and any(target.iterdir()):
            raise OutputError(f"{target} exists and is not a thidua report; choose an empty or new folder with -o")
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        os.replace(target, old)
    os.replace(build, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


# ---------------------------------------------------------------- the site


class _Site:
    """The tables, grouped per article once, and the contexts of every page."""

    def __init__(self, tables: dict[str, pd.DataFrame], event_table: pd.DataFrame):
        self.tables = tables
        self.articles = records(tables["articles"])
        # one page per article_id: a duplicate (same text, same id) is shown on its original's page,
        # which lists every input it came from
        self.pages: dict[str, dict] = {}
        self.copies: dict[str, list[dict]] = defaultdict(list)
        for a in sorted(self.articles, key=lambda a: a["status"] != "ok"):
            self.pages.setdefault(a["article_id"], a)
            self.copies[a["article_id"]].append(a)
        self.awards = _grouped(tables["awards"])
        self.officials = _grouped(tables["officials"])
        self.themes = _grouped(tables["themes"])
        self.spans = _grouped(tables["spans"]) if "spans" in tables else {}
        self.texts = dict(zip(tables["texts"]["article_id"], tables["texts"]["text"])) if "texts" in tables else {}
        self.has_texts = "texts" in tables
        self.events = records(event_table)
        self.events_of: dict[str, list[dict]] = defaultdict(list)
        for ev in self.events:
            for aid in ev["article_ids"]:
                self.events_of[aid].append(ev)

    def render(self, template: str, root: str = "", **context) -> str:
        return _env().get_template(template).render(root=root, csp=_csp(), css=Markup(_asset("report.css")),
                                                     js=Markup(_asset("report.js")), kinds=KINDS, **context)

    # ---- overview

    def overview(self) -> dict:
        articles = self.tables["articles"]
        awards = self.tables["awards"]
        per_article = article_recipients(awards)
        n_facts = awards[awards["status"] == "awarded"].groupby("article_id").size()
        ok = articles[articles["status"] == "ok"]
        ok = ok.assign(recipients=ok["article_id"].map(dict(per_article.items())).fillna(0).astype(int),
                       facts=ok["article_id"].map(dict(n_facts.items())).fillna(0).astype(int), year=_years(ok))
        by_award = _by_award(awards[awards["status"] == "awarded"])
        by_province = _by_place(ok, "province")
        by_province_2025 = _by_place(ok, "province_2025")
        by_year = sorted(_by_place(ok, "year"), key=lambda r: r["place"])
        article_rows = [dict(a, n_awards=len(self.awards.get(a["article_id"], [])),
                             n_officials=len(self.officials.get(a["article_id"], [])),
                             recipients=int(per_article.get(a["article_id"], 0)), page=page_name(a["article_id"]))
                        for a in self.articles]
        return {
            "title": "thidua report",
            "n_articles": len(self.articles),
            "n_facts": len(awards),
            "n_proposed": int((awards["status"] == "proposed").sum()),
            "n_recipients": int(per_article.sum()),
            "n_officials": len(self.tables["officials"]),
            "statuses": _statuses(articles),
            "by_award": by_award,
            "award_chart": bar_chart([(r["award_name"], r["total"]) for r in by_award][:CHART_TOP], "Recipients by award"),
            "by_province": by_province,
            "province_chart": bar_chart([(r["place"], r["recipients"]) for r in by_province][:CHART_TOP], "Recipients by province (before July 2025)"),
            "by_province_2025": by_province_2025,
            "province_2025_chart": bar_chart([(r["place"], r["recipients"]) for r in by_province_2025][:CHART_TOP], "Recipients by province (since July 2025)"),
            "by_year": by_year,
            "year_chart": bar_chart([(r["place"], r["recipients"]) for r in by_year], "Recipients by year"),
            "multi_events": [e for e in self.events if e["n_articles"] > 1],
            "n_events": len(self.events),
            "articles": article_rows,
        }

    # ---- events

    def events_context(self) -> dict:
        shown = []
        for ev in self.events:
            if ev["n_articles"] < 2:
                continue
            sources = []
            for aid in ev["article_ids"]:
                art = self.pages[aid]
                sources.append({"article": art, "page": page_name(aid), "url": safe_url(art.get("url")),
                                "awards": [dict(a, counts=say_counts(a)) for a in self.awards.get(aid, [])]})
            shown.append(dict(ev, source_cards=sources))
        return {"title": "Events reported by several articles", "events": shown, "n_single": len(self.events) - len(shown)}

    # ---- one article

    def article_context(self, article: dict) -> dict:
        aid = article["article_id"]
        awards = [dict(a, counts=say_counts(a), target=evidence_id(a["char_start"], a["char_end"]))
                  for a in self.awards.get(aid, [])]
        text = self.texts.get(aid)
        body = None
        if text is not None:
            spans = [(s["char_start"], s["char_end"], SPAN_KINDS[s["extractor"]])
                     for s in self.spans.get(aid, []) if s["extractor"] in SPAN_KINDS]
            spans += [(o["char_start"], o["char_end"], "official") for o in self.officials.get(aid, [])]
            spans += award_spans(text, awards)
            evidence = [(a["char_start"], a["char_end"], a["target"]) for a in awards]
            body = highlight(text, spans, evidence)
        others = [dict(ev, others=[self.pages[o] | {"page": page_name(o)} for o in ev["article_ids"] if o != aid])
                  for ev in self.events_of.get(aid, []) if ev["n_articles"] > 1]
        return {
            "title": article.get("title") or article["source"],
            "article": article,
            "url": safe_url(article.get("url")),
            "awards": awards,
            "officials": self.officials.get(aid, []),
            "themes": self.themes.get(aid, []),
            "body": body,
            "has_texts": self.has_texts,
            "events": others,
            "copies": [c for c in self.copies[aid] if c is not article],
        }


def _grouped(frame: pd.DataFrame) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    for row in records(frame):
        out[row["article_id"]].append(row)
    return out


def _years(frame: pd.DataFrame) -> pd.Series:
    """The year of the event, else of publication, as text ("unknown" when neither is known)."""
    def year(row):
        for col in ("event_date", "published"):
            value = row[col]
            if value is not None and value is not pd.NA and not (isinstance(value, float) and value != value):
                return str(value.year)
        return "unknown"
    if frame.empty:
        return pd.Series([], dtype=object, index=frame.index)
    return frame.apply(year, axis=1)


def _by_award(awarded: pd.DataFrame) -> list[dict]:
    """Recipients per award (a count shared by a group is shown under each award of the group)."""
    if awarded.empty:
        return []
    frame = awarded.assign(total=recipients(awarded).fillna(0))
    grouped = frame.groupby(["award_id", "award_name"], as_index=False).agg(
        facts=("award_id", "size"), articles=("article_id", "nunique"), total=("total", "sum"),
        **{f: (f, lambda s: int(s.sum())) for f in COUNT_FIELDS})
    return records(grouped.sort_values(["total", "facts"], ascending=False))


def _by_place(ok: pd.DataFrame, column: str) -> list[dict]:
    """Articles, award facts and recipients per value of `column` (province, province_2025, year), most recipients first."""
    frame = ok.assign(place=ok[column].astype(object).where(ok[column].notna(), "unknown"))
    sums = frame.groupby("place").agg(articles=("article_id", "size"), facts=("facts", "sum"), recipients=("recipients", "sum"))
    rows = [{"place": place, **{k: int(v) for k, v in r.items()}} for place, r in sums.iterrows()]
    if column == "province":
        post = dict(ok.dropna(subset=["province", "province_2025"]).drop_duplicates("province")[["province", "province_2025"]].values)
        for r in rows:
            r["province_2025"] = post.get(r["place"])
    return sorted(rows, key=lambda r: (-r["recipients"], -r["articles"], str(r["place"])))


def _statuses(articles: pd.DataFrame) -> list[dict]:
    """Articles per status, with each distinct reason and how often it was given."""
    out = []
    for status, group in articles.groupby("status", sort=False):
        reasons = Counter(group["error"].dropna())
        out.append({"status": status, "n": len(group), "reasons": reasons.most_common()})
    return sorted(out, key=lambda r: (r["status"] != "ok", -r["n"]))


def safe_url(url: str | None) -> str | None:
    """A source URL worth a link: http(s) only (a "javascript:" URL in an input must not become a link)."""
    if url and re.match(r"(?i)^https?://", url.strip()):
        return url.strip()
    return None


# ---------------------------------------------------------------- highlighting


def evidence_id(start: int, end: int) -> str:
    return f"ev-{start}-{end}"


def highlight(text: str, spans: list[tuple[int, int, str]], evidence: list[tuple[int, int, str]]) -> Markup:
    """The text as escaped HTML, cut where any span starts or ends; each piece names the kinds and evidence covering it.

    Spans may overlap (an official inside an award's evidence): the text is cut
    at every boundary and each piece carries all its classes, so no tag ever
    crosses another. The first piece of each evidence carries its id (the
    target of a link when scripts are off).
    """
    n = len(text)
    marks = [(max(0, s), min(n, e), ("kind", k)) for s, e, k in spans if 0 <= s < e and s < n]
    marks += [(max(0, s), min(n, e), ("ev", i)) for s, e, i in evidence if 0 <= s < e and s < n]
    # one sweep over the boundaries: what starts and ends at each, and what covers the piece after it
    starts: dict[int, list] = defaultdict(list)
    ends: dict[int, list] = defaultdict(list)
    for s, e, mark in marks:
        starts[s].append(mark)
        ends[e].append(mark)
    cuts = sorted({0, n, *starts, *ends})
    covering: Counter = Counter()
    first_of = {}
    parts = []
    for a, b in zip(cuts, cuts[1:]):
        covering.subtract(ends.get(a, ()))
        covering.update(starts.get(a, ()))
        covering = +covering  # only what is still open
        piece = escape(text[a:b])
        kinds = sorted((k for what, k in covering if what == "kind"), key=KINDS.index)
        evs = sorted(i for what, i in covering if what == "ev")
        if not kinds and not evs:
            parts.append(piece)
            continue
        classes = " ".join([f"k-{k}" for k in kinds] + (["ev"] if evs else []))
        attrs = f' class="{classes}"'
        if kinds:
            attrs += f' title="{escape(", ".join(kinds))}"'
        if evs:
            attrs += f' data-ev="{" ".join(evs)}"'
            new = [i for i in evs if i not in first_of]
            if new:
                first_of[new[0]] = True
                attrs += f' id="{new[0]}"'
                for other in new[1:]:  # several evidences starting at one piece: anchors for the others
                    first_of[other] = True
                    piece = Markup(f'<a class="anchor" id="{other}"></a>') + piece
        parts.append(Markup(f"<span{attrs}>") + piece + Markup("</span>"))
    return Markup("").join(parts)


def award_spans(text: str, awards: list[dict]) -> list[tuple[int, int, str]]:
    """Award names and counts inside each award row's evidence.

    The award is found by the surface forms of its id in the gazetteer (or the
    generic head of its kind, "Bằng khen"); a count is a number of the evidence
    whose value is one of the row's counts, read as the awards extractor reads numbers.
    """
    from extractors import numbers

    number_re = _number_re()
    out = []
    for a in awards:
        s, e = a["char_start"], a["char_end"]
        if not (0 <= s < e <= len(text)):
            continue
        pattern = _award_re(a["award_id"])
        if pattern is not None:
            out += [(m.start(), m.end(), "award") for m in pattern.finditer(text, s, e)]
        values = {a[f] for f in COUNT_FIELDS if a.get(f) is not None}
        if values:
            for m in number_re.finditer(text, s, e):
                if numbers.parse_int(m.group(0)) in values:
                    out.append((m.start(), m.end(), "count"))
    return out


@lru_cache(maxsize=1)
def _number_re() -> regex.Pattern:
    from extractors import numbers

    return regex.compile(numbers.number_pattern(), regex.IGNORECASE)


@lru_cache(maxsize=None)
def _award_re(award_id: str) -> regex.Pattern | None:
    """Every surface of one award id, and the generic head of its kind, longest first, case and spacing tolerant."""
    from gazetteer import loaders

    forms = [f for f in loaders.award_forms() if f["award_id"] == award_id]
    kinds = {f["kind"] for f in forms}
    surfaces = {f["surface"] for f in forms}
    surfaces |= {h["pattern"] for h in loaders.award_patterns()["HEAD"] if h["id"] in kinds and not h.get("regex")}
    if not surfaces:
        return None
    alternatives = [r"[\s\-–]+".join(regex.escape(t) for t in regex.split(r"[\s\-–]+", s.strip()) if t)
                    for s in sorted(surfaces, key=len, reverse=True)]
    return regex.compile(r"(?<!\p{L})(?:" + "|".join(alternatives) + r")(?!\p{L})", regex.IGNORECASE)


# ---------------------------------------------------------------- charts


def bar_chart(items: list[tuple[str, int]], title: str) -> Markup:
    """A horizontal bar chart as inline SVG: a label above each bar, the value after it; scales to any width."""
    width, row, bar_h, value_room = 480, 36, 13, 70
    items = [(str(label), int(value)) for label, value in items if value]
    if not items:
        return Markup("")
    top = max(v for _, v in items) or 1
    height = row * len(items) + 4
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
             f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>']
    for i, (label, value) in enumerate(items):
        y = i * row
        w = max(1.0, (width - value_room) * value / top) if value else 0
        short = label if len(label) <= 64 else label[:63] + "…"
        parts.append(f'<text class="label" x="0" y="{y + 14}">{escape(short)}</text>'
                     f'<rect class="bar" x="0" y="{y + 19}" width="{w:.1f}" height="{bar_h}" rx="2"></rect>'
                     f'<text class="value" x="{w + 6:.1f}" y="{y + 30}">{escape(number(value))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def number(value) -> str:
    """12921 → "12.921" (Vietnamese thousands separator)."""
    if value is None:
        return ""
    return f"{int(value):,}".replace(",", ".")


# ---------------------------------------------------------------- templates


@lru_cache(maxsize=1)
def _env():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(loader=PackageLoader("pipeline", "templates"), autoescape=select_autoescape(["html"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["number"] = number
    env.filters["page"] = page_name
    return env


@lru_cache(maxsize=None)
def _asset(name: str) -> str:
    return _env().loader.get_source(_env(), name)[0]


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


@lru_cache(maxsize=1)
def _csp() -> str:
    """Nothing loads or runs but the page's own style and script (their hashes): offline, and safe from the articles."""
    return (f"default-src 'none'; style-src '{_sha256(_asset('report.css'))}'; "
            f"script-src '{_sha256(_asset('report.js'))}'; img-src data:; base-uri 'none'; form-action 'none'")
