"""Resolve: article-level facts from the extractors' mentions (ids, publication and event dates, province)."""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import date

import regex

from .records import DateMention, PlaceMention

# "Thứ Năm, 28/12/2023 - 09:16", "28/12/2023 09:16", "Cập nhật: 28/12/2023"
_PUBLISHED = regex.compile(
    r"(?:thứ\s+\p{L}+|chủ nhật|cập nhật|ngày đăng|đăng ngày)?\s*,?\s*(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})\s*(?:-|\||,)?\s*\d{1,2}:\d{2}",
    regex.IGNORECASE,
)
_YEAR = regex.compile(r"(?<![\d./])năm\s+(?P<y>(?:19|20)\d{2})(?!\d)", regex.IGNORECASE)


def article_id(text: str) -> str:
    """Stable id of a cleaned text: the same text gives the same id on any machine."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def parse_iso_date(value) -> date | None:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def published_from_text(text: str) -> date | None:
    """The publication stamp pages print near the top ("Thứ Năm, 28/12/2023 - 09:16")."""
    m = _PUBLISHED.search(text[:2000])
    if not m:
        return None
    try:
        return date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    except ValueError:
        return None


def year_from_text(text: str) -> int | None:
    """The year the article speaks of most ("năm 2023"), to complete a bare "Ngày 28/5"."""
    years = Counter(int(m.group("y")) for m in _YEAR.finditer(text))
    return years.most_common(1)[0][0] if years else None


def event_date(mentions: list[DateMention], published: date | None, text: str, n_chars_lead: int = 1500) -> date | None:
    """The date of the reported event: the first cued date near the top, its year completed.

    A bare "Sáng 27/12" takes its year from the publication date (the year before
    when the day would fall after publication), else from the year the text names.
    """
    lead = [m for m in mentions if m.char_start < n_chars_lead and (m.cue or m.year)]
    for m in lead:
        if published is not None and m.value is not None and m.value > published:
            continue  # a deadline or plan, not the event
        if m.value is not None:
            return m.value
        year = None
        if published is not None:
            year = published.year
            try:
                if date(year, m.month, m.day) > published:
                    year -= 1
            except ValueError:
                continue
        else:
            year = year_from_text(text)
        if year is None:
            continue
        try:
            return date(year, m.month, m.day)
        except ValueError:
            continue
    return None


def province(mentions: list[PlaceMention]) -> tuple[str | None, str | None]:
    """The province whose event is reported: title mentions weigh most, then typed mentions.

    A district named the same in several provinces votes only when one of its
    provinces is named elsewhere in the article (that one wins).
    """
    if not mentions:
        return None, None
    named = {m.province for m in mentions if m.level == "province_pre2025"}
    by_span: dict[tuple[int, int, bool], list[PlaceMention]] = {}
    for m in mentions:
        by_span.setdefault((m.char_start, m.char_end, m.in_title), []).append(m)
    votes: Counter[str] = Counter()
    first: dict[str, int] = {}
    to_2025: dict[str, str | None] = {}
    for (start, _, in_title), group in by_span.items():
        if len(group) > 1:
            group = [g for g in group if g.province in named]
            if len(group) != 1:
                continue
        m = group[0]
        weight = 3.0 if in_title else (1.5 if m.surface.split()[0].casefold() in ("tỉnh", "thành") else 1.0)
        votes[m.province] += weight
        first.setdefault(m.province, -1 if in_title else start)
        to_2025[m.province] = m.province_2025
    if not votes:
        return None, None
    best = max(votes, key=lambda p: (votes[p], -first[p]))
    return best, to_2025.get(best)
