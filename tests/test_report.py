"""The HTML report: pages for every article, escaping, highlighting, and end to end in a real browser."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.report import award_spans, bar_chart, evidence_id, highlight, page_name, report, safe_url


@pytest.mark.parametrize(
    "text,spans,evidence,expected",
    [
        ("a <b> c", [], [], "a &lt;b&gt; c"),
        ("Ông A trao", [(0, 5, "official")], [], '<span class="k-official" title="official">Ông A</span> trao'),
        # an official inside an award's evidence: cut at every boundary, no tag crosses another
        ("X: Ông A trao 5 tập thể", [(3, 8, "official"), (14, 15, "count")], [(3, 23, "ev-3-23")],
         'X: <span class="k-official ev" title="official" data-ev="ev-3-23" id="ev-3-23">Ông A</span>'
         '<span class="ev" data-ev="ev-3-23"> trao </span>'
         '<span class="k-count ev" title="count" data-ev="ev-3-23">5</span>'
         '<span class="ev" data-ev="ev-3-23"> tập thể</span>'),
        ("<script>x</script>", [(0, 8, "award")], [], '<span class="k-award" title="award">&lt;script&gt;</span>x&lt;/script&gt;'),
    ],
)
def test_report_highlight_escapes_and_nests(text, spans, evidence, expected):
    assert str(highlight(text, spans, evidence)) == expected


@pytest.mark.parametrize(
    "url,expected",
    [
        ("https://baochinhphu.vn/a.htm", "https://baochinhphu.vn/a.htm"),
        ("http://x.vn", "http://x.vn"),
        ("javascript:alert(1)", None),
        (" JavaScript:alert(1)", None),
        ("data:text/html,<script>", None),
        (None, None),
    ],
)
def test_report_safe_url_links_only_http(url, expected):
    assert safe_url(url) == expected


@pytest.mark.parametrize("label", ["<script>alert(1)</script>", 'a"b', "Bằng khen & Cờ thi đua"])
def test_report_bar_chart_escapes_labels(label):
    svg = str(bar_chart([(label, 3), ("other", 1)], "t"))
    assert "<script>" not in svg and svg.startswith("<svg") and svg.count("<rect") == 2


@pytest.mark.parametrize(
    "evidence,counts,expected",
    [
        ("Chủ tịch UBND tỉnh tặng Bằng khen cho 25 tập thể, 40 cá nhân.", {"n_collectives": 25, "n_individuals": 40},
         [("award", "Bằng khen"), ("count", "25"), ("count", "40")]),
        ("trao Huân chương Lao động hạng Ba cho mười hai cá nhân", {"n_individuals": 12},
         [("award", "Huân chương Lao động hạng Ba"), ("count", "mười hai")]),
    ],
)
def test_report_award_spans_find_award_and_counts_in_evidence(evidence, counts, expected):
    award_id = "bang_khen_tinh" if "Bằng khen" in evidence else "huan_chuong_lao_dong"
    text = "Mở đầu. " + evidence
    row = {"award_id": award_id, "char_start": 8, "char_end": len(text), **{f: None for f in
           ("n_collectives", "n_individuals", "n_households", "n_mixed")}, **counts}
    found = sorted(award_spans(text, [row]))
    assert [(k, text[s:e]) for s, e, k in found] == expected


def test_report_builds_a_page_per_article(corpus_outputs, corpus_report):
    articles = pd.read_parquet(corpus_outputs / "articles.parquet")
    pages = {p.stem for p in (corpus_report / "articles").glob("*.html")}
    assert pages == {page_name(a) for a in articles["article_id"]}
    index = (corpus_report / "index.html").read_text(encoding="utf-8")
    assert "<svg" in index and "sortable" in index
    assert "http://" not in index.replace("http://www.w3.org/2000/svg", "") and "https://" not in index  # nothing loaded from the network


def test_report_every_award_evidence_is_on_its_page(corpus_outputs, corpus_report):
    awards = pd.read_parquet(corpus_outputs / "awards.parquet")
    for aid, rows in awards.groupby("article_id"):
        html = (corpus_report / "articles" / f"{page_name(aid)}.html").read_text(encoding="utf-8")
        for _, row in rows.iterrows():
            target = evidence_id(row["char_start"], row["char_end"])
            assert f'data-target="{target}"' in html and f'id="{target}"' in html


def test_report_escapes_article_markup(event_outputs, tmp_path):
    out = tmp_path / "report"
    report(event_outputs, out)
    articles = pd.read_parquet(event_outputs / "articles.parquet").set_index("source")
    page = (out / "articles" / f"{page_name(articles.loc['c.json', 'article_id'])}.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;script&gt;alert(4)&lt;/script&gt;" in page
    assert len(re.findall(r"<script\b", page)) == 1  # the report's own script only
    assert 'href="javascript:' not in page


def test_report_events_page_flags_disagreeing_counts(event_outputs, tmp_path):
    report(event_outputs, tmp_path / "report")
    html = (tmp_path / "report" / "events.html").read_text(encoding="utf-8")
    assert "The sources&#39; counts disagree" in html or "The sources' counts disagree" in html
    assert "26 tập thể, 40 cá nhân in b.json; 25 tập thể, 40 cá nhân in a.txt, c.json" in html
    assert html.count('class="card"') == 3


def test_report_cli_replaces_a_previous_report(event_outputs, tmp_path):
    out = tmp_path / "report"
    for _ in range(2):
        result = CliRunner().invoke(main, ["report", str(event_outputs), "-o", str(out)])
        assert result.exit_code == 0, result.output
    assert (out / "index.html").is_file() and not list(tmp_path.glob(".report*"))


def test_report_cli_refuses_a_folder_that_is_not_a_report(event_outputs, tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.txt").write_text("keep me")
    (tmp_path / "mine" / "index.html").write_text("my own site")
    result = CliRunner().invoke(main, ["report", str(event_outputs), "-o", str(tmp_path / "mine")])
    assert result.exit_code != 0 and "not a thidua report" in result.output
    assert (tmp_path / "mine" / "thesis.txt").read_text() == "keep me"


def test_report_cli_outputs_without_tables_say_what_to_do(tmp_path):
    result = CliRunner().invoke(main, ["report", str(tmp_path), "-o", str(tmp_path / "r")])
    assert result.exit_code != 0 and "thidua run" in result.output


# ---------------------------------------------------------------- in a real browser


def _open(browser, path, width=1200, height=900):
    page = browser.new_page(viewport={"width": width, "height": height})
    dialogs, errors = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    return page, dialogs, errors


def test_report_browser_award_row_highlights_its_evidence(browser, corpus_outputs, corpus_report, tmp_path):
    awards = pd.read_parquet(corpus_outputs / "awards.parquet")
    # the article's last award row: its sentence sits far down the text, out of view until clicked
    aid = awards["article_id"].value_counts().index[0]
    row = awards[awards["article_id"] == aid].iloc[-1]
    target = evidence_id(row["char_start"], row["char_end"])
    page, dialogs, errors = _open(browser, corpus_report / "articles" / f"{page_name(aid)}.html")
    page.screenshot(path=str(tmp_path / "article-before.png"))
    page.locator(f'tr[data-target="{target}"]').first.click()
    active = page.locator(f'.text [data-ev~="{target}"].active')
    assert active.count() > 0
    assert "".join(active.all_text_contents()) == row["evidence"]
    assert active.first.is_visible()
    assert page.evaluate(f"""() => {{ const r = document.getElementById("{target}").getBoundingClientRect();
                                      return r.top >= 0 && r.bottom <= window.innerHeight; }}""")
    color = page.evaluate(f'() => getComputedStyle(document.getElementById("{target}")).backgroundColor')
    assert color == "rgb(255, 224, 102)"  # the highlight colour of report.css
    page.screenshot(path=str(tmp_path / "article-clicked.png"))
    assert not dialogs and not errors


def test_report_browser_article_markup_runs_nothing(browser, event_outputs, tmp_path):
    out = tmp_path / "report"
    report(event_outputs, out)
    articles = pd.read_parquet(event_outputs / "articles.parquet")
    aid = articles.loc[articles["source"] == "c.json", "article_id"].iloc[0]
    page, dialogs, errors = _open(browser, out / "articles" / f"{page_name(aid)}.html")
    page.wait_for_load_state("load")
    text = page.locator(".text").inner_text()
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(2)>" in text
    assert "<script>alert(4)</script>" in page.locator("h1").inner_text()
    assert page.evaluate("() => typeof window.pwned") == "undefined"
    assert page.locator("img").count() == 0 and page.locator('a[href^="javascript:"]').count() == 0
    page.screenshot(path=str(tmp_path / "article-markup.png"), full_page=True)
    assert not dialogs and not errors


def test_report_browser_sorts_a_table_and_fits_a_phone(browser, corpus_report, tmp_path):
    page, dialogs, errors = _open(browser, corpus_report / "index.html", width=390, height=844)
    table = page.locator("#articles table")
    head = table.locator("th", has_text="award facts")
    column = [h.strip() for h in table.locator("th").all_inner_texts()].index(head.inner_text().strip())
    head.click()
    head.click()  # descending
    values = [int(v) for v in table.locator(f"tbody tr td:nth-child({column + 1})").all_inner_texts()]
    assert values == sorted(values, reverse=True)
    # the page itself never scrolls sideways on a phone (wide tables scroll inside their box)
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.screenshot(path=str(tmp_path / "index-phone.png"), full_page=True)
    assert not dialogs and not errors


def _outputs(folder, articles, awards=(), texts=None):
    """An outputs folder written from rows (no pipeline run); texts=None leaves texts/spans out, as older runs did."""
    from pipeline import schema
    from pipeline.write import write_table

    base = {"n_chars": 0, "n_sentences": 0, "status": "ok"}
    award_base = {"award_name": "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "qualifier": "exact", "recipients": [],
                  "status": "awarded", "extractor": "test"}
    tables = {"articles": [base | a for a in articles], "awards": [award_base | a for a in awards], "officials": [], "themes": []}
    if texts is not None:
        tables |= {"texts": [{"article_id": k, "text": v} for k, v in texts.items()], "spans": []}
    folder.mkdir()
    for name, rows in tables.items():
        write_table(schema.to_frame(name, rows), name, folder, ("parquet",))
    return folder


def test_report_rejected_and_duplicate_articles_share_pages_without_clobbering(tmp_path):
    text = "Chủ tịch UBND tỉnh tặng Bằng khen cho 25 tập thể."
    outputs = _outputs(tmp_path / "out", [
        {"article_id": "a1", "source": "a.txt", "title": "Original"},
        {"article_id": "a1", "source": "copy.txt", "status": "duplicate", "duplicate_of": "a1", "error": "same text as a.txt"},
        {"article_id": "e1", "source": "bad.docx", "status": "error", "error": "unsupported file type .docx"},
    ], awards=[{"article_id": "a1", "award_id": "bang_khen_tinh", "n_collectives": 25, "evidence": text,
                "char_start": 0, "char_end": len(text)}], texts={"a1": text})
    report(outputs, tmp_path / "report")
    page = (tmp_path / "report" / "articles" / "a1.html").read_text(encoding="utf-8")
    assert "<h1>Original</h1>" in page and "copy.txt" in page and 'data-target="ev-0-49"' in page
    assert (tmp_path / "report" / "articles" / "e1.html").is_file()
    index = (tmp_path / "report" / "index.html").read_text(encoding="utf-8")
    assert "unsupported file type .docx" in index and "same text as a.txt" in index


def test_report_outputs_without_texts_show_the_evidence_sentences(tmp_path):
    evidence = "Chủ tịch UBND tỉnh tặng Bằng khen cho 25 tập thể."
    outputs = _outputs(tmp_path / "out", [{"article_id": "a1", "source": "a.txt"}],
                       awards=[{"article_id": "a1", "award_id": "bang_khen_tinh", "n_collectives": 25, "evidence": evidence,
                                "char_start": 100, "char_end": 149}])
    report(outputs, tmp_path / "report")
    page = (tmp_path / "report" / "articles" / "a1.html").read_text(encoding="utf-8")
    assert f'<blockquote id="ev-100-149" class="ev" data-ev="ev-100-149">{evidence}</blockquote>' in page
    assert "texts.parquet" in page
