"""The records stages hand each other: slotted dataclasses, one per kind of thing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(slots=True)
class RawDocument:
    """One input document as read from disk (or a scraped record), before cleaning."""

    source: str                      # path relative to the input folder, or URL
    text: str | None = None          # plain text (already decoded)
    html: str | None = None          # HTML to extract the main text from
    url: str | None = None
    title: str | None = None
    published: date | None = None
    # set when the loader already knows the document cannot be read
    status: str | None = None
    error: str | None = None


@dataclass(slots=True)
class Article:
    """A cleaned document: text every extractor reads, with offsets back to the source text."""

    source: str
    text: str                        # cleaned, NFC, modern tone placement
    source_text: str                 # the text before cleaning (after HTML extraction)
    offsets: list[int]               # offsets[i] = index in source_text of text[i]; len(text)+1 items
    url: str | None = None
    title: str | None = None
    published: date | None = None

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the cleaned text back to the source text."""
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1


@dataclass(slots=True)
class Official:
    name: str
    honorific: str | None = None
    positions: list[str] = field(default_factory=list)
    is_former: bool = False
    roles: list[str] = field(default_factory=list)
    province: str | None = None
    evidence: str = ""
    char_start: int = 0
    char_end: int = 0


@dataclass(slots=True)
class Award:
    award_id: str
    award_name: str
    award_class: str | None = None
    issuer: str | None = None
    n_collectives: int | None = None
    n_individuals: int | None = None
    n_households: int | None = None
    n_mixed: int | None = None
    qualifier: str = "exact"
    group_id: str | None = None
    recipients: list[str] = field(default_factory=list)
    presenter: str | None = None
    on_behalf_of: str | None = None
    status: str = "awarded"
    achievement_year: int | None = None
    prize_value_vnd: int | None = None
    evidence: str = ""
    char_start: int = 0
    char_end: int = 0
    extractor: str = ""


@dataclass(slots=True)
class Theme:
    text: str
    kind: str
    year: int | None = None
    launched_by: str | None = None
    evidence: str = ""
    char_start: int = 0
    char_end: int = 0


@dataclass(slots=True)
class DateMention:
    """A date written in the text, resolved as far as the text allows."""

    value: date | None               # None when the year is unknown yet
    day: int
    month: int
    year: int | None
    cue: str | None                  # "sáng", "chiều", "ngày"… written before it, lower-case
    char_start: int = 0
    char_end: int = 0
    kind: str = "date"               # date | stamp (the page's publication time) | document (a decision's date) | span (an end of "3/3/1959 – 3/3/2026")


@dataclass(slots=True)
class PlaceMention:
    """A province (or a district pointing to one) named in the text."""

    province: str                    # canonical pre-2025 province
    province_2025: str | None
    surface: str
    level: str                       # province_pre2025 | district_pre2025 | province_2025
    char_start: int = 0
    char_end: int = 0
    in_title: bool = False
    typed: bool = False              # written with a unit word ("tỉnh Hà Nam", "Huyện ủy Hoài Nhơn") or a full alias
    former: bool = False             # followed by "(cũ)": a unit merged away in 2025


@dataclass(slots=True)
class ArticleRow:
    """The `articles` row of one input document (contract columns)."""

    article_id: str
    source: str
    url: str | None = None
    title: str | None = None
    published: date | None = None
    event_date: date | None = None
    province: str | None = None
    province_2025: str | None = None
    status: str = "ok"
    duplicate_of: str | None = None
    error: str | None = None
    n_chars: int = 0
    n_sentences: int = 0


@dataclass(slots=True)
class ArticleResult:
    """Everything one document produced: what a worker sends back to the parent."""

    article: ArticleRow
    officials: list[Official] = field(default_factory=list)
    awards: list[Award] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    signature: object = None         # MinHash signature of the cleaned text (numpy uint32), for near-duplicates
    text: str | None = None          # the cleaned text, for `texts.parquet`
    spans: list[tuple[str, int, int]] = field(default_factory=list)  # (extractor, start, end) of doc.spans
