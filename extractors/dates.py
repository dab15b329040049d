"""Dates written in the text ("Chiều ngày 06 tháng 4 năm 2023", "Sáng 27/12", "ngày 08/3/2023")."""

from __future__ import annotations

from datetime import date

import regex
from spacy.language import Language

from pipeline.records import DateMention

from .base import register, sentences, set_records

NAME = "thidua_dates"
ASSIGNS = register(NAME)

_CUE = r"(?P<cue>sáng|chiều|tối|trưa|ngày|hôm nay|đêm)?\s*(?:ngày\s+)?"
_DATE = regex.compile(
    r"(?<![\d,.%/])(?:" + _CUE + r")"
    r"(?:"
    r"(?P<d1>\d{1,2})\s*tháng\s*(?P<m1>\d{1,2})(?:\s*năm\s*(?P<y1>\d{4}))?"
    r"|(?P<d2>\d{1,2})/(?P<m2>\d{1,2})(?:/(?P<y2>\d{4}))?"
    r"|(?P<d3>\d{1,2})-(?P<m3>\d{1,2})-(?P<y3>\d{4})"
    r")(?![\d%]|[.,]\d)",
    regex.IGNORECASE,
)


def find_dates(text: str, offset: int = 0) -> list[DateMention]:
    """Every plausible day/month(/year) in `text`; a bare "12/7" only with a cue word before it."""
    out = []
    for m in _DATE.finditer(text):
        d = m.group("d1") or m.group("d2") or m.group("d3")
        mo = m.group("m1") or m.group("m2") or m.group("m3")
        y = m.group("y1") or m.group("y2") or m.group("y3")
        cue = (m.group("cue") or "").lower() or None
        if m.group("d2") and not y and not cue:
            continue  # "02/20" is a ranking or a ratio, not a date, unless a cue says so
        day, month, year = int(d), int(mo), int(y) if y else None
        if not (1 <= day <= 31 and 1 <= month <= 12) or (year is not None and not 1900 <= year <= 2100):
            continue
        value = None
        if year is not None:
            try:
                value = date(year, month, day)
            except ValueError:
                continue
        start = m.start("d1") if m.group("d1") else m.start("d2") if m.group("d2") else m.start("d3")
        if cue:
            start = m.start("cue")
        out.append(DateMention(value=value, day=day, month=month, year=year, cue=cue,
                               char_start=offset + start, char_end=offset + m.end()))
    return out


class DateExtractor:
    def __init__(self, name: str = NAME):
        self.name = name

    def __call__(self, doc):
        mentions = []
        for sent in sentences(doc):
            mentions.extend(find_dates(sent.text, sent.start))
        set_records(doc, NAME, mentions, [(m.char_start, m.char_end) for m in mentions])
        return doc


@Language.factory(NAME, assigns=[ASSIGNS, f"doc.spans"], requires=[])
def make_date_extractor(nlp: Language, name: str) -> DateExtractor:
    return DateExtractor(name)
