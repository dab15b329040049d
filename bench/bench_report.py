"""Speed of `thidua report`, `export sqlite` and `query` on many articles: a run's tables repeated.

    thidua run corpus/ -o outputs/ && python bench/bench_report.py outputs/ --copies 400

Each copy gets distinct article ids and sources, so the report has a page per
copy; events group the copies of one article (same province, date and awards),
the worst case for the events page. Prints articles and seconds per step.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import pandas as pd

from pipeline import schema
from pipeline.export import export_sqlite
from pipeline.query import query
from pipeline.report import report
from pipeline.tables import read_tables
from pipeline.write import write_table


def repeated(outputs: Path, copies: int, into: Path) -> int:
    tables = read_tables(outputs)
    for name, frame in tables.items():
        parts = []
        for i in range(copies):
            part = frame.copy()
            part["article_id"] = part["article_id"] + f"-{i}"
            if name == "articles":
                part["source"] = part["source"] + f"#{i}"
            parts.append(part)
        write_table(pd.concat(parts, ignore_index=True).astype(schema.pandas_dtypes(name)), name, into, ("parquet",))
    return len(tables["articles"]) * copies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outputs", type=Path)
    parser.add_argument("--copies", type=int, default=400)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "out").mkdir()
        n = repeated(args.outputs, args.copies, tmp / "out")
        for step, call in (("report", lambda: report(tmp / "out", tmp / "report")),
                           ("export sqlite", lambda: export_sqlite(tmp / "out", tmp / "t.db")),
                           ("query", lambda: query(tmp / "out", "SELECT province, SUM(n_collectives) FROM awards JOIN articles USING (article_id) GROUP BY 1"))):
            t0 = time.perf_counter()
            call()
            seconds = time.perf_counter() - t0
            print(f"{step:14s} {n:6d} articles  {seconds:7.2f} s  {n / seconds:8.0f} articles/s")


if __name__ == "__main__":
    main()
