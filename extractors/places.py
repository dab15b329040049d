"""Provinces named in the text, directly or through a pre-2025 district ("huyện Bắc Quang")."""

from __future__ import annotations

from functools import lru_cache

import regex
from spacy.language import Language

from gazetteer import loaders
from pipeline.records import PlaceMention

from .base import article_of, register, sentences, set_records

NAME = "thidua_places"
ASSIGNS = register(NAME)

# a unit type written before a name; districts are only trusted with one
_PROVINCE_TYPES = r"(?:tỉnh|thành phố|TP\.?|Tp\.?)"
_DISTRICT_TYPES = {"huyện": "huyện", "thị xã": "thị xã", "quận": "quận", "thành phố": "thành phố", "tp": "thành phố", "tp.": "thành phố"}


@lru_cache(maxsize=1)
def _tables():
    provinces: dict[str, dict] = {}       # surface (casefolded) → pre-2025 province unit
    districts: dict[tuple[str, str], list[dict]] = {}  # (type, name casefolded) → districts
    for u in loaders.admin_units():
        if u["level"] == "province_pre2025":
            for form in {u["short"], *u["aliases"]}:
                provinces[form.casefold()] = u
        elif u["level"] == "district_pre2025":
            districts.setdefault((u["unit_type"].casefold(), u["short"].casefold()), []).append(u)
    names = sorted(provinces, key=len, reverse=True)
    province_re = regex.compile(
        r"(?<!\p{L})(?P<type>" + _PROVINCE_TYPES + r"\s+)?(?P<name>" + "|".join(regex.escape(n) for n in names) + r")(?!\p{L})",
        regex.IGNORECASE,
    )
    dnames = sorted({n for _, n in districts}, key=len, reverse=True)
    district_re = regex.compile(
        r"(?<!\p{L})(?P<type>huyện|thị xã|quận|thành phố|TP\.?)\s+(?P<name>" + "|".join(regex.escape(n) for n in dnames) + r")(?!\p{L})",
        regex.IGNORECASE,
    )
    return provinces, districts, province_re, district_re


def _exact_case(surface: str, canonical: str) -> bool:
    # "Quang Bình" must not match "Quảng Bình": compare with diacritics, ignoring case only
    return surface.casefold() == canonical.casefold()


def find_places(text: str, offset: int = 0, in_title: bool = False) -> list[PlaceMention]:
    provinces, districts, province_re, district_re = _tables()
    out: list[PlaceMention] = []
    taken: list[tuple[int, int]] = []
    for m in district_re.finditer(text):
        dtype = _DISTRICT_TYPES.get(m.group("type").casefold().rstrip(".") if m.group("type").casefold() != "tp." else "tp.", "thành phố")
        cands = districts.get((dtype, m.group("name").casefold()), [])
        if not cands:
            continue
        # a city that is also a province's name ("thành phố Hà Giang") is left to the province pass
        if dtype == "thành phố" and m.group("name").casefold() in provinces:
            continue
        for u in cands:
            out.append(PlaceMention(province=u["province"], province_2025=u["province_2025"], surface=m.group(0),
                                    level="district_pre2025", char_start=offset + m.start(), char_end=offset + m.end(),
                                    in_title=in_title))
        taken.append(m.span())
    for m in province_re.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        u = provinces[m.group("name").casefold()]
        if not m.group("type") and not m.group("name")[0].isupper():
            continue  # a bare lower-case word ("hà nam" inside a phrase) is not a place name
        out.append(PlaceMention(province=u["short"], province_2025=u["province_2025"], surface=m.group(0),
                                level="province_pre2025", char_start=offset + m.start(), char_end=offset + m.end(),
                                in_title=in_title))
    return out


class PlaceExtractor:
    def __init__(self, name: str = NAME):
        self.name = name

    def __call__(self, doc):
        mentions = []
        article = article_of(doc)
        if article is not None and article.title:
            mentions.extend(find_places(article.title, 0, in_title=True))
        for sent in sentences(doc):
            mentions.extend(find_places(sent.text, sent.start))
        set_records(doc, NAME, mentions, [(m.char_start, m.char_end) for m in mentions if not m.in_title])
        return doc


@Language.factory(NAME, assigns=[ASSIGNS, "doc.spans"], requires=[])
def make_place_extractor(nlp: Language, name: str) -> PlaceExtractor:
    return PlaceExtractor(name)
