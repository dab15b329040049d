"""Officials: named people holding (or having held) a public post, with their positions and roles.

Rules over gazetteer data only (`official_words.csv`, `surnames.txt`, `honorifics.txt`,
`abbreviations.csv`, `provinces.csv`); no model call, so every sentence can be read:

1. A sentence is cut into syllable tokens (capitalised, upper-case, lower-case, number, punctuation).
2. A post starts at a head word ("Chủ tịch", "Bí thư", "Ủy viên"…, optionally after "Phó",
   "Nguyên") written with a capital, and runs on through the organisation's name: capitalised and
   upper-case words, at most one lower-case syllable after a capitalised one ("Tỉnh ủy"), connector
   words ("nhân dân", "tỉnh", "và"…), a dash inside a name ("Thi đua - Khen thưởng"). It ends at a
   separator, a verb, or a personal name ("Chủ tịch UBND tỉnh Hà Giang | Vàng Seo Cón").
3. A personal name is a capitalised run after an honorific ("đồng chí", "bà", "Đại tá", "GS.TS"), or
   one that starts with a family name and touches a post; a place name in front of it is split off
   ("Tỉnh ủy Nghệ An | Thái Thanh Quý"). Historical figures and bylines are never names of officials.
4. Posts go to the name they touch ("Chủ tịch UBND tỉnh Nguyễn Văn Sơn"), then to the name before
   them through separators ("Nguyễn Văn Sơn, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh; …"); a ";"
   closes a person whose posts have begun. "các đồng chí <post>: A - …, B - …" gives the post to each.
5. Mentions of one person in an article are merged; a given name alone ("ông Sơn", "Seo Cón") joins
   the full name it ends. Only people with a post are officials (a rank alone, "Thượng úy A", is not a post).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from typing import NamedTuple

import ahocorasick
import regex
from spacy.language import Language

from gazetteer import loaders
from pipeline.records import Official

from .base import doc_text, register, sentences, set_records

NAME = "thidua_officials"
ASSIGNS = register(NAME)

_TOKEN = regex.compile(r"\p{Lu}+(?:\.\p{Lu}+)+(?![\p{L}\d])|\p{L}[\p{L}\p{M}\d]*(?:[&'’]\p{L}[\p{L}\p{M}\d]*)*|\d+(?:[.,/]\d+)*|\S")
CAP, UPPER, LOW, NUM, PUNCT = "cap", "upper", "low", "num", "punct"
_DASHES = {"-", "–", "—"}
_LIST_GAPS = {",", "-", "–", "—", ":", "(", ";", ",(", ")", "),", ");"}
_MAX_NAME = 4


class _Tok(NamedTuple):
    text: str
    low: str
    start: int
    end: int
    kind: str


_APOSTROPHE = regex.compile(r"['’]")


@lru_cache(maxsize=65536)
def _kind(word: str) -> str:
    first = word[0]
    if first.isdigit():
        return NUM
    if not first.isalpha():
        return PUNCT
    rest = word[1:]
    parts = _APOSTROPHE.split(word) if ("'" in word or "’" in word) else (word,)
    if len(parts) > 1 and all(p[:1].isupper() and p[1:] == p[1:].lower() for p in parts):
        return CAP  # a Central Highlands name written with an apostrophe ("H'Yim", "Y'Ngông"), not an abbreviation
    if rest != rest.lower() and (first.isupper() or sum(c.isupper() for c in rest) >= 2):
        return UPPER  # two capitals or more: an abbreviation ("UBND", "TTg", "ThS")
    return CAP if first.isupper() else LOW


def _fold(text: str) -> str:
    """What tokens are compared by: casefolded, en and em dashes as "-"."""
    return text.casefold().replace("–", "-").replace("—", "-")


def tokens(text: str) -> list[_Tok]:
    return list(_tokens(text))


_Match = type(_TOKEN.match("a"))
# a character that ends a word's chunk ("tỉnh,", "2023.") and is a token of its own: not a letter, mark or
# digit (so no word or number runs on through it), not a joiner of `_TOKEN` ("&", "'", "’"), not white space
_TRAILING = frozenset(",.;:!?)”\"")


def _token_columns(text: str) -> tuple[list[str], list[str] | None, list[int]]:
    """The words and starts `_TOKEN.finditer(text)` gives, the pattern run only on chunks it must read, and
    each word as `_fold` gives it (None when folding changes the text's length: then each word is folded alone).

    A token never holds a space, so `text.split(" ")` cuts between tokens, and `_TOKEN` reads a chunk as it
    reads it inside the text (a space after it, or its end, passes the one look-ahead alike). A chunk of
    `str.isalpha` characters is one `\\p{L}[\\p{L}\\p{M}\\d]*` token (every `isalpha` character is a `\\p{L}`;
    it has no "." for the dotted abbreviation), one of `str.isdecimal` characters one `\\d+` token (every
    `isdecimal` character is a `\\d`), and such a chunk with one of `_TRAILING` after it those two tokens:
    most chunks are these, read at C speed. Folding that keeps the length folds character for character and
    makes no space and takes none away, so the folded text's chunks are the chunks' folds.
    `test_officials_tokens_as_pattern` checks these claims on every character and the whole function against the pattern.
    """
    words: list[str] = []
    starts: list[int] = []
    low = _fold(text)
    if len(low) != len(text):
        for m in _TOKEN.finditer(text):
            words.append(m.group())
            starts.append(m.start())
        return words, None, starts
    lows: list[str] = []
    pos = 0
    for chunk, low_chunk in zip(text.split(" "), low.split(" ")):
        n = len(chunk)
        if chunk.isalpha() or chunk.isdecimal():
            words.append(chunk)
            lows.append(low_chunk)
            starts.append(pos)
        elif n:
            head = chunk[:-1]
            if chunk[-1] in _TRAILING and (head.isalpha() or head.isdecimal()):
                words += head, chunk[-1]
                lows += low_chunk[:-1], low_chunk[-1]
                starts += pos, pos + n - 1
            else:
                for m in _TOKEN.finditer(text, pos, pos + n):
                    words.append(m.group())
                    lows.append(low[m.start():m.end()])
                    starts.append(m.start())
        pos += n + 1
    return words, lows, starts


@lru_cache(maxsize=512)
def _tokens(text: str) -> tuple[_Tok, ...]:
    """The tokens of a text, cached: a sentence, a post or an honorific is cut several times in an article.

    Built column by column with `map` (no Python loop or frame per token): cutting is most of what
    reading a sentence costs.
    """
    words, lows, starts = _token_columns(text)
    ends = map(int.__add__, starts, map(len, words))
    if lows is None:  # casefolding changed a length: fold word by word
        lows = map(_fold, words)
    # tuple.__new__ is what _Tok._make calls, without a Python frame per token
    return tuple(map(tuple.__new__, repeat(_Tok), zip(words, lows, starts, ends, map(_kind, words))))


def _first_words(*phrase_sets: "_Phrases") -> frozenset[str]:
    """The words a phrase of any of the sets starts with: no phrase of theirs matches at another token."""
    return frozenset(word for phrases in phrase_sets for word in phrases.by_first)


class _Phrases:
    """Phrases matched token by token, case-insensitively, longest first."""

    def __init__(self, phrases):
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        for p in phrases:
            key = tuple(t.low for t in tokens(p))
            if key:
                self.by_first.setdefault(key[0], []).append(key)
        for alts in self.by_first.values():
            alts.sort(key=len, reverse=True)
        self.last_words = frozenset(alt[-1] for alts in self.by_first.values() for alt in alts)

    def match(self, toks: list[_Tok], i: int) -> int:
        n_toks = len(toks)
        if i >= n_toks:
            return 0
        alts = self.by_first.get(toks[i].low)
        if alts is None:
            return 0
        for alt in alts:  # alt[0] is toks[i].low: it is filed under it
            n = len(alt)
            # the second word first: it tells most alternatives apart without a generator
            if i + n <= n_toks and (n == 1 or toks[i + 1].low == alt[1]
                                    and all(toks[i + k].low == alt[k] for k in range(2, n))):
                return n
        return 0

    def ends_at(self, toks: list[_Tok], end: int) -> int:
        """Length of a phrase that ends right before token `end` (0 if none)."""
        if not 0 < end <= len(toks) or toks[end - 1].low not in self.last_words:
            return 0  # no phrase ends with that word: no start needs trying
        for start in range(max(0, end - 6), end):
            n = self.match(toks, start)
            if n and start + n == end:
                return n
        return 0


@dataclass(slots=True)
class _Rules:
    head: _Phrases
    org_before_head: _Phrases
    prefix: _Phrases
    former: _Phrases
    connector: _Phrases
    stop: _Phrases
    org_phrase: _Phrases
    named_org: _Phrases
    org_continue: _Phrases
    separator: frozenset
    address: _Phrases
    group: _Phrases
    on_behalf: _Phrases
    byline: _Phrases
    deceased: _Phrases
    honorific: _Phrases
    rank: _Phrases
    presenter: _Phrases
    speaker: _Phrases
    recipient: _Phrases
    attendee: _Phrases
    attendee_after: _Phrases
    speaker_before: _Phrases
    given: _Phrases
    province_unit: _Phrases
    not_last: _Phrases
    surnames: frozenset
    historical: frozenset
    places: frozenset           # casefolded place names, as token tuples
    provinces: dict             # casefolded token tuple → province short name
    expand_re: regex.Pattern
    expand: dict
    abbr_re: regex.Pattern
    abbr: dict
    starts: frozenset           # first tokens of heads, prefixes, honorifics, on-behalf cues
    post_starts: frozenset      # first tokens of heads, prefixes, "former" words: where a post can start
    run_stops: frozenset        # first tokens of heads and prefixes: where `_run_end` may stop a run
    role_cues: frozenset        # first tokens of the cues `_roles` reads after a mention
    post_word_cues: frozenset   # first tokens of the phrases `_read_post` looks for at each word of a post


# _Rules fields read as phrase lists from one label of official_words.csv each
_PHRASE_LABELS = {
    "head": "HEAD", "org_before_head": "ORG_BEFORE_HEAD", "prefix": "PREFIX", "former": "FORMER",
    "connector": "CONNECTOR", "stop": "STOP", "org_phrase": "ORG_PHRASE", "named_org": "NAMED_ORG",
    "org_continue": "ORG_CONTINUE", "address": "ADDRESS", "group": "GROUP", "on_behalf": "ON_BEHALF",
    "byline": "BYLINE", "deceased": "DECEASED", "rank": "RANK", "presenter": "ROLE_PRESENTER", "speaker": "ROLE_SPEAKER",
    "recipient": "ROLE_RECIPIENT", "attendee": "ROLE_ATTENDEE", "attendee_after": "ROLE_ATTENDEE_AFTER",
    "speaker_before": "ROLE_SPEAKER_BEFORE", "given": "ROLE_GIVEN", "not_last": "NOT_LAST",
}


def _alternation(words, flags: int = 0) -> regex.Pattern:
    """One pattern for whole-word occurrences of any of `words`, longest first."""
    alts = "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))
    return regex.compile(r"(?<![\p{L}\d])(?:" + alts + r")(?![\p{L}\d])", flags)


def _key(text: str) -> tuple[str, ...]:
    return tuple(t.low for t in tokens(text))


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    words = loaders.official_words()

    def phrases(label: str) -> _Phrases:
        return _Phrases(p for p, _ in words[label])

    places: set[tuple[str, ...]] = {_key(p) for p, _ in words["PLACE"]}
    provinces: dict[tuple[str, ...], str] = {}
    for unit in loaders.admin_units():
        forms = {unit["short"], *unit["aliases"]}
        for form in forms:
            places.add(_key(form))
            if unit["level"] in ("province_pre2025", "province_2025"):
                provinces[_key(form)] = unit["short"]
    expand = {p.casefold(): v for p, v in words["EXPAND"]}
    abbr = {a: e for a, e in loaders.abbreviation_expansions().items()
            if sum(c.isalpha() for c in a) >= 2 and any(c.isupper() for c in a[1:])}
    rules = _Rules(
        **{name: phrases(label) for name, label in _PHRASE_LABELS.items()},
        separator=frozenset("".join(p.split()).casefold() for p, _ in words["SEPARATOR"]),
        # the words a province's name is written after ("tỉnh", "TP", "Tỉnh ủy"), kept with the places' words
        province_unit=_Phrases(form for label in ("PROVINCE_TYPE", "PROVINCE_BODY") for form, _ in loaders.place_words()[label]),
        # "nguyên" is read as "former" before a post, never as an honorific
        honorific=_Phrases(w for w in loaders.honorifics()
                           if w.casefold() not in {f.casefold() for f, _ in words["FORMER"]}),
        surnames=frozenset(n.casefold() for n in loaders.surnames()), historical=frozenset(_key(p) for p, _ in words["HISTORICAL"]),
        places=frozenset(places), provinces=provinces,
        expand_re=_alternation(expand, regex.IGNORECASE), expand=expand,
        abbr_re=_alternation(abbr), abbr=abbr,
        starts=frozenset(), post_starts=frozenset(), run_stops=frozenset(), role_cues=frozenset(), post_word_cues=frozenset(),
    )
    rules.starts = _first_words(rules.head, rules.prefix, rules.former, rules.honorific, rules.on_behalf)
    rules.post_starts = _first_words(rules.head, rules.prefix, rules.former)
    rules.run_stops = _first_words(rules.head, rules.prefix)
    rules.role_cues = _first_words(rules.recipient, rules.presenter, rules.speaker, rules.attendee_after)
    rules.post_word_cues = _first_words(rules.org_phrase, rules.named_org, rules.address, rules.rank)
    return rules


# --- positions as written → as reported -------------------------------------------

_ABBR_IN_PARENS = regex.compile(r"\s*\(\p{Lu}{2,}\)")
_HYPHEN_IN_NAME = regex.compile(r"(?<=\p{L})\s*[-–—]\s*(?=\p{Lu})|\s+[–—]\s+")
_SPACES = regex.compile(r"\s+")


@lru_cache(maxsize=4096)
def expand_position(text: str) -> str:
    """A post with its abbreviations expanded ("Chủ tịch UBND tỉnh" → "Chủ tịch Ủy ban nhân dân tỉnh")."""
    R = _rules()
    text = _ABBR_IN_PARENS.sub("", text)
    text = R.expand_re.sub(lambda m: R.expand[m.group(0).casefold()], text)
    text = R.abbr_re.sub(lambda m: R.abbr[m.group(0)], text)
    text = R.expand_re.sub(lambda m: R.expand[m.group(0).casefold()], text)  # "Ủy viên T.Ư Đảng" once expanded
    text = _HYPHEN_IN_NAME.sub(" - ", text)
    return _SPACES.sub(" ", text).strip(" ,;-")


def _unit_provinces(toks: list[_Tok]):
    """(unit start, unit end, name end, province) of each province written after a unit word ("tỉnh Hà Giang")."""
    R = _rules()
    for i in range(len(toks)):
        n = R.province_unit.match(toks, i)
        if not n:
            continue
        for m in (4, 3, 2, 1):
            key = tuple(t.low for t in toks[i + n:i + n + m])
            if len(key) == m and key in R.provinces:
                yield i, i + n, i + n + m, R.provinces[key]
                break


@lru_cache(maxsize=4096)
def _position_key(text: str) -> str:
    """What two spellings of one post share: casefolded, a province after a unit word or at the end and a bare final unit word dropped."""
    R = _rules()
    toks = [t for t in tokens(expand_position(text)) if t.kind != PUNCT]
    dropped: set[int] = set()
    for _, unit_end, name_end, _ in _unit_provinces(toks):
        dropped.update(range(unit_end, name_end))
    toks = [t for k, t in enumerate(toks) if k not in dropped]
    for n in range(min(4, len(toks) - 2), 1, -1):  # a bare province at the end: "Chủ tịch Hội CCB [Khánh Hòa]"
        if tuple(t.low for t in toks[-n:]) in R.provinces:
            toks = toks[:-n]
            break
    n = R.province_unit.ends_at(toks, len(toks))
    if n and len(toks) > n + 1:  # "Giám đốc Sở Y tế tỉnh [Bình Phước]" = "Giám đốc Sở Y tế"
        toks = toks[:-n]
    return " ".join(t.low for t in toks)


# --- one sentence ----------------------------------------------------------------

@dataclass(slots=True)
class _Item:
    kind: str                   # "name" | "post"
    first: int                  # token indices [first, last)
    last: int
    name: str = ""
    honorific: str | None = None
    former: bool = False
    attached: int | None = None  # post: index of the name item it touches
    owner: int | None = None     # post: index of the name item it belongs to
    group: bool = False          # post: given to every name of the list after it
    on_behalf: bool = False
    partial: bool = False        # name: a given name alone ("ông Sơn")
    begin: int = -1              # post: first token including "Nguyên"

    def __post_init__(self):
        if self.begin < 0:
            self.begin = self.first


@dataclass(slots=True)
class _Mention:
    name: str
    honorific: str | None
    positions: list[tuple[str, bool]]
    roles: list[str]
    partial: bool
    sentence: tuple[str, int, int]
    order: int = 0


def _run_end(toks: list[_Tok], i: int, R: _Rules) -> int:
    """End of the capitalised run starting at i (stops before a head word or an honorific)."""
    j = i
    while j < len(toks) and toks[j].kind == CAP and (j == i or (toks[j].start - toks[j - 1].end) <= 1):
        if j > i and toks[j].low in R.run_stops and (R.head.match(toks, j) or R.prefix.match(toks, j) and R.head.match(toks, j + 1)):
            break
        j += 1
    return j


def _is_person(syll: tuple[str, ...], R: _Rules, need_surname: bool) -> bool:
    if not 2 <= len(syll) <= _MAX_NAME + (0 if need_surname else 1):
        return False
    if syll in R.places or syll in R.historical:
        return False
    return not need_surname or syll[0] in R.surnames


def _name_in_run(toks: list[_Tok], i: int, j: int, R: _Rules, in_named_org: bool = False) -> int | None:
    """Where a personal name starts inside the capitalised run toks[i:j] (None: the run is a name of a place or unit)."""
    syll = tuple(t.low for t in toks[i:j])
    if in_named_org or R.named_org.ends_at(toks, i) or R.named_org.match(toks, i):
        # "Trường THPT Lê Lợi", "Đoàn TNCS Hồ Chí Minh": the run names the unit, unless a name follows it
        for k in range(2, len(syll) - 1):
            if _is_person(syll[k:], R, True):
                return i + k
        return None
    for k in range(len(syll) - 2, 0, -1):  # a place in front: "Nghệ An Thái Thanh Quý"
        if syll[:k] in R.places and _is_person(syll[k:], R, True):
            return i + k
    if _is_person(syll, R, True):
        return i
    for k in range(1, len(syll) - 1):
        if _is_person(syll[k:], R, True):
            return i + k
    return None


def _read_post(toks: list[_Tok], i: int, R: _Rules) -> tuple[int, int, bool, int | None] | None:
    """A post starting at token i: (first token of the post as reported, end, former, start of a name it touches)."""
    if i >= len(toks) or toks[i].low not in R.post_starts:
        return None  # a post opens with "Nguyên", a prefix or a head
    j = i
    former = False
    n = R.former.match(toks, j) if toks[j].low in R.former.by_first else 0
    if n:
        former, j = True, j + n
    first = j
    if first >= len(toks) or toks[first].kind not in (CAP, UPPER) or (not former and toks[i].kind not in (CAP, UPPER)):
        return None  # a post is written with a capital ("tỉnh", "thành" in lower case open none): no head need be looked for
    while (n := R.prefix.match(toks, j)) and R.head.match(toks, j + n):
        j += n
    n = R.head.match(toks, j)
    if not n:
        return None
    if R.org_before_head.ends_at(toks, i) and toks[i - 1].end + 1 >= toks[i].start and toks[i - 1].kind == CAP:
        return None  # "Ban Bí thư Trung ương Đoàn": a body, not a post
    j += n
    last = "head"
    low_used = False
    named = False
    while j < len(toks):
        t = toks[j]
        if t.start - toks[j - 1].end > 3:
            break
        if t.low in R.post_word_cues:  # else none of these four phrases starts here (most words)
            if (n := R.org_phrase.match(toks, j)) and last != "head":
                j, last, low_used = j + n, "cap", True
                continue
            if R.named_org.match(toks, j):
                named = True
            if R.address.match(toks, j) or R.rank.match(toks, j):
                break  # "… Tư lệnh Quân khu 7 và Trung tướng …"
        if t.kind in (CAP, UPPER):
            if t.kind == CAP and R.head.match(toks, j) and not R.org_before_head.ends_at(toks, j):
                break  # a second post without separator ("Phó Bí thư Tỉnh ủy Chủ tịch UBND tỉnh"), not "Bộ Tư lệnh"
            if t.kind == CAP:
                end = _run_end(toks, j, R)
                k = _name_in_run(toks, j, end, R, named)
                if k is not None:
                    if k == j and (n := R.not_last.ends_at(toks, j)):
                        return first, j - n, former, None  # "Chủ tịch UBND tỉnh và | Nguyễn Văn A": A's own post follows
                    return first, k, former, k
                inner = next((p for p in range(j + 1, end) if R.org_phrase.match(toks, p)), None)
                if inner is not None:  # "Sở Văn hóa, Thể thao và Du lịch"
                    j = inner + R.org_phrase.match(toks, inner)
                    last, low_used = "cap", True
                    continue
                j, last = end, "cap"
            else:
                j, last = j + 1, "upper"
            low_used = False
            continue
        if t.kind == NUM:
            if last in ("conn", "low", "cap") and len(t.text) <= 3:
                j, last = j + 1, "num"
                continue
            break
        if t.kind == LOW:
            n = R.connector.match(toks, j)
            if n:
                j, last = j + n, "conn"
                continue
            if last == "cap" and not low_used and not R.stop.match(toks, j):
                j, low_used = j + 1, True
                continue
            break
        # punctuation
        nxt = toks[j + 1] if j + 1 < len(toks) else None
        if t.text in _DASHES and nxt is not None and nxt.kind == CAP and last in ("cap", "upper") \
                and not R.head.match(toks, j + 1) and not R.prefix.match(toks, j + 1) and not R.former.match(toks, j + 1):
            end = _run_end(toks, j + 1, R)
            if _name_in_run(toks, j + 1, end, R) is None:
                j, last = j + 1, "conn"
                continue
        if t.text == "(" and nxt is not None and nxt.kind == UPPER and j + 2 < len(toks) and toks[j + 2].text == ")":
            j += 3  # "Chủ tịch nước Cộng hòa xã hội chủ nghĩa (CHXHCN) Việt Nam"
            continue
        if t.text == "." and last == "upper" and t.start == toks[j - 1].end and nxt is not None and nxt.kind in (CAP, UPPER):
            j += 1  # "TP. Cam Ranh"
            continue
        if t.text == "," and last == "head" and nxt is not None and nxt.kind == CAP and R.org_before_head.match(toks, j + 1) \
                and not R.head.match(toks, j + 1):
            j, last = j + 1, "conn"  # a bare head, then its unit: "Chỉ huy trưởng, Bộ Chỉ huy …"
            continue
        if t.text == "," and nxt is not None and (n := R.org_continue.match(toks, j + 1)):
            after = toks[j + 1 + n] if j + 1 + n < len(toks) else None
            # "tỉnh", "Trường" need the name after them; "Bộ Công an", "Công an [tỉnh]" are whole names
            whole = n > 1 and toks[j + 1].kind == CAP
            if whole or after is not None and (after.kind in (CAP, UPPER) or after.text == "."):
                j, last = j + 1, "conn"
                continue
        break
    while j > first and (toks[j - 1].kind == PUNCT or R.not_last.ends_at(toks, j)):
        j -= R.not_last.ends_at(toks, j) or 1
    return first, j, former, None


def _honorific_at(toks: list[_Tok], i: int, R: _Rules) -> int:
    """Tokens of one or more stacked honorifics at i ("Đại tá, TS." → 4)."""
    j = i
    while True:
        n = R.honorific.match(toks, j)
        if not n:
            return j - i
        j += n
        if j < len(toks) and toks[j].text == "." and toks[j].start == toks[j - 1].end:
            j += 1
        if j + 1 < len(toks) and toks[j].text == "," and R.honorific.match(toks, j + 1):
            j += 1


def _gap(text: str, toks: list[_Tok], a: int, b: int) -> str:
    """The text between tokens a (exclusive end index) and b, without spaces; "kiêm", ", nay là" read as ","."""
    if a >= b:
        return ""
    gap = "".join(text[toks[a].start:toks[b - 1].end].split())
    return "," if gap.strip(",").casefold() in _rules().separator else gap


def _items(text: str, toks: list[_Tok], R: _Rules) -> list[_Item]:
    items: list[_Item] = []
    i = 0
    pending_hon: tuple[int, int] | None = None
    starts = R.starts
    # the tokens the loop reads: a capitalised word or one of `starts`; it steps over the others to the next
    readable = [k for k, t in enumerate(toks) if t.kind == CAP or t.low in starts and t.kind != PUNCT and t.kind != NUM]
    readable.append(len(toks))
    r = 0
    while True:
        while readable[r] < i:
            r += 1
        i = readable[r]
        if i >= len(toks):
            break
        t = toks[i]
        # a cue, an honorific or a post starts only at a first word of one (`starts` holds them all)
        if t.low in R.on_behalf.by_first and (n := R.on_behalf.match(toks, i)):
            i += n
            continue
        n = _honorific_at(toks, i, R) if t.low in R.honorific.by_first else 0
        if n and i + n < len(toks):
            j = i + n
            if toks[j].low in R.post_starts and (R.head.match(toks, j) or R.prefix.match(toks, j) or R.former.match(toks, j)):
                pending_hon = (i, j)
                i = j
                continue
            hon_end, name_start = j, j
            if toks[j].kind == LOW and toks[j].low in R.surnames and j + 1 < len(toks) and toks[j + 1].kind == CAP \
                    and toks[j + 1].start - toks[j].end == 1:
                j += 1  # "đồng chí vàng Seo Cón": a surname written in lower case
            if toks[j].kind == CAP:
                end = _run_end(toks, j, R)
                if end < len(toks) - 1 and toks[end].kind == LOW and end - j >= 2 and toks[end].start - toks[end - 1].end == 1 \
                        and toks[end + 1].text in {",", "-", "–"} and _read_post(toks, end + 2, R) is not None:
                    end += 1  # "đồng chí Nguyễn Hương giang, Phó Bí thư …": the last syllable in lower case
                end = min(end, name_start + _MAX_NAME + 1)
                syll = tuple(x.low for x in toks[name_start:end])
                if syll not in R.historical and syll not in R.places and not _byline_before(toks, i, R):
                    items.append(_Item("name", i, end, name=" ".join(x.text[:1].upper() + x.text[1:] for x in toks[name_start:end]),
                                       honorific=text[toks[i].start:toks[hon_end - 1].end].strip(" ,"),
                                       partial=end - name_start == 1))
                i = end
                continue
        post = _read_post(toks, i, R) if t.low in R.post_starts else None
        if post:
            first, end, former, name_at = post
            if end <= first:
                i += 1
                continue
            on_behalf = bool(R.on_behalf.ends_at(toks, i))
            group = bool(R.group.ends_at(toks, i)) and end < len(toks) and toks[end].text == ":"
            items.append(_Item("post", first, end, former=former, on_behalf=on_behalf, group=group, begin=i))
            if name_at is not None:
                stop = _run_end(toks, name_at, R)
                hon = None
                if pending_hon and pending_hon[1] == i:
                    hon = text[toks[pending_hon[0]].start:toks[pending_hon[1] - 1].end].strip(" ,")
                items[-1].attached = len(items)
                items.append(_Item("name", name_at, stop, name=" ".join(x.text for x in toks[name_at:stop]), honorific=hon))
                i = stop
            else:
                i = max(end, i + 1)
            pending_hon = None
            continue
        if t.kind == CAP:
            end = _run_end(toks, i, R)
            k = _name_in_run(toks, i, end, R) if end - i >= 2 else None
            if k == i and _next_is_post(text, toks, end, R) and not _byline_before(toks, i, R):
                items.append(_Item("name", i, end, name=" ".join(x.text for x in toks[i:end])))
            i = end
            continue
        i += 1
    return items


def _next_is_post(text: str, toks: list[_Tok], j: int, R: _Rules) -> bool:
    """A separator then a post right after token j ("Nguyễn Văn Sơn, Phó Bí thư…")."""
    if j >= len(toks) or toks[j].text not in {",", "-", "–", "—", ";", "("}:
        return False
    return _read_post(toks, j + 1, R) is not None


def _byline_before(toks: list[_Tok], i: int, R: _Rules) -> bool:
    """"Ảnh: X", "(Tin, ảnh: X)": an author's or photographer's name."""
    return i > 0 and toks[i - 1].text == ":" and bool(R.byline.ends_at(toks, i - 1))


def _assign(text: str, toks: list[_Tok], items: list[_Item]) -> None:
    """Give each post an owner: the name it touches, the chain before that name, else the name before it."""
    R = _rules()
    for idx, it in enumerate(items):
        if it.kind == "post" and it.attached is not None and not it.on_behalf:
            it.owner = it.attached
            # the chain of posts before it, when no name comes before that chain
            chain = []
            k = idx - 1
            while k >= 0 and items[k].kind == "post" and items[k].owner is None and not items[k].on_behalf \
                    and _gap(text, toks, items[k].last, items[k + 1].begin) in {",", "-", "–", "—", ""}:
                chain.append(k)
                k -= 1
            gap = _gap(text, toks, items[k].last, items[k + 1].begin) if k >= 0 else ""
            if k >= 0 and items[k].kind == "name" and gap in _LIST_GAPS \
                    and not any(p.attached == k for p in items[:idx] if p.kind == "post"):
                # "A, Bí thư …, Chủ tịch … B": the posts after A are A's; but in a list written post
                # before name ("Bí thư X A; Phó Bí thư …, Chủ tịch … B") they are B's
                chain = []
            for c in chain:
                items[c].owner = it.attached
    for idx, it in enumerate(items):
        if it.kind != "name":
            continue
        k = idx + 1
        n_posts = sum(1 for p in items if p.kind == "post" and p.owner == idx)
        prev_last = it.last
        while k < len(items) and items[k].kind == "post" and items[k].owner is None and not items[k].group:
            gap = _gap(text, toks, prev_last, items[k].begin)
            if gap not in _LIST_GAPS or (";" in gap and n_posts):
                break
            items[k].owner = idx
            n_posts += 1
            prev_last = items[k].last
            k += 1
    # "Bộ trưởng Bộ Quốc phòng, Đại tướng Phan Văn Giang": posts, a comma (or nothing), an honorific and the name
    for idx, it in enumerate(items):
        if it.kind != "name" or not it.honorific or any(p.owner == idx for p in items if p.kind == "post"):
            continue
        k = idx - 1
        if k < 0 or items[k].kind != "post" or items[k].owner is not None or \
                _gap(text, toks, items[k].last, it.begin) not in {",", ""}:
            continue
        while k >= 0 and items[k].kind == "post" and items[k].owner is None and not items[k].on_behalf and not items[k].group:
            items[k].owner = idx
            if k == 0 or _gap(text, toks, items[k - 1].last, items[k].begin) not in {",", "-", "–", "—"}:
                break
            k -= 1


def _roles(text: str, toks: list[_Tok], items: list[_Item], idx: int, R: _Rules) -> list[str]:
    mine = [k for k, p in enumerate(items) if k == idx or (p.kind == "post" and p.owner == idx)]
    lo, hi = min(items[k].begin for k in mine), max(items[k].last for k in mine)
    # the list this mention is part of: items joined by separators or "và"
    k = max(mine) + 1
    while k < len(items) and _gap(text, toks, hi, items[k].begin) in _LIST_GAPS | {"và", ",và"}:
        hi = items[k].last
        k += 1
    roles: list[str] = []
    j = hi
    while j < len(toks) and toks[j].text in {",", "-", "–"}:
        j += 1
    while j < len(toks) and toks[j].text not in {",", ";", ".", ":", "|"}:
        if toks[j].low not in R.role_cues:
            j += 1
            continue
        # the longest cue wins: "nhận định" is speaking, "nhận" receiving
        n, label = max((rule.match(toks, j), label) for label, rule in
                       (("recipient", R.recipient), ("presenter", R.presenter), ("speaker", R.speaker),
                        ("attendee", R.attendee_after)))
        if n:
            roles.append(label)
            break
        j += 1
    before = lo
    while before > 0 and toks[before - 1].text in {",", "-"}:
        before -= 1
    if R.given.ends_at(toks, before) and "recipient" not in roles:
        roles.insert(0, "recipient")
    clause = 0
    for k in range(lo - 1, -1, -1):
        if toks[k].text == ";":
            clause = k + 1
            break
    if "speaker" not in roles and clause < lo and (R.speaker.match(toks, clause) or R.speaker_before.ends_at(toks, before)):
        roles.append("speaker")
    attendee_words = R.attendee.by_first
    if not roles and any(toks[k].low in attendee_words and R.attendee.match(toks, k) for k in range(0, lo)):
        roles.append("attendee")
    return roles


@lru_cache(maxsize=1)
def _gate():
    """An automaton of head words and honorifics: a sentence with none names nobody and is not read token by token."""
    words = loaders.official_words()
    phrases = {p.casefold() for label in ("HEAD", "PREFIX", "FORMER") for p, _ in words[label]}
    phrases |= {w.casefold() for w in loaders.honorifics()}
    automaton = ahocorasick.Automaton()
    for p in phrases:
        automaton.add_word(p, len(p))
    automaton.make_automaton()
    return automaton


def _worth_reading(text: str) -> bool:
    low = text.casefold()
    for end, length in _gate().iter(low):
        start = end - length + 1
        if (start == 0 or not low[start - 1].isalnum()) and (end + 1 == len(low) or not low[end + 1].isalnum()):
            return True
    return False


def opens_with_speech(text: str) -> bool:
    """Does `text` open with a verb of speaking ("nhấn mạnh", "phát biểu")? A name right before one is its speaker."""
    toks = tokens(text[:40])
    return bool(toks) and bool(_rules().speaker.match(toks, 0))


def sentence_mentions(text: str, offset: int = 0, order: int = 0) -> list[_Mention]:
    """Every named person in one sentence with the posts written next to them."""
    if not _worth_reading(text):
        return []
    R = _rules()
    toks = tokens(text)
    items = _items(text, toks, R)
    _assign(text, toks, items)
    group_posts = [k for k, p in enumerate(items) if p.kind == "post" and p.group]
    out = []
    for idx, it in enumerate(items):
        if it.kind != "name":
            continue
        posts = [p for k, p in enumerate(items) if p.kind == "post" and (p.owner == idx or (k in group_posts and k < idx))]
        posts.sort(key=lambda p: p.first)
        positions = [(text[toks[p.first].start:toks[p.last - 1].end], p.former) for p in posts]
        hon = it.honorific
        if hon and R.deceased.match(tokens(hon), 0):
            continue  # "cố Thủ tướng …": a person who has died takes no part
        out.append(_Mention(it.name, hon, positions, _roles(text, toks, items, idx, R), it.partial,
                            (text, offset, offset + len(text)), order + len(out)))
    return out


# --- one article -----------------------------------------------------------------

@lru_cache(maxsize=4096)
def _is_bare_head(position: str) -> bool:
    R = _rules()
    toks = tokens(position)
    j = 0
    while (n := R.prefix.match(toks, j)) and R.head.match(toks, j + n):
        j += n
    n = R.head.match(toks, j)
    return bool(n) and j + n == len(toks)


def merge_mentions(mentions: list[_Mention]) -> list[Official]:
    """One Official per person: full names first, then given names joined to the full name they end.

    `province` is left to `pipeline.resolve.set_official_provinces`, which knows the article's province.
    """
    people: dict[str, list[_Mention]] = {}
    order: list[str] = []
    for m in mentions:
        if m.partial:
            continue
        key = m.name.casefold()
        if key not in people:
            people[key] = []
            order.append(key)
        people[key].append(m)
    # a name that runs on past a known one took a capitalised word after it ("Nguyễn Văn Sơn Ký kết")
    for key in list(order):
        shorter = [k for k in order if k != key and key.startswith(k + " ")]
        if shorter:
            target = max(shorter, key=len)
            for m in people.pop(key):
                m.name = people[target][0].name
                people[target].append(m)
            order.remove(key)
    # a shorter name that ends a longer one is the same person ("Seo Cón" → "Vàng Seo Cón")
    for key in list(order):
        longer = [k for k in order if k != key and k.endswith(" " + key)]
        if len(longer) == 1:
            people[longer[0]].extend(people.pop(key))
            order.remove(key)
    for m in mentions:
        if m.partial:
            key = m.name.casefold()
            cands = [k for k in order if k.split()[-1] == key]
            if cands:
                before = [k for k in cands if min(x.order for x in people[k]) < m.order]
                people[(before or cands)[-1]].append(m)
    out = []
    for key in order:
        ms = sorted(people[key], key=lambda x: x.order)
        full = [x for x in ms if not x.partial]
        best = max(full, key=lambda x: (len(x.positions), -x.order))
        positions: list[str] = []
        formers: list[bool] = []
        seen: dict[str, int] = {}
        for m in [best] + [x for x in ms if x is not best]:
            for text, former in m.positions:
                expanded = expand_position(text)
                k = _position_key(text)
                if k in seen:  # the fullest mention's spelling is kept
                    continue
                seen[k] = len(positions)
                positions.append(expanded)
                formers.append(former)
        # a bare head ("Phó Giám đốc") that another post of the person begins with says nothing more
        keys = [_position_key(p) for p in positions]
        keep = [i for i, k in enumerate(keys)
                if not (_is_bare_head(positions[i]) and any(o != k and o.startswith(k + " ") for o in keys))]
        positions = [positions[i] for i in keep]
        formers = [formers[i] for i in keep]
        if not positions:
            continue
        roles: list[str] = []
        for m in ms:
            for r in m.roles:
                if r not in roles:
                    roles.append(r)
        if len(roles) > 1 and "attendee" in roles:
            roles.remove("attendee")
        honorific = next((x.honorific for x in [best] + ms if x.honorific), None)
        sent, s, e = best.sentence
        out.append(Official(name=best.name, honorific=honorific, positions=positions,
                            is_former=bool(formers) and all(formers), roles=roles,
                            evidence=sent, char_start=s, char_end=e))
    return out


def _ends_with_honorific(text: str) -> bool:
    """"…, PGS.TS." — the sentence splitter cut after an honorific's full stop; the name is in the next sentence."""
    if not text.rstrip().endswith("."):
        # no token but "." holds a "." at its end, and `rstrip` takes at least the white space `_TOKEN` skips:
        # the last token is no "." (most sentences), and no tail of the sentence needs cutting
        return False
    R = _rules()
    toks = tokens(text[-30:])
    if len(toks) < 2 or toks[-1].text != ".":
        return False
    for k in range(max(0, len(toks) - 4), len(toks) - 1):
        n = R.honorific.match(toks, k)
        if n and k + n >= len(toks) - 1:
            return True
    return False


def _sentences(doc):
    """The Doc's sentences as (text, start), with a sentence cut right after an honorific joined to the next."""
    text = doc_text(doc)
    held = None
    for sent in sentences(doc):
        start = held if held is not None else sent.start
        if _ends_with_honorific(sent.text):
            held = start
            continue
        held = None
        yield text[start:sent.end], start
    if held is not None:
        yield text[held:len(text)].rstrip(), held


def extract_officials(doc) -> list[Official]:
    mentions: list[_Mention] = []
    for text, start in _sentences(doc):
        mentions.extend(sentence_mentions(text, start, len(mentions)))
    return merge_mentions(mentions)


class OfficialExtractor:
    def __init__(self, name: str = NAME):
        self.name = name

    def __call__(self, doc):
        records = extract_officials(doc)
        set_records(doc, NAME, records, [(o.char_start, o.char_end) for o in records])
        return doc


@Language.factory(NAME, assigns=[ASSIGNS, "doc.spans"], requires=[])
def make_official_extractor(nlp: Language, name: str) -> OfficialExtractor:
    return OfficialExtractor(name)
