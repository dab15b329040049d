"""Events: one ceremony or conference told by several articles becomes one row, and their counts are compared.

An event is keyed by what different outlets agree on even when their wording
differs: the province, the event date and the set of awards given. Only `ok`
articles with all three are grouped; an article alone is an event of one
source. Where the sources give different counts for the same award (same id,
class and status) the event says so, source by source.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pyarrow

from .tables import read_tables
from .tally import COUNT_FIELDS, say_counts

EVENT_COLUMNS = ("event_id", "province", "province_2025", "event_date", "award_ids", "article_ids", "sources",
                 "n_articles", "counts_agree", "disagreements")


def events(outputs: Path | dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The events of an outputs folder (or of tables already read), most sources first.

    Columns: event_id, province, province_2025, event_date, award_ids (list),
    article_ids and sources (lists, in the same order), n_articles,
    counts_agree (bool), disagreements (list of "award: counts in sources; …").
    """
    tables = outputs if isinstance(outputs, dict) else read_tables(outputs)
    articles = tables["articles"]
    awards = tables["awards"]
    ok = articles[(articles["status"] == "ok") & articles["province"].notna() & articles["event_date"].notna()]
    # the set of awards as one string, a key pandas can group by
    award_sets = awards.groupby("article_id")["award_id"].agg(lambda s: " ".join(sorted(set(s))))
    ok = ok[ok["article_id"].isin(award_sets.index)].copy()
    ok["award_set"] = ok["article_id"].map(dict(award_sets.items()))
    said = _said_counts(awards[awards["article_id"].isin(ok["article_id"])])
    rows = []
    for (province, event_date, award_set), group in ok.groupby(["province", "event_date", "award_set"], sort=False):
        award_ids = tuple(award_set.split())
        group = group.sort_values(["published", "source"], na_position="last")
        article_ids = group["article_id"].tolist()
        sources = dict(zip(article_ids, group["source"]))
        disagreements = _disagreements(article_ids, sources, said)
        rows.append({
            "event_id": _event_id(province, event_date, award_ids),
            "province": province,
            "province_2025": group["province_2025"].dropna().iloc[0] if group["province_2025"].notna().any() else None,
            "event_date": event_date,
            "award_ids": list(award_ids),
            "article_ids": article_ids,
            "sources": list(sources.values()),
            "n_articles": len(article_ids),
            "counts_agree": not disagreements,
            "disagreements": disagreements,
        })
    out = pd.DataFrame(rows, columns=list(EVENT_COLUMNS))
    out["event_date"] = out["event_date"].astype(pd.ArrowDtype(pyarrow.date32()))
    out["n_articles"] = out["n_articles"].astype("int64")
    out["counts_agree"] = out["counts_agree"].astype(bool)
    return out.sort_values(["n_articles", "event_date", "province"], ascending=[False, True, True], ignore_index=True)


def _event_id(province: str, event_date, award_ids: tuple[str, ...]) -> str:
    key = "|".join([province, str(event_date), *award_ids])
    return "e" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def _class_words(award_class: str) -> str:
    if not award_class:
        return ""
    return f" {award_class}" if award_class == "các hạng" else f" hạng {award_class}"


def _said_counts(awards: pd.DataFrame) -> dict[str, dict[tuple, str]]:
    """article_id → {(award name, class, status): the article's counts of that award as said ("25 tập thể, 40 cá nhân")}.

    Each article's counts of one award are summed first, so an article that
    splits them over two sentences still agrees with one that adds them up.
    """
    if awards.empty:
        return {}
    keys = ["article_id", "award_id", "award_class", "status"]
    grouped = awards.assign(award_class=awards["award_class"].fillna("")).groupby(keys, sort=False)
    sums = grouped[list(COUNT_FIELDS)].sum(min_count=1)
    qualifier = grouped["qualifier"].first().where(grouped["qualifier"].nunique() == 1, "exact")
    names = grouped["award_name"].first()
    out: dict[str, dict[tuple, str]] = {}
    for key, row in zip(sums.index, sums.itertuples(index=False)):
        counts = {f: (None if pd.isna(v) else int(v)) for f, v in zip(COUNT_FIELDS, row)}
        text = say_counts(counts | {"qualifier": qualifier[key]})
        if text:
            article_id, _, award_class, status = key
            out.setdefault(article_id, {})[(names[key], award_class, status)] = text
    return out


def _disagreements(article_ids: list[str], sources: dict[str, str], said: dict[str, dict[tuple, str]]) -> list[str]:
    """"<award>: <counts> in <sources>; <other counts> in <other sources>" for every award whose sources differ.

    A source that gives no count for the award says nothing to disagree with.
    """
    by_award: dict[tuple, dict[str, list[str]]] = {}
    for article_id in article_ids:
        for award, text in said.get(article_id, {}).items():
            by_award.setdefault(award, {}).setdefault(text, []).append(sources[article_id])
    out = []
    for (name, award_class, status), versions in sorted(by_award.items()):
        if len(versions) > 1:
            label = name + _class_words(award_class) + (" (đề nghị)" if status == "proposed" else "")
            out.append(f"{label}: " + "; ".join(f"{text} in {', '.join(srcs)}" for text, srcs in versions.items()))
    return out
