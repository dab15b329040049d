"""Clean: any text comes out NFC, modern, and traceable character by character to its source."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from pipeline.clean import clean, clean_text
from pipeline.errors import ArticleRejected
from pipeline.records import RawDocument

ARTICLE = "Chủ tịch UBND tỉnh tặng Bằng khen cho 25 tập thể, 40 cá nhân có thành tích xuất sắc trong phong trào thi đua."


def _assert_traceable(source: str, mapped, skeleton) -> None:
    text, offsets = mapped.text, mapped.offsets
    assert len(offsets) == len(text) + 1
    assert all(0 <= o <= len(source) for o in offsets)
    assert all(a <= b for a, b in zip(offsets, offsets[1:]))
    for i, char in enumerate(text):
        if char.isalpha():
            assert skeleton(char) == skeleton(source[offsets[i]]), (i, char, source[offsets[i]])


_PIECES = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["hoà", "thuỷ", "Hoà Bình", "Ðồng chí", "\u00a0", "\u200b", "\r\n", "\r", "\x0c", "\x00",
                     "o\u0300a", "Vie\u0323\u0302t", "\u1100\u1161", "\u212b", "\n\n\n", "  ", "\t",
                     "Bản quyền thuộc", "Tin liên quan", "“", "”", '"', "2.065", "13,94"]),
)


@hsettings(max_examples=100, deadline=None)
@given(st.lists(_PIECES, max_size=25))
def test_clean_any_text_stays_traceable_and_nfc(letter_skeleton, pieces):
    source = "".join(pieces)
    mapped = clean_text(source)
    assert unicodedata.is_normalized("NFC", mapped.text)
    assert "\r" not in mapped.text and "\x00" not in mapped.text
    _assert_traceable(source, mapped, letter_skeleton)


@pytest.mark.parametrize(
    "source,expected",
    [
        (unicodedata.normalize("NFD", "Việt Nam"), "Việt Nam"),
        ("Vie\u0323\u0302t Nam", "Việt Nam"),                    # marks in either order
        ("Ðồng chí Nguyễn Văn Ðức", "Đồng chí Nguyễn Văn Đức"),  # U+00D0 for Đ
        ("Hoà Bình, thuỷ lợi, Khánh Hoà, quý, Quỳnh", "Hòa Bình, thủy lợi, Khánh Hòa, quý, Quỳnh"),
        ("dòng 1\r\ndòng 2\rdòng 3", "dòng 1\ndòng 2\ndòng 3"),
        ("tập\x00thể\x07", "tập thể"),
        ("Bằng\u00a0khen\u200b", "Bằng khen"),
    ],
)
def test_clean_normalises(letter_skeleton, source, expected):
    mapped = clean_text(source)
    assert mapped.text == expected
    _assert_traceable(source, mapped, letter_skeleton)


def test_clean_too_large_rejected_with_the_setting_to_change(settings):
    with pytest.raises(ArticleRejected) as info:
        clean(RawDocument(source="big.txt", text=ARTICLE * 20), settings.with_(max_chars=1000))
    assert info.value.status == "error"
    assert info.value.reason.startswith("too_large:") and "max_chars" in info.value.reason


@pytest.mark.parametrize(
    "raw,status",
    [
        (RawDocument(source="en.txt", text="The provincial committee awarded certificates of merit to 25 groups. " * 5), "not_vietnamese"),
        (RawDocument(source="fr.txt", text="Le comité a décerné des diplômes à vingt-cinq équipes très méritantes. " * 5), "not_vietnamese"),
        (RawDocument(source="nav.html", html="<html><head><script>var a = 1;</script></head><body><nav>Trang chủ</nav></body></html>"), "empty"),
        (RawDocument(source="blank.txt", text="\n \t \u200b \u00a0"), "empty"),
    ],
)
def test_clean_rejects_what_is_no_vietnamese_article(settings, raw, status):
    with pytest.raises(ArticleRejected) as info:
        clean(raw, settings)
    assert info.value.status == status and info.value.reason


def test_clean_truncated_html_still_read(settings):
    html = "<html><body><article><h1>Tổng kết thi đua</h1><p>" + ARTICLE + "</p><p>Đồng chí Nguyễn Văn Sơn trao Cờ thi"
    article = clean(RawDocument(source="cut.html", html=html), settings)
    assert ARTICLE in article.text


@pytest.mark.parametrize("pattern, text", [
    (r"(?i)^\s*(tin liên quan|xem thêm)\s*:?\s*$", "Bài chính.\n\nTin liên quan:\nTin khác\n xem thêm"),
    (r"(?i)^\s*[\w\-]+\.(jpe?g|png)\s*$", "anh-1.jpg\nẢnh: anh-2.png\n  anh-3.PNG\n"),
    (r"^a|b", "ab\nba"),            # not anchored: every position is tried
    (r"^\s*$", "a\n\n \nb\n"),      # empty matches: the engine's own scan
])
def test_clean_matches_are_finditer_matches(pattern, text):
    import regex

    from pipeline.clean import matches

    compiled = regex.compile(pattern, regex.MULTILINE)
    assert [m.span() for m in matches(compiled, text)] == [m.span() for m in compiled.finditer(text)]


_LANGUAGE_PIECES = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["Hà Nội", "ĐỒNG CHÍ", "ăâđêôơư", "ẠẢẤẦẨẪẬ", "İ", "ß", "ǅ", "e\u0301", "\u0301", "٣٤", "Ⅻ",
                     "\u00a0", "\t", "\x1c", "\x1f", "\u3000", "\u2028", "  ", "\n", "12,5%", "“Dân vận”", "😀"]),
)


@hsettings(max_examples=300, deadline=None)
@given(st.lists(_LANGUAGE_PIECES, max_size=30))
def test_clean_language_counts_equal_the_plain_scans(pieces):
    """letter_count (chunk by chunk) and vietnamese_letters (one count per letter) against one regex scan each."""
    import regex

    from pipeline.clean import letter_count, vietnamese_letters

    text = "".join(pieces)
    assert letter_count(text) == sum(map(len, regex.findall(r"\p{L}", text)))
    vi = r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĂÂĐÊÔƠƯ]"
    assert vietnamese_letters(text) == len(regex.findall(vi, text.lower()))


def test_clean_language_counts_equal_the_plain_scans_on_the_samples(repo_root, shared_dir, settings):
    import regex

    from pipeline.clean import letter_count, vietnamese_letters
    from pipeline.load import read_documents

    for path in sorted([*(repo_root / "corpus").iterdir(), *(shared_dir / "dev" / "articles").iterdir()]):
        for raw in read_documents(path, path.name, settings):
            for text in (raw.text or "", clean_text(raw.text or "").text):
                assert letter_count(text) == len(regex.findall(r"\p{L}", text))
                assert vietnamese_letters(text) == len(regex.findall(
                    r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĂÂĐÊÔƠƯ]", text.lower()))


_NEEDLE_CASES = [
    (r"\[image:[^\]]*\]", {"[image:"}),
    (r"\b[\w\-]+\.(?:jpe?g|png|gif|webp)\b\s?", {".jpg", ".jpeg", ".png", ".gif", ".webp"}),
    (r"^.{0,300}-\s*Ảnh\s+\d+\.\s*$", {"Ảnh"}),
    (r"x?yz", {"yz", "xyz"}),
    (r"ab|cd", {"ab", "cd"}),
    (r"(?:ab)+c", {"ab"}),
    (r"a{2}bcd", {"aabcd"}),
    (r"(?<!q)oà(?!\w)", {"oà"}),
    (r"(?i)abc", None),                  # case-insensitive: not a plain substring test
    (r"a(?i:bc)d", None),
    (r"\p{L}+abc", None),                # syntax only `regex` reads
    (r"[[a-z]--[aeiou]]bc", None),       # a set operation `re` would read as a set and literals
    (r"(?:abc){e<=1}", None),            # fuzzy matching
    (r"a", None),                        # one character: not worth a test
    (r"a*b*", None),
    (r"ab?", None),
]


@pytest.mark.parametrize("pattern,expected", _NEEDLE_CASES)
def test_clean_needles_of_a_pattern(pattern, expected):
    import regex

    from pipeline.clean import needles

    assert needles(regex.compile(pattern, regex.MULTILINE)) == (frozenset(expected) if expected else None)


def test_clean_every_match_holds_a_needle(repo_root, shared_dir, settings):
    """For every pattern clean scans (and the crafted ones) each match holds one of its needles, on the
    samples and on thousands of strings made of the needles, their pieces and odd characters."""
    import random

    import regex

    from gazetteer import loaders
    from pipeline import clean as c
    from pipeline.load import read_documents

    patterns = [regex.compile(p, regex.MULTILINE) for p, _ in _NEEDLE_CASES if "{e" not in p]
    patterns += [p for group in loaders.boilerplate().values() for p in group]
    patterns += [c._CONTROL, c._SPACES, c._LINE_EDGE_SPACES, c._BLANK_LINES, c._LINE_BREAK, c._tone_pattern(loaders.tone_marks())]
    texts = []
    for path in sorted([*(repo_root / "corpus").iterdir(), *(shared_dir / "dev" / "articles").iterdir()]):
        for raw in read_documents(path, path.name, settings):
            texts.append(raw.text or "")
    pieces = ["ảnh.jpg", "a.JPG", ".jpe", "jpeg", "x.webp", "-", " Ảnh 3.", "Ảnh", "[image:", "[image: x]", "]", "[bookmark:a]",
              "abcd", "aab", "cd", "yz", "xy", "oà", "qoà", "\n", " ", "\t", "\u00a0", "é", "e\u0301", "\x00", "Tin liên quan"]
    rng = random.Random(8)
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(3000)]
    for pattern in patterns:
        required = c.needles(pattern)
        if required is None:
            continue
        for text in texts:
            for m in pattern.finditer(text):
                assert any(n in m.group(0) for n in required), (pattern.pattern, text, m.group(0))
            assert [m.span() for m in c.matches(pattern, text)] == [m.span() for m in pattern.finditer(text)]


def test_clean_tone_matches_are_the_tone_patterns_finditer(repo_root, shared_dir, settings):
    """Trying the tone pattern only at candidate pairs finds what its finditer finds: samples and crafted strings."""
    import random

    from gazetteer import loaders
    from pipeline import clean as c
    from pipeline.load import read_documents

    table = loaders.tone_marks()
    assert c._tone_candidates_of(tuple(table)) is not None
    texts = []
    for path in sorted([*(repo_root / "corpus").iterdir(), *(shared_dir / "dev" / "articles").iterdir()]):
        for raw in read_documents(path, path.name, settings):
            texts.append(raw.text or "")
    pieces = [*table, "q", "Q", "o", "u", "a", "n", "h", " ", "\n", "-", "1", "\u0301", "quá", "thuỷ", "hoà", "toàn", "Hoà"]
    rng = random.Random(9)
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 15))) for _ in range(5000)]
    pattern = c._tone_pattern(table)
    for text in texts:
        assert [m.span() for m in c._tone_matches(text, table)] == [m.span() for m in pattern.finditer(text)], text


def test_clean_character_sets_read_by_re_as_by_regex():
    """`_CONTROL` and the look-alike set run on the standard `re`: over every code point they find what `regex` finds."""
    import regex

    from gazetteer import loaders
    from pipeline import clean as c

    everything = "".join(map(chr, range(0x110000)))
    lookalikes = tuple(loaders.lookalikes())
    pairs = [(c._CONTROL, regex.compile(c._CONTROL.pattern)),
             (c._char_class(lookalikes), regex.compile("[" + "".join(regex.escape(ch) for ch in lookalikes) + "]"))]
    for fast, plain in pairs:
        assert fast.findall(everything) == plain.findall(everything)


@hsettings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["a", "Hà", " ", "  ", "\t", "\n", "\n\n", " \n", "\t\n ", "\r", "\u00a0", "\x0c", "\u2028"]),
                max_size=30))
def test_clean_line_edge_runs_are_the_patterns_finditer(pieces):
    from pipeline.clean import _LINE_EDGE_SPACES, _line_edge_runs

    text = "".join(pieces)
    assert [m.span() for m in _line_edge_runs(text)] == [m.span() for m in _LINE_EDGE_SPACES.finditer(text)]


def test_clean_line_edge_runs_are_the_patterns_finditer_on_the_samples(repo_root, shared_dir, settings):
    from pipeline.clean import _LINE_EDGE_SPACES, _line_edge_runs
    from pipeline.load import read_documents

    for path in sorted([*(repo_root / "corpus").iterdir(), *(shared_dir / "dev" / "articles").iterdir()]):
        for raw in read_documents(path, path.name, settings):
            text = raw.text or ""
            assert [m.span() for m in _line_edge_runs(text)] == [m.span() for m in _LINE_EDGE_SPACES.finditer(text)]
