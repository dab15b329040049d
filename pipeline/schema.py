"""The output contract (v1) as data: the one place that says which columns each table has and their types."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import pandera.pandas as pa
import pyarrow

CONTRACT_VERSION = "1"


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str            # string | int | bool | date | list
    nullable: bool = False
    isin: tuple[str, ...] | None = None


ARTICLE_STATUSES = ("ok", "duplicate", "empty", "not_vietnamese", "error")

TABLES: dict[str, tuple[Column, ...]] = {
    "articles": (
        Column("article_id", "string"),
        Column("source", "string"),
        Column("url", "string", True),
        Column("title", "string", True),
        Column("published", "date", True),
        Column("event_date", "date", True),
        Column("province", "string", True),
        Column("province_2025", "string", True),
        Column("status", "string", isin=ARTICLE_STATUSES),
        Column("duplicate_of", "string", True),
        Column("error", "string", True),
        Column("n_chars", "int"),
        Column("n_sentences", "int"),
    ),
    "officials": (
        Column("article_id", "string"),
        Column("name", "string"),
        Column("honorific", "string", True),
        Column("positions", "list"),
        Column("is_former", "bool"),
        Column("roles", "list"),
        Column("province", "string", True),
        Column("evidence", "string"),
        Column("char_start", "int"),
        Column("char_end", "int"),
    ),
    "awards": (
        Column("article_id", "string"),
        Column("award_id", "string"),
        Column("award_name", "string"),
        Column("award_class", "string", True, isin=("Nhất", "Nhì", "Ba", "các hạng")),
        Column("issuer", "string", True),
        Column("n_collectives", "int", True),
        Column("n_individuals", "int", True),
        Column("n_households", "int", True),
        Column("n_mixed", "int", True),
        Column("qualifier", "string", isin=("exact", "more_than", "about")),
        Column("group_id", "string", True),
        Column("recipients", "list"),
        Column("presenter", "string", True),
        Column("on_behalf_of", "string", True),
        Column("status", "string", isin=("awarded", "proposed")),
        Column("achievement_year", "int", True),
        Column("prize_value_vnd", "int", True),
        Column("evidence", "string"),
        Column("char_start", "int"),
        Column("char_end", "int"),
        Column("extractor", "string"),
    ),
    "themes": (
        Column("article_id", "string"),
        Column("text", "string"),
        Column("kind", "string", isin=("chủ đề", "phương châm", "khẩu hiệu", "phong trào", "mục tiêu", "tinh thần")),
        Column("year", "int", True),
        Column("launched_by", "string", True),
        Column("evidence", "string"),
    ),
}

# Written beside the contract's tables, Parquet only, for `thidua report`: the
# cleaned text of every `ok` article and the character spans each extractor put
# in `doc.spans`. Not part of contract v1, whose columns they leave as they are.
TEXT_TABLES: dict[str, tuple[Column, ...]] = {
    "texts": (
        Column("article_id", "string"),
        Column("text", "string"),
    ),
    "spans": (
        Column("article_id", "string"),
        Column("extractor", "string"),
        Column("char_start", "int"),
        Column("char_end", "int"),
    ),
}


def column_specs(table: str) -> tuple[Column, ...]:
    return TABLES[table] if table in TABLES else TEXT_TABLES[table]


_ARROW = {
    "string": pyarrow.string(),
    "int": pyarrow.int64(),
    "bool": pyarrow.bool_(),
    "date": pyarrow.date32(),
    "list": pyarrow.list_(pyarrow.string()),
}
_PANDAS = {
    "string": pd.StringDtype(),
    "int": pd.Int64Dtype(),
    "bool": pd.BooleanDtype(),
    "date": pd.ArrowDtype(pyarrow.date32()),
    "list": pd.ArrowDtype(pyarrow.list_(pyarrow.string())),
}


def columns(table: str) -> list[str]:
    return [c.name for c in column_specs(table)]


def arrow_schema(table: str) -> pyarrow.Schema:
    return pyarrow.schema([pyarrow.field(c.name, _ARROW[c.type], nullable=c.nullable) for c in column_specs(table)])


def pandas_dtypes(table: str) -> dict[str, object]:
    return {c.name: _PANDAS[c.type] for c in column_specs(table)}


def pandera_schema(table: str) -> pa.DataFrameSchema:
    """The pandera schema a written table is validated against (built from TABLES, never by hand)."""
    cols = {}
    for c in column_specs(table):
        checks = [pa.Check.isin(list(c.isin))] if c.isin else []
        cols[c.name] = pa.Column(_PANDAS[c.type], nullable=c.nullable, checks=checks)
    return pa.DataFrameSchema(cols, strict=True, ordered=True, name=table)


def empty_frame(table: str) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series([], dtype=dtype) for name, dtype in pandas_dtypes(table).items()})


def to_frame(table: str, rows: list[dict]) -> pd.DataFrame:
    """Rows (dicts with the contract's keys) → a typed DataFrame in contract column order."""
    if not rows:
        return empty_frame(table)
    # column by column: the same table as from the rows, without a dict per row
    arrow = pyarrow.Table.from_pydict({c: list(map(_plain, [r.get(c) for r in rows])) for c in columns(table)},
                                      schema=arrow_schema(table))
    frame = arrow.to_pandas(types_mapper=lambda t: _mapper(t))
    return frame.astype(pandas_dtypes(table))


def to_arrow(table: str, rows: list[dict]) -> pyarrow.Table:
    """Rows of plain Python values straight to an Arrow table of the schema, with no pandas round trip.

    For the tables with no value checks (TEXT_TABLES): Arrow refuses a value of another type; a null in a
    column that may not hold one is refused here.
    """
    specs = column_specs(table)
    if any(c.isin for c in specs):
        raise ValueError(f"{table} has value checks: use to_frame and validate")
    arrow = pyarrow.Table.from_pydict({c.name: [r.get(c.name) for r in rows] for c in specs}, schema=arrow_schema(table))
    for c in specs:
        if not c.nullable and arrow.column(c.name).null_count:
            raise ValueError(f"{table}.{c.name} holds a null")
    return arrow


# values that pass `_plain` unchanged, tested first: most cells are one of these
_PLAIN_TYPES = frozenset({str, int, bool, list, date})


def _plain(value):
    """Rows read back with pandas carry NaN/NA for nulls and numpy arrays for lists."""
    if type(value) in _PLAIN_TYPES:
        return value
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and value != value:
        return None
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        return value.tolist()
    return value


def _mapper(arrow_type):
    if arrow_type == pyarrow.string():
        return pd.StringDtype()
    if arrow_type == pyarrow.int64():
        return pd.Int64Dtype()
    if arrow_type == pyarrow.bool_():
        return pd.BooleanDtype()
    return pd.ArrowDtype(arrow_type)


def validate(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    return pandera_schema(table).validate(frame)
