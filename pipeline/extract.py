"""Extract: run the registered extractor components, in the order settings list them, on a Doc."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import extractors  # noqa: F401  registers the thidua_* factories

from .settings import Settings
from .tokenise import vocab


@lru_cache(maxsize=4)
def build_nlp(components: tuple[str, ...]) -> Language:
    """A blank Language sharing the tokeniser's Vocab, with the named components added in order."""
    nlp = spacy.blank("xx", vocab=vocab())
    for name in components:
        nlp.add_pipe(name)
    return nlp


def extract(doc: Doc, settings: Settings) -> Doc:
    """Every component enriches the same Doc; results land on `doc._.<component>` and `doc.spans`."""
    nlp = build_nlp(settings.components)
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc
