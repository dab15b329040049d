"""Vietnamese numbers as written in news: "2.065", "07", "13,94", "mười hai", "500 triệu đồng".

Digits follow Vietnamese conventions ("." groups thousands, "," marks decimals).
Numbers in words are read by `vn-numberwords` behind a guard: the text is NFC
normalised, every word must be a number word (the library ignores trailing
words, so "hai tập thể" would read as 2), and a 0 counts only for "không"
(the library returns 0 when it cannot read).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex

from gazetteer import loaders

# "2.065", "12.921", "1.000.000"; a plain run "2065", "07"
_DIGITS = r"\d{1,3}(?:\.\d{3})+(?![\d,])|\d+(?!\d)"
_DIGITS_RE = regex.compile(rf"^(?:{_DIGITS})$")
# "13,94", "1,5": only where a decimal is meaningful (money, rates)
_DECIMAL_RE = regex.compile(r"^(?P<int>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<frac>\d+))?$")


@lru_cache(maxsize=1)
def number_words() -> frozenset[str]:
    """The number words ("một", "mười", "nghìn"…), casefolded: what `number_pattern` spells numbers with."""
    return frozenset(w.casefold() for w in loaders.number_words())


@lru_cache(maxsize=1)
def number_pattern() -> str:
    """Regex source (no groups) for one number: digits, or a run of number words."""
    words = sorted(number_words(), key=len, reverse=True)
    word = "(?:" + "|".join(regex.escape(w) for w in words) + ")"
    # a digit run glued to "/", "-" or "%" is a code, ratio, range or rate: "1834/QĐ-CTN", "02/20", "2021-2025"
    return (rf"(?<![\d.,/\-]){_scaled()}|(?<![\d.,/\-])(?:{_DIGITS})(?![.,/\-]?\d)(?!/)(?!\s*%)"
            rf"|(?<!\p{{L}}){word}(?:\s+{word})*(?!\p{{L}})")


@lru_cache(maxsize=1)
def _scaled() -> str:
    """Digits times a scale word: "2 nghìn", "1,2 nghìn" (the scale words are the money units of the gazetteer)."""
    units = "|".join(regex.escape(u) for u in sorted(loaders.money_units(), key=len, reverse=True))
    return rf"(?:\d{{1,3}}(?:\.\d{{3}})+|\d+)(?:,\d+)?\s+(?:{units})(?!\p{{L}})"


def words_to_int(text: str) -> int | None:
    """"mười hai" → 12; None unless every word is a number word and the reading is sure."""
    text = unicodedata.normalize("NFC", text).strip()
    tokens = text.casefold().split()
    if not tokens or any(t not in number_words() for t in tokens):
        return None
    from vn_numberwords import words_to_number

    try:
        value = words_to_number(" ".join(tokens))
    except Exception:  # the library raises on odd orders; a count we cannot read is no count
        return None
    if not isinstance(value, int) or value < 0:
        return None
    if value == 0 and tokens != ["không"]:
        return None
    return value


def digits_to_int(text: str) -> int | None:
    """"2.065" → 2065, "07" → 7; None for anything else (decimals, ratios, mixed text)."""
    text = text.strip()
    if not _DIGITS_RE.match(text):
        return None
    return int(text.replace(".", ""))


def parse_int(text: str) -> int | None:
    """A whole number written in digits, in words, or as digits times a scale word ("2 nghìn", "1,2 nghìn")."""
    value = digits_to_int(text)
    if value is None:
        value = words_to_int(text)
    if value is None and regex.fullmatch(_scaled(), text.strip(), regex.IGNORECASE):
        number, unit = text.strip().rsplit(None, 1)
        scaled = parse_decimal(number) * loaders.money_units()[unit.casefold()]
        value = round(scaled) if abs(scaled - round(scaled)) < 1e-6 else None
    return value


def parse_decimal(text: str) -> float | None:
    """"13,94" → 13.94, "2.065" → 2065.0, "1,5" → 1.5."""
    m = _DECIMAL_RE.match(text.strip())
    if not m:
        value = words_to_int(text)
        return float(value) if value is not None else None
    whole = int(m.group("int").replace(".", ""))
    frac = m.group("frac")
    return whole + (int(frac) / 10 ** len(frac) if frac else 0.0)


@lru_cache(maxsize=1)
def _money_re() -> regex.Pattern:
    units = loaders.money_units()
    unit_alt = "|".join(regex.escape(u) for u in sorted(units, key=len, reverse=True))
    currency = "|".join(regex.escape(c) for c in sorted(loaders.currency_words(), key=len, reverse=True))
    number = r"(?P<num>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)"
    return regex.compile(
        rf"(?<![\d.,/]){number}\s*(?P<units>(?:(?:{unit_alt})\s*)*)(?:{currency})(?!\p{{L}})",
        regex.IGNORECASE,
    )


def find_money(text: str, pos: int = 0, endpos: int | None = None) -> tuple[int, int, int] | None:
    """The first amount of Vietnamese đồng in text[pos:endpos]: (value, start, end), or None.

    "500 triệu đồng" → 500000000, "1,5 tỷ đồng" → 1500000000, "50.000.000 đồng" → 50000000.
    """
    m = _money_re().search(text, pos, len(text) if endpos is None else endpos)
    if not m:
        return None
    value = parse_decimal(m.group("num"))
    if value is None:
        return None
    units = loaders.money_units()
    for unit in m.group("units").split():
        value *= units.get(unit.casefold(), 1)
    return round(value), m.start(), m.end()
