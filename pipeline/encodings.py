"""Encodings: bytes of any encoding Vietnamese articles come in, to Unicode (NFC).

Order of the decision, as in `decode`:

1. a byte order mark (UTF-8, UTF-16, UTF-32) decides;
2. strict UTF-8;
3. UTF-16 without a mark (every other byte NUL in mostly-ASCII text);
4. a single-byte encoding, chosen by which decoding reads as Vietnamese: the
   charsets the page declares, charset-normalizer's guess, windows-1258 (cp1258),
   or the legacy font encodings TCVN3 (ABC) and VNI.

Text that decodes (UTF-8 or any other step) is then checked for the legacy font
encodings, since old pages and documents often carry TCVN3/VNI letters as
Latin-1 characters ("Céng hoµ", "Coäng hoøa"). The conversion tables are
viparse's (MIT), built from real government documents; the choice between
decodings is made here by counting words that are well-formed Vietnamese
syllables (`gazetteer/vietnamese_syllables.csv`). Text with a fair share of
letters that only Unicode Vietnamese has (ơ, ư, ă, đ, ạ…) is never converted,
so valid UTF-8 cannot be turned into mojibake.
"""

from __future__ import annotations

import codecs
import logging
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import regex

from gazetteer import loaders

log = logging.getLogger(__name__)

LEGACY_ENCODINGS = ("tcvn3", "vni")

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# words for scoring: runs of anything but spaces, digits and ASCII punctuation
_WORD = regex.compile(r"[^\s\d!-/:-@\[-`{-~]+")
_NON_ASCII = regex.compile(r"[^\x00-\x7f]")
_ASCII_LETTER = regex.compile(r"[A-Za-z]")
# letters that only Unicode Vietnamese has: no legacy surface form (Latin-1) contains them
_UNICODE_ONLY_VI = regex.compile(r"[ăĂđĐĩĨũŨơƠưƯ\u1ea0-\u1ef9]")
_LATIN1_UPPER = regex.compile(r"[\u00a0-\u00ff]")
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}

# a legacy decoding is taken only when it reads this much better than the alternative…
_MIN_GAIN = 0.25
# …and reads as Vietnamese on its own, judged on at least this many words with non-ASCII letters
_MIN_SHARE = 0.6
_MIN_WORDS = 4
# text reading better than this is taken as it is (legacy text reads far worse: under 0.3)
_MAX_BASELINE = 0.5
# in text that already decoded, legacy letters are suspected only when Unicode-only Vietnamese
# letters are rarer than this share of its Latin-1 letters (real Unicode Vietnamese: about half)
_MAX_UNICODE_SHARE = 0.02
# the decision reads this many characters (enough words; converting a whole 5 MB text twice is not)
_SAMPLE_CHARS = 20_000


def _cp1252_table() -> dict[int, str]:
    table = {}
    for b in range(0x80, 0xA0):
        try:
            table[b] = bytes([b]).decode("cp1252")
        except UnicodeDecodeError:
            pass
    return table


_CP1252 = _cp1252_table()


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str              # how the bytes were read: utf-8, utf-8-sig, utf-16-le, cp1258, tcvn3, vni, utf-8+tcvn3…


def _scored_words(text: str) -> list[str]:
    """Words with an ASCII letter and a non-ASCII character: where decodings differ.

    Symbols alone ("©", "«", "·") are left out: legacy tables read them as letters too.
    """
    return [w for w in _WORD.findall(text) if _ASCII_LETTER.search(w) and _NON_ASCII.search(w)]


def _share(words: list[str]) -> float:
    pattern = loaders.vietnamese_syllable()
    return sum(1 for w in words if _is_syllable(w, pattern)) / len(words) if words else 0.0


def syllable_share(text: str) -> tuple[float, int]:
    """(share of well-formed Vietnamese syllables, count) among the words where decodings differ."""
    words = _scored_words(text)
    return _share(words), len(words)


def _is_syllable(word: str, pattern: regex.Pattern) -> bool:
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for c in decomposed if c in _TONES)
    if tones > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    return pattern.fullmatch(bare) is not None


@lru_cache(maxsize=None)
def _charmap(encoding: str):
    # viparse's tables: (legacy surface sequence, Unicode) pairs, longest first
    from viparse.normalize.encodings import get_charmap

    charmap = get_charmap(encoding)
    if charmap is None:  # pragma: no cover - names are ours
        raise ValueError(f"unknown legacy encoding {encoding!r}")
    return charmap


def from_legacy(text: str, encoding: str) -> str:
    """Legacy font text (TCVN3 or VNI letters as their Latin-1 characters) to Unicode NFC."""
    from viparse.normalize.tables import convert

    return convert(text, _charmap(encoding))


# VNI stores í and ì as the Latin-1 letters themselves (its tables also read "iù", "iø")
_VNI_AS_THEMSELVES = "íìÍÌ"


@lru_cache(maxsize=None)
def _inverse(encoding: str) -> dict[str, str]:
    inverse: dict[str, str] = {}
    for legacy, uni in _charmap(encoding).pairs:
        inverse.setdefault(uni, legacy)
    if encoding == "vni":
        inverse.update({c: c for c in _VNI_AS_THEMSELVES})
    return inverse


def to_legacy(text: str, encoding: str) -> str:
    """The inverse of `from_legacy`: how a legacy font would store `text` (tests build samples with it).

    TCVN3 has no capital toned letters (fonts like .VnTimeH draw the small ones as capitals),
    so those are written with their small letter's code.
    """
    inverse = _inverse(encoding)
    out = []
    for char in unicodedata.normalize("NFC", text):
        out.append(inverse.get(char) or inverse.get(char.lower()) or char)
    return "".join(out)


def to_cp1258(text: str) -> bytes:
    """How windows-1258 stores `text`: letters with their vowel marks, the tone as a combining mark."""
    out: list[list[str]] = []  # per base letter: [letter with its vowel marks, tone]
    for char in unicodedata.normalize("NFD", text):
        if out and char in _TONES:
            out[-1][1] += char
        elif out and unicodedata.combining(char):
            out[-1][0] = unicodedata.normalize("NFC", out[-1][0] + char)
        else:
            out.append([char, ""])
    return "".join(letter + tone for letter, tone in out).encode("cp1258")


def _might_be_legacy(text: str) -> bool:
    # more Unicode-only letters than the share of all characters are more than the share of the
    # Latin-1 letters too; in Unicode Vietnamese the first quarter of the text already holds that
    # many, so the count grows by pieces (each counted once) and stops as soon as it is over
    limit = _MAX_UNICODE_SHARE * len(text)
    unicode_only, start = 0, 0
    for end in (len(text) // 4, len(text) // 2, len(text)):
        unicode_only += len(_UNICODE_ONLY_VI.findall(text, start, end))
        if unicode_only > limit:
            return False
        start = end
    latin1 = len(_LATIN1_UPPER.findall(text))
    if latin1 == 0:
        return False
    return unicode_only <= _MAX_UNICODE_SHARE * latin1


def best_legacy(text: str, baseline: float | None = None) -> str | None:
    """The legacy encoding `text` is written in, or None.

    Text that already reads as Vietnamese (more than `_MAX_BASELINE` of its words
    well-formed) is left alone; otherwise a conversion must read as Vietnamese
    (`_MIN_SHARE`) and beat `baseline` (default: the text as it is) by `_MIN_GAIN`.
    """
    sample = text[:_SAMPLE_CHARS]
    if not _might_be_legacy(sample):
        return None
    words = _scored_words(sample)
    if len(words) < _MIN_WORDS:
        return None
    if baseline is None:
        baseline = _share(words)
    if baseline > _MAX_BASELINE:
        return None
    best, best_share = None, max(_MIN_SHARE, baseline + _MIN_GAIN)
    for encoding in LEGACY_ENCODINGS:
        share = _share([from_legacy(w, encoding) for w in words])
        if share >= best_share:
            best, best_share = encoding, share
    return best


def repair_legacy(text: str) -> tuple[str, str | None]:
    """Text with legacy font letters converted to Unicode, and the legacy encoding found (or None)."""
    encoding = best_legacy(text)
    if encoding is None:
        return text, None
    return from_legacy(text, encoding), encoding


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    if len(data) < 4 or len(data) % 2:
        return None
    if data[1::2].count(0) > len(data) // 4:
        codec = "utf-16-le"
    elif data[0::2].count(0) > len(data) // 4:
        codec = "utf-16-be"
    else:
        return None
    try:
        return data.decode(codec), codec
    except UnicodeDecodeError:
        return None


def decode(data: bytes, declared: Sequence[str] = ()) -> Decoded:
    """Bytes to NFC text, by the numbered steps of the module docstring; never raises.

    `declared`: charsets a page or server names (HTTP header, <meta charset>), tried in
    step 4 with charset-normalizer's guess and windows-1258; the one whose words read
    best as Vietnamese wins, the earliest on a tie (windows-1258 labelled windows-1252
    decodes too, but to "õÌ" where it means "ờ").
    """
    for bom, codec in _BOMS:  # 1.
        if data.startswith(bom):
            try:
                return _legacy_checked(data.decode(codec), codec)
            except UnicodeDecodeError:
                break
    try:  # 2. valid UTF-8 is UTF-8, whatever the label says
        return _legacy_checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    utf16 = _utf16_without_bom(data)  # 3.
    if utf16 is not None:
        return _legacy_checked(*utf16)
    best, best_share = None, -1.0  # 4.
    for name in _single_byte_candidates(data, declared):
        try:
            text = unicodedata.normalize("NFC", data.decode(name))
        except (LookupError, UnicodeDecodeError):
            continue
        share = syllable_share(text[:_SAMPLE_CHARS])[0]
        if share > best_share:
            best, best_share = Decoded(text, codecs.lookup(name).name), share
    if best is None:  # cp1258 leaves five bytes undefined: read them as U+FFFD
        best = Decoded(unicodedata.normalize("NFC", data.decode("cp1258", errors="replace")), "cp1258")
        best_share = syllable_share(best.text[:_SAMPLE_CHARS])[0]
    # legacy fonts were typed on Windows: their bytes as cp1252, its five holes as Latin-1
    windows = data.decode("latin-1").translate(_CP1252)
    encoding = best_legacy(windows, baseline=best_share)
    if encoding is not None:
        return Decoded(from_legacy(windows, encoding), encoding)
    return best


def _single_byte_candidates(data: bytes, declared: Sequence[str]) -> list[str]:
    names = [c for c in declared if c and not c.replace("-", "").replace("_", "").lower().startswith("utf")]
    try:
        import charset_normalizer

        guess = charset_normalizer.from_bytes(data[:200_000]).best()
        if guess is not None:
            names.append(guess.encoding)
    except Exception as exc:  # a guess is optional: windows-1258 and the legacy fonts remain
        log.debug("charset-normalizer failed: %s", exc)
    return [*names, "cp1258"]


def _legacy_checked(text: str, encoding: str) -> Decoded:
    repaired, legacy = repair_legacy(text)
    return Decoded(repaired, f"{encoding}+{legacy}" if legacy else encoding)
