"""Provinces named in the text: "tỉnh Hà Nam", "Tỉnh ủy Nghệ An", a bare "Đồng Nai", or a district ("huyện Bắc Quang")."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from collections.abc import Iterator
from urllib.parse import urlsplit

import ahocorasick
import regex
from spacy.language import Language

from gazetteer import loaders
from pipeline.records import PlaceMention

from .base import article_of, doc_text, register, sentences, set_records

NAME = "thidua_places"
ASSIGNS = register(NAME)

_SYLLABLE = regex.compile(r"\p{L}+|\p{N}+")
_SPACE = regex.compile(r"\s")  # the white space of `typed_re` between a prefix and a name
_HEADLINE_MIN_WORDS = 4
# a web address written in the text ("Hồng Minh/hagiang.gov.vn", "baohaugiang.com.vn")
_TLDS = (".vn", ".com", ".net", ".org", ".VN", ".COM")
_DOMAIN = regex.compile(r"(?<![\w@.\-])(?:[a-z0-9\-]+\.)+(?:vn|com|net|org)(?![\w.\-])", regex.IGNORECASE)
_DOMAIN_AFFIX_MIN = 5  # a province key this long may open or close a host label ("baohaugiang", "thainguyentv")


@dataclass(frozen=True, slots=True)
class _Prefix:
    """A word written before a unit's name, and which units it can name."""

    province: bool               # "tỉnh", "Tỉnh ủy", "thành phố"
    district_type: str | None    # "huyện" for "huyện", "Huyện ủy"; "thành phố" for "thành phố", "Thành ủy"


@dataclass(frozen=True, slots=True)
class _Tables:
    provinces: dict[str, dict]             # casefolded form → pre-2025 province unit
    written_forms: frozenset[str]          # every name and alias as the gazetteer writes it ("Thủ đô Hà Nội")
    districts: dict[str, tuple[dict, ...]]  # casefolded name → pre-2025 districts of that name
    prefixes: dict[str, _Prefix]           # casefolded prefix → what it names
    upgraded_types: frozenset[str]
    needs_type: frozenset[str]
    typed_re: regex.Pattern
    bare_re: regex.Pattern
    head_re: regex.Pattern
    former_re: regex.Pattern
    local_re: regex.Pattern
    domain_keys: dict[str, dict]           # "haugiang" → the province a host label names
    surnames: frozenset[str]
    honorific_ends: tuple[str, ...]        # each honorific with the space after it, for one `str.endswith`
    name_finder: ahocorasick.Automaton | None  # every written form, literally: a text without one names no unit
    province_forms: frozenset[str]         # the forms `bare_re` names
    lengths_by_end: dict[str, tuple[int, ...]]  # a character → the lengths of the prefixes `typed_re` may end with it (filled as met)


def _alternation(forms) -> str:
    return "|".join(regex.escape(f) for f in sorted(set(forms), key=len, reverse=True))


def _district_names(unit: dict) -> set[str]:
    """"Quận 3" is written "quận 3": a name that starts with its own type is stored without it; a type
    the source adds to tell two units of one name apart ("Hồng Ngự (Huyện)") is never written."""
    out = set()
    qualifier = f" ({unit['unit_type']})".casefold()
    for form in (unit["short"], *unit["aliases"]):
        if form.casefold().startswith(unit["unit_type"].casefold() + " "):
            form = form[len(unit["unit_type"]) + 1:]
        if form.casefold().endswith(qualifier):
            form = form[:-len(qualifier)]
        out.add(form)
    return out


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    words = loaders.place_words()
    provinces: dict[str, dict] = {}
    districts: dict[str, list[dict]] = {}
    province_forms: set[str] = set()   # as written, to match case-sensitively (fast, and "hà nam" is no place)
    district_forms: set[str] = set()
    for u in loaders.admin_units():
        if u["level"] == "province_pre2025":
            for form in (u["short"], *u["aliases"]):
                provinces[form.casefold()] = u
                province_forms.add(form)
        elif u["level"] == "district_pre2025":
            for form in _district_names(u):
                districts.setdefault(form.casefold(), []).append(u)
                district_forms.add(form)
    by_short = {u["short"]: u for u in loaders.admin_units() if u["level"] == "province_pre2025"}
    for form, short in loaders.province_aliases().items():
        provinces.setdefault(form.casefold(), by_short[short])
        province_forms.add(form)
    province_forms |= {f.upper() for f in province_forms}   # "HẬU GIANG - Sáng 27/12"
    district_forms |= {f.upper() for f in district_forms}
    prefixes: dict[str, _Prefix] = {}
    for label in ("PROVINCE_TYPE", "PROVINCE_BODY", "DISTRICT_TYPE", "DISTRICT_BODY"):
        for form, unit_type in words[label]:
            old = prefixes.get(form.casefold(), _Prefix(False, None))
            if label.startswith("PROVINCE"):
                prefixes[form.casefold()] = _Prefix(True, old.district_type)
            else:
                prefixes[form.casefold()] = _Prefix(old.province, unit_type)
    all_names = _alternation(province_forms | district_forms)
    # a prefix ending in "." may touch the name ("TP.Hà Nội"); others need a space
    typed_re = regex.compile(
        r"(?<![\p{L}\p{N}])(?P<prefix>(?i:" + _alternation(prefixes) + r"))(?:(?<=\.)\s*|\s+)"
        r"(?P<name>" + all_names + r")(?![\p{L}\p{N}])",
    )
    bare_re = regex.compile(r"(?<![\p{L}\p{N}])(?P<name>" + _alternation(province_forms) + r")(?![\p{L}\p{N}])")
    # "Hoài Nhơn: Phong tặng …": a headline or dateline opened by a district's name
    head_re = regex.compile(r"(?m)^[^\p{L}\n]*(?P<name>" + _alternation(district_forms) + r")\s*:")
    former_re = regex.compile(r"\s*(?:" + _alternation(f for f, _ in words["FORMER_AFTER"]) + r")(?![\p{L}])", regex.IGNORECASE)
    written = province_forms | district_forms
    name_finder = None
    # the three patterns' names are these forms, escaped and case-sensitive; `_typed_starts` needs names
    # and prefixes without white space at their edges
    if "" not in written and "" not in prefixes and all(f == f.lstrip() for f in written) and all(p == p.rstrip() for p in prefixes):
        name_finder = ahocorasick.Automaton()
        for form in written:
            name_finder.add_word(form, form)
        name_finder.make_automaton()
    domain_keys = {}
    for form, unit in sorted(provinces.items(), key=lambda kv: -len(kv[0])):
        domain_keys.setdefault(_ascii_key(form), unit)
    return _Tables(
        domain_keys=domain_keys,
        provinces=provinces,
        written_forms=frozenset(written),
        districts={k: tuple(v) for k, v in districts.items()},
        prefixes=prefixes,
        upgraded_types=frozenset(t for _, t in words["UPGRADED_TYPE"]),
        needs_type=frozenset(f.casefold() for f, _ in words["NEEDS_TYPE"]),
        typed_re=typed_re, bare_re=bare_re, head_re=head_re, former_re=former_re,
        local_re=regex.compile(r"(?<![\p{L}])(?:" + _alternation(prefixes) + r")(?![\p{L}])", regex.IGNORECASE),
        surnames=loaders.surnames(),
        honorific_ends=tuple(h + " " for h in loaders.honorifics()),
        name_finder=name_finder,
        province_forms=frozenset(province_forms),
        lengths_by_end={},
    )


def _ascii_key(text: str) -> str:
    """"Thừa Thiên Huế" → "thuathienhue": how a host name spells a province."""
    folded = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return "".join(c for c in folded if c.isalnum() and not unicodedata.combining(c))


def _domain_province(host: str, t: _Tables) -> dict | None:
    """The province a host names in one of its labels ("quangnam.gov.vn", "baodongnai.com.vn"), if exactly one."""
    found = {}
    for label in host.casefold().split("."):
        label = label.replace("-", "")
        for key, unit in t.domain_keys.items():
            if label == key or (len(key) >= _DOMAIN_AFFIX_MIN and (label.startswith(key) or label.endswith(key))):
                found[unit["short"]] = unit
    return next(iter(found.values())) if len(found) == 1 else None


def find_domain_places(text: str, offset: int = 0) -> list[PlaceMention]:
    """Provinces named by web addresses in `text` (a byline "…/hagiang.gov.vn") or by an article's URL."""
    t = _tables()
    out = []
    if not any(tld in text for tld in _TLDS):
        return out  # most sentences hold no address; the scan is the slow part
    for m in _DOMAIN.finditer(text):
        unit = _domain_province(m.group(0), t)
        if unit is not None:
            out.append(_mention(unit, m.group(0), "province_pre2025", m.start(), m.end(), offset, False, False, False))
    return out


def _is_proper(name: str, t: _Tables) -> bool:
    """Written as the gazetteer writes it, every syllable capitalised ("Hà Nam") or in capitals ("HÀ NAM"); "hà nam" is no place."""
    return name in t.written_forms or all(s[0].isupper() or s[0].isdigit() for s in _SYLLABLE.findall(name))


def _is_acronym(word: str) -> bool:
    return len(word) > 1 and word.upper() == word


def _capitalised_before(text: str, start: int) -> list[str]:
    """The capitalised syllables right before `start` ("Nguyễn Thị" of "Nguyễn Thị Hà Giang")."""
    words = text[:start].split(" ")
    words.pop()  # the empty string before the name
    chain: list[str] = []
    while words and words[-1] and words[-1][0].isupper() and words[-1].isalpha() and not _is_acronym(words[-1]):
        chain.insert(0, words.pop())
    return chain


def _capitalised_after(text: str, end: int) -> int:
    """How many capitalised syllables follow `end` directly ("Dương" of "Thái Bình Dương")."""
    n = 0
    words = text[end:].split(" ")
    if words[0]:
        return 0  # punctuation right after the name ("Công an Cao Bằng: Xuất hiện …") ends it
    for word in words[1:]:
        if word and word[0].isupper() and word.isalpha() and not _is_acronym(word):
            n += 1
        else:
            break
    return n


def _part_of_other_name(text: str, start: int, end: int, t: _Tables) -> bool:
    """A bare name inside a person's name ("Trần Thái Bình", "chị Hà Giang") or a longer name ("Thái Bình Dương")."""
    chain = _capitalised_before(text, start)
    if chain and chain[0] in t.surnames:
        return True
    if not chain and text.endswith(t.honorific_ends, 0, start):
        return True
    # one syllable more makes another name ("Điện Biên Phủ"); a following full name ("Nghệ An Thái Thanh Quý") does not
    return _capitalised_after(text, end) == 1


def _mention(unit: dict, surface: str, level: str, start: int, end: int, offset: int,
             in_title: bool, typed: bool, former: bool) -> PlaceMention:
    province = unit["short"] if level == "province_pre2025" else unit["province"]
    return PlaceMention(province=province, province_2025=unit["province_2025"], surface=surface, level=level,
                        char_start=offset + start, char_end=offset + end, in_title=in_title, typed=typed, former=former)


def _district_units(t: _Tables, name: str, unit_type: str) -> tuple[dict, ...]:
    """Districts called `name` of type `unit_type`; else of a type it may have been upgraded from or to."""
    units = t.districts.get(name.casefold(), ())
    exact = tuple(u for u in units if u["unit_type"] == unit_type)
    if exact or unit_type not in t.upgraded_types:
        return exact
    return tuple(u for u in units if u["unit_type"] in t.upgraded_types)


def _matches_from(pattern: regex.Pattern, text: str, starts) -> Iterator[regex.Match]:
    """What `pattern.finditer(text)` yields, the pattern tried only at `starts`, which hold every place a match
    of it can start: the left-most match after the last one's end, as finditer finds it, without a scan of the text."""
    pos = 0
    for start in sorted(set(starts)):
        if start >= pos and (m := pattern.match(text, start)) is not None:
            yield m
            pos = m.end()


def _typed_starts(text: str, names_at: list[int], t: _Tables) -> list[int]:
    """Where a match of `typed_re` can start: a prefix's length before the white space in front of a unit's name.

    Its name is a written form (the automaton finds them all), no form starts and no prefix ends with white space,
    and a prefix matches case-insensitively one character for one, so the prefix ends where that white space begins,
    with a character its last one matches (most names, such as the "3" of "có 3 đơn vị", have no prefix's end before them).
    """
    out = []
    for at in names_at:
        # a " " is white space to `_SPACE`; another character only if `isspace` (which takes all of `\s`) says so too
        while at > 0 and (text[at - 1] == " " or text[at - 1].isspace() and _SPACE.match(text, at - 1)):
            at -= 1
        if at:
            out.extend(at - n for n in _lengths_ending_with(text[at - 1], t) if at >= n)
    return out


def _lengths_ending_with(char: str, t: _Tables) -> tuple[int, ...]:
    """The lengths of the prefixes whose last character matches `char` as it does in `typed_re` (case-insensitively)."""
    lengths = t.lengths_by_end.get(char)
    if lengths is None:
        lengths = t.lengths_by_end[char] = tuple(sorted(
            {len(p) for p in t.prefixes if regex.match("(?i:" + regex.escape(p[-1]) + ")", char)}))
    return lengths


def find_places(text: str, offset: int = 0, in_title: bool = False) -> list[PlaceMention]:
    """Every province or district named in `text`; a district named in several provinces gives one mention each."""
    t = _tables()
    out: list[PlaceMention] = []
    taken: list[tuple[int, int]] = []

    def former(end: int) -> bool:
        return t.former_re.match(text, end) is not None

    if t.name_finder is not None:
        names = [(end - len(form) + 1, form) for end, form in t.name_finder.iter(text)]
        if not names:
            out = find_domain_places(text, offset)  # no unit's name: only a web address (step 4) can name a place
            out.sort(key=lambda p: p.char_start)
            return out
        # the patterns are tried only where the names found let them match: both end a name before anything but a
        # letter or digit (`isalnum` is one), and `bare_re` starts one after anything but those ("3" of "2023" is none)
        n_text = len(text)
        names = [(at, form) for at, form in names if at + len(form) == n_text or not text[at + len(form)].isalnum()]
        typed = _matches_from(t.typed_re, text, _typed_starts(text, [at for at, _ in names], t))
        bare = _matches_from(t.bare_re, text, (at for at, form in names
                                               if form in t.province_forms and not (at and text[at - 1].isalnum())))
    else:
        typed, bare = t.typed_re.finditer(text, overlapped=False), t.bare_re.finditer(text)

    # 1. a name after a type or body word: "tỉnh Hà Nam", "Huyện ủy Hoài Nhơn", "TP. Cam Ranh"
    for m in typed:
        name = m.group("name")
        if not _is_proper(name, t):
            continue
        prefix = t.prefixes[m.group("prefix").casefold()]
        unit = t.provinces.get(name.casefold()) if prefix.province else None
        if unit is not None:
            out.append(_mention(unit, m.group(0), "province_pre2025", m.start(), m.end(), offset, in_title, True, former(m.end())))
        elif prefix.district_type:
            units = _district_units(t, name, prefix.district_type)
            for u in units:
                out.append(_mention(u, m.group(0), "district_pre2025", m.start(), m.end(), offset, in_title, True, former(m.end())))
            if not units:
                continue
        else:
            continue
        taken.append(m.span())
    # 2. a bare province name: "Đồng Nai đã chọn …", "tại Hà Nội"
    for m in bare:
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        name = m.group("name")
        if not _is_proper(name, t) or name.casefold() in t.needs_type or _part_of_other_name(text, m.start(), m.end(), t):
            continue
        unit = t.provinces[name.casefold()]
        typed = name.casefold() != unit["short"].casefold()  # an alias such as "TP.HCM" or "Thừa Thiên Huế"
        out.append(_mention(unit, name, "province_pre2025", m.start(), m.end(), offset, in_title, typed, former(m.end())))
        taken.append(m.span())
    # 3. a line opened by a district's name and a colon
    for m in (t.head_re.finditer(text) if ":" in text else ()):
        s, e = m.span("name")
        if any(a < e and s < b for a, b in taken) or not _is_proper(m.group("name"), t):
            continue
        for u in t.districts[m.group("name").casefold()]:
            out.append(_mention(u, m.group("name"), "district_pre2025", s, e, offset, in_title, True, False))
    # 4. a web address ("hagiang.gov.vn")
    out += [m for m in find_domain_places(text, offset) if not any(s < m.char_end - offset and m.char_start - offset < e for s, e in taken)]
    out.sort(key=lambda p: p.char_start)
    return out


def names_local_unit(text: str) -> bool:
    """Whether `text` names a province's or district's body ("UBND tỉnh", "Tỉnh ủy", "huyện"): a local post."""
    return _tables().local_re.search(text) is not None


def headline_span(text: str) -> tuple[int, int] | None:
    """The first line of a plain-text article long enough to be its headline (pages open with "Aa", an author…)."""
    pos = 0
    for line in text.split("\n")[:8]:
        # a Vietnamese headline has diacritics; "Skip to main content" has none
        if len(line.split()) >= _HEADLINE_MIN_WORDS and not line.isascii():
            return pos, pos + len(line)
        pos += len(line) + 1
    return None


class PlaceExtractor:
    def __init__(self, name: str = NAME):
        self.name = name

    def __call__(self, doc):
        outside: list[PlaceMention] = []  # named in the URL or a separate title, not in the text
        article = article_of(doc)
        headline = None
        if article is not None and article.url:
            for m in find_domain_places(urlsplit(article.url).hostname or ""):
                m.char_start = m.char_end = -1
                outside.append(m)
        if article is not None and article.title:
            outside.extend(find_places(article.title, 0, in_title=True))
        else:
            headline = headline_span(doc_text(doc))
        inside: list[PlaceMention] = []
        for sent in sentences(doc):
            for m in find_places(sent.text, sent.start):
                if headline is not None and headline[0] <= m.char_start < headline[1]:
                    m.in_title = True
                inside.append(m)
        set_records(doc, NAME, outside + inside, [(m.char_start, m.char_end) for m in inside])
        return doc


@Language.factory(NAME, assigns=[ASSIGNS, "doc.spans"], requires=[])
def make_place_extractor(nlp: Language, name: str) -> PlaceExtractor:
    return PlaceExtractor(name)
