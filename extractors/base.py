"""What every extractor shares: where results live on the Doc, and sentence iteration."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span

def register(name: str) -> str:
    """Declare the Doc attribute `doc._.<name>` an extractor fills; returns its `assigns` string."""
    if not Doc.has_extension(name):
        Doc.set_extension(name, default=None)
    return f"doc._.{name}"


def set_records(doc: Doc, name: str, records: list, spans: list[tuple[int, int]] | None = None) -> None:
    """Store an extractor's records as `doc._.<name>`, and their evidence spans in `doc.spans[name]`.

    Records are a list on a Doc attribute rather than span extensions because
    several records may share one evidence span (awards sharing a count).
    """
    doc._.set(name, records)
    if spans is not None:
        out = []
        for s, e in spans:
            span = doc.char_span(s, e, label=name, alignment_mode="expand")
            if span is not None:
                out.append(span)
        doc.spans[name] = out


def get_records(doc: Doc, name: str) -> list:
    """An earlier extractor's records ([] when it did not run)."""
    return (doc._.get(name) if Doc.has_extension(name) else None) or []


@dataclass(slots=True, frozen=True)
class Sentence:
    text: str
    start: int
    end: int

    def evidence(self) -> tuple[str, int, int]:
        return self.text, self.start, self.end


_SENTENCES = "thidua.sentences"
TEXT = "thidua.text"


def doc_text(doc: Doc) -> str:
    """`doc.text`, built once per Doc: spaCy joins it from a Token object per token on every access."""
    text = doc.user_data.get(TEXT)
    if text is None:
        text = doc.user_data[TEXT] = doc.text
    return text


def sentences(doc: Doc) -> Iterator[Sentence]:
    """Sentences as plain strings with their character offsets (whitespace trimmed).

    Computed once per Doc and kept in `doc.user_data`: walking `doc.sents` builds a Token object per
    token, and every extractor reads the sentences.
    """
    cached = doc.user_data.get(_SENTENCES)
    if cached is None:
        cached = doc.user_data[_SENTENCES] = list(_trimmed_sentences(doc))
    return iter(cached)


def _trimmed_sentences(doc: Doc) -> Iterator[Sentence]:
    text = doc_text(doc)
    for sent in doc.sents:
        s, e = sent.start_char, sent.end_char
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            yield Sentence(text[s:e], s, e)


def article_of(doc: Doc):
    """The `Article` the Doc was made from (set by the tokeniser)."""
    return doc.user_data.get("thidua.article")


def span_text(doc: Doc, span: Span) -> str:
    return span.text
