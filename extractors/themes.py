"""Themes: the names of movements, campaigns, a year's theme, mottos, slogans, objectives and spirits.

A theme is a quoted text right after a cue ("phong trào thi đua “…”", "với chủ
đề: “…”"), a quoted text joined by a comma or "và" to such a theme (a list under
one cue), or the unquoted text after "chủ đề:" up to the end of the sentence.
Cues, quotation marks and stop lists are data: `gazetteer/theme_patterns.jsonl`.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import takewhile

import regex
from spacy.language import Language
from spacy.tokens import Doc

from gazetteer import loaders
from pipeline.records import Theme

from .base import doc_text, get_records, register, sentences, set_records

NAME = "thidua_themes"
ASSIGNS = register(NAME)

DEFAULT_CONFIG = {
    # syllables allowed between a cue and its quote ("phong trào thi đua yêu nước năm 2024 với chủ đề" has 7)
    "max_gap_words": 8,
    # a quoted text of fewer words is a scare quote ("mục tiêu “kép”"), not a theme
    "min_words": 2,
    # a longer "quoted text" is two quotation marks paired wrongly
    "max_chars": 800,
    # two mentions at least this similar (character ratio, as the evaluation compares) are one theme
    "duplicate_ratio": 0.85,
}


@dataclass(frozen=True, slots=True)
class _Quote:
    """A quoted text: `start`/`end` of the text between the marks, `open`/`close` of the marks themselves."""

    open: int
    start: int
    end: int
    close: int


@dataclass(frozen=True, slots=True)
class _Found:
    """A theme found in the text, before evidence and de-duplication: where its cue and text lie."""

    text: str
    kind: str
    cue_start: int
    text_start: int
    text_end: int


# between a cue and its quote: a comma or a sentence mark means the quote belongs to another clause
_CLAUSE_PUNCT = regex.compile(r"[.,;!?()\[\]]")
_LETTER = regex.compile(r"\p{L}")
# "… thiết thực. Khen thưởng …": a word of two letters or more, a full stop, a capital ("TP. Hồ Chí Minh" is none)
_SENTENCE_BREAK = regex.compile(r"\p{Ll}{2}[.!?]\s+\p{Lu}")


def _words_re(words) -> str:
    alts = "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return rf"(?<![\p{{L}}\p{{N}}])(?:{alts})(?![\p{{L}}\p{{N}}])"


@dataclass(frozen=True, slots=True)
class _Patterns:
    cue: regex.Pattern            # any cue word; group "cue"
    kind_of: dict                 # casefolded cue → contract kind
    colon: regex.Pattern          # colon cue, its gap, the colon; the theme starts at m.end()
    colon_plural: regex.Pattern   # the end of a text that makes the colon cue plural ("3 chủ đề:")
    unquoted_stop: tuple
    quote_role: dict              # mark → (family, role)
    mark_or_newline: regex.Pattern  # a mark or a paragraph break, as `_marks` finds them
    mark_chars: frozenset         # the characters of the marks: what `mark_or_newline` takes besides "\n"
    gap_forbid: regex.Pattern
    not_theme: tuple
    list_join: regex.Pattern      # the whole text between two quotes of one list
    launch: regex.Pattern
    launched_after: regex.Pattern  # "” do đồng chí X phát động": group "who"
    year: tuple
    period_suffix: tuple


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    pats = loaders.theme_patterns()
    plain = lambda label: [e["pattern"] for e in pats[label] if not e.get("regex")]  # noqa: E731
    compiled = lambda label: tuple(e["compiled"] for e in pats[label] if e.get("regex"))  # noqa: E731
    marks = "".join(regex.escape(e["pattern"]) for e in pats["QUOTE"])
    forbid_words = plain("GAP_FORBID")
    forbid = [_words_re(forbid_words)] if forbid_words else []
    forbid += [e["pattern"] for e in pats["GAP_FORBID"] if e.get("regex")]
    joins = "|".join(regex.escape(w) for w in plain("LIST_JOIN"))
    return _Patterns(
        cue=regex.compile("(?P<cue>" + _words_re(plain("CUE")) + ")", regex.IGNORECASE),
        kind_of={e["pattern"].casefold(): e["kind"] for e in pats["CUE"]},
        colon=regex.compile("(?P<cue>" + _words_re(plain("COLON_CUE")) + r")(?P<gap>[^:.;!?()" + marks
                            + r"\n]{0,60}?)\s*:\s*(?=(?-i:\p{Lu}))", regex.IGNORECASE),
        colon_plural=regex.compile("(?:" + "|".join([_words_re(plain("COLON_PLURAL")), *(e["pattern"] for e in pats["COLON_PLURAL"] if e.get("regex"))])
                                   + r")\s*$", regex.IGNORECASE),
        unquoted_stop=compiled("UNQUOTED_STOP") + (regex.compile("[" + marks + "]"),),
        quote_role={e["pattern"]: (e["family"], e["role"]) for e in pats["QUOTE"]},
        mark_or_newline=regex.compile("[" + marks + r"\n]"),
        mark_chars=frozenset("".join(e["pattern"] for e in pats["QUOTE"])) - {"\n"},
        gap_forbid=regex.compile("|".join(forbid), regex.IGNORECASE),
        not_theme=compiled("NOT_THEME_TEXT"),
        list_join=regex.compile(r"\s*(?:(?:" + joins + r")\s*)*", regex.IGNORECASE),
        launch=regex.compile(_words_re(plain("LAUNCH")), regex.IGNORECASE),
        launched_after=regex.compile(r"\s*[" + marks + r"]?[^.;!?" + marks + r"]{0,60}?" + _words_re(plain("LAUNCH_AGENT"))
                                     + r"\s+(?P<who>[^.;!?" + marks + r"]{1,160}?)\s*" + _words_re(plain("LAUNCH")),
                                     regex.IGNORECASE),
        year=compiled("YEAR"),
        period_suffix=compiled("PERIOD_SUFFIX"),
    )


@lru_cache(maxsize=1)
def _award_names() -> frozenset[str]:
    """Award names ("Mẹ Việt Nam Anh hùng") and their opening words ("Chiến sĩ thi đua" of "Chiến sĩ thi đua
    cơ sở"), as `_key` gives them: quoted, they are no theme."""
    out = set()
    for form in loaders.award_forms():
        words = _key(form["surface"]).split()
        out.update(" ".join(words[:n]) for n in range(1, len(words) + 1))
    return frozenset(out)


@lru_cache(maxsize=1)
def _quote_deletions() -> dict[int, None]:
    """A `str.translate` table deleting every quotation mark (a mark of several characters is never one character of a text)."""
    return {ord(mark): None for mark in _patterns().quote_role if len(mark) == 1}


def _key(text: str) -> str:
    """A theme as compared: NFC, casefolded, white space collapsed, quotes and outer punctuation gone."""
    text = unicodedata.normalize("NFC", text).casefold().translate(_quote_deletions())
    return " ".join(text.split()).strip(" .,;:!?-–…()")


def _theme_key(text: str) -> str:
    """`_key` without a closing year or period: "Thi đua Quyết thắng năm 2020" is "Thi đua Quyết thắng"."""
    key = _key(text)
    for pattern in _patterns().period_suffix:
        key = pattern.sub("", key)
    return key


def _last_name(part: str, names: tuple[str, ...]) -> str | None:
    """The last of `names` written in `part` as a whole name (no letter touching it), read left to right as
    one alternation of the names would read it: at each place the longest name, the next after its end.

    Found with `str.find` rather than a pattern of the names: compiling one per article cost a millisecond.
    """
    found = []
    for name in names:
        at = part.find(name)
        while at >= 0:
            end = at + len(name)
            if (at == 0 or not _LETTER.match(part, at - 1)) and (end == len(part) or not _LETTER.match(part, end)):
                found.append((at, -len(name), name))
            at = part.find(name, at + 1)
    last, pos = None, 0
    for at, _, name in sorted(found):
        if at >= pos:
            last, pos = name, at + len(name)
    return last


def _marks(text: str, chars: frozenset) -> list[tuple[int, bool]]:
    """Where each of `chars` stands, in order, and whether a "\n" comes between it and the one before: what
    `mark_or_newline.finditer` tells, found with `str.find`, which is far faster than a scan by the pattern."""
    at: list[int] = []
    for ch in chars:
        i = text.find(ch)
        while i >= 0:
            at.append(i)
            i = text.find(ch, i + 1)
    at.sort()
    out = []
    after_last = 0
    for i in at:
        out.append((i, text.find("\n", after_last, i) >= 0))
        after_last = i + 1
    return out


def quotes(text: str) -> list[_Quote]:
    """Quoted spans, pairing marks left to right within a paragraph.

    Pages mix curly and straight marks (“…" ), so any double mark closes any
    double mark. An opening mark met while a quote is open, with a space before
    it and a letter after, starts a new quote (the earlier mark was stray); a
    closing mark met while none is open opens one when it stands where an
    opening mark would (some pages print ” for both).
    """
    pats = _patterns()
    roles = pats.quote_role
    out: list[_Quote] = []
    open_at: dict[str, int | None] = {"double": None, "single": None}
    for i, new_paragraph in _marks(text, pats.mark_chars):
        if new_paragraph:
            open_at = dict.fromkeys(open_at)
        ch = text[i]
        family, role = roles[ch]
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        opens_here = before.isspace() and not after.isspace()
        start = open_at[family]
        if start is None:
            if role != "close" or (opens_here and after.isalnum()):
                open_at[family] = i
        elif role == "open" and opens_here and family == "double":
            open_at[family] = i
        elif role == "open" and family == "single":
            open_at[family] = i
        else:
            out.append(_Quote(open=start, start=start + 1, end=i, close=i + 1))
            open_at[family] = None
    return sorted(out, key=lambda q: q.open)


def _clean_text(text: str) -> str:
    """A quoted text without the spaces and the sentence's own punctuation caught inside the marks."""
    return text.strip().rstrip(" ,;:.").strip()


class _Compared:
    """What `same_theme` computes of each text, kept while one article's themes are compared: one new key is
    compared with every key before it, and a `SequenceMatcher` indexes its second text once for all first ones."""

    def __init__(self):
        self._counts: dict[str, Counter] = {}
        self._matchers: dict[str, SequenceMatcher] = {}

    def counts(self, text: str) -> Counter:
        found = self._counts.get(text)
        if found is None:
            found = self._counts[text] = Counter(text)
        return found

    def ratio(self, a: str, b: str) -> float:
        """`SequenceMatcher(None, a, b).ratio()`: `set_seq1` keeps the index of `b`, and only that."""
        matcher = self._matchers.get(b)
        if matcher is None:
            matcher = self._matchers[b] = SequenceMatcher(None, b=b)
        matcher.set_seq1(a)
        return matcher.ratio()


class ThemeExtractor:
    def __init__(self, name: str = NAME, max_gap_words: int = DEFAULT_CONFIG["max_gap_words"],
                 min_words: int = DEFAULT_CONFIG["min_words"], max_chars: int = DEFAULT_CONFIG["max_chars"],
                 duplicate_ratio: float = DEFAULT_CONFIG["duplicate_ratio"]):
        self.name = name
        self.max_gap_words = max_gap_words
        self.min_words = min_words
        self.max_chars = max_chars
        self.duplicate_ratio = duplicate_ratio

    # --- finding

    def _cue_before(self, window: str) -> regex.Match | None:
        """The cue nearest the end of `window` if only a short, innocent gap follows it."""
        pats = _patterns()
        last = None
        for last in pats.cue.finditer(window):
            pass
        if last is None:
            return None
        gap = window[last.end():]
        if len(gap.split()) > self.max_gap_words or _CLAUSE_PUNCT.search(gap):
            return None
        if pats.gap_forbid.search(gap):
            return None
        return last

    def _chain_start(self, text: str, cue_start: int, floor: int) -> int:
        """Where a run of cues ends leftwards ("phong trào thi đua năm 2023 với chủ đề: …" starts at "phong trào")."""
        while True:
            earlier = self._cue_before(text[floor:cue_start])
            if earlier is None:
                return cue_start
            cue_start = floor + earlier.start()

    def is_theme_text(self, text: str) -> bool:
        """A cue's quoted text is a theme unless too short or long, a directive's title, a speech or an award's name."""
        key = _key(text)
        if len(key.split()) < self.min_words or len(text) > self.max_chars or not _LETTER.search(key):
            return False
        if any(p.search(text) for p in _patterns().not_theme):
            return False
        if _SENTENCE_BREAK.search(text):  # two sentences inside the marks: a speech quoted
            return False
        return key not in _award_names()

    def find(self, text: str) -> list[_Found]:
        """Themes of a text (a paragraph or a whole Doc), in order of appearance."""
        pats = _patterns()
        out: list[_Found] = []
        floor = 0            # a cue is looked for after the last quote: "“A” phong trào" belongs to what follows
        previous: _Found | None = None
        for q in quotes(text):
            paragraph_start = text.rfind("\n", 0, q.open) + 1
            window_start = max(floor, paragraph_start)
            window = text[window_start:q.open]
            cue = self._cue_before(window)
            found = None
            if cue is not None:
                kind = pats.kind_of[cue.group("cue").casefold()]
                found = (kind, self._chain_start(text, window_start + cue.start(), window_start))
            elif previous is not None and window_start == floor and pats.list_join.fullmatch(window):
                found = (previous.kind, previous.cue_start)
            floor = q.close
            raw = text[q.start:q.end]
            if found is None or not self.is_theme_text(raw):
                previous = None
                continue
            lead = len(raw) - len(raw.lstrip())
            clean = _clean_text(raw)
            previous = _Found(clean, found[0], found[1], q.start + lead, q.start + lead + len(clean))
            out.append(previous)
        return out

    def find_unquoted(self, text: str) -> list[_Found]:
        """Themes written without quotes after a colon cue ("với chủ đề: Đoàn kết, kỷ cương, …")."""
        out: list[_Found] = []
        if ":" not in text:
            return out  # `colon` matches a ":" (most sentences have none): no scan needed
        pats = _patterns()
        for m in pats.colon.finditer(text):
            if pats.gap_forbid.search(m.group("gap")) or pats.colon_plural.search(text, 0, m.start()):
                continue
            rest = text[m.end():]
            end = len(rest)
            for stop in pats.unquoted_stop:
                s = stop.search(rest)
                if s is not None:
                    end = min(end, s.start())
            raw = rest[:end].rstrip(" .,…")
            if not self.is_theme_text(raw):
                continue
            kind = pats.kind_of[m.group("cue").casefold()]
            out.append(_Found(raw, kind, self._chain_start(text, m.start(), 0), m.end(), m.end() + len(raw)))
        return out

    # --- details

    def year(self, evidence: str, cue_at: int, text_at: int, text_end: int, found: _Found) -> int | None:
        """The year it applies to, from (1) its own closing words ("… năm 2024”") or the words right after
        it ("phong trào “…” năm 2023"), (2) its cue's words ("chủ đề năm 2024 “…”", "phong trào thi đua
        năm 2023 với chủ đề: …"), (3) for a year's theme rather than a lasting movement, a short lead of
        the sentence ("Năm 2024, với chủ đề “…”")."""
        pats = _patterns()
        for pattern in pats.period_suffix:
            m = pattern.search(found.text)
            if m and m.group(1):
                return int(m.group(1))
        after = evidence[text_end:].lstrip("".join(pats.quote_role) + " ")
        for pattern in pats.year:
            m = pattern.match(after)
            if m:
                return int(m.group(1))
        lead = evidence[:cue_at]
        places = [evidence[cue_at:text_at]]
        if found.kind != "phong trào" and len(lead.split()) <= self.max_gap_words:
            places.append(lead)
        for words in places:
            for pattern in pats.year:
                m = pattern.search(words)
                if m:
                    return int(m.group(1))
        return None

    def launched_by(self, sentence: str, cue_at: int, text_end: int, names: tuple[str, ...]) -> str | None:
        """The official who launched it: named before the launch verb that precedes the cue ("đồng chí X
        … phát động phong trào …"), or after the theme as its agent ("“…” do đồng chí X phát động").
        `names` are the officials' names, each once and none empty."""
        pats = _patterns()
        if not names:
            return None

        def last_name_in(part: str) -> str | None:
            return _last_name(part, names)

        verbs = list(pats.launch.finditer(sentence, 0, cue_at))
        if verbs:
            between = sentence[verbs[-1].end():cue_at]
            # "X phát động thi đua năm 2024; các đơn vị tiếp tục phong trào “…”": X launched something else
            if ";" in between or len(between.split()) > 2 * self.max_gap_words:
                return None
            return last_name_in(sentence[:verbs[-1].start()])
        after = pats.launched_after.match(sentence, text_end)
        return last_name_in(after.group("who")) if after else None

    # --- the component

    def themes(self, text: str, sentence_spans: list[tuple[int, int]], names: list[str]) -> list[Theme]:
        """Every theme of `text` once, its evidence the sentence(s) of `sentence_spans` holding it.

        `names` are the officials already found, for `launched_by`.
        """
        found = self.find(text)
        for s_start, s_end in sentence_spans:
            found += [_Found(f.text, f.kind, s_start + f.cue_start, s_start + f.text_start, s_start + f.text_end)
                      for f in self.find_unquoted(text[s_start:s_end])]
        found.sort(key=lambda f: f.text_start)
        names = tuple({n for n in names if n})
        records: list[Theme] = []
        keys: list[str] = []
        exact: dict[str, int] = {}
        seen = _Compared()
        spans = sorted(sentence_spans)
        span_ends = [e for _, e in spans]
        for f in found:
            first = bisect_right(span_ends, f.text_start)
            inside = list(takewhile(lambda s: s[0] < f.text_end, spans[first:]))
            if not inside:
                continue
            start, end = inside[0][0], inside[-1][1]
            evidence = text[start:end]
            cue_at = max(0, f.cue_start - start)
            theme = Theme(text=f.text, kind=f.kind, year=self.year(evidence, cue_at, f.text_start - start, f.text_end - start, f),
                          launched_by=self.launched_by(evidence, cue_at, f.text_end - start, names),
                          evidence=evidence, char_start=start, char_end=end)
            key = _theme_key(f.text)
            same = exact.get(key)
            if same is None:
                same = next((i for i, k in enumerate(keys) if self.same_theme(k, key, seen)), None)
            if same is None:
                exact[key] = len(records)
                records.append(theme)
                keys.append(key)
                continue
            exact.setdefault(key, same)
            # one theme named twice: one row, in its fullest wording, with what either mention tells
            kept = records[same]
            if len(key) > len(keys[same]):
                theme.year = theme.year or kept.year
                theme.launched_by = theme.launched_by or kept.launched_by
                records[same], keys[same] = theme, key
            else:
                kept.year = kept.year or theme.year
                kept.launched_by = kept.launched_by or theme.launched_by
        return records

    def same_theme(self, a: str, b: str, seen: _Compared | None = None) -> bool:
        """Two mentions (as `_key` gives them) of one theme: nearly the same characters (a typo), or one the
        other's head before a dash ("Chung tay vì người nghèo" for "Chung tay vì người nghèo - Không để ai …");
        "Dân vận khéo" and "Dân vận khéo trong cải cách hành chính" stay two movements."""
        short, long = sorted((a, b), key=len)
        rest = long[len(short):].lstrip()
        if long.startswith(short) and len(short.split()) >= 3 and rest[:1] in ("-", "–", "—", ":"):
            return True
        # the quick ratios are upper bounds of ratio(): most pairs are told apart without the slow one. They are
        # computed here as SequenceMatcher computes them (2·matches / total length, the matches bounded by the
        # shorter length, then by the characters both share), without building its index of `b`
        length = len(a) + len(b)
        if not length:
            return 1.0 >= self.duplicate_ratio
        if 2.0 * len(short) / length < self.duplicate_ratio:
            return False
        if seen is None:
            seen = _Compared()
        if 2.0 * (seen.counts(a) & seen.counts(b)).total() / length < self.duplicate_ratio:
            return False
        return seen.ratio(a, b) >= self.duplicate_ratio

    def __call__(self, doc: Doc) -> Doc:
        spans = [(s.start, s.end) for s in sentences(doc)]
        names = [o.name for o in get_records(doc, "thidua_officials") if getattr(o, "name", None)]
        records = self.themes(doc_text(doc), spans, names)
        set_records(doc, NAME, records, [(t.char_start, t.char_end) for t in records])
        return doc


def find_themes(text: str, known_names: list[str] | tuple[str, ...] = (),
                sentence_spans: list[tuple[int, int]] | None = None) -> list[Theme]:
    """The themes of a plain text with the default settings (the whole text one sentence unless spans are given)."""
    return ThemeExtractor(**DEFAULT_CONFIG).themes(text, sentence_spans or [(0, len(text))], list(known_names))


@Language.factory(NAME, default_config=DEFAULT_CONFIG, assigns=[ASSIGNS, "doc.spans"], requires=["doc._.thidua_officials"])
def make_theme_extractor(nlp: Language, name: str, max_gap_words: int, min_words: int, max_chars: int,
                         duplicate_ratio: float) -> ThemeExtractor:
    return ThemeExtractor(name, max_gap_words, min_words, max_chars, duplicate_ratio)
