"""Themes: quoted names of movements, campaigns, mottos, slogans, objectives, after a cue."""

from __future__ import annotations

import regex
from spacy.language import Language

from pipeline.records import Theme

from .base import register, sentences, set_records

NAME = "thidua_themes"
ASSIGNS = register(NAME)

_CUE = regex.compile(
    r"(?P<cue>phong trào|cuộc vận động|chủ đề|phương châm|khẩu hiệu|mục tiêu|tinh thần)"
    r"[^\"“”]{0,40}?[\"“](?P<text>[^\"“”]{3,600})[\"”]",
    regex.IGNORECASE,
)


def find_themes(text: str, offset: int = 0) -> list[Theme]:
    out = []
    for m in _CUE.finditer(text):
        kind = m.group("cue").lower()
        kind = "phong trào" if kind == "cuộc vận động" else kind
        out.append(Theme(text=m.group("text").strip(), kind=kind, evidence=text,
                         char_start=offset + m.start("text"), char_end=offset + m.end("text")))
    return out


class ThemeExtractor:
    def __init__(self, name: str = NAME):
        self.name = name

    def __call__(self, doc):
        seen: dict[str, Theme] = {}
        for sent in sentences(doc):
            for t in find_themes(sent.text, sent.start):
                seen.setdefault(t.text.casefold(), t)
        records = list(seen.values())
        set_records(doc, NAME, records, [(t.char_start, t.char_end) for t in records])
        return doc


@Language.factory(NAME, assigns=[ASSIGNS, "doc.spans"], requires=[])
def make_theme_extractor(nlp: Language, name: str) -> ThemeExtractor:
    return ThemeExtractor(name)
