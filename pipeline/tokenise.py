"""Tokenise: sentences and words of the cleaned text, held in one spaCy `Doc` that every later stage reads.

underthesea is wrapped the way spaCy wraps pyvi for Vietnamese: imported lazily,
with an actionable ImportError, and its words realigned to the text so that
`doc.text == article.text` and character offsets stay true.

Word segmentation is the costly part (≈ 800 sentences/s); with
`word_segmentation = gated` only sentences carrying a cue (award, title,
honorific, number) are segmented by underthesea, the others get syllable tokens.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from itertools import chain
from operator import itemgetter

import numpy
import regex
from spacy.attrs import SENT_START
from spacy.tokens import Doc
from spacy.vocab import Vocab

from extractors.base import TEXT
from gazetteer import loaders

from .chunks import ChunkCache
from .records import Article
from .settings import Settings

log = logging.getLogger(__name__)

_SYLLABLE = regex.compile(r"\d+(?:[.,/:]\d+)*|\p{L}[\p{L}\p{M}\d]*(?:-\p{Lu}[\p{L}\d]*)*|[^\s]")
_LINE = regex.compile(r"[^\n]+")
_SENTENCE_END = regex.compile(r"[.?!]")


@lru_cache(maxsize=1)
def vocab() -> Vocab:
    """One Vocab per process, shared by every Doc and by the extractors' Language."""
    return Vocab()


def _underthesea():
    try:
        import underthesea
    except ImportError as exc:  # pragma: no cover - dependency declared in pyproject
        raise ImportError(
            "thidua needs underthesea for sentence and word segmentation: pip install 'underthesea>=9.5'"
        ) from exc
    return underthesea


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: each line is a block (titles and captions have no final stop), split by underthesea."""
    abbreviations = _punkt_abbreviations()
    if abbreviations is not None:
        spans = []
        for line in _LINE.finditer(text):
            base = line.start()
            spans.extend((base + s, base + e) for s, e in _punkt_spans(line.group(0), abbreviations))
        return spans
    sent_tokenize = _underthesea().sent_tokenize
    spans = []
    for line in _LINE.finditer(text):
        block = line.group(0)
        base = line.start()
        pos = 0
        # underthesea ends sentences only at ".", "?" or "!": a line without one is one sentence
        # (tests/test_tokenise.py holds it to that), and its character-by-character scan is skipped
        sents = sent_tokenize(block) if _SENTENCE_END.search(block) else [block]
        for sent in sents:
            sent = sent.strip()
            if not sent:
                continue
            i = block.find(sent, pos)
            if i < 0:  # underthesea altered the text: keep the rest of the line as one sentence
                rest = block[pos:].strip()
                if rest:
                    j = block.find(rest, pos)
                    spans.append((base + j, base + j + len(rest)))
                pos = len(block)
                break
            spans.append((base + i, base + i + len(sent)))
            pos = i + len(sent)
        tail = block[pos:].strip()
        if tail:
            j = block.find(tail, pos)
            spans.append((base + j, base + j + len(tail)))
    return spans


_MIRRORED_UNDERTHESEA = "9.5.0"


@lru_cache(maxsize=1)
def _punkt_abbreviations() -> frozenset[str] | None:
    """underthesea's abbreviations if its sentence splitter is the one `_punkt_spans` follows, else None."""
    underthesea = _underthesea()
    if getattr(underthesea, "__version__", None) != _MIRRORED_UNDERTHESEA:
        return None
    from underthesea.pipeline import sent_tokenize as module

    module._load_model()
    splitter = module.sentence_tokenizer
    if underthesea.sent_tokenize is not module.sent_tokenize or splitter.SENT_END_CHARS != frozenset(".?!"):
        return None
    return frozenset(splitter.abbrev_types)


def _stripped(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    """Add text[start:end] without the white space `str.strip` removes, unless nothing is left."""
    piece = text[start:end]
    kept = piece.strip()
    if kept:
        s = start + len(piece) - len(piece.lstrip())
        spans.append((s, s + len(kept)))


def _punkt_spans(text: str, abbreviations: frozenset[str]) -> list[tuple[int, int]]:
    """The spans of the sentences underthesea 9.5.0's `sent_tokenize` returns for one line, step for step.

    underthesea (`PunktSentenceTokenizer.sentences_from_text`) walks the text one character
    at a time in Python and acts only at ".", "?" and "!"; this jumps from one of them to the
    next and takes the same decisions there. Each returned sentence is a stripped piece of the
    text, so its span is exact. tests/test_tokenise.py compares the two on every line of the
    samples and on crafted lines; any other underthesea version is called itself.
    The decisions are underthesea's (Apache License 2.0, https://github.com/undertheseanlp/underthesea),
    re-expressed here; its abbreviation list is read from the installed package, not copied.
    """
    if not text.strip():
        return []
    spans: list[tuple[int, int]] = []
    n = len(text)
    start = i = 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() < i:  # passed over by the last decision
            continue
        i = m.start()
        if text[i] == ".":
            dot_end = i + 1
            while dot_end < n and text[dot_end] == ".":
                dot_end += 1
            if dot_end - i >= 3:  # an ellipsis ends a sentence at the end or before a capital
                after = dot_end
                while after < n and text[after] in " \t":
                    after += 1
                if after >= n or text[after].isupper():
                    _stripped(spans, text, start, dot_end)
                    while dot_end < n and text[dot_end] in " \t\n\r":
                        dot_end += 1
                    start = dot_end
                i = dot_end
                continue
            if i > 0 and text[i - 1].isdigit() and i + 1 < n and text[i + 1].isdigit():
                i += 1  # 1.500.000, 15.12.2025
                continue
            w = i - 1
            while w >= 0 and (text[w].isalnum() or text[w] == "."):
                w -= 1
            word = text[w + 1:i]
            if word and word.lower() in abbreviations:
                i += 1
                continue
        end = i + 1
        while end < n and text[end] in ".?!":
            end += 1
        _stripped(spans, text, start, end)
        while end < n and text[end] in " \t\n\r":
            end += 1
        start = i = end
    _stripped(spans, text, start, n)
    return spans


_CLAUSE_BREAK = regex.compile(r"[;,:]\s")
_WORD_BREAK = regex.compile(r"\s")


def bound_sentences(text: str, spans: list[tuple[int, int]], max_chars: int) -> list[tuple[int, int]]:
    """Sentences longer than max_chars cut at the last ';', ',', ':' or space before the limit.

    A line with no sentence end (a flattened table, a list of hundreds of units)
    would otherwise be one sentence, and the extractors' work grows faster than its length.
    """
    out = []
    for s, e in spans:
        while e - s > max_chars:
            cut = None
            for pattern in (_CLAUSE_BREAK, _WORD_BREAK):
                for m in pattern.finditer(text, s + max_chars // 2, s + max_chars):
                    cut = m.end()
                if cut:
                    break
            cut = cut or s + max_chars
            piece_end = cut
            while piece_end > s and text[piece_end - 1].isspace():
                piece_end -= 1
            out.append((s, piece_end))
            s = cut
            while s < e and text[s].isspace():
                s += 1
        if e > s:
            out.append((s, e))
    return out


def syllable_tokens(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [m.span() for m in _SYLLABLE.finditer(text, start, end)]


def word_tokens(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """underthesea's words, realigned to the text; syllable tokens where alignment fails."""
    words = _underthesea().word_tokenize(text[start:end])
    spans = []
    pos = start
    for word in words:
        parts = word.split()
        if not parts:
            continue
        i = text.find(parts[0], pos, end)
        if i < 0:
            return syllable_tokens(text, start, end)
        j = i
        ok = True
        for part in parts:
            k = text.find(part, j, end)
            if k < 0 or text[j:k].strip():
                ok = False
                break
            j = k + len(part)
        if not ok or text[pos:i].strip():
            return syllable_tokens(text, start, end)
        spans.append((i, j))
        pos = j
    return spans


@lru_cache(maxsize=1)
def _cue_pattern() -> regex.Pattern:
    return loaders.sentence_cues()


def needs_words(sentence: str) -> bool:
    """The cheap gate: does this sentence carry anything the extractors read word by word?"""
    return _cue_pattern().search(sentence) is not None


_SYLLABLE_AND_GAP = regex.compile(f"({_SYLLABLE.pattern})(\\s*)")
_SPACE = regex.compile(r"\s")


def _chunk_reader(strings):
    """Reads a chunk of a sentence between single spaces: (spaces, orths) of its syllable tokens, or None if it
    holds white space.

    No syllable token holds white space, so the tokens of a sentence are those of its
    " "-separated chunks one after the other, and a chunk is read the same inside the
    sentence as alone. The words go to the Doc as their orth ids: `Doc(words=…)` hashes
    a string word twice and looks it up in the StringStore at Python level.
    """
    def read(chunk: str):
        words = _SYLLABLE.findall(chunk)
        # the tokens cover every character not matched by `\\s`: equal lengths mean no white space
        # inside (an empty chunk, from two spaces in a row, has none either way)
        if words and sum(map(len, words)) == len(chunk):
            return (False,) * (len(words) - 1) + (True,), tuple(map(strings.add, words))
        return None
    return read


@lru_cache(maxsize=1)
def _chunk_tokens(vocab: Vocab) -> ChunkCache:
    return ChunkCache(_chunk_reader(vocab.strings))


_CHUNK_SPACES = itemgetter(0)
_CHUNK_ORTHS = itemgetter(1)


class _DocWords:
    """The words, spaces and sentence starts of a Doc covering `text` exactly, added sentence by sentence.

    A word is a string or its orth id (`Doc` takes either). Gaps between tokens other
    than one space become whitespace tokens. The sentence starts are set afterwards as
    one array: `Doc(sent_starts=…)` converts a Python list value by value, which costs
    more than building the Doc itself.
    """

    __slots__ = ("text", "words", "spaces", "starts", "pos")

    def __init__(self, text: str):
        self.text = text
        self.words: list[str] = []
        self.spaces: list[bool] = []
        self.starts: list[int] = [0]     # indices of the tokens that open a sentence
        self.pos = 0                     # end of the text covered so far

    def _gap(self, s: int) -> None:
        if s > self.pos:
            gap = self.text[self.pos:s]
            if gap == " " and self.words and not self.spaces[-1]:
                self.spaces[-1] = True
            else:
                self.words.append(gap)
                self.spaces.append(False)

    def add_spans(self, tokens: list[tuple[int, int]], sent_start: int) -> None:
        """Tokens given as character spans; the one starting at `sent_start` opens a sentence."""
        for s, e in tokens:
            self._gap(s)
            if s == sent_start:
                self.starts.append(len(self.words))
            self.words.append(self.text[s:e])
            self.spaces.append(False)
            self.pos = e

    def add_syllables(self, start: int, end: int) -> None:
        """The syllable tokens of one sentence (`syllable_tokens`), chunk by chunk if its only white space is single
        spaces."""
        chunks = list(map(_chunk_tokens(vocab()).__getitem__, self.text[start:end].split(" ")))
        if not all(chunks):
            self._add_syllables_read(start, end)
            return
        self._gap(start)
        self.starts.append(len(self.words))
        self.words.extend(chain.from_iterable(map(_CHUNK_ORTHS, chunks)))
        self.spaces.extend(chain.from_iterable(map(_CHUNK_SPACES, chunks)))
        self.spaces[-1] = False  # the sentence ends with its last chunk
        self.pos = end

    def _add_syllables_read(self, start: int, end: int) -> None:
        """The syllable tokens of one sentence, read with the gap after each in one pass.

        The syllable pattern matches every non-space character, so in a sentence that starts
        and ends with one the text between two tokens is exactly what `\\s*` takes after the first.
        """
        text = self.text
        if _SPACE.match(text, start) or _SPACE.match(text, end - 1):  # not trimmed the way `\\s` reads space
            self.add_spans(syllable_tokens(text, start, end), start)
            return
        pairs = _SYLLABLE_AND_GAP.findall(text, start, end)
        self._gap(start)
        self.starts.append(len(self.words))
        words, gaps = zip(*pairs)
        if set(gaps) <= {"", " "}:  # the common case: no whitespace token inside the sentence
            self.words.extend(words)
            self.spaces.extend(map(" ".__eq__, gaps))
        else:
            for word, gap in pairs:
                self.words.append(word)
                self.spaces.append(gap == " ")
                if gap and gap != " ":
                    self.words.append(gap)
                    self.spaces.append(False)
        self.pos = end  # the sentence ends in a non-space, so its last token ends at its end

    def doc(self) -> Doc:
        if self.pos < len(self.text):
            self.words.append(self.text[self.pos:])
            self.spaces.append(False)
        doc = Doc(vocab(), words=self.words, spaces=self.spaces)
        if self.words:
            # what `Doc(sent_starts=…)` stores: 1 for a start, -1 (as uint64) for every other token
            flags = numpy.full(len(self.words), -1, dtype=numpy.int32).astype(numpy.uint64)
            flags[self.starts] = 1
            doc.from_array([SENT_START], flags)
        return doc


def tokenise(article: Article, settings: Settings) -> Doc:
    """The Doc of an article: sentences from underthesea, words where the gate says so."""
    text = article.text
    sentences = bound_sentences(text, split_sentences(text), settings.max_sentence_chars)
    built = _DocWords(text)
    mode = settings.word_segmentation
    for s, e in sentences:
        if mode == "all" or (mode == "gated" and needs_words(text[s:e])):
            built.add_spans(word_tokens(text, s, e), s)
        else:
            built.add_syllables(s, e)
    doc = built.doc()
    doc.user_data["thidua.article"] = article
    doc.user_data[TEXT] = text  # the Doc covers the text exactly; spaCy would rebuild it token by token
    return doc
