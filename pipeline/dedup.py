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
from functools import lru_cache

import numpy as np
import regex

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


def shingles(text: str, size: int) -> set[bytes]:
    """Runs of `size` consecutive words (case-folded), the unit two copies share."""
    words = _WORD.findall(text.casefold())
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")}
    # encoded once and split again (a word holds no space), then joined in C: the same bytes as
    # encoding each " "-joined run, without a Python step per shingle
    encoded = " ".join(words).encode("utf-8").split(b" ")
    return set(map(b" ".join, zip(*(encoded[i:] for i in range(size)))))


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


class NearDuplicateIndex:
    """Earlier originals, queried in input order: `check` names the earliest original a text copies."""

    def __init__(self, threshold: float, num_perm: int):
        from datasketch import MinHashLSH

        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        # the originals' signatures and groups, one row each in the order they came (a key's row is its
        # order): a story syndicated many times has many candidates, compared in one array operation
        self._signatures = np.empty((64, num_perm), dtype=np.uint32)
        self._groups = np.empty(64, dtype=np.int64)
        self._order: dict[str, int] = {}

    def check(self, key: str, sig: np.ndarray, accept=lambda other: True, group: int | None = None) -> tuple[str, float] | None:
        """(earlier key, similarity) when `sig` copies an earlier original that `accept`s it; otherwise `key` becomes an original.

        `group`, when given, is a condition on the original like `accept` and cheaper: only an
        original checked with the same group is a copy's original (a group is stored with the key).
        """
        from datasketch import LeanMinHash

        sketch = LeanMinHash(seed=1, hashvalues=sig.astype(np.uint64), **_scheme())
        best = None
        candidates = self._lsh.query(sketch)
        if candidates:
            # LSH candidates are only likely matches: the signatures decide (`similarity`, row by row)
            rows = np.fromiter((self._order[other] for other in candidates), dtype=np.intp, count=len(candidates))
            sims = np.count_nonzero(self._signatures[rows] == sig, axis=1) / len(sig)
            close = sims >= self.threshold
            if group is not None:
                close &= self._groups[rows] == group
            close = np.flatnonzero(close)
            for i in close[np.argsort(rows[close])].tolist():  # the earliest original that accepts it
                if accept(candidates[i]):
                    best = (candidates[i], float(sims[i]))
                    break
        if best is None and key not in self._order:
            self._lsh.insert(key, sketch)
            row = len(self._order)
            if row == len(self._signatures):
                self._signatures = np.concatenate([self._signatures, np.empty_like(self._signatures)])
                self._groups = np.concatenate([self._groups, np.empty_like(self._groups)])
            self._signatures[row] = sig
            self._groups[row] = -1 if group is None else group
            self._order[key] = row
        return best
