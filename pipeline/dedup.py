"""Duplicates: the same story syndicated by several outlets, found by MinHash/LSH over word shingles.

A copy keeps the body of the story and changes its header (outlet, byline,
date line) and tail (related links, credits), so the shingles of two copies
overlap mostly. Two reports written independently of the same ceremony share
names, awards and counts but hardly any run of five words, so their Jaccard
similarity stays far below the threshold.

The signature is computed where the article is processed (in the worker);
the index of earlier articles lives in the process that writes the tables.
"""

from __future__ import annotations

import zlib
from collections.abc import Hashable
from functools import lru_cache
from itertools import chain

import numpy as np
import regex

from .chunks import ChunkCache

_WORD = regex.compile(r"[\p{L}\p{N}]+")


@lru_cache(maxsize=1)
def _scheme() -> dict:
    """datasketch ≥ 2.0 wants the hashing scheme named when a MinHash is rebuilt from values; 1.x has no such argument."""
    import inspect

    from datasketch import MinHash

    return {"scheme": "affine32"} if "scheme" in inspect.signature(MinHash).parameters else {}


@lru_cache(maxsize=4)
def _permutations(num_perm: int):
    from datasketch import MinHash

    return MinHash(num_perm=num_perm, seed=1).permutations


def _encoded_words(chunk: str) -> tuple[bytes, ...]:
    return tuple(w.encode("utf-8") for w in _WORD.findall(chunk))


# no word holds white space (letters and digits never are), so the words of a text are those of its
# `str.split()` chunks one after the other
_CHUNK_WORDS = ChunkCache(_encoded_words)


def shingles(text: str, size: int) -> set[bytes]:
    """Runs of `size` consecutive words (case-folded), the unit two copies share, as UTF-8 bytes joined by spaces."""
    words = list(chain.from_iterable(map(_CHUNK_WORDS.__getitem__, text.casefold().split())))
    if len(words) <= size:
        return {b" ".join(words)}
    # joined in C, without a Python step per shingle
    return set(map(b" ".join, zip(*(words[i:] for i in range(size)))))


def signature(text: str, num_perm: int, shingle_size: int) -> np.ndarray:
    """The MinHash signature of a cleaned text (uint32, `num_perm` values); same text, same signature in any process."""
    from datasketch import MinHash

    # crc32 rather than datasketch's default sha1: deterministic too, and twice as fast on short shingles
    sketch = MinHash(num_perm=num_perm, hashfunc=zlib.crc32, permutations=_permutations(num_perm), **_scheme())
    sketch.update_batch(list(shingles(text, shingle_size)))
    return sketch.hashvalues.astype(np.uint32)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    return float(np.count_nonzero(a == b)) / len(a)


def _banded(sig: np.ndarray, group: Hashable | None) -> np.ndarray:
    """The signature as the LSH buckets see it: XORed with a hash of its group.

    Two signatures of one group keep every band equal that was equal, so the group's candidates are what they
    would be in an index of that group alone; across groups a band matches only by a 2^-32 chance per value
    (and `check` compares groups anyway). One index thus serves every group, and a text is compared only with
    the earlier texts of its group, however many near copies of other groups the corpus holds.
    """
    if group is None:
        return sig
    return sig ^ np.uint32(zlib.crc32(repr(group).encode("utf-8")))  # repr: the same in every process


class NearDuplicateIndex:
    """Earlier originals, queried in input order: `check` names the earliest original a text copies."""

    def __init__(self, threshold: float, num_perm: int):
        from datasketch import MinHashLSH

        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._signatures: dict[str, np.ndarray] = {}
        self._group: dict[str, Hashable | None] = {}
        self._order: dict[str, int] = {}

    def check(self, key: str, sig: np.ndarray, group: Hashable | None = None) -> tuple[str, float] | None:
        """(earlier key, similarity) when `sig` copies an earlier original of the same `group`; otherwise `key`
        becomes an original of that group.

        `group` is what a copy must share besides its text (the award counts it reports: a text that repeats
        an earlier one with other counts says something new).
        """
        from datasketch import LeanMinHash

        sketch = LeanMinHash(seed=1, hashvalues=_banded(sig, group).astype(np.uint64), **_scheme())
        best = None
        for other in self._lsh.query(sketch):
            if self._group[other] != group:
                continue
            # LSH candidates are only likely matches: the signatures decide
            sim = similarity(sig, self._signatures[other])
            if sim >= self.threshold and (best is None or self._order[other] < self._order[best[0]]):
                best = (other, sim)
        if best is None and key not in self._signatures:
            self._lsh.insert(key, sketch)
            self._signatures[key] = sig
            self._group[key] = group
            self._order[key] = len(self._order)
        return best
