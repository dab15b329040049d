"""Query: DuckDB SQL over a run's Parquet files, every table registered as a view of its own name."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pyarrow as pa

from .errors import QueryError
from .tables import records, table_paths


def query(outputs_dir: Path, sql: str) -> pd.DataFrame:
    """Run `sql` over the tables of `outputs_dir` and return the result.

    Views: articles, officials, awards, themes (and texts, spans when the
    outputs have them) read straight from their Parquet files, so nothing is
    loaded that the query does not touch; `events` (see `pipeline.events`) is
    built only when the SQL names it, as it reads the articles and awards.
    """
    import duckdb

    con = duckdb.connect(":memory:")
    try:
        for table, path in table_paths(outputs_dir).items():
            source = path.resolve() / "*.parquet" if path.is_dir() else path.resolve()  # a --layout dataset table
            quoted = str(source).replace("'", "''")
            con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{quoted}')")
        if re.search(r"(?i)\bevents\b", sql):
            from .events import events

            con.register("events", events(outputs_dir))
        try:
            relation = con.sql(sql)
            result = relation.to_arrow_table() if relation is not None else pa.table({})
        except duckdb.Error as exc:
            first_line = str(exc).strip().splitlines()[0]
            raise QueryError(f"{first_line} — the views are {', '.join(sorted(table_paths(outputs_dir)))}, events; "
                             f"check the SQL (DuckDB dialect)") from exc
    finally:
        con.close()
    return _frame(result)


def _frame(table: pa.Table) -> pd.DataFrame:
    """A DuckDB result as pandas, with whole numbers kept whole: SUM gives DECIMAL(38,0), nulls would make it float."""
    columns = []
    for field, column in zip(table.schema, table.columns):
        if pa.types.is_decimal(field.type) and field.type.scale == 0:
            try:
                column = column.cast(pa.int64())
            except pa.ArrowInvalid:  # beyond int64: left as it is
                pass
        columns.append(column)
    table = pa.table(columns, names=table.column_names)
    return table.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype(), pa.string(): pd.StringDtype()}.get)


def formatted(frame: pd.DataFrame, fmt: str = "table") -> str:
    """The result as text: "table" (aligned columns), "csv" (lists joined with "; ", as the outputs' CSV files) or "json" (array of objects)."""
    if fmt == "json":
        return json.dumps(records(frame), ensure_ascii=False, indent=2, default=str)
    flat = frame.apply(lambda col: col.map(_joined, na_action="ignore") if col.dtype == object else col)
    if fmt == "csv":
        return flat.to_csv(index=False, lineterminator="\n")
    if flat.empty:
        return f"(no rows; columns: {', '.join(map(str, frame.columns)) or 'none'})"
    return flat.to_string(index=False, na_rep="")


def _joined(value):
    if isinstance(value, (list, tuple)) or (hasattr(value, "tolist") and not isinstance(value, (str, bytes))):
        return "; ".join(str(v) for v in list(value))
    return value
