"""Officials extractor throughput on processed Docs (cleaning and tokenising done beforehand, not timed):
what `thidua_officials` costs per article on this machine, and how many sentences its gate lets through.

    PYTHONPATH=. python bench/bench_officials.py [ROUNDS]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from extractors.base import sentences
from extractors.officials import _worth_reading, extract_officials
from pipeline.clean import clean
from pipeline.records import RawDocument
from pipeline.settings import load_settings
from pipeline.tokenise import tokenise

REPO = Path(__file__).resolve().parents[1]
INPUTS = [REPO / "corpus", REPO.parent / "shared" / "dev" / "articles"]


def main(rounds: int = 20) -> None:
    settings = load_settings(jobs=1)
    files = sorted(p for folder in INPUTS if folder.is_dir() for p in folder.glob("*.txt"))
    docs = [tokenise(clean(RawDocument(source=p.name, text=p.read_text(encoding="utf-8")), settings), settings)
            for p in files]
    n_sentences = sum(1 for d in docs for _ in sentences(d))
    n_read = sum(1 for d in docs for s in sentences(d) if _worth_reading(s.text))
    extract_officials(docs[0])  # gazetteer loading is not part of the per-article cost
    t0 = time.perf_counter()
    for _ in range(rounds):
        for doc in docs:
            extract_officials(doc)
    seconds = time.perf_counter() - t0
    n = rounds * len(docs)
    mb = rounds * sum(len(d.text) for d in docs) / 1e6
    print(f"{len(docs)} articles × {rounds} rounds: {n / seconds:,.0f} articles/s, {mb / seconds:.2f} MB/s (one process)")
    print(f"sentences read token by token: {n_read} of {n_sentences} ({n_read / max(n_sentences, 1):.0%})")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:2]))
