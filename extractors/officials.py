"""Officials: named people holding (or having held) a public post, with their positions and roles."""

from __future__ import annotations

from functools import lru_cache

import regex
from spacy.language import Language

from gazetteer import loaders
from pipeline.records import Official

from .base import register, sentences, set_records

NAME = "thidua_officials"
ASSIGNS = register(NAME)

# a personal name: 2–5 capitalised syllables
_NAME = r"(?P<name>\p{Lu}\p{Ll}*(?:\s+\p{Lu}\p{Ll}*){1,4})"


@lru_cache(maxsize=1)
def _honorific_re() -> regex.Pattern:
    words = sorted({w.casefold() for w in loaders.read_lines("honorifics.txt")}, key=len, reverse=True)
    alts = "|".join(regex.escape(w) for w in words)
    return regex.compile(r"(?<!\p{L})(?P<hon>" + alts + r")\s+" + _NAME, regex.IGNORECASE)


def find_officials(text: str, offset: int = 0) -> list[Official]:
    out = []
    for m in _honorific_re().finditer(text):
        name = m.group("name")
        if not name[0].isupper():
            continue
        out.append(Official(name=name, honorific=m.group("hon"), evidence=text,
                            char_start=offset + m.start(), char_end=offset + m.end()))
    return out


class OfficialExtractor:
    def __init__(self, name: str = NAME):
        self.name = name

    def __call__(self, doc):
        found: dict[str, Official] = {}
        for sent in sentences(doc):
            for off in find_officials(sent.text, sent.start):
                found.setdefault(off.name, off)
        records = list(found.values())
        set_records(doc, NAME, records, [(o.char_start, o.char_end) for o in records])
        return doc


@Language.factory(NAME, assigns=[ASSIGNS, "doc.spans"], requires=[])
def make_official_extractor(nlp: Language, name: str) -> OfficialExtractor:
    return OfficialExtractor(name)
