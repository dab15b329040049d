"""One cached loader per gazetteer file; rows are validated and bad rows named."""

from __future__ import annotations

import csv
import json
from functools import lru_cache
from importlib import resources

import regex

from pipeline.errors import GazetteerError


def _path(name: str):
    return resources.files(__package__).joinpath(name)


def read_csv(name: str, required: tuple[str, ...] = ()) -> list[dict[str, str]]:
    """Rows of a gazetteer CSV; a row missing a required value raises GazetteerError."""
    with _path(name).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for i, row in enumerate(rows, start=2):
        for col in required:
            if not (row.get(col) or "").strip():
                raise GazetteerError(f"{name} line {i}: empty {col!r}")
    return rows


def read_jsonl(name: str) -> list[dict]:
    out = []
    with _path(name).open(encoding="utf-8") as fh:
        for i, line in enumerate(fh, start=1):
            if line.strip():
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise GazetteerError(f"{name} line {i}: {exc}") from exc
    return out


def read_lines(name: str) -> list[str]:
    """Non-comment, non-blank lines of a text list."""
    with _path(name).open(encoding="utf-8") as fh:
        return [ln.strip() for ln in fh if ln.strip() and not ln.lstrip().startswith("#")]


def _compile(name: str, i: int, pattern: str) -> regex.Pattern:
    try:
        return regex.compile(pattern, regex.MULTILINE)
    except regex.error as exc:
        raise GazetteerError(f"{name} row {i}: bad pattern {pattern!r}: {exc}") from exc


@lru_cache(maxsize=None)
def boilerplate() -> dict[str, tuple[regex.Pattern, ...]]:
    """Page-furniture patterns by kind: `tail` (cut to the end), `line`, `inline`."""
    rows = read_csv("boilerplate.csv", required=("kind", "pattern"))
    out: dict[str, list] = {"tail": [], "line": [], "inline": []}
    for i, row in enumerate(rows, start=2):
        if row["kind"] not in out:
            raise GazetteerError(f"boilerplate.csv line {i}: unknown kind {row['kind']!r}")
        out[row["kind"]].append(_compile("boilerplate.csv", i, row["pattern"]))
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=None)
def tone_marks() -> dict[str, str]:
    """Old-style → modern tone placement for syllable-final oa/oe/uy (lower case; capitals derived)."""
    table = {}
    for row in read_csv("tone_marks.csv", required=("old", "new")):
        table[row["old"]] = row["new"]
        table[row["old"].capitalize()] = row["new"].capitalize()
        table[row["old"].upper()] = row["new"].upper()
    return table


@lru_cache(maxsize=None)
def lookalikes() -> dict[str, str]:
    """Characters replaced before anything else reads the text (look-alikes, odd spaces, invisibles)."""
    table = {}
    for row in read_csv("lookalikes.csv", required=("char",)):
        char = row["char"].encode("ascii", "backslashreplace").decode("unicode_escape") if row["char"].startswith("\\u") else row["char"]
        repl = row["replacement"]
        table[char] = repl
    return table


@lru_cache(maxsize=None)
def sentence_cues() -> regex.Pattern:
    """The tokeniser's gate: any cue word, or a digit."""
    words = read_lines("sentence_cues.txt")
    if not words:
        raise GazetteerError("sentence_cues.txt: no cue words (the gate would pass nothing)")
    alts = "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))
    return regex.compile(rf"\d|(?<!\p{{L}})(?:{alts})(?!\p{{L}})", regex.IGNORECASE)


@lru_cache(maxsize=None)
def award_vocabulary() -> dict[str, dict[str, str]]:
    """award_id → its row of the contract's vocabulary (name_vi, kind, level, issuer, has_classes)."""
    rows = read_csv("award_vocabulary.csv", required=("award_id", "name_vi"))
    return {row["award_id"]: row for row in rows}


def _short(name: str) -> str:
    """"Tỉnh Hà Giang" → "Hà Giang", "Thành phố Cần Thơ" → "Cần Thơ"."""
    for prefix in ("Thành phố ", "Tỉnh ", "Huyện ", "Thị xã ", "Quận "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


@lru_cache(maxsize=None)
def admin_units() -> list[dict]:
    """Provinces (63 pre-2025, 34 post-2025) and pre-2025 districts, with canonical short names.

    Each unit: level, name (full), short, province (pre-2025 short name, None for
    post-2025 units), province_2025 (short), unit_type, aliases (tuple).
    """
    units = []
    for i, row in enumerate(read_csv("provinces.csv", required=("level", "name", "short_name")), start=2):
        level = row["level"]
        if level not in ("province_2025", "province_pre2025", "district_pre2025"):
            raise GazetteerError(f"provinces.csv line {i}: unknown level {level!r}")
        aliases = tuple(a for a in (row.get("aliases") or "").split("|") if a)
        units.append({
            "level": level,
            "name": row["name"],
            "short": row["short_name"],
            "unit_type": row["unit_type"],
            "province": row["short_name"] if level == "province_pre2025" else (_short(row["old_province"]) if row["old_province"] else None),
            "province_2025": _short(row["new_province"]),
            "aliases": aliases,
        })
    return units


@lru_cache(maxsize=None)
def province_2025_of() -> dict[str, str]:
    """Pre-2025 province short name → post-2025 province short name (Resolution 202/2025/QH15)."""
    return {u["short"]: u["province_2025"] for u in admin_units() if u["level"] == "province_pre2025"}
