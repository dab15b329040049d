"""Per-chunk caches: a pure function read once per distinct chunk, and the white space they split at."""

from __future__ import annotations

import pytest
import regex

from pipeline.chunks import ChunkCache


@pytest.mark.parametrize("chunks,expected", [(["Hà", "Nội", "Hà", "12,5%", "Hà"], [2, 3, 2, 5, 2])])
def test_chunks_cache_returns_what_read_returns(chunks, expected):
    calls = []
    cache = ChunkCache(lambda c: calls.append(c) or len(c), max_size=2)
    assert list(map(cache.__getitem__, chunks)) == expected
    assert len(cache) <= 2
    assert calls.count("Hà") >= 1 and len(calls) <= len(chunks)


@pytest.mark.parametrize("pattern", [r"\p{L}", r"\p{N}", r"\p{M}", r"[^\s]"])
def test_chunks_no_letter_digit_or_mark_is_split_white_space(pattern):
    """`str.split()` splits at `str.isspace` characters: none of them is a letter, digit or mark (which the
    chunked readings of clean, dedup and tokenise rely on), and none is outside `\\s` but matched by
    `[^\\s]` except the four separators U+001C–U+001F, which the syllable reading treats as tokens."""
    spaces = [c for c in map(chr, range(0x110000)) if c.isspace()]
    found = [c for c in spaces if regex.match(pattern, c)]
    assert found == ([] if pattern != r"[^\s]" else ["\x1c", "\x1d", "\x1e", "\x1f"])
