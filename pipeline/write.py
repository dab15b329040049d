"""Write: Docs become rows, rows become the contract's tables, tables reach disk atomically."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from dataclasses import fields
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pyarrow

from .errors import OutputError
from .records import ArticleResult
from . import schema

log = logging.getLogger(__name__)

# a cell starting with one of these is run as a formula by spreadsheets
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


_INT64 = (-(2**63), 2**63 - 1)


@lru_cache(maxsize=None)
def _field_names(record_type: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(record_type))


def _as_row(record) -> dict:
    """A record's fields as a dict; lists copied. `dataclasses.asdict` would deep-copy every value,
    which costs more than building the tables, and records hold only plain values and lists of them."""
    row = {name: getattr(record, name) for name in _field_names(type(record))}
    for name, value in row.items():
        if type(value) is list:
            row[name] = list(value)
    return row


def rows(results: list[ArticleResult]) -> dict[str, list[dict]]:
    """Contract rows of every table from the per-article results."""
    out: dict[str, list[dict]] = {t: [] for t in schema.TABLES}
    for res in results:
        art = _as_row(res.article)
        out["articles"].append(art)
        aid = res.article.article_id
        for table, records in (("officials", res.officials), ("awards", res.awards), ("themes", res.themes)):
            for rec in records:
                row = _as_row(rec)
                row["article_id"] = aid
                out[table].append(_int64_or_null(row, table, res.article.source))
    return out


def text_rows(results: list[ArticleResult]) -> dict[str, list[dict]]:
    """Rows of `texts` and `spans` (schema.TEXT_TABLES): only `ok` articles, whose facts point into their text."""
    out: dict[str, list[dict]] = {t: [] for t in schema.TEXT_TABLES}
    for res in results:
        if res.article.status != "ok" or res.text is None:
            continue
        aid = res.article.article_id
        out["texts"].append({"article_id": aid, "text": res.text})
        out["spans"].extend({"article_id": aid, "extractor": name, "char_start": s, "char_end": e} for name, s, e in res.spans)
    return out


def _int64_or_null(row: dict, table: str, source: str) -> dict:
    """A number no int64 holds ("9223372036854775808 tập thể") is no count: null, logged."""
    for key, value in row.items():
        if isinstance(value, int) and not isinstance(value, bool) and not _INT64[0] <= value <= _INT64[1]:
            log.warning("%s: %s.%s = %s does not fit a 64-bit integer; written as null", source, table, key, value)
            row[key] = None
    return row


def _frames(results: list[ArticleResult]) -> dict[str, pd.DataFrame]:
    return {t: schema.validate(t, schema.to_frame(t, r)) for t, r in rows(results).items()}


def frames(results: list[ArticleResult]) -> dict[str, pd.DataFrame]:
    """Typed, validated DataFrames of the four tables.

    When the rows do not pass the contract, the articles whose rows fail are found
    (by halves) and become `error` rows without facts: one article's bad value must
    not cost the other articles their tables.
    """
    try:
        return _frames(results)
    except Exception as exc:
        log.warning("rows fail the contract (%s); finding the articles that carry them", exc)
    for res, exc in _failing(results):
        log.warning("%s: its rows fail the contract: %s", res.article.source, exc)
        _demote(res, f"extraction failed: rows do not fit the output contract: {type(exc).__name__}")
    return _frames(results)


def _failing(results: list[ArticleResult]) -> list[tuple[ArticleResult, Exception]]:
    try:
        _frames(results)
        return []
    except Exception as exc:
        if len(results) == 1:
            return [(results[0], exc)]
    half = len(results) // 2
    return _failing(results[:half]) + _failing(results[half:])


def _demote(res: ArticleResult, reason: str) -> None:
    row = res.article
    row.status, row.error, row.duplicate_of = "error", reason, None
    res.officials, res.awards, res.themes = [], [], []
    for field in ("url", "title", "province", "province_2025"):
        if not isinstance(getattr(row, field), str):
            setattr(row, field, None)
    try:
        _frames([res])
    except Exception:  # even the article's own fields are bad: keep only what identifies it
        row.url = row.title = row.province = row.province_2025 = None
        row.published = row.event_date = None


def _neutralise(value):
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_frame(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """The CSV view of a table: lists joined with "; ", dates ISO, formula-like cells neutralised."""
    out = pd.DataFrame(index=frame.index)
    for col in schema.TABLES[table]:
        s = frame[col.name]
        if col.type == "list":
            s = s.map(lambda v: "; ".join(v) if v is not None and not (isinstance(v, float)) else None, na_action="ignore")
        elif col.type == "date":
            s = s.astype("string")
        if col.type in ("string", "list"):
            s = s.map(_neutralise, na_action="ignore")
        out[col.name] = s
    return out


_TMP_SUFFIX = ".tmp"


def _fsync(path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _staged(path: Path, write) -> str:
    """Write through a temporary file beside `path`, flushed to disk; returns the temporary name."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=_TMP_SUFFIX, dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        _fsync(tmp)
    except BaseException:
        _unlink(tmp)
        raise
    return tmp


def _unlink(path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _atomic(path: Path, write) -> None:
    """Write through a temporary file in the same folder, then rename: readers never see half a file."""
    os.replace(_staged(path, write), path)


def remove_stale_temporaries(output_dir: Path) -> None:
    """Temporary files a killed run left behind (never the tables themselves)."""
    for path in Path(output_dir).glob(f".*{_TMP_SUFFIX}"):
        if any(path.name.startswith(f".{name}.") for name in _output_names()):
            _unlink(path)


def _output_names() -> list[str]:
    return ([f"{t}.{ext}" for t in schema.TABLES for ext in ("parquet", "csv")]
            + [f"{t}.parquet" for t in schema.TEXT_TABLES] + ["manifest.json"])


def _sha256(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _arrow(frame: pd.DataFrame, table: str) -> pyarrow.Table:
    """A validated frame as the Arrow table its Parquet file holds."""
    # without pandas' metadata: its ArrowDtype names ("list<item: string>[pyarrow]") break pd.read_parquet
    return pyarrow.Table.from_pandas(frame, schema=schema.arrow_schema(table), preserve_index=False).replace_schema_metadata(None)


def _write_csv(frame: pd.DataFrame, table: str, target, header: bool = True) -> None:
    """The CSV view of a frame (`csv_frame`) to a path or an open text file."""
    csv_frame(frame, table).to_csv(target, header=header, index=False, encoding="utf-8", lineterminator="\n")


def _table_writers(frame: pd.DataFrame, table: str, formats: tuple[str, ...]):
    """(file name, function writing it to a path) for each format of one table."""
    if "parquet" in formats:
        arrow = _arrow(frame, table)
        yield f"{table}.parquet", lambda tmp: pq.write_table(arrow, tmp)
    if "csv" in formats:
        yield f"{table}.csv", lambda tmp: _write_csv(frame, table, tmp)


def write_table(frame: pd.DataFrame, table: str, output_dir: Path, formats: tuple[str, ...]) -> list[Path]:
    written = []
    for name, write in _table_writers(frame, table, formats):
        _atomic(output_dir / name, write)
        written.append(output_dir / name)
    return written


def prepare_output_dir(output_dir: Path, remove_stale: bool = True) -> Path:
    """The output folder, created and checked writable; a killed run's temporaries removed (`remove_stale`)."""
    output_dir = Path(output_dir)
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=output_dir, prefix=".probe", delete=True)
        probe.close()
        if remove_stale:
            remove_stale_temporaries(output_dir)
    except OSError as exc:
        raise OutputError(f"cannot write to {output_dir}: {exc.strerror or exc}; choose another folder with -o") from exc
    return output_dir


def _discard(open_files, temporaries) -> None:
    """A spool's open writers closed and its temporaries removed (an interrupted or failed run)."""
    for fh in open_files:
        try:
            fh.close()
        except Exception:  # a half-written temporary is removed just below
            pass
    for tmp in temporaries:
        _unlink(tmp)


class TextSpool:
    """The cleaned texts and spans of `ok` articles, written out as they arrive, so a run holds no text.

    A run over tens of thousands of articles keeps only their rows; the texts (for
    `thidua report`) go in batches to temporary Parquet files beside their final
    names, which `write_outputs` renames into place with the other tables. A
    killed run's temporaries are removed by the next one (`remove_stale_temporaries`).
    """

    batch = 500

    def __init__(self, output_dir: Path):
        self._dir = Path(output_dir)
        self._rows: dict[str, list[dict]] = {t: [] for t in schema.TEXT_TABLES}
        self._writers: dict[str, pq.ParquetWriter] = {}
        self._tmp: dict[str, str] = {}

    def add(self, res: ArticleResult) -> None:
        """Take the text and spans of one (already marked) result; the result keeps its facts only."""
        for table, table_rows in text_rows([res]).items():
            self._rows[table].extend(table_rows)
        res.text, res.spans = None, []
        if len(self._rows["texts"]) >= self.batch:
            self._flush()

    def _flush(self) -> None:
        for table, table_rows in self._rows.items():
            if not table_rows and table in self._writers:
                continue
            arrow = schema.to_arrow(table, table_rows)
            if table not in self._writers:
                fd, tmp = tempfile.mkstemp(prefix=f".{table}.parquet.", suffix=_TMP_SUFFIX, dir=self._dir)
                os.close(fd)
                self._tmp[table] = tmp
                self._writers[table] = pq.ParquetWriter(tmp, arrow.schema)
            self._writers[table].write_table(arrow)
            self._rows[table] = []

    def close(self) -> list[tuple[str, str]]:
        """(temporary file, final name) of each text table, complete and flushed to disk."""
        self._flush()
        staged = []
        for table, writer in self._writers.items():
            writer.close()
            _fsync(self._tmp[table])
            staged.append((self._tmp[table], f"{table}.parquet"))
        self._writers = {}
        return staged

    def discard(self) -> None:
        _discard(self._writers.values(), self._tmp.values())
        self._writers, self._tmp = {}, {}


class TableSpool:
    """The contract's four tables of the files layout, written out as results arrive, so a run holds the rows
    of one batch of articles instead of all of them.

    Every `batch` articles (the `part_articles` setting) become typed, validated frames (`frames`: an article whose rows fail the
    contract becomes an `error` row, as in a whole run) and are appended to temporary files beside the
    final names: a Parquet row group each, CSV lines under one header. The tables read back exactly as
    when written in one piece; `write_spooled` renames them into place.
    """

    def __init__(self, output_dir: Path, formats: tuple[str, ...], batch: int = 5000):
        self._dir = Path(output_dir)
        self._formats = formats
        self.batch = batch
        self._pending: list[ArticleResult] = []
        self._parquet: dict[str, pq.ParquetWriter] = {}
        self._csv: dict[str, object] = {}      # table → its open CSV file
        self._tmp: dict[str, str] = {}         # final file name → its temporary
        self.rows: dict[str, int] = {t: 0 for t in schema.TABLES}

    def add(self, res: ArticleResult) -> None:
        """Take one (already marked) result; its rows are written with its batch."""
        self._pending.append(res)
        if len(self._pending) >= self.batch:
            self._flush()

    def _temporary(self, name: str) -> str:
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=_TMP_SUFFIX, dir=self._dir)
        os.close(fd)
        self._tmp[name] = tmp
        return tmp

    def _append(self, table: str, frame: pd.DataFrame) -> None:
        self.rows[table] += len(frame)
        if "parquet" in self._formats:
            arrow = _arrow(frame, table)
            if table not in self._parquet:
                self._parquet[table] = pq.ParquetWriter(self._temporary(f"{table}.parquet"), arrow.schema)
            self._parquet[table].write_table(arrow)
        if "csv" in self._formats:
            first = table not in self._csv
            if first:
                self._csv[table] = open(self._temporary(f"{table}.csv"), "w", encoding="utf-8", newline="")
            _write_csv(frame, table, self._csv[table], header=first)

    def _flush(self) -> None:
        tables = frames(self._pending)
        self._pending = []
        for table, frame in tables.items():
            if len(frame):
                self._append(table, frame)

    def close(self) -> list[tuple[str, str]]:
        """(temporary file, final name) of each table file, complete and flushed to disk, in table order."""
        if self._pending:
            self._flush()
        for table in schema.TABLES:  # a table no article gave a row still gets its file, with its columns
            if table not in self._parquet and table not in self._csv:
                self._append(table, schema.validate(table, schema.empty_frame(table)))
        for writer in self._parquet.values():
            writer.close()
        for fh in self._csv.values():
            fh.close()
        self._parquet, self._csv = {}, {}
        staged = []
        for table in schema.TABLES:
            for name in (f"{table}.parquet", f"{table}.csv"):
                if name in self._tmp:
                    _fsync(self._tmp[name])
                    staged.append((self._tmp[name], name))
        return staged

    def discard(self) -> None:
        _discard([*self._parquet.values(), *self._csv.values()], self._tmp.values())
        self._parquet, self._csv, self._tmp, self._pending = {}, {}, {}, []


def write_spooled(output_dir: Path, manifest: dict, tables: TableSpool, texts: TextSpool | None = None) -> None:
    """The spooled tables (and texts) renamed into place, then the manifest, as `write_outputs` does."""
    try:
        staged = tables.close() + (texts.close() if texts is not None else [])
    except BaseException as exc:
        tables.discard()
        if texts is not None:
            texts.discard()
        if isinstance(exc, OSError):
            raise _cannot_write(output_dir, exc) from exc
        raise
    _publish(Path(output_dir), staged, manifest, dict(tables.rows))


def _cannot_write(output_dir: Path, exc: OSError) -> OutputError:
    return OutputError(f"cannot write the tables to {output_dir}: {exc.strerror or exc}; "
                       "free some space or choose another folder with -o (earlier tables are untouched)")


def _publish(output_dir: Path, staged: list[tuple[str, str]], manifest: dict, rows: dict[str, int]) -> None:
    """Staged files renamed into place, then the manifest with their row counts and checksums."""
    checksums = {name: _sha256(tmp) for tmp, name in staged}
    for tmp, name in staged:
        os.replace(tmp, output_dir / name)
    write_manifest(output_dir, dict(manifest, rows=rows, sha256=checksums))


def write_outputs(results: list[ArticleResult], output_dir: Path, formats: tuple[str, ...], manifest: dict,
                  spool: TextSpool | None = None) -> dict[str, pd.DataFrame]:
    """All four tables, then the manifest last (its presence means the tables beside it are complete).

    Every file is first written in full to a temporary name and flushed; only then
    are they renamed into place, the manifest last, with the checksum of each table.
    A run killed at any point leaves each previous file whole (or a new one whole).
    The texts and spans come from `spool` when the run spooled them, else from `results`.
    """
    # a spool's temporaries are this run's own, not a killed run's
    output_dir = prepare_output_dir(output_dir, remove_stale=spool is None)
    tables = frames(results)
    staged: list[tuple[str, str]] = []
    try:
        for table, frame in tables.items():
            for name, write in _table_writers(frame, table, formats):
                staged.append((_staged(output_dir / name, write), name))
        if spool is not None:
            staged.extend(spool.close())
        elif "parquet" in formats:  # for `thidua report`; Parquet only, the cleaned text is no spreadsheet column
            for table, frame in text_frames(results).items():
                for name, write in _table_writers(frame, table, ("parquet",)):
                    staged.append((_staged(output_dir / name, write), name))
    except BaseException as exc:
        if spool is not None:
            spool.discard()
        for tmp, _ in staged:
            _unlink(tmp)
        if isinstance(exc, OSError):  # disk full, folder removed or made read-only during the run
            raise _cannot_write(output_dir, exc) from exc
        raise
    _publish(output_dir, staged, manifest, {t: len(f) for t, f in tables.items()})
    return tables


def write_manifest(output_dir: Path, manifest: dict) -> None:
    manifest = dict(manifest, contract_version=schema.CONTRACT_VERSION)
    _atomic(Path(output_dir) / "manifest.json",
            lambda tmp: Path(tmp).write_text(json.dumps(manifest, ensure_ascii=False, indent=2, default=str), encoding="utf-8"))


def text_frames(results: list[ArticleResult]) -> dict[str, pd.DataFrame]:
    return {t: schema.validate(t, schema.to_frame(t, r)) for t, r in text_rows(results).items()}


def write_part(results: list[ArticleResult], output_dir: Path, index: int) -> dict[str, int]:
    """One part of the dataset layout: `<table>/part-<index>.parquet` for every table (and the report's texts and spans)."""
    counts = {}
    for table, frame in (frames(results) | text_frames(results)).items():
        folder = Path(output_dir) / table
        folder.mkdir(exist_ok=True)
        for _, write in _table_writers(frame, table, ("parquet",)):
            _atomic(folder / f"part-{index:05d}.parquet", write)
        counts[table] = len(frame)
    return counts


def result_from_doc(doc, article) -> ArticleResult:
    """The rows of one processed article: records from the Doc, article fields resolved."""
    from extractors.base import get_records

    from . import resolve
    from .records import ArticleRow

    published = article.published or resolve.published_from_text(article.text)
    province, province_2025 = resolve.province(get_records(doc, "thidua_places"))
    row = ArticleRow(
        article_id=resolve.article_id(article.text),
        source=article.source,
        url=article.url,
        title=article.title or _first_line(article.text),
        published=published,
        event_date=resolve.event_date(get_records(doc, "thidua_dates"), published, article.text),
        province=province,
        province_2025=province_2025,
        status="ok",
        n_chars=len(article.text),
        n_sentences=sum(1 for _ in doc.sents),
    )
    officials = list(get_records(doc, "thidua_officials"))
    resolve.set_official_provinces(officials, province)
    return ArticleResult(
        article=row,
        officials=officials,
        awards=list(get_records(doc, "thidua_awards")),
        themes=list(get_records(doc, "thidua_themes")),
        text=article.text,
        spans=[(name, span.start_char, span.end_char) for name, group in doc.spans.items() for span in group],
    )


def _first_line(text: str) -> str | None:
    line = text.split("\n", 1)[0].strip()
    return line[:300] or None
