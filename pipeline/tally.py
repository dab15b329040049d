"""Counting recipients from `awards` rows: which fields hold counts, how a shared count is counted once, how to say it."""

from __future__ import annotations

import pandas as pd

COUNT_FIELDS = ("n_collectives", "n_individuals", "n_households", "n_mixed")
# how a count of each field reads in Vietnamese ("25 tập thể, 40 cá nhân")
COUNT_WORDS = {"n_collectives": "tập thể", "n_individuals": "cá nhân", "n_households": "hộ gia đình",
               "n_mixed": "tập thể, cá nhân"}
QUALIFIER_WORDS = {"more_than": "hơn ", "about": "khoảng "}


def recipients(awards: pd.DataFrame) -> pd.Series:
    """Recipients of each row: the sum of its counts (NA when it gives none)."""
    counts = awards[list(COUNT_FIELDS)].astype("Int64")
    return counts.sum(axis=1, min_count=1).astype("Int64")


def counted_once(awards: pd.DataFrame) -> pd.DataFrame:
    """The rows whose counts may be summed: of the rows sharing one count (same article and group_id) only the first.

    "Huân chương Lao động các hạng, Bằng khen của Thủ tướng cho 11 tập thể, cá nhân" is two rows and 11 recipients.
    """
    grouped = awards["group_id"].notna()
    first_of_group = ~awards.duplicated(["article_id", "group_id"]) | ~grouped
    return awards[first_of_group]


def article_recipients(awards: pd.DataFrame) -> pd.Series:
    """Recipients awarded in each article (index article_id), every recipient counted once.

    Proposals are not counted. A shared count is counted once (`counted_once`).
    An article's stated totals ("khen thưởng cấp tỉnh (tổng hợp)", kind
    `aggregate` in the award vocabulary) already hold the awards of their level,
    so per level the larger of the totals and the sum of the single awards is
    taken, never both.
    """
    from gazetteer import loaders

    awarded = awards[awards["status"] == "awarded"]
    if awarded.empty:
        return pd.Series([], dtype="int64", index=pd.Index([], name="article_id"))
    vocab = loaders.award_vocabulary()
    once = counted_once(awarded)
    frame = pd.DataFrame({
        "article_id": once["article_id"].astype(str),
        "level": once["award_id"].map(lambda a: vocab.get(a, {}).get("level") or ""),
        "aggregate": once["award_id"].map(lambda a: vocab.get(a, {}).get("kind") == "aggregate"),
        "n": recipients(once).fillna(0).astype("int64"),
    })
    per_level = frame.groupby(["article_id", "level", "aggregate"])["n"].sum().unstack("aggregate", fill_value=0)
    return per_level.max(axis=1).groupby("article_id").sum().astype("int64")


def say_counts(row) -> str:
    """"hơn 25 tập thể, 40 cá nhân" for one row (or the sums of several); "" when it has no count."""
    prefix = QUALIFIER_WORDS.get(_get(row, "qualifier"), "")
    parts = [f"{int(v)} {COUNT_WORDS[f]}" for f in COUNT_FIELDS if (v := _get(row, f)) is not None]
    return prefix + ", ".join(parts) if parts else ""


def _get(row, key):
    value = row.get(key) if hasattr(row, "get") else None
    return None if value is None or value is pd.NA or (isinstance(value, float) and value != value) else value
