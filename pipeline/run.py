"""Run: chain the stages over every input file, in parallel processes, and write the tables.

This is the only module that chains stages, and the one place where a
document's failure (`ArticleRejected` or any exception) becomes an `articles`
row with a status instead of stopping the run.
"""

from __future__ import annotations

import logging
import os
import platform
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

from .clean import clean
from .errors import ArticleRejected
from .extract import build_nlp, extract
from .load import iter_input_files, read_documents
from .records import ArticleResult, ArticleRow, RawDocument
from .resolve import article_id
from .settings import Settings
from .tokenise import tokenise
from . import write

log = logging.getLogger(__name__)


@dataclass(slots=True)
class RunSummary:
    output_dir: Path
    n_files: int
    statuses: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    manifest: dict = field(default_factory=dict)


def rejected_result(raw: RawDocument, status: str, reason: str, text: str | None = None) -> ArticleResult:
    """The row of a document that could not be processed; its id comes from its text or, failing that, its source."""
    reason = " ".join(str(reason).split())[:300]
    return ArticleResult(article=ArticleRow(
        article_id=article_id(text if text else f"source:{raw.source}"),
        source=raw.source, url=raw.url, title=raw.title, published=raw.published,
        status=status, error=reason,
    ))


def process_document(raw: RawDocument, settings: Settings) -> ArticleResult:
    """clean → tokenise → extract → rows, timing each stage; never raises."""
    seconds: dict[str, float] = {}
    t0 = time.perf_counter()
    try:
        article = clean(raw, settings)
    except ArticleRejected as exc:
        return rejected_result(raw, exc.status, exc.reason)
    except Exception as exc:  # one bad document must not stop the run
        log.warning("%s: cleaning failed: %s", raw.source, exc, exc_info=log.isEnabledFor(logging.DEBUG))
        return rejected_result(raw, "error", f"cleaning failed: {type(exc).__name__}: {exc}")
    t1 = time.perf_counter()
    seconds["clean"] = t1 - t0
    try:
        doc = tokenise(article, settings)
        t2 = time.perf_counter()
        seconds["tokenise"] = t2 - t1
        doc = extract(doc, settings)
        t3 = time.perf_counter()
        seconds["extract"] = t3 - t2
        result = write.result_from_doc(doc, article)
        seconds["resolve"] = time.perf_counter() - t3
    except Exception as exc:
        log.warning("%s: extraction failed: %s", raw.source, exc, exc_info=log.isEnabledFor(logging.DEBUG))
        return rejected_result(raw, "error", f"extraction failed: {type(exc).__name__}: {exc}", text=article.text)
    result.seconds = seconds
    return result


def process_file(task: tuple[str, str], settings: Settings) -> list[ArticleResult]:
    """Every document of one input file (a .jsonl file holds several)."""
    path, source = task
    t0 = time.perf_counter()
    docs = read_documents(Path(path), source, settings)
    load_seconds = (time.perf_counter() - t0) / max(len(docs), 1)
    results = []
    for raw in docs:
        res = process_document(raw, settings)
        res.seconds["load"] = load_seconds
        results.append(res)
    return results


_WORKER_SETTINGS: Settings | None = None


def _init_worker(settings: Settings) -> None:
    """Load models once per worker process, not once per article."""
    global _WORKER_SETTINGS
    _WORKER_SETTINGS = settings
    build_nlp(settings.components)


def _process_in_worker(task: tuple[str, str]) -> list[ArticleResult]:
    return process_file(task, _WORKER_SETTINGS)


def mark_duplicates(results: list[ArticleResult]) -> None:
    """The same cleaned text twice: the later copy is `duplicate`, points to the first, and carries no facts."""
    seen: dict[str, str] = {}
    for res in results:
        row = res.article
        if row.status != "ok":
            continue
        if row.article_id in seen:
            row.status = "duplicate"
            row.duplicate_of = row.article_id
            row.error = f"same text as {seen[row.article_id]}"
            res.officials, res.awards, res.themes = [], [], []
        else:
            seen[row.article_id] = row.source


def iter_results(tasks: list[tuple[str, str]], settings: Settings):
    """Per-file results in input order, from worker processes when jobs > 1."""
    jobs = min(settings.effective_jobs, max(len(tasks), 1))
    if jobs <= 1:
        build_nlp(settings.components)
        for task in tasks:
            yield process_file(task, settings)
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(settings,)) as pool:
        try:
            yield from pool.map(_process_in_worker, tasks, chunksize=max(1, min(16, len(tasks) // (jobs * 8) or 1)))
        except BaseException:  # Ctrl-C or a kill: do not wait for the files not started yet
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for pkg in ("thidua", "underthesea", "spacy", "pandas", "pyarrow", "trafilatura", "regex"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = "not installed"
    return out


def run(input_path: Path, output_dir: Path, settings: Settings, progress: bool | None = None) -> RunSummary:
    """Process every article under `input_path` and write the contract's tables to `output_dir`.

    `progress=None` shows a progress bar only when stderr is a terminal.
    """
    from tqdm import tqdm

    started = datetime.now(timezone.utc)
    t0 = time.perf_counter()
    input_path = Path(input_path)
    write.prepare_output_dir(output_dir)
    tasks = [(str(p), src) for p, src in iter_input_files(input_path)]
    results: list[ArticleResult] = []
    bar = tqdm(total=len(tasks), unit="file", desc="thidua run", disable=(not sys.stderr.isatty()) if progress is None else not progress)
    try:
        for file_results in iter_results(tasks, settings):
            results.extend(file_results)
            bar.update(1)
    finally:
        bar.close()
    mark_duplicates(results)
    statuses = Counter(r.article.status for r in results)
    stage_seconds: Counter = Counter()
    for r in results:
        stage_seconds.update(r.seconds)
    t_write = time.perf_counter()
    manifest = {
        "command": settings.command or f"thidua run {input_path} -o {output_dir}",
        "started": started.isoformat(timespec="seconds"),
        "input": str(input_path),
        "output": str(output_dir),
        "jobs": min(settings.effective_jobs, max(len(tasks), 1)),
        "components": list(settings.components),
        "versions": _versions(),
        "files": len(tasks),
        "articles": len(results),
        "statuses": dict(sorted(statuses.items())),
        "seconds_per_stage": {k: round(v, 3) for k, v in sorted(stage_seconds.items())},
    }
    write.write_outputs(results, output_dir, settings.formats, manifest | {
        "seconds_total": round(time.perf_counter() - t0, 3),
    })
    manifest["seconds_per_stage"]["write"] = round(time.perf_counter() - t_write, 3)
    return RunSummary(output_dir=Path(output_dir), n_files=len(tasks), statuses=statuses,
                      seconds=time.perf_counter() - t0, manifest=manifest)
