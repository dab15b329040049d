"""Per-chunk caches: a pure function of a piece of text between spaces, computed once per distinct piece.

News text is made of a few thousand distinct syllables and numbers, so reading a text
as its `str.split` chunks and looking each up costs a dictionary look-up per chunk
instead of a regex scan per character. A reading may go chunk by chunk only when no
match of its pattern can hold or touch the white space it splits at; each user says why.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class ChunkCache(dict):
    """`cache[chunk]` is `read(chunk)`, read on first use; emptied when it reaches `max_size` entries."""

    def __init__(self, read: Callable[[str], Any], max_size: int = 1 << 17):
        super().__init__()
        self.read = read
        self.max_size = max_size

    def __missing__(self, chunk: str):
        value = self.read(chunk)
        if len(self) >= self.max_size:
            self.clear()
        self[chunk] = value
        return value
