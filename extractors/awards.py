"""Award facts: which award, to how many of which kind, from whom, in which status."""

from __future__ import annotations

from functools import lru_cache

import regex
from spacy.language import Language

from gazetteer import loaders
from pipeline.records import Award

from .base import register, sentences, set_records

NAME = "thidua_awards"
ASSIGNS = register(NAME)

_COUNT = regex.compile(
    r"(?<![\d.,/])(?P<n>\d{1,3}(?:\.\d{3})+|\d+)\s+(?P<kind>tập thể, cá nhân|tập thể|cá nhân|hộ gia đình|đơn vị|người)(?!\p{L})",
    regex.IGNORECASE,
)
_KIND_FIELD = {"tập thể": "n_collectives", "đơn vị": "n_collectives", "cá nhân": "n_individuals",
               "người": "n_individuals", "hộ gia đình": "n_households", "tập thể, cá nhân": "n_mixed"}


@lru_cache(maxsize=1)
def _award_re() -> tuple[regex.Pattern, dict[str, str]]:
    forms: dict[str, str] = {}
    for row in loaders.read_csv("award_forms.csv", required=("award_id", "name_vi")):
        for form in [row["name_vi"], *row["variants"].split("|")]:
            if form:
                forms.setdefault(form.casefold(), row["award_id"])
    alts = "|".join(regex.escape(f) for f in sorted(forms, key=len, reverse=True))
    return regex.compile(r"(?<!\p{L})(?:" + alts + r")(?!\p{L})", regex.IGNORECASE), forms


def find_awards(text: str, offset: int = 0) -> list[Award]:
    pattern, forms = _award_re()
    vocab = loaders.award_vocabulary()
    out = []
    for m in pattern.finditer(text):
        award_id = forms[m.group(0).casefold()]
        award = Award(award_id=award_id, award_name=vocab.get(award_id, {}).get("name_vi", award_id),
                      evidence=text, char_start=offset, char_end=offset + len(text), extractor=NAME)
        for c in _COUNT.finditer(text, m.end()):
            field = _KIND_FIELD[c.group("kind").lower()]
            if getattr(award, field) is None:
                setattr(award, field, int(c.group("n").replace(".", "")))
        out.append(award)
    return out


class AwardExtractor:
    def __init__(self, name: str = NAME):
        self.name = name

    def __call__(self, doc):
        records = []
        for sent in sentences(doc):
            records.extend(find_awards(sent.text, sent.start))
        set_records(doc, NAME, records, [(a.char_start, a.char_end) for a in records])
        return doc


@Language.factory(NAME, assigns=[ASSIGNS, "doc.spans"], requires=["doc._.thidua_officials"])
def make_award_extractor(nlp: Language, name: str) -> AwardExtractor:
    return AwardExtractor(name)
