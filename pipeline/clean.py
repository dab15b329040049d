"""Clean: main text out of HTML, page furniture and other stories out, Unicode normalised, offsets kept.

Every edit goes through `MappedText`, which carries, for each character of the
cleaned text, its index in the source text, so any span an extractor reports can
be traced back to what the page said.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

import regex

from gazetteer import loaders

from .chunks import ChunkCache
from .errors import ArticleRejected
from .records import Article, RawDocument
from .settings import Settings

log = logging.getLogger(__name__)

# letters only Vietnamese uses among Latin scripts: the cheap language check
_VI_LETTERS = "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĂÂĐÊÔƠƯ"
_LETTERS = regex.compile(r"\p{L}+")
_COMBINING_RUN = regex.compile(r"\P{M}\p{M}+")
_BLANK_LINES = regex.compile(r"\n[ \t]*(?:\n[ \t]*)+")
_SPACES = regex.compile(r"[ \t]{2,}")
_LINE_EDGE_SPACES = regex.compile(r"^[ \t]+|[ \t]+$", regex.MULTILINE)
# Windows and old Mac line ends, page breaks, and control characters a text can carry by accident
_LINE_BREAK = regex.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
# a set of listed characters means the same to the standard `re`, which scans for one twice as fast
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")


def _holds_any(text: str, needles: tuple[str, ...]) -> bool:
    return any(n in text for n in needles)


# what each whitespace pattern cannot match without: a plain `in` test is far cheaper than the scan
_LINE_BREAK_CHARS = ("\r", "\x0b", "\x0c", "\x85", "\u2028", "\u2029")
_LINE_EDGE_PAIRS = ("\n ", "\n\t", " \n", "\t\n")      # or a space or tab opening or closing the text
_SPACE_RUNS = ("  ", "\t")                              # two of " \t" in a row need a tab or two spaces
_BLANK_LINE_PAIRS = ("\n\n", "\n ", "\n\t")


_LEADING_FLAGS = regex.compile(r"(?:\(\?[a-wyzA-WYZ]+\))*")  # global inline flags, but not (?x): verbose changes parsing


@lru_cache(maxsize=256)
def _anchored_at_lines(pattern: regex.Pattern) -> bool:
    """Can a match of `pattern` start only where `^` holds (multi-line mode, a top-level `^` first, no top-level `|`)?

    Any construct this reading is not sure of (character sets inside sets, comments, verbose mode) answers False.
    """
    source = pattern.pattern
    if not pattern.flags & regex.MULTILINE or pattern.flags & regex.VERBOSE:
        return False
    i = _LEADING_FLAGS.match(source).end()
    if not source.startswith("^", i) or "(?#" in source:
        return False
    depth, in_set, i = 0, False, i + 1
    while i < len(source):
        c = source[i]
        if c == "\\":
            i += 2
            continue
        if in_set:
            if c == "[":
                return False
            if c == "]":
                in_set = False
        elif c == "[":
            in_set = True
            i += 1
            if source.startswith("^", i):
                i += 1
            if source.startswith("]", i):  # a "]" first in a set is itself
                i += 1
            continue
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return False
        i += 1
    return depth == 0 and not in_set


_MAX_NEEDLES = 32
_REPEAT_BRACES = regex.compile(r"\{\d*(?:,\d*)?\}")  # {m}, {m,n}, {,n}, {m,}: read alike by `re` and `regex`


def _exact(items) -> frozenset[str] | None:
    """Every string a parsed sequence can match, when that is a few literal strings; None otherwise."""
    out = frozenset([""])
    for item in items:
        got = _exact_item(item)
        if got is None:
            return None
        out = frozenset(a + b for a in out for b in got)
        if len(out) > _MAX_NEEDLES:
            return None
    return out


def _exact_item(item) -> frozenset[str] | None:
    from re import _constants as c

    op, av = item
    if op is c.LITERAL:
        return frozenset([chr(av)])
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):  # zero-width
        return frozenset([""])
    if op is c.SUBPATTERN and not av[1] and not av[2]:  # a group that changes no flag
        return _exact(av[3])
    if op is c.BRANCH:
        alts = [_exact(alt) for alt in av[1]]
        if any(a is None for a in alts) or sum(map(len, alts)) > _MAX_NEEDLES:
            return None
        return frozenset().union(*alts)
    if op is c.MAX_REPEAT or op is c.MIN_REPEAT:
        low, high, body = av
        once = _exact(body)
        if once is None or high > 3:
            return None
        out, power = set(), frozenset([""])
        for k in range(high + 1):
            if k >= low:
                out |= power
            power = frozenset(a + b for a in power for b in once)
            if len(out) + len(power) > _MAX_NEEDLES:
                return None
        return frozenset(out)
    return None


def _required(items) -> frozenset[str] | None:
    """Strings one of which every match of a parsed sequence holds; None if none is known.

    A run of items with exact strings gives their concatenations; a group or a repeat taken
    at least once gives what its body requires. The most selective choice wins.
    """
    from re import _constants as c

    choices, run = [], []
    for item in [*items, None]:
        exact = _exact_item(item) if item is not None else None
        if exact is not None:
            run.append(item)
            continue
        if run:
            choices.append(_exact(run))
            run = []
        if item is None:
            break
        op, av = item
        if op is c.SUBPATTERN and not av[1] and not av[2]:
            choices.append(_required(av[3]))
        elif (op is c.MAX_REPEAT or op is c.MIN_REPEAT) and av[0] >= 1:
            choices.append(_required(av[2]))
        elif op is c.BRANCH:
            alts = [_required(alt) for alt in av[1]]
            if all(a is not None for a in alts):
                choices.append(frozenset().union(*alts))
    choices = [ch for ch in choices if ch and "" not in ch and len(ch) <= _MAX_NEEDLES]
    return max(choices, key=lambda ch: min(map(len, ch)), default=None)


@lru_cache(maxsize=256)
def needles(pattern: regex.Pattern) -> frozenset[str] | None:
    """Literal strings one of which every match of `pattern` holds (a text without any has no match), or None.

    The pattern is parsed by the standard library's `re` parser, which reads plain syntax as `regex`
    does; a pattern it cannot read or might read otherwise (anything `regex` alone has, braces that
    are not a repeat, case-insensitive matching, verbose mode) gets None: it is always scanned.
    """
    import warnings

    try:  # private modules of the standard library (3.11+; `_required` reads the parse with _constants)
        from re import _constants, _parser  # noqa: F401
    except ImportError:  # a Python without them: every pattern is scanned
        return None
    source = pattern.pattern
    if pattern.flags & (regex.IGNORECASE | regex.VERBOSE) or "{" in _REPEAT_BRACES.sub("", source):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # "possible nested set", "set difference": `regex` reads those otherwise
            parsed = _parser.parse(source, 0)
    except Exception:  # `\p{…}`, `(?V1)`, fuzzy matching …: only `regex` reads them
        return None
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):  # inline (?i), (?x)
        return None
    found = _required(parsed.data)
    return found if found and min(map(len, found)) >= 2 else None  # one character would not save a scan


def matches(pattern: regex.Pattern, text: str) -> list[regex.Match]:
    """`list(pattern.finditer(text))`; none where the text lacks all `needles(pattern)`; a pattern anchored
    at line starts is tried only there.

    The regex engine tries every position of the text; a line-anchored page-furniture pattern
    can only match at the text's start or after a newline, so trying those positions in order
    finds the same matches.
    """
    required = needles(pattern)
    if required is not None and not any(n in text for n in required):
        return []
    if not _anchored_at_lines(pattern):
        return list(pattern.finditer(text))
    found = []
    pos, n = 0, len(text)
    while pos <= n:
        m = pattern.match(text, pos)
        if m is not None:
            if m.end() == m.start():  # where the engine resumes after an empty match is its own business
                return list(pattern.finditer(text))
            found.append(m)
            pos = m.end()
            if text[pos - 1] == "\n":  # the match ended at a line start: `^` holds there too
                continue
        nl = text.find("\n", pos)
        if nl < 0:
            break
        pos = nl + 1
    return found


class MappedText:
    """Text plus, per character, its offset in the original; every edit keeps both in step."""

    __slots__ = ("text", "offsets")

    def __init__(self, text: str, offsets: list[int] | None = None):
        self.text = text
        self.offsets = list(range(len(text) + 1)) if offsets is None else offsets

    def sub(self, pattern: regex.Pattern, repl: str | Callable[[regex.Match], str],
            found: list[regex.Match] | None = None) -> "MappedText":
        """Replace every match (`found`, when the caller has them); a replacement of the same length maps char
        by char, others to the match start."""
        pieces: list[str] = []
        offs: list[int] = []
        last = 0
        text, src = self.text, self.offsets
        for m in matches(pattern, text) if found is None else found:
            s, e = m.span()
            new = repl(m) if callable(repl) else m.expand(repl)
            if new == m.group(0):
                continue
            pieces.append(text[last:s])
            offs.extend(src[last:s])
            pieces.append(new)
            if len(new) == e - s:
                offs.extend(src[s:e])
            else:
                offs.extend([src[s]] * len(new))
            last = e
        if last == 0 and not pieces:
            return self
        pieces.append(text[last:])
        offs.extend(src[last:])
        self.text = "".join(pieces)
        self.offsets = offs
        return self

    def translate(self, table: dict[str, str]) -> "MappedText":
        if not table or not any(c in self.text for c in table):
            return self
        return self.sub(_char_class(tuple(table)), lambda m: table[m.group(0)])

    def cut(self, end: int) -> "MappedText":
        self.text = self.text[:end]
        self.offsets = self.offsets[: end + 1]
        return self

    def strip(self) -> "MappedText":
        start = len(self.text) - len(self.text.lstrip())
        end = len(self.text.rstrip())
        end_offset = self.offsets[end]
        self.text = self.text[start:end]
        self.offsets = self.offsets[start:end] + [end_offset]
        return self


@lru_cache(maxsize=16)
def _char_class(chars: tuple[str, ...]) -> re.Pattern:
    """One character of `chars`; built once per table, not once per text (listed characters: `re`, as `_CONTROL`)."""
    return re.compile("[" + "".join(re.escape(c) for c in chars) + "]")


# --- 1. HTML to text ------------------------------------------------------------

def html_to_text(html: str, url: str | None = None) -> tuple[str, dict]:
    """Main text and metadata (title, published, canonical url, author, sitename, extractor) of an HTML page.

    `url`, where the page was fetched from, stands in when the page names no canonical URL.

    0. blocks of other stories and comments dropped: a block headed "Tin liên quan",
       "Đọc thêm", "Bình luận"… (the `tail` headers of gazetteer/boilerplate.csv), which
       pages also put in the middle of the article, where cutting the text at the header
       would lose the rest of the article;
    1. trafilatura, after unwrapping <figure>/<figcaption> (it drops captions,
       which carry award facts, unless they are plain paragraphs);
    2. BeautifulSoup `get_text` when trafilatura returns too little.
    """
    from bs4 import BeautifulSoup

    meta: dict = {}
    soup = BeautifulSoup(html, "lxml")
    drop_other_stories(soup)  # 0.
    for tag in soup.find_all(["figure", "figcaption"]):
        tag.name = "p"
    prepared = str(soup)
    text = ""
    try:  # 1.
        import trafilatura

        text = trafilatura.extract(prepared, include_comments=False, include_tables=True, favor_recall=True) or ""
        md = trafilatura.extract_metadata(prepared, default_url=url)  # the date comes from htmldate
        if md is not None:
            meta = {"title": md.title, "published": md.date, "url": md.url, "author": md.author, "sitename": md.sitename}
    except Exception as exc:  # a broken page must not stop the run: fall back
        log.warning("trafilatura failed (%s); falling back to BeautifulSoup", exc)
    if len(text.strip()) < 50:  # 2.
        for tag in soup(["script", "style", "noscript", "nav", "header", "footer"]):
            tag.decompose()
        text = soup.get_text("\n")
        meta["extractor"] = "bs4_fallback"
        if not meta.get("title") and soup.title and soup.title.string:
            meta["title"] = soup.title.string.strip()
    else:
        meta["extractor"] = "trafilatura"
    return text, meta


_CONTAINERS = frozenset({"[document]", "html", "body", "main", "article", "form"})


def _first_content_child(tag):
    for child in tag.children:
        if getattr(child, "name", None) or str(child).strip():
            return child
    return None


def drop_other_stories(soup) -> None:
    """Remove the blocks an other-stories or comments header starts (see `html_to_text`, step 0).

    The block is the largest element the header opens (the header is its first content),
    below body/main/article; a bare header takes the list or link block right after it.
    A block holding half of the page's text or more is left alone: that is the article.
    """
    headers = loaders.boilerplate()["tail"]
    total = len(soup.get_text(" ", strip=True)) or 1
    found = []
    for string in soup.find_all(string=True):
        text = string.strip()
        parent = string.parent
        if not text or len(text) > 60 or parent is None or parent.name in ("script", "style", "title", "option"):
            continue
        # the cheap test first: a page has thousands of strings and only a few headers
        if not any(p.search(text) for p in headers) or parent.get_text(" ", strip=True) != text:
            continue
        block = parent
        while block.parent is not None and block.parent.name not in _CONTAINERS and _first_content_child(block.parent) is block:
            block = block.parent
        following = block.find_next_sibling()
        if block is parent and following is not None and (following.name in ("ul", "ol") or _mostly_links(following)):
            found.append(following)
        found.append(block)
    for tag in found:
        if not tag.decomposed and len(tag.get_text(" ", strip=True)) < total / 2:
            tag.decompose()


def _mostly_links(tag) -> bool:
    text = len(tag.get_text(" ", strip=True))
    links = sum(len(a.get_text(" ", strip=True)) for a in tag.find_all("a"))
    return text > 0 and links >= text / 2


# --- 2. text cleaning -----------------------------------------------------------

def _nfc(m: regex.Match) -> str:
    return unicodedata.normalize("NFC", m.group(0))


@lru_cache(maxsize=1)
def _composing_run() -> regex.Pattern:
    """A character followed by characters NFC may compose with it, or a character NFC replaces alone."""
    seconds, singletons = set(), set()
    for cp in range(0x80, 0x30000):
        parts = unicodedata.decomposition(chr(cp)).split()
        if not parts or parts[0].startswith("<"):
            continue
        if len(parts) == 2:
            seconds.add(chr(int(parts[1], 16)))
        elif len(parts) == 1:
            singletons.add(chr(cp))
    # Hangul syllables compose by algorithm, not by the table: vowel and final jamo
    seconds.update(chr(cp) for cp in [*range(0x1161, 0x1176), *range(0x11A8, 0x11C3)])

    def cls(chars):
        return "".join(regex.escape(c) for c in sorted(chars))
    return regex.compile(f"[{cls(singletons)}]|.[{cls(seconds)}\\p{{M}}]+", regex.DOTALL)


def _tone_pattern(table: dict[str, str]) -> regex.Pattern:
    return _tone_pattern_of(tuple(table))


@lru_cache(maxsize=4)
def _tone_pattern_of(olds: tuple[str, ...]) -> regex.Pattern:
    # only at the end of a syllable, and not after "q" ("quý", "quỳnh" are right as they are)
    alts = "|".join(sorted(map(regex.escape, olds), key=len, reverse=True))
    return regex.compile(rf"(?<![qQ])(?:{alts})(?!\p{{L}})")


@lru_cache(maxsize=4)
def _tone_candidates_of(olds: tuple[str, ...]) -> regex.Pattern | None:
    """Where a match of `_tone_pattern_of(olds)` can start: a first letter of an old form, then a last one, at a
    syllable's end; None unless every old form is two letters.

    Every match is such a pair at the same place, and two pairs cannot overlap (the second letter of one
    would have to be followed by a letter), so the candidates hold every match: one scan for two
    classes replaces trying the whole alternation at every position.
    """
    if not olds or not all(regex.fullmatch(r"\p{L}{2}", o) for o in olds):
        return None
    firsts, lasts = ("".join(regex.escape(c) for c in sorted({o[i] for o in olds})) for i in (0, 1))
    return regex.compile(rf"[{firsts}][{lasts}](?!\p{{L}})")


def _tone_matches(text: str, table: dict[str, str]) -> list[regex.Match]:
    """`list(_tone_pattern(table).finditer(text))`, the pattern tried only where `_tone_candidates_of` finds a pair."""
    pattern, candidates = _tone_pattern(table), _tone_candidates_of(tuple(table))
    if candidates is None:
        return list(pattern.finditer(text))
    found = (pattern.match(text, c.start()) for c in candidates.finditer(text))
    return [m for m in found if m is not None]


def normalise(mapped: MappedText) -> MappedText:
    """Line ends and control characters, NFC, look-alikes and invisible characters, modern tone placement."""
    if _holds_any(mapped.text, _LINE_BREAK_CHARS):
        mapped.sub(_LINE_BREAK, "\n")
    mapped.sub(_CONTROL, " ")
    mapped.translate(loaders.lookalikes())
    if not unicodedata.is_normalized("NFC", mapped.text):
        mapped.sub(_COMBINING_RUN, _nfc)
        if not unicodedata.is_normalized("NFC", mapped.text):
            # compositions without combining marks (Hangul jamo, Indic vowel signs) and singletons
            mapped.sub(_composing_run(), _nfc)
        if not unicodedata.is_normalized("NFC", mapped.text):  # pragma: no cover - last resort, offsets approximate
            new = unicodedata.normalize("NFC", mapped.text)
            ratio = len(mapped.text) / max(len(new), 1)
            mapped.offsets = [mapped.offsets[min(int(i * ratio), len(mapped.text))] for i in range(len(new) + 1)]
            mapped.text = new
    table = loaders.tone_marks()
    mapped.sub(_tone_pattern(table), lambda m: table[m.group(0)], found=_tone_matches(mapped.text, table))
    return mapped


def remove_boilerplate(mapped: MappedText) -> MappedText:
    """Cut trailing blocks of other stories, drop furniture lines and inline placeholders."""
    rules = loaders.boilerplate()
    cut = None
    for pattern in rules["tail"]:
        for m in matches(pattern, mapped.text):
            # a header in the first lines is navigation, not the start of another story
            if m.start() > len(mapped.text) * 0.2 and (cut is None or m.start() < cut):
                cut = m.start()
                break
    if cut is not None:
        mapped.cut(cut)
    for pattern in rules["line"]:
        mapped.sub(pattern, "")
    for pattern in rules["inline"]:
        mapped.sub(pattern, "")
    return mapped


def _line_edge_runs(text: str) -> list[regex.Match]:
    """`list(_LINE_EDGE_SPACES.finditer(text))`, looked for at the ends of lines only.

    Each match is a whole run of spaces and tabs that opens or closes a line: a run that does
    neither has no part that does, so the scan tries its positions in vain. Lines are few.
    """
    starts = set()
    pos, n = 0, len(text)
    while True:
        if pos < n and text[pos] in " \t":  # the run opening the line
            starts.add(pos)
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        first = end
        while first > pos and text[first - 1] in " \t":  # the run closing it
            first -= 1
        if first < end:
            starts.add(first)
        if nl < 0:
            break
        pos = nl + 1
    return [_LINE_EDGE_SPACES.match(text, start) for start in sorted(starts)]


def tidy_whitespace(mapped: MappedText) -> MappedText:
    text = mapped.text
    if text.startswith((" ", "\t")) or text.endswith((" ", "\t")) or _holds_any(text, _LINE_EDGE_PAIRS):
        mapped.sub(_LINE_EDGE_SPACES, "", found=_line_edge_runs(text))
    if _holds_any(mapped.text, _SPACE_RUNS):
        mapped.sub(_SPACES, " ")
    if _holds_any(mapped.text, _BLANK_LINE_PAIRS):
        mapped.sub(_BLANK_LINES, "\n\n")
    return mapped.strip()


def clean_text(text: str) -> MappedText:
    """The text stages of cleaning, in order, on a plain text."""
    mapped = MappedText(text)
    normalise(mapped)
    remove_boilerplate(mapped)
    return tidy_whitespace(mapped)


def vietnamese_letters(text: str) -> int:
    """How many letters of `text` (NFC) only Vietnamese uses among Latin scripts."""
    lowered = text.lower()
    return sum(map(lowered.count, _VI_LETTERS))  # one C scan per letter beats a regex scan of the text


def _letters_in(chunk: str) -> int:
    return sum(map(len, _LETTERS.findall(chunk)))  # runs, not one match per letter: the same count


# no letter is white space, so the letters of a text are those of its `str.split()` chunks
_CHUNK_LETTERS = ChunkCache(_letters_in)


def letter_count(text: str) -> int:
    """How many letters (`\\p{L}`) `text` holds."""
    return sum(map(_CHUNK_LETTERS.__getitem__, text.split()))


def check_language(text: str, settings: Settings) -> None:
    letters = letter_count(text)
    if letters < settings.min_letters:
        raise ArticleRejected("empty", f"no article text ({letters} letters after cleaning)")
    # the letters of the first third already reach the share in most Vietnamese texts; only a
    # text they do not decide is counted in full (a prefix holds no more of them than the whole)
    if vietnamese_letters(text[:len(text) // 3]) / max(letters, 1) >= settings.min_vietnamese_ratio:
        return
    vi = vietnamese_letters(text)
    if vi / max(letters, 1) < settings.min_vietnamese_ratio:
        raise ArticleRejected("not_vietnamese", f"text does not look Vietnamese ({vi} of {letters} letters are Vietnamese-specific)")


def clean(raw: RawDocument, settings: Settings) -> Article:
    """A raw document becomes an `Article`; rejects empty and non-Vietnamese texts."""
    if raw.status:
        raise ArticleRejected(raw.status, raw.error or raw.status)
    size = len(raw.text or raw.html or "")
    if size > settings.max_chars:  # before HTML extraction, the costly part
        raise ArticleRejected("error", f"too_large: text has {size:,} characters, over max_chars "
                                       f"{settings.max_chars:,} (raise [load] max_chars with --config to read it)")
    title, url, published = raw.title, raw.url, raw.published
    if raw.html is not None and not raw.text:
        source_text, meta = html_to_text(raw.html)
        title = title or meta.get("title")
        url = url or meta.get("url")
        if published is None and meta.get("published"):
            from .resolve import parse_iso_date

            published = parse_iso_date(meta["published"])
    else:
        source_text = raw.text or ""
    mapped = clean_text(source_text)
    check_language(mapped.text, settings)
    if title:
        title = clean_text(title).text or None
    return Article(
        source=raw.source,
        text=mapped.text,
        source_text=source_text,
        offsets=mapped.offsets,
        url=url,
        title=title,
        published=published,
    )
