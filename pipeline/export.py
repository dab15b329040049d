"""Export: the tables of a run as one SQLite database for Datasette, with full-text search and a metadata file.

Tables are created and filled with sqlite-utils (no hand-written DDL): list
columns become JSON arrays, dates ISO text, booleans 0/1. `events` is added
(see `pipeline.events`), and `texts`/`spans` when the outputs have them.
Full-text search (FTS5) covers the evidence sentences, names, themes and the
articles' cleaned text. The metadata file gives Datasette each table's and
column's description (`pipeline/columns.csv`) and a few canned queries.
"""

from __future__ import annotations

import csv
import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

from .errors import OutputError
from .events import events
from .tables import read_tables, records
from .write import _atomic as atomic_write  # as pipeline.scrape does
from . import schema

log = logging.getLogger(__name__)

_SQLITE_TYPE = {"string": str, "int": int, "bool": int, "date": str, "list": str}
# columns searched by full-text search, per table
FTS_COLUMNS = {
    "awards": ("evidence", "award_name", "issuer"),
    "officials": ("name", "evidence"),
    "themes": ("text", "evidence"),
    "texts": ("text",),
}
EVENT_TYPES = {"event_id": "string", "province": "string", "province_2025": "string", "event_date": "date",
               "award_ids": "list", "article_ids": "list", "sources": "list", "n_articles": "int",
               "counts_agree": "bool", "disagreements": "list"}
INDEXES = {"articles": ("article_id", "province", "event_date", "status"), "officials": ("article_id", "name"),
           "awards": ("article_id", "award_id"), "themes": ("article_id",), "texts": ("article_id",),
           "spans": ("article_id",), "events": ("province", "event_date")}

CANNED_QUERIES = {
    "awards_by_province_and_year": {
        "title": "Awards by province and year",
        "description": "Award facts and recipients per province, year of the event and award (awarded only; "
                       "leave a field empty for all). Rows sharing a group_id share one count, so a count appears "
                       "under each award of its group.",
        "sql": """select a.province, a.province_2025, substr(coalesce(a.event_date, a.published), 1, 4) as year,
  w.award_name, count(*) as facts, count(distinct w.article_id) as articles,
  sum(w.n_collectives) as n_collectives, sum(w.n_individuals) as n_individuals,
  sum(w.n_households) as n_households, sum(w.n_mixed) as n_mixed
from awards w join articles a on a.article_id = w.article_id and a.status = 'ok'
where w.status = 'awarded'
  and (:province = '' or a.province = :province or a.province_2025 = :province)
  and (:year = '' or substr(coalesce(a.event_date, a.published), 1, 4) = :year)
group by 1, 2, 3, 4
order by a.province, year, facts desc""",
    },
    "official_appearances": {
        "title": "An official's appearances",
        "description": "Every article naming an official (part of the name is enough), with posts, roles and the sentence.",
        "sql": """select o.name, o.positions, o.roles, a.event_date, a.province, a.title, a.url, o.evidence, a.article_id
from officials o join articles a on a.article_id = o.article_id and a.status = 'ok'
where o.name like '%' || :name || '%'
order by a.event_date, o.name""",
    },
    "articles_behind_a_count": {
        "title": "The articles behind a count",
        "description": "The award rows (with their sentences) and articles that make up a count: an award_id, "
                       "optionally a province and a year.",
        "sql": """select w.award_name, w.award_class, w.n_collectives, w.n_individuals, w.n_households, w.n_mixed,
  w.qualifier, w.group_id, w.status, w.evidence, a.title, a.source, a.url, a.event_date, a.province, a.article_id
from awards w join articles a on a.article_id = w.article_id and a.status = 'ok'
where w.award_id = :award_id
  and (:province = '' or a.province = :province or a.province_2025 = :province)
  and (:year = '' or substr(coalesce(a.event_date, a.published), 1, 4) = :year)
order by a.event_date, a.source""",
    },
    "events_with_disagreeing_counts": {
        "title": "Events whose sources disagree",
        "description": "Ceremonies told by several articles that give different counts for the same award.",
        "sql": """select event_date, province, n_articles, disagreements, sources, article_ids
from events where n_articles > 1 and counts_agree = 0
order by event_date""",
    },
}


@dataclass(slots=True)
class Export:
    db_path: Path
    metadata_path: Path
    rows: dict[str, int]


def export_sqlite(outputs_dir: Path, db_path: Path, metadata_path: Path | None = None) -> Export:
    """Write every table of `outputs_dir` to the SQLite file `db_path`, and Datasette metadata beside it.

    `metadata_path` defaults to `<db name>.metadata.json` next to the database.
    The database is built under a temporary name and renamed, so readers never
    see half of one; an existing file is replaced.
    """
    db_path = Path(db_path)
    metadata_path = Path(metadata_path) if metadata_path else db_path.with_name(f"{db_path.stem}.metadata.json")
    tables = read_tables(outputs_dir)
    tables["events"] = events(tables)
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        rows: dict[str, int] = {}
        atomic_write(db_path, lambda tmp: rows.update(_fill(tmp, tables)))
        metadata = json.dumps(datasette_metadata(db_path.stem, list(tables)), ensure_ascii=False, indent=2)
        atomic_write(metadata_path, lambda tmp: Path(tmp).write_text(metadata, encoding="utf-8"))
    except OSError as exc:
        raise OutputError(f"cannot write {db_path}: {exc.strerror or exc}; choose another path") from exc
    log.info("export: %s rows into %s", rows, db_path)
    return Export(db_path=db_path, metadata_path=metadata_path, rows=rows)


def _fill(path: str, tables: dict[str, pd.DataFrame]) -> dict[str, int]:
    """Create and fill every table in a new database at `path`: indexes, full-text search; rows per table."""
    import sqlite_utils

    db = sqlite_utils.Database(path, recreate=True)
    rows = {}
    for name, frame in tables.items():
        types = column_types(name)
        table = db[name]
        table.create({c: _SQLITE_TYPE[t] for c, t in types.items()})
        table.insert_all(_rows(frame, types), batch_size=1000)
        for column in INDEXES.get(name, ()):
            table.create_index([column], if_not_exists=True)
        if name in FTS_COLUMNS:
            table.enable_fts(list(FTS_COLUMNS[name]), fts_version="FTS5")
        rows[name] = table.count
    db.conn.commit()
    db.close()
    return rows


def column_types(table: str) -> dict[str, str]:
    """Column → schema type ("string", "int", "bool", "date", "list") of every table the database holds."""
    if table == "events":
        return dict(EVENT_TYPES)
    return {c: t for c, t in ((c.name, c.type) for c in schema.column_specs(table))}


def _rows(frame: pd.DataFrame, types: dict[str, str]):
    for row in records(frame[list(types)]):
        for column, kind in types.items():
            value = row[column]
            if value is None:
                continue
            if kind == "list":
                row[column] = json.dumps(list(value), ensure_ascii=False)
            elif kind == "date":
                row[column] = value.isoformat()
            elif kind == "bool":
                row[column] = int(bool(value))
        yield row


def datasette_metadata(database: str, tables: list[str]) -> dict:
    """Datasette's metadata: title, descriptions of every table and column, canned queries."""
    described = column_descriptions()
    out_tables = {}
    for table in tables:
        entry = {"columns": {c: described[(table, c)] for c in column_types(table) if (table, c) in described}}
        if (table, "") in described:
            entry["description"] = described[(table, "")]
        if table in FTS_COLUMNS:
            entry["fts_table"] = f"{table}_fts"
        out_tables[table] = entry
    return {
        "title": "thidua: awards, officials and themes from Vietnamese news",
        "description": "Tables written by `thidua run` (output contract v1), exported by `thidua export sqlite`. "
                       "Every award count carries the sentence it was read from (evidence).",
        "databases": {database: {"tables": out_tables,
                                 "queries": {name: dict(q) for name, q in CANNED_QUERIES.items()}}},
    }


@lru_cache(maxsize=1)
def column_descriptions() -> dict[tuple[str, str], str]:
    """(table, column) → description from pipeline/columns.csv; column "" describes the table."""
    text = resources.files("pipeline").joinpath("columns.csv").read_text(encoding="utf-8")
    return {(r["table"], r["column"]): r["description"] for r in csv.DictReader(text.splitlines())}
