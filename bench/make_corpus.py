"""Build a benchmark corpus from `corpus/`: N articles, each a sample article with its people and numbers changed.

Every generated text is different, so neither the result cache nor the exact
duplicate check can make a run look faster than it is; the structure of the
sentences (and so the work the extractors do) stays that of real articles.

    python bench/make_corpus.py corpus/ bench/out/corpus-2000 -n 2000
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import regex

# common Vietnamese family, middle and given names: only to vary the people of the sample articles
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý")
MIDDLES = ("Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Quốc", "Ngọc", "Xuân", "Hoàng", "Anh", "Công", "Thành", "Kim")
GIVENS = ("An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hùng", "Hương", "Khánh", "Lan", "Long", "Mai", "Nam",
          "Phong", "Phúc", "Quân", "Sơn", "Tâm", "Thắng", "Thảo", "Trung", "Tuấn", "Việt", "Vinh", "Yến")

# a person named after an honorific or a military rank: the names the generator replaces
_PERSON = regex.compile(
    r"(?<=(?<!\p{L})(?:đồng chí|Đồng chí|ông|Ông|bà|Bà|tướng|tá|úy)\s)\p{Lu}\p{Ll}*(?:\s\p{Lu}\p{Ll}*){1,3}")
# integers that are not years and not part of a date written with slashes or a decimal
_NUMBER = regex.compile(r"(?<![\d/.,])\d{1,3}(?![\d/.,]|\s*(?:/|tháng))")


def vary(text: str, rng: random.Random) -> str:
    """The text with every honorific-led name replaced consistently and every small count changed."""
    names = {}
    for m in _PERSON.finditer(text):
        if m.group(0) not in names:
            names[m.group(0)] = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVENS)}"
    for old in sorted(names, key=len, reverse=True):
        text = text.replace(old, names[old])

    def number(m: regex.Match) -> str:
        value = int(m.group(0))
        new = rng.randint(1, 28) if value <= 31 else rng.randint(max(1, value // 2), value * 2)
        return str(new).zfill(len(m.group(0))) if m.group(0).startswith("0") else str(new)

    return _NUMBER.sub(number, text)


def make_corpus(source_dir: Path, out_dir: Path, n: int, seed: int = 0) -> list[Path]:
    """Write `n` varied articles to `out_dir` (cycling through the sample articles); returns their paths."""
    sources = sorted(p for p in Path(source_dir).iterdir() if p.suffix == ".txt")
    if not sources:
        raise SystemExit(f"no .txt articles in {source_dir}")
    texts = [p.read_text(encoding="utf-8") for p in sources]
    rng = random.Random(seed)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        k = i % len(texts)
        path = out_dir / f"{i:06d}_{sources[k].stem}.txt"
        path.write_text(vary(texts[k], rng), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("source_dir", type=Path)
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("-n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    make_corpus(args.source_dir, args.out_dir, args.n, args.seed)


if __name__ == "__main__":
    main()
