"""Dates written in the text ("Chiều ngày 06 tháng 4 năm 2023", "Sáng 27/12", "ngày 15 và 16-9"), the page's
publication stamp ("Thứ Năm, 28/12/2023 - 09:16") and the years a text names."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import regex
from spacy.language import Language

from gazetteer import loaders
from pipeline.records import DateMention

from .base import register, sentences, set_records

NAME = "thidua_dates"
ASSIGNS = register(NAME)

_YEAR_MIN, _YEAR_MAX = 1900, 2100


def _dmy(p: str = "") -> str:
    """A day/month/year ("28/12/2023", "28-12-2023"), its groups named with the prefix `p`."""
    return rf"(?P<{p}d>\d{{1,2}})\s*(?P<{p}s>[/-])\s*(?P<{p}m>\d{{1,2}})\s*(?P={p}s)\s*(?P<{p}y>\d{{4}})"


_TIME = r"\d{1,2}:\d{2}(?:\s*(?:SA|CH|AM|PM|GMT\s*\+\s*\d+))?"
@dataclass(frozen=True, slots=True)
class _Patterns:
    stamp: regex.Pattern
    date: regex.Pattern
    document_before: regex.Pattern
    span_join: regex.Pattern
    year: regex.Pattern
    not_year_before: regex.Pattern
    anniversary: regex.Pattern


def _words(forms) -> str:
    """An alternation of words, longest first, any run of spaces where the file writes one."""
    return "|".join(regex.escape(f).replace(r"\ ", r"\s+") for f in sorted(forms, key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    w = loaders.date_words()
    day, tod = _words(w["DAY"]), _words(w["TIME_OF_DAY"])
    weekday = r"(?:" + _words(w["WEEKDAY"]) + r")"
    stamp = regex.compile(
        # 1. weekday first: "Thứ Năm, 28/12/2023 - 09:16"; not "sáng thứ Năm, 28/12/2023" (an event)
        r"(?<!\p{L}\s*)" + weekday + r"\s*[,-]?\s*(?:ngày\s+)?" + _dmy()
        # 2. date then time: "28/12/2023 09:16", "03/03/2026 15:30"
        + r"|" + _dmy("a") + r"\s*(?:[-|,]\s*)?" + _TIME
        # 3. time then date, opening a line or after punctuation: "10:05, 18/05/2012"; not "lúc 8:30 ngày 15/3/2023"
        + r"|(?<!\p{L}\s*)" + _TIME + r"\s*[-|,]?\s*(?:ngày\s+)?" + _dmy("b")
        # 4. a labelled stamp: "date 2025-09-19", "Cập nhật: 28/12/2023", "Cập nhật lúc 09:16 ngày 28/12/2023"
        + r"|(?<![\p{L}])(?:" + _words(w["STAMP_LABEL"]) + r")\s*:?\s*(?:lúc\s*)?(?:" + _TIME
        + r"\s*[-|,]?\s*(?:ngày\s+)?)?(?:"
        + r"(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})(?![\d-])|" + _dmy("c") + r")"
        # 5. a line holding nothing but a full date, maybe in brackets: "(22/01/2024)" under a headline
        + r"|(?m:^[ \t]*\(?[ \t]*" + _dmy("e") + r"[ \t]*\)?[ \t]*$)",
        regex.IGNORECASE,
    )
    # "Sáng 27/12", "Chiều ngày 6 tháng 4", "Sáng nay (28/12)", "sáng thứ Năm, ngày 28/12", "Ngày 28/5"
    cue = (r"(?P<cue>(?:" + tod + r")(?:\s+nay)?(?:\s*,?\s*" + weekday + r")?(?:\s*,?\s*(?:" + day + r"))?"
           r"|(?:" + day + r")(?:\s+nay)?|" + weekday + r")\s*,?\s*\(?")
    date_re = regex.compile(
        r"(?<![\p{L}\p{N},.:%/]|(?<!\d{4})-)(?:" + cue + r")?"
        # "ngày 15 và 16-9", "20 đến 25/11": the first day of a range
        r"(?:(?P<d0>\d{1,2})\s*(?:" + _words(w["RANGE_JOIN"]) + r")\s*(?:(?:" + day + r")\s+)?(?=\d{1,2}(?:\s*tháng|[/-])))?"
        r"(?:(?P<d1>\d{1,2})\s+tháng\s+(?P<m1>\d{1,2})(?:(?:\s+năm\s+|\s*[/-]\s*)(?P<y1>\d{4}))?"
        r"|(?P<d2>\d{1,2})(?P<sep>[/-])(?P<m2>\d{1,2})(?:(?P=sep)(?P<y2>\d{4}))?"
        r"|(?P<d3>\d{1,2})\.(?P<m3>\d{1,2})(?:\.(?P<y3>\d{4}))?)"
        # "3/3/1959-3/3/2019" is a span of two dates; "12-3-4" is none
        r"(?![\p{N}%]|[.,/]\p{N}|(?<!\d{4})-\p{N})",
        regex.IGNORECASE,
    )
    # "Quyết định số 1234/QĐ-UBND ngày …", "Nghị định 56/2013/NĐ-CP ngày …", "ký ngày …"
    document_before = regex.compile(
        r"(?:(?<![\p{L}])(?:" + _words(w["DOCUMENT"]) + r")(?:\s+số)?(?:\s+[\p{L}\p{N}/.\-]*\d[\p{L}\p{N}/.\-]*)?"
        r"|\d+(?:/\d{4})?[/-][\p{L}Đđ][\p{L}\p{N}/\-]*)\s*,?\s*$",
        regex.IGNORECASE,
    )
    year_re = regex.compile(
        r"(?<![\p{L}\p{N}/.\-])(?:(?P<kw>năm|tháng\s+\d{1,2}\s*(?:năm|[/-]))\s*)(?P<y>(?:19|20)\d{2})(?![\p{N}])"
        r"(?!\s*[-–]\s*(?:19|20)\d{2})",
        regex.IGNORECASE,
    )
    # tested on the text before the year's digits ("… tầm nhìn đến năm ", "Chỉ thị 34-CT/TW năm ")
    not_year_before = regex.compile(
        r"(?:(?<![\p{L}])(?:" + _words(w["TARGET"]) + "|" + _words(w["PERIOD"]) + r")|(?:19|20)\d{2}\s*[-–]"
        r"|\d+[/-][\p{L}Đđ][\p{L}\p{N}/\-]*)\s*(?:năm\s*)?$",
        regex.IGNORECASE,
    )
    # "kỷ niệm 15 năm tái lập tỉnh (1997–2012)": an anniversary's span ends in the year it is held
    anniversary = regex.compile(
        r"kỷ\s+niệm\s+(?P<n>\d{1,3})\s+năm\b[^()\n]{0,120}\(\s*(?P<a>(?:19|20)\d{2})\s*[-–]\s*(?P<b>(?:19|20)\d{2})\s*\)",
        regex.IGNORECASE,
    )
    return _Patterns(stamp, date_re, document_before, regex.compile(r"\s*[-–]\s*"), year_re, not_year_before, anniversary)


def _stamp_date(m: regex.Match) -> date | None:
    groups = ("d", "m", "y"), ("ad", "am", "ay"), ("bd", "bm", "by"), ("id", "im", "iy"), ("cd", "cm", "cy"), ("ed", "em", "ey")
    for d, mo, y in groups:
        if m.group(d):
            try:
                return date(int(m.group(y)), int(m.group(mo)), int(m.group(d)))
            except ValueError:
                return None
    return None


# every form of `_patterns().date` writes a day and a month in digits joined by "tháng", "/", "-" or ".":
# a text without such a pair holds no date, and this scan is far cheaper than the date pattern's
# optional cue words tried at every position
_DAY_MONTH = regex.compile(r"\d(?:\s+tháng\s+|[/.-])\d", regex.IGNORECASE)


# every stamp branch holds a full day/month/year (`_dmy`) or an ISO date: a text without one holds no
# stamp, and this plain scan is far cheaper than the stamp pattern's lookbehinds at every position
_FULL_DATE = regex.compile(r"\d{1,2}\s*[/-]\s*\d{1,2}\s*[/-]\s*\d{4}|\d{4}-\d{1,2}-\d{1,2}")


def stamps(text: str) -> list[tuple[int, int, date]]:
    """Publication stamps in `text` (start, end, date): "Thứ Năm, 28/12/2023 - 09:16", "10:05, 18/05/2012"."""
    out = []
    if not _FULL_DATE.search(text):
        return out
    for m in _patterns().stamp.finditer(text):
        value = _stamp_date(m)
        if value is not None and _YEAR_MIN <= value.year <= _YEAR_MAX:
            out.append((m.start(), m.end(), value))
    return out


def published_in(text: str, n_chars: int = 2000) -> date | None:
    """The publication date the page prints near its top, if any."""
    found = stamps(text[:n_chars])
    return found[0][2] if found else None


# the longest run of whitespace `_date_reach` allows for; a text with a longer one is scanned in full
_MAX_SPACE_RUN = 2
_LONGER_SPACE_RUN = regex.compile(r"\s{%d,}" % (_MAX_SPACE_RUN + 1))


@lru_cache(maxsize=1)
def _date_reach() -> int:
    """How far before the day of its day-month pair (`_DAY_MONTH`) a date can start: its cue and the first day
    of a range, every whitespace run in them at most `_MAX_SPACE_RUN` long (a word's space is read as one)."""
    w = loaders.date_words()
    ws = _MAX_SPACE_RUN

    def longest(label: str) -> int:
        return max((len(f) + f.count(" ") * (ws - 1) for f in w[label]), default=0)

    tod, day, weekday, join = longest("TIME_OF_DAY"), longest("DAY"), longest("WEEKDAY"), longest("RANGE_JOIN")
    cue = max(tod + (ws + 3) + (2 * ws + 1 + weekday) + (2 * ws + 1 + day),  # "Sáng nay, thứ Năm, ngày"
              day + ws + 3,                                                # "ngày nay"
              weekday) + 2 * ws + 2                                        # then ", ("
    first_day = 2 + ws + join + ws + day + ws                              # "15 và ngày "
    return cue + first_day + 1 + 8  # + the day's first digit, and a margin


def _date_finditer(text: str) -> Iterator[regex.Match]:
    """`_patterns().date.finditer(text)`, the pattern tried only within `_date_reach` before a day-month pair.

    Every date holds a day-month pair no further than that from its start, so no date starts
    in the parts skipped, and each search finds the same leftmost match as the full scan.
    """
    pattern = _patterns().date
    if _LONGER_SPACE_RUN.search(text):
        yield from pattern.finditer(text)
        return
    reach, pos = _date_reach(), 0
    for pair in _DAY_MONTH.finditer(text, overlapped=True):
        if pair.start() < pos:
            continue
        m = pattern.search(text, max(pos, pair.start() - reach))
        if m is None:
            return
        yield m
        pos = m.end()


def _date_matches(text: str) -> Iterator[tuple[regex.Match, int, int, int | None, date | None, str | None, int]]:
    """(match, day, month, year, value, cue, start) of every plausible date in `text`; `start` is the cue's when it has one."""
    if not _DAY_MONTH.search(text):
        return
    for m in _date_finditer(text):
        d = m.group("d0") or m.group("d1") or m.group("d2") or m.group("d3")
        mo = m.group("m1") or m.group("m2") or m.group("m3")
        y = m.group("y1") or m.group("y2") or m.group("y3")
        cue = (m.group("cue") or "").lower() or None
        if (m.group("d2") or m.group("d3")) and not y and not cue:
            continue  # "02/20" is a ranking or a ratio, "2-3" a range, "5.2" a decimal, unless a cue says "ngày"
        day, month, year = int(d), int(mo), int(y) if y else None
        if not (1 <= day <= 31 and 1 <= month <= 12) or (year is not None and not _YEAR_MIN <= year <= _YEAR_MAX):
            continue
        value = None
        if year is not None:
            try:
                value = date(year, month, day)
            except ValueError:
                continue
        yield m, day, month, year, value, cue, m.start("cue") if cue else m.start()


def find_dates(text: str, offset: int = 0) -> list[DateMention]:
    """Every plausible day/month(/year) in `text`; a bare "12/7" or "19-3" only with a cue word before it."""
    out: list[DateMention] = []
    p = _patterns()
    stamp_spans = None  # read only once a date is found: most sentences with a digit hold none
    for m, day, month, year, value, cue, start in _date_matches(text):
        kind = "date"
        if stamp_spans is None:
            stamp_spans = [(s, e) for s, e, _ in stamps(text)]
        if any(s <= start < e for s, e in stamp_spans):
            kind = "stamp"
        elif p.document_before.search(text, 0, start):
            kind = "document"
        out.append(DateMention(value=value, day=day, month=month, year=year, cue=cue,
                               char_start=offset + start, char_end=offset + m.end(), kind=kind))
    # "(3/3/1959 – 3/3/2026)": the ends of an anniversary's span are not the event's date
    for a, b in zip(out, out[1:]):
        if a.year and b.year and p.span_join.fullmatch(text, a.char_end - offset, b.char_start - offset):
            for m in (a, b):
                if m.kind == "date":
                    m.kind = "span"
    return out


def years_named(text: str) -> list[int]:
    """Years the text speaks of as its own ("năm 2023", "tháng 11-2015", "19-3-2020"), in order.

    Periods ("giai đoạn 2021-2025", "2016-2020"), targets ("tầm nhìn đến năm 2050")
    and the years inside document numbers ("56/2013/NĐ-CP") are left out; the end of an
    anniversary's span ("kỷ niệm 20 năm … (2005–2025)") is the year it is held.
    """
    return list(_years_named(text))


@lru_cache(maxsize=8)
def _years_named(text: str) -> tuple[int, ...]:
    """`years_named`, cached: resolving one article's dates asks it of the same text once per undated mention."""
    p = _patterns()
    found: list[tuple[int, int]] = []
    for m in p.year.finditer(text):
        if not p.not_year_before.search(text, max(0, m.start("y") - 40), m.start("y")):
            found.append((m.start(), int(m.group("y"))))
    # only the years of the dates count here, not their kinds: `find_dates` would also look for stamps
    # and document numbers before every date of the whole text
    found += [(start, year) for _, _, _, year, _, _, start in _date_matches(text) if year is not None]
    found += [(m.start("b"), int(m.group("b"))) for m in p.anniversary.finditer(text)
              if int(m.group("b")) - int(m.group("a")) == int(m.group("n"))]
    return tuple(y for _, y in sorted(found))


class DateExtractor:
    def __init__(self, name: str = NAME):
        self.name = name

    def __call__(self, doc):
        mentions = []
        for sent in sentences(doc):
            mentions.extend(find_dates(sent.text, sent.start))
        set_records(doc, NAME, mentions, [(m.char_start, m.char_end) for m in mentions])
        return doc


@Language.factory(NAME, assigns=[ASSIGNS, "doc.spans"], requires=[])
def make_date_extractor(nlp: Language, name: str) -> DateExtractor:
    return DateExtractor(name)
