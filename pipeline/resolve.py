"""Resolve: article-level facts from the extractors' mentions (ids, publication and event dates, province)."""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import date

from .records import DateMention, Official, PlaceMention

_LATE_MONTH = 11      # a conference from November on already names the coming year
_HISTORY_YEARS = 1    # a full date more years than this before publication is history, not the event
_HISTORY_YEARS_TEXT = 5  # without a publication date, before the latest year the text names (plans name later years)

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
    """The publication stamp pages print near the top ("Thứ Năm, 28/12/2023 - 09:16", "10:05, 18/05/2012")."""
    from extractors.dates import published_in

    return published_in(text)


def year_from_text(text: str, month: int | None = None) -> int | None:
    """The year an undated "Ngày 28/5" falls in, from the years the text names as its own.

    The latest year named: a review of last year is held in the next, and its
    plans name the new year ("tổng kết năm 2023 … năm 2024, tiếp tục …"). A day in
    November or December is still in the year under review when the text also
    names the year before (a December conference already speaks of next year).
    """
    from extractors.dates import years_named

    years = set(years_named(text))
    if not years:
        return None
    latest = max(years)
    if month is not None and month >= _LATE_MONTH and latest - 1 in years:
        return latest - 1
    return latest


def _complete(m: DateMention, published: date | None, text: str) -> date | None:
    """A date with its year: written, else from the publication date (the year before if later), else the text."""
    if m.value is not None:
        return m.value
    if published is not None:
        year = published.year
        if (m.month, m.day) > (published.month, published.day):
            year -= 1
    else:
        year = year_from_text(text, m.month)
    if year is None:
        return None
    try:
        return date(year, m.month, m.day)
    except ValueError:
        return None


def event_date(mentions: list[DateMention], published: date | None, text: str, n_chars_lead: int = 1500) -> date | None:
    """The date of the reported event: the first cued or full date near the top, its year completed.

    Not the page's stamp, a document's date ("Quyết định … ngày 12/5/2023"), the
    ends of an anniversary's span ("3/3/1959 – 3/3/2026"), a date after
    publication (a deadline or plan) or a date years before it (history).
    """
    latest = None
    for m in mentions:
        if m.char_start >= n_chars_lead:
            break
        if m.kind != "date" or not (m.cue or m.year):
            continue
        value = _complete(m, published, text)
        if value is None:
            continue
        if published is not None and value > published:
            continue
        if m.value is not None:
            if published is not None:
                if value.year < published.year - _HISTORY_YEARS:
                    continue
            else:
                latest = latest or year_from_text(text)
                if latest is not None and value.year < latest - _HISTORY_YEARS_TEXT:
                    continue
        return value
    return None


_WEIGHT_TITLE = 3.0    # the headline names the event's province
_WEIGHT_TYPED = 1.5    # "tỉnh Hà Nam", "Tỉnh ủy Nghệ An", "huyện Bắc Quang"
_WEIGHT_BARE = 1.0     # "Đồng Nai đã chọn …"
_WEIGHT_FORMER = 0.25  # "Long An (cũ)": merged away, named for history
_TIE_NAMED_FIRST = 2   # two provinces tied: the first named; more: a national article, no province


def province(mentions: list[PlaceMention]) -> tuple[str | None, str | None]:
    """The province whose event is reported, and its post-2025 province.

    Each mention votes for its province: a headline mention weighs most, then a
    mention with a unit word, then a bare name. A district named the same in
    several provinces ("huyện Châu Thành") votes only when the rest of the article
    names exactly one of them. A tie at the top is broken by the headline, else
    between two provinces by the one named first (the host is named before its
    guests); a tie of three or more (a ministry's or the army's article naming one
    unit in each of several provinces) gives no province.
    """
    by_span: dict[tuple[int, int, bool], list[PlaceMention]] = {}
    for m in mentions:
        by_span.setdefault((m.char_start, m.char_end, m.in_title), []).append(m)
    named = {group[0].province for group in by_span.values() if len({g.province for g in group}) == 1}
    votes: Counter[str] = Counter()
    in_title: set[str] = set()
    first: dict[str, int] = {}
    for group in by_span.values():
        candidates = {g.province for g in group}
        if len(candidates) > 1:
            candidates &= named
            if len(candidates) != 1:
                continue
        (choice,) = candidates
        m = next(g for g in group if g.province == choice)
        weight = _WEIGHT_TITLE if m.in_title else _WEIGHT_TYPED if m.typed else _WEIGHT_BARE
        votes[choice] += weight * (_WEIGHT_FORMER if m.former else 1.0)
        if m.in_title:
            in_title.add(choice)
        first.setdefault(choice, len(first))
    if not votes:
        return None, None
    top = max(votes.values())
    best = [p for p, v in votes.items() if v == top]
    if len(best) > 1 and any(p in in_title for p in best):
        best = [p for p in best if p in in_title]
    if len(best) == _TIE_NAMED_FIRST:
        best = [min(best, key=first.__getitem__)]
    if len(best) != 1:
        return None, None
    return best[0], province_2025_of(best[0])


def province_2025_of(province_name: str | None) -> str | None:
    """The post-2025 province of a pre-2025 province (Resolution 202/2025/QH15)."""
    from gazetteer.loaders import province_2025_of as mapping

    return mapping().get(province_name) if province_name else None


def official_province(positions: list[str], article_province: str | None) -> str | None:
    """The province of a post: the one its words name ("Chủ tịch UBND tỉnh Hà Giang"), else the
    article's when the post is local ("Bí thư Tỉnh ủy", "Chủ tịch UBND huyện"); none for a ministry's."""
    from extractors.places import find_places, names_local_unit

    for position in positions:
        named = {m.province for m in find_places(position)}
        if len(named) == 1:
            return named.pop()
        if article_province in named:
            return article_province
    if article_province and any(names_local_unit(p) for p in positions):
        return article_province
    return None


def set_official_provinces(officials: list[Official], article_province: str | None) -> None:
    """Fill each official's `province` the extractor left empty."""
    for official in officials:
        if official.province is None:
            official.province = official_province(official.positions, article_province)
