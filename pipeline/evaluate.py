"""Evaluate: score the tables of a run against gold annotations, by the rules of spec/evaluation.md.

1. Gold is JSON Lines, one object per article, keyed by `source`; the run's
   tables are read from Parquet (CSV when Parquet is absent) and joined to gold
   through `articles.source`.
2. Every score is precision/recall/F1 micro-averaged over the gold articles:
   count facts, award mentions, recipients, officials, positions, themes.
3. A gold item marked `"optional": true` is neither rewarded nor punished: a
   prediction that matches it is set aside, and missing it costs nothing.
4. Article fields (province, province_2025, event_date) are accuracies over
   the gold articles whose value is not null.
"""

from __future__ import annotations

import difflib
import json
import logging
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd
import regex

from gazetteer import loaders

from .clean import MappedText, normalise
from .errors import EvaluationError

log = logging.getLogger(__name__)

COUNT_FIELDS = ("n_collectives", "n_individuals", "n_households", "n_mixed")
SCORES = ("count_facts", "award_mentions", "recipients", "officials", "positions", "themes")
ACCURACIES = ("province", "province_2025", "event_date")
THEME_SIMILARITY = 0.85
# the abbreviations the spec expands in positions (their expansions come from gazetteer/abbreviations.csv)
POSITION_ABBREVIATIONS = ("UBND", "HĐND", "MTTQ", "BTV", "BCH", "TW", "ĐBQH", "TĐKT", "LĐLĐ", "TP")
# equivalences the spec states for positions, written already normalised
POSITION_EQUIVALENTS = (
    ("ủy viên trung ương đảng", "ủy viên ban chấp hành trung ương đảng"),
    ("mặt trận tổ quốc việt nam", "mặt trận tổ quốc"),
)

_QUOTES = "\"'“”‘’„‟«»‹›`´"
_EDGE_PUNCT = regex.compile(r"^[\p{P}\p{S}\s]+|[\p{P}\p{S}\s]+$")
_SPACE = regex.compile(r"\s+")


# --- normalisation ---------------------------------------------------------------

@lru_cache(maxsize=65536)
def normalise_text(text: str) -> str:
    """NFC, modern tone placement, casefold, quotes and surrounding punctuation removed, white space collapsed."""
    text = unicodedata.normalize("NFC", text or "")
    text = normalise(MappedText(text)).text
    text = text.casefold()
    text = text.translate({ord(q): " " for q in _QUOTES})
    text = _SPACE.sub(" ", text)
    return _EDGE_PUNCT.sub("", text)


@lru_cache(maxsize=1)
def _abbreviation_pattern() -> tuple[regex.Pattern, dict[str, str]]:
    expansions = loaders.abbreviation_expansions()
    missing = [a for a in POSITION_ABBREVIATIONS if a not in expansions]
    if missing:
        raise EvaluationError(f"abbreviations.csv has no expansion for {', '.join(missing)}")
    table = {a.casefold(): expansions[a] for a in POSITION_ABBREVIATIONS}
    alts = "|".join(regex.escape(a) for a in sorted(table, key=len, reverse=True))
    return regex.compile(rf"(?<!\p{{L}})(?:{alts})(?!\p{{L}})"), table


@lru_cache(maxsize=1)
def _province_after_unit() -> regex.Pattern:
    names = {u["short"] for u in loaders.admin_units() if u["level"] in ("province_pre2025", "province_2025")}
    names = {normalise_text(n) for n in names}
    alts = "|".join(regex.escape(n) for n in sorted(names, key=len, reverse=True))
    return regex.compile(rf"(?<!\p{{L}})(tỉnh ủy|thành ủy|tỉnh|thành phố)\s+(?:{alts})(?!\p{{L}})")


@lru_cache(maxsize=65536)
def normalise_position(text: str) -> str:
    """A position as the spec compares it: abbreviations expanded, stated equivalents, province names dropped."""
    pattern, table = _abbreviation_pattern()
    text = normalise_text(text)
    text = pattern.sub(lambda m: table[m.group(0)].casefold(), text)
    for variant, canonical in POSITION_EQUIVALENTS:
        text = text.replace(variant, canonical)
    text = _province_after_unit().sub(lambda m: m.group(1), text)
    return _SPACE.sub(" ", text).strip()


# --- results ---------------------------------------------------------------------

@dataclass(slots=True)
class Score:
    """Micro-averaged counts of one score, with the items behind them for inspection."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    missed: list = field(default_factory=list)     # gold items not found: (source, item)
    spurious: list = field(default_factory=list)   # predicted items not in gold: (source, item)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, source: str, gold: Counter, optional: Counter, predicted: Counter) -> None:
        """Multiset matching: a prediction matching an optional gold item is set aside."""
        matched = gold & predicted
        self.tp += sum(matched.values())
        rest = predicted - matched
        rest = rest - (rest & optional)
        self.fp += sum(rest.values())
        missed = gold - matched
        self.fn += sum(missed.values())
        self.missed.extend((source, item) for item in sorted(missed.elements(), key=str))
        self.spurious.extend((source, item) for item in sorted(rest.elements(), key=str))

    def to_dict(self, details: bool = False) -> dict:
        out = {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
               "tp": self.tp, "fp": self.fp, "fn": self.fn}
        if details:
            out["missed"] = [[s, _jsonable(i)] for s, i in self.missed]
            out["spurious"] = [[s, _jsonable(i)] for s, i in self.spurious]
        return out


@dataclass(slots=True)
class Accuracy:
    correct: int = 0
    total: int = 0
    wrong: list = field(default_factory=list)      # (source, gold, predicted)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 1.0

    def to_dict(self, details: bool = False) -> dict:
        out = {"accuracy": round(self.accuracy, 4), "correct": self.correct, "total": self.total}
        if details:
            out["wrong"] = [list(w) for w in self.wrong]
        return out


@dataclass(slots=True)
class EvaluationResult:
    n_gold: int
    n_matched: int
    scores: dict[str, Score]
    accuracies: dict[str, Accuracy]
    unmatched_sources: list[str] = field(default_factory=list)

    def to_dict(self, details: bool = False) -> dict:
        return {
            "articles": {"gold": self.n_gold, "matched": self.n_matched, "unmatched": self.unmatched_sources},
            "scores": {k: v.to_dict(details) for k, v in self.scores.items()},
            "accuracy": {k: v.to_dict(details) for k, v in self.accuracies.items()},
        }


def _jsonable(item):
    return list(item) if isinstance(item, tuple) else item


# --- reading ---------------------------------------------------------------------

def read_gold(path: Path) -> list[dict]:
    gold = []
    with open(path, encoding="utf-8") as fh:
        for i, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise EvaluationError(f"{path} line {i}: not JSON ({exc.msg})") from exc
            if "source" not in obj:
                raise EvaluationError(f"{path} line {i}: a gold object needs a 'source'")
            gold.append(obj)
    return gold


def read_table(outputs_dir: Path, name: str) -> pd.DataFrame:
    """A table of a run: Parquet when written, else CSV (list columns split back on '; ')."""
    parquet, csv = outputs_dir / f"{name}.parquet", outputs_dir / f"{name}.csv"
    if parquet.exists():
        return pd.read_parquet(parquet)
    if csv.exists():
        from .schema import TABLES

        frame = pd.read_csv(csv, dtype=str, keep_default_na=False)
        for col in TABLES[name]:
            if col.type == "list" and col.name in frame:
                frame[col.name] = frame[col.name].map(lambda v: [x for x in v.split("; ") if x] if v else [])
        return frame.replace({"": None})
    raise EvaluationError(f"{outputs_dir} has no {name}.parquet or {name}.csv: run `thidua run INPUT -o {outputs_dir}` first")


def _value(v):
    """Nulls of any reader (None, NaN, NA) as None; numpy scalars as Python ones."""
    if v is None:
        return None
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    return v.item() if hasattr(v, "item") else v


def _rows(frame: pd.DataFrame) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for rec in frame.to_dict("records"):
        out.setdefault(rec["article_id"], []).append({k: _value(v) if not isinstance(v, (list, tuple)) and not hasattr(v, "tolist") else list(v) for k, v in rec.items()})
    return out


# --- units of each score -----------------------------------------------------------

def _award_key(award: dict) -> str:
    cls = award.get("award_class")
    return f"{award['award_id']}|{cls}" if cls else award["award_id"]


def _group_keys(awards: list[dict], group_field: str) -> list[str]:
    """Per award, its key; rows of one group share the sorted '+'-joined keys of the whole group."""
    members: dict[str, list[str]] = {}
    for a in awards:
        if a.get(group_field):
            members.setdefault(a[group_field], []).append(_award_key(a))
    return ["+".join(sorted(members[a[group_field]])) if a.get(group_field) else _award_key(a) for a in awards]


def _int(v):
    v = _value(v)
    return None if v is None else int(v)


def _award_units(award: dict, key: str) -> list[tuple]:
    """(award key, count field, value, qualifier, status) of each count an award row gives."""
    return [(key, f, n, award.get("qualifier") or "exact", award.get("status") or "awarded")
            for f in COUNT_FIELDS if (n := _int(award.get(f))) is not None]


def count_units(awards: list[dict], group_field: str) -> list[tuple]:
    return [u for award, key in zip(awards, _group_keys(awards, group_field)) for u in _award_units(award, key)]


def _split(items: list[dict], unit) -> tuple[Counter, Counter]:
    gold, optional = Counter(), Counter()
    for item in items:
        (optional if item.get("optional") else gold).update(unit(item))
    return gold, optional


def _themes_score(score: Score, source: str, gold_themes: list[dict], predicted: list[str]) -> None:
    """One-to-one matching by character ratio ≥ 0.85, best pairs first."""
    gold = [(normalise_text(t["text"]), bool(t.get("optional"))) for t in gold_themes]
    pred = [normalise_text(t) for t in predicted]
    pairs = []
    for gi, (g, _) in enumerate(gold):
        for pi, p in enumerate(pred):
            ratio = difflib.SequenceMatcher(None, g, p, autojunk=False).ratio()
            if ratio >= THEME_SIMILARITY:
                pairs.append((ratio, gi, pi))
    used_g, used_p = set(), set()
    for _, gi, pi in sorted(pairs, key=lambda t: (-t[0], t[1], t[2])):
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        if not gold[gi][1]:
            score.tp += 1
    for gi, (g, opt) in enumerate(gold):
        if gi not in used_g and not opt:
            score.fn += 1
            score.missed.append((source, gold_themes[gi]["text"]))
    for pi, p in enumerate(predicted):
        if pi not in used_p:
            score.fp += 1
            score.spurious.append((source, p))


def _officials_scores(scores: dict[str, Score], source: str, gold: list[dict], predicted: list[dict]) -> None:
    pred_by_name: dict[str, dict] = {}
    for o in predicted:
        pred_by_name.setdefault(normalise_text(o["name"]), o)
    gold_names, optional_names = _split(gold, lambda o: [normalise_text(o["name"])])
    scores["officials"].add(source, Counter(set(gold_names)), Counter(set(optional_names)), Counter(pred_by_name.keys()))
    positions = scores["positions"]
    for o in gold:
        if o.get("optional") or o.get("positions") is None:
            continue
        p = pred_by_name.get(normalise_text(o["name"]))
        if p is None:
            continue
        g = Counter({normalise_position(x) for x in o["positions"]})
        q = Counter({normalise_position(x) for x in (p.get("positions") or [])})
        positions.add(source, Counter({(o["name"], k): 1 for k in g}), Counter(), Counter({(o["name"], k): 1 for k in q}))


def _norm_field(name: str, v):
    v = _value(v)
    if v is None:
        return None
    if name == "event_date":
        return str(v)[:10]
    return normalise_text(str(v))


# --- the scorer ------------------------------------------------------------------

def evaluate(gold_path: Path, outputs_dir: Path) -> EvaluationResult:
    """Score the tables in `outputs_dir` against the gold file `gold_path`."""
    gold = read_gold(Path(gold_path))
    outputs_dir = Path(outputs_dir)
    articles = read_table(outputs_dir, "articles")
    tables = {name: _rows(read_table(outputs_dir, name)) for name in ("officials", "awards", "themes")}

    by_source: dict[str, dict] = {}
    by_name: dict[str, list[dict]] = {}
    for rec in articles.to_dict("records"):
        rec = {k: _value(v) for k, v in rec.items()}
        by_source[rec["source"]] = rec
        by_name.setdefault(Path(rec["source"]).name, []).append(rec)

    scores = {name: Score() for name in SCORES}
    accuracies = {name: Accuracy() for name in ACCURACIES}
    unmatched = []
    for g in gold:
        source = g["source"]
        art = by_source.get(source)
        if art is None and len(by_name.get(Path(source).name, [])) == 1:
            art = by_name[Path(source).name][0]  # the run's input folder was a parent of gold's
        if art is None:
            unmatched.append(source)
            log.warning("gold article %s is not in %s/articles", source, outputs_dir)
        aid = art["article_id"] if art else None
        awards = tables["awards"].get(aid, [])
        officials = tables["officials"].get(aid, [])
        themes = tables["themes"].get(aid, [])
        gold_awards = g.get("awards") or []

        gold_counts, optional_counts = Counter(), Counter()
        for ga, key in zip(gold_awards, _group_keys(gold_awards, "group")):
            (optional_counts if ga.get("optional") else gold_counts).update(_award_units(ga, key))
        scores["count_facts"].add(source, gold_counts, optional_counts, Counter(count_units(awards, "group_id")))

        mentions = Counter(set(g.get("award_mentions") or []) - {"other"})
        scores["award_mentions"].add(source, mentions, Counter(),
                                     Counter({a["award_id"] for a in awards if a["award_id"] != "other"}))

        gold_rec, opt_rec = _split(gold_awards, lambda a: {(a["award_id"], normalise_text(r)) for r in a.get("recipients") or []})
        scores["recipients"].add(source, Counter(set(gold_rec)), Counter(set(opt_rec)),
                                 Counter({(a["award_id"], normalise_text(r)) for a in awards for r in a.get("recipients") or []}))

        _officials_scores(scores, source, g.get("officials") or [], officials)
        _themes_score(scores["themes"], source, g.get("themes") or [], list(dict.fromkeys(t["text"] for t in themes)))

        for name in ACCURACIES:
            want = _norm_field(name, g.get(name))
            if want is None:
                continue
            raw = _value(art.get(name)) if art else None
            got = _norm_field(name, raw)
            acc = accuracies[name]
            acc.total += 1
            if got == want:
                acc.correct += 1
            else:
                acc.wrong.append((source, g.get(name), None if raw is None else str(raw)))

    return EvaluationResult(n_gold=len(gold), n_matched=len(gold) - len(unmatched), scores=scores,
                            accuracies=accuracies, unmatched_sources=unmatched)


def format_table(result: EvaluationResult, details: bool = False) -> str:
    """The scores as a plain-text table (and, with `details`, what was missed and what was spurious)."""
    lines = [f"{'score':<16}{'precision':>10}{'recall':>8}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}"]
    for name, s in result.scores.items():
        lines.append(f"{name:<16}{s.precision:>10.3f}{s.recall:>8.3f}{s.f1:>8.3f}{s.tp:>6}{s.fp:>6}{s.fn:>6}")
    lines.append("")
    lines.append(f"{'field':<16}{'accuracy':>10}{'correct':>8}{'total':>8}")
    for name, a in result.accuracies.items():
        lines.append(f"{name:<16}{a.accuracy:>10.3f}{a.correct:>8}{a.total:>8}")
    lines.append("")
    lines.append(f"{result.n_matched} of {result.n_gold} gold articles found in the outputs")
    if result.unmatched_sources:
        lines.append("not found: " + ", ".join(result.unmatched_sources))
    if details:
        for name, s in result.scores.items():
            for label, items in (("missed", s.missed), ("spurious", s.spurious)):
                for source, item in items:
                    lines.append(f"{name} {label}: {source}: {item}")
        for name, a in result.accuracies.items():
            for source, want, got in a.wrong:
                lines.append(f"{name} wrong: {source}: gold {want!r}, got {got!r}")
    return "\n".join(lines)
