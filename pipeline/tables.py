"""Reading a run's outputs back: the contract's tables, and the texts and spans written beside them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from .errors import InputError
from . import schema


def _table_path(outputs_dir: Path, table: str) -> Path | None:
    """`<table>.parquet`, or the `<table>/` folder of parts a `--layout dataset` run writes."""
    single, parts = outputs_dir / f"{table}.parquet", outputs_dir / table
    if single.is_file():
        return single
    return parts if parts.is_dir() and any(parts.glob("*.parquet")) else None


def table_paths(outputs_dir: Path) -> dict[str, Path]:
    """The Parquet file (or dataset folder) of every table an outputs folder holds (contract tables first, then texts/spans)."""
    outputs_dir = Path(outputs_dir)
    if _table_path(outputs_dir, "articles") is None:
        raise InputError(f"no articles.parquet in {outputs_dir}: point to a folder written by `thidua run INPUT -o {outputs_dir}`")
    paths = {t: _table_path(outputs_dir, t) for t in (*schema.TABLES, *schema.TEXT_TABLES)}
    return {t: p for t, p in paths.items() if p is not None}


def read_tables(outputs_dir: Path) -> dict[str, pd.DataFrame]:
    """Every table of an outputs folder, typed as the schema says; a contract table that is missing reads as empty.

    `texts` and `spans` are absent from outputs written before they existed; readers check for them.
    """
    paths = table_paths(outputs_dir)
    out = {}
    for table in (*schema.TABLES, *schema.TEXT_TABLES):
        if table in paths:
            arrow = pq.read_table(paths[table], columns=schema.columns(table))
            out[table] = arrow.to_pandas(types_mapper=lambda t: pd.ArrowDtype(t)).astype(schema.pandas_dtypes(table))
        elif table in schema.TABLES:
            out[table] = schema.empty_frame(table)
    return out


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows as plain Python dicts: None for every kind of null, lists for list columns, dates as dates."""
    out = []
    for row in frame.to_dict("records"):
        out.append({k: _plain(v) for k, v in row.items()})
    return out


def _plain(value):
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        return value.tolist()
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    return value
