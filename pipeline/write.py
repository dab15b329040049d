"""Write: Docs become rows, rows become the contract's tables, tables reach disk atomically."""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import asdict
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


def rows(results: list[ArticleResult]) -> dict[str, list[dict]]:
    """Contract rows of every table from the per-article results."""
    out: dict[str, list[dict]] = {t: [] for t in schema.TABLES}
    for res in results:
        art = asdict(res.article)
        out["articles"].append(art)
        aid = res.article.article_id
        for table, records in (("officials", res.officials), ("awards", res.awards), ("themes", res.themes)):
            for rec in records:
                row = asdict(rec)
                row["article_id"] = aid
                out[table].append(row)
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


def frames(results: list[ArticleResult]) -> dict[str, pd.DataFrame]:
    """Typed, validated DataFrames of the four tables."""
    return {t: schema.validate(t, schema.to_frame(t, r)) for t, r in rows(results).items()}


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


def _atomic(path: Path, write) -> None:
    """Write through a temporary file in the same folder, then rename: readers never see half a file."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_table(frame: pd.DataFrame, table: str, output_dir: Path, formats: tuple[str, ...]) -> list[Path]:
    written = []
    if "parquet" in formats:
        path = output_dir / f"{table}.parquet"
        # without pandas' metadata: its ArrowDtype names ("list<item: string>[pyarrow]") break pd.read_parquet
        arrow = pyarrow.Table.from_pandas(frame, schema=schema.arrow_schema(table), preserve_index=False).replace_schema_metadata(None)
        _atomic(path, lambda tmp: pq.write_table(arrow, tmp))
        written.append(path)
    if "csv" in formats:
        path = output_dir / f"{table}.csv"
        view = csv_frame(frame, table)
        _atomic(path, lambda tmp: view.to_csv(tmp, index=False, encoding="utf-8", lineterminator="\n"))
        written.append(path)
    return written


def prepare_output_dir(output_dir: Path) -> Path:
    output_dir = Path(output_dir)
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=output_dir, prefix=".probe", delete=True)
        probe.close()
    except OSError as exc:
        raise OutputError(f"cannot write to {output_dir}: {exc.strerror or exc}; choose another folder with -o") from exc
    return output_dir


def write_outputs(results: list[ArticleResult], output_dir: Path, formats: tuple[str, ...], manifest: dict) -> dict[str, pd.DataFrame]:
    """All four tables, then the manifest last (its presence means the tables beside it are complete)."""
    output_dir = prepare_output_dir(output_dir)
    tables = frames(results)
    for table, frame in tables.items():
        write_table(frame, table, output_dir, formats)
    if "parquet" in formats:  # for `thidua report`; Parquet only, the cleaned text is no spreadsheet column
        for table, table_rows in text_rows(results).items():
            write_table(schema.validate(table, schema.to_frame(table, table_rows)), table, output_dir, ("parquet",))
    manifest = dict(manifest, rows={t: len(f) for t, f in tables.items()}, contract_version=schema.CONTRACT_VERSION)
    _atomic(output_dir / "manifest.json",
            lambda tmp: Path(tmp).write_text(json.dumps(manifest, ensure_ascii=False, indent=2, default=str), encoding="utf-8"))
    return tables


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
