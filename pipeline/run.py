"""Run: chain the stages over every input file, on worker processes or a Dask cluster, and write the tables.

This is the only module that chains stages, and the one place where a
document's failure (`ArticleRejected` or any exception) becomes an `articles`
row with a status instead of stopping the run.

1. The input files are listed (a local folder, or any fsspec URL).
2. Each file goes to a worker (`process_task`): its content hash and the
   pipeline's version name its entry in the result cache; a hit is returned as
   it is, a miss is processed (load → clean → tokenise → extract → resolve) and
   cached at once, so an interrupted run resumes where it stopped.
3. Results come back in input order; later copies of a story are marked
   `duplicate` (exact text, or near-duplicate by MinHash/LSH).
4. The tables are written: in one piece (`layout = files`), or as a Parquet
   dataset in parts while the run proceeds (`layout = dataset`).
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import platform
import shutil
import socket
import stat
import sys
import tempfile
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, fields
from datetime import datetime, timezone
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path

from .clean import clean
from .dedup import NearDuplicateIndex, signature
from .errors import ArticleRejected, EngineError, InputError
from .extract import build_nlp, extract
from .load import iter_input_files, read_documents
from .records import ArticleResult, ArticleRow, RawDocument
from .resolve import article_id
from .settings import Settings
from .tokenise import tokenise
from . import write

log = logging.getLogger(__name__)

CACHE_DIR = ".thidua-cache"
# settings that never change what an article yields, so they stay out of the cache key
_RUN_ONLY_SETTINGS = {"jobs", "formats", "layout", "part_articles", "engine", "scheduler", "cache", "force",
                      "duplicate_threshold", "command", "extra"}


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
        t4 = time.perf_counter()
        seconds["resolve"] = t4 - t3
    except Exception as exc:
        log.warning("%s: extraction failed: %s", raw.source, exc, exc_info=log.isEnabledFor(logging.DEBUG))
        return rejected_result(raw, "error", f"extraction failed: {type(exc).__name__}: {exc}", text=article.text)
    try:
        result.signature = signature(article.text, settings.duplicate_num_perm, settings.duplicate_shingle_words)
    except Exception as exc:  # without a signature the article is only checked for exact copies
        log.warning("%s: no near-duplicate signature: %s", raw.source, exc)
    seconds["signature"] = time.perf_counter() - t4
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


# --- the result cache ---

@lru_cache(maxsize=8)
def pipeline_version(settings: Settings) -> str:
    """thidua's version and a hash of its code, gazetteer and result-changing settings: a cache entry's validity."""
    digest = hashlib.sha256()
    for package in ("pipeline", "extractors", "gazetteer"):
        root = resources.files(package)
        for path in sorted(Path(str(root)).rglob("*")):
            if path.suffix in {".py", ".csv", ".jsonl", ".txt", ".cfg"} and "__pycache__" not in path.parts:
                digest.update(f"{package}/{path.relative_to(Path(str(root))).as_posix()}\0".encode())
                digest.update(path.read_bytes())
    digest.update(repr([(f.name, getattr(settings, f.name)) for f in fields(settings)
                        if f.name not in _RUN_ONLY_SETTINGS and not f.name.startswith("scrape_")]).encode())
    versions = _versions()  # an upgraded underthesea or spaCy may split sentences differently
    digest.update(repr({k: versions[k] for k in ("underthesea", "spacy", "regex", "trafilatura", "datasketch")}).encode())
    return f"{versions['thidua'] if versions['thidua'] != 'not installed' else '0'}+{digest.hexdigest()[:12]}"


class ResultCache:
    """One pickle per input file, `<root>/<version>/<hash[:2]>/<hash>.pickle`, named by the file's content hash.

    Workers read and write it themselves (the root must be reachable from every
    worker, as the output folder of a cluster run is), and each entry is written
    atomically, so a run killed half-way leaves only whole entries.
    """

    def __init__(self, root: Path, version: str):
        self.root = Path(root)
        self.folder = self.root / version

    def _path(self, digest: str) -> Path:
        return self.folder / digest[:2] / f"{digest}.pickle"

    def get(self, digest: str) -> tuple[str, list[ArticleResult]] | None:
        """(the source the file had, its results) or None."""
        try:
            with open(self._path(digest), "rb") as fh:
                return pickle.load(fh)
        except FileNotFoundError:
            return None
        except Exception as exc:  # a damaged entry is a miss, not a failed run
            log.warning("cache entry %s unreadable (%s): processing the file again", digest, exc)
            return None

    def put(self, digest: str, entry: tuple[str, list[ArticleResult]]) -> None:
        path = self._path(digest)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(entry, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except OSError as exc:
            log.warning("cannot write cache entry %s: %s", path, exc)

    def prune(self) -> None:
        """Drop entries of other pipeline versions: they can never be hit again."""
        if not self.root.is_dir():
            return
        for child in self.root.iterdir():
            if child.is_dir() and child != self.folder:
                shutil.rmtree(child, ignore_errors=True)


def file_digest(path: str) -> str | None:
    """SHA-256 of a regular file's bytes; None for anything else (a FIFO would block, a folder cannot be hashed)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None  # unreadable: read_documents gives the row its reason


# --- one task: one input file, on whatever process runs it ---

@dataclass(slots=True)
class FileOutcome:
    """What a worker returns for one input file."""

    results: list[ArticleResult]
    from_cache: bool
    worker: str                      # host:pid
    peak_rss_mb: float               # the worker process's peak resident memory so far


def _local_path(path: str) -> str:
    """A local file name for `path`: itself, or a cached local copy of an fsspec URL (s3://, gcs://, http://…)."""
    if "://" not in path or path.startswith("file://"):
        return path.removeprefix("file://")
    import fsspec

    return fsspec.open_local(f"simplecache::{path}")


def _peak_rss_mb() -> float:
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Windows
        return 0.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _with_source(cached: tuple[str, list[ArticleResult]], source: str) -> list[ArticleResult]:
    """Cached results of a file now at `source` (the same content may have moved or been copied)."""
    cached_source, results = cached
    if cached_source != source:
        for res in results:  # "old.jsonl#3" → "new.jsonl#3"
            res.article.source = source + res.article.source[len(cached_source):]
    return results


def process_task(task: tuple[str, str], settings: Settings, cache_root: str | None) -> FileOutcome:
    """One input file: from the cache when its content was processed by this pipeline version, else processed and cached."""
    path, source = task
    worker = f"{socket.gethostname()}:{os.getpid()}"
    local = _local_path(path)
    cache, digest = None, None
    if cache_root is not None:
        cache = ResultCache(Path(cache_root), pipeline_version(settings))
        digest = file_digest(local)
        if digest is not None and not settings.force:
            hit = cache.get(digest)
            if hit is not None:
                return FileOutcome(_with_source(hit, source), True, worker, _peak_rss_mb())
    results = process_file((local, source), settings)
    # an error may not be the content's (permissions, a full disk, a bug): the next run tries again
    if cache is not None and digest is not None and all(r.article.status != "error" for r in results):
        cache.put(digest, (source, results))
    return FileOutcome(results, False, worker, _peak_rss_mb())


def process_batch(tasks: list[tuple[str, str]], settings: Settings, cache_root: str | None) -> list[FileOutcome]:
    build_nlp(settings.components)  # models load once per worker process (cached), not once per article
    return [process_task(task, settings, cache_root) for task in tasks]


# --- engines: where the tasks run ---

_WORKER: tuple | None = None


def _init_worker(settings: Settings, cache_root: str | None) -> None:
    """Load models once per worker process, not once per article."""
    global _WORKER
    _WORKER = (settings, cache_root)
    build_nlp(settings.components)


def _batch_in_worker(tasks: list[tuple[str, str]]) -> list[FileOutcome]:
    return process_batch(tasks, *_WORKER)


def _batches(tasks: list, size: int) -> Iterator[list]:
    for i in range(0, len(tasks), size):
        yield tasks[i:i + size]


def _in_order(submit: Callable, batches: Iterable[list], window: int) -> Iterator[FileOutcome]:
    """Submit batches, at most `window` ahead of the one being read, and yield their outcomes in input order.

    A bounded window keeps memory flat on millions of files (an executor's
    `map` would hold every future and every finished result at once).
    """
    pending: deque = deque()
    for batch in batches:
        pending.append(submit(batch))
        if len(pending) >= window:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def _batch_size(n_tasks: int, workers: int) -> int:
    # a few files per message keeps inter-process traffic low; enough batches keep every worker busy to the end
    return max(1, min(16, n_tasks // (workers * 8)))


def iter_outcomes(tasks: list[tuple[str, str]], settings: Settings, cache_root: str | None) -> Iterator[FileOutcome]:
    """Per-file outcomes in input order: in this process, in worker processes, or on a Dask cluster."""
    if settings.engine == "dask":
        yield from _dask_outcomes(tasks, settings, cache_root)
        return
    jobs = min(settings.effective_jobs, max(len(tasks), 1))
    if jobs <= 1:
        for batch in _batches(tasks, 16):
            yield from process_batch(batch, settings, cache_root)
        return
    yield from _pool_outcomes(tasks, settings, cache_root, jobs)


def _pool_outcomes(tasks: list[tuple[str, str]], settings: Settings, cache_root: str | None, jobs: int) -> Iterator[FileOutcome]:
    """Outcomes from a pool of worker processes; a worker that dies (a crash in native code, memory
    exhausted) costs only the file it was reading.

    1. Run the files in batches on the pool, in order.
    2. When a worker dies, the files that were in flight are run again one by one,
       each in a pool of its own: the one that kills its worker again gets an
       `error` row, the others their results.
    3. The files after them go back to step 1.
    """
    size = _batch_size(len(tasks), jobs)
    window = 4 * jobs
    done = 0
    try:
        with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(settings, cache_root)) as pool:
            try:
                for outcome in _in_order(lambda batch: pool.submit(_batch_in_worker, batch), _batches(tasks, size), window=window):
                    done += 1
                    yield outcome
            except BaseException:  # Ctrl-C, a kill or a dead worker: do not wait for the files not started yet
                pool.shutdown(wait=False, cancel_futures=True)
                raise
    except BrokenProcessPool:
        suspects, rest = tasks[done:done + size * window], tasks[done + size * window:]
        log.warning("a worker process died; running the %d files it may have been reading one by one", len(suspects))
        for task in suspects:  # 2.
            yield _isolated_outcome(task, settings, cache_root)
        if rest:  # 3.
            yield from _pool_outcomes(rest, settings, cache_root, jobs)


def _isolated_outcome(task: tuple[str, str], settings: Settings, cache_root: str | None) -> FileOutcome:
    """One file in a worker process of its own; an `error` row when that worker dies too."""
    try:
        with ProcessPoolExecutor(max_workers=1, initializer=_init_worker, initargs=(settings, cache_root)) as pool:
            return pool.submit(_batch_in_worker, [task]).result()[0]
    except BrokenProcessPool:
        path, source = task
        log.warning("%s: the worker process died while reading it", source)
        row = rejected_result(RawDocument(source=source), "error",
                              "extraction failed: the worker process died while reading this file (a crash in native code or memory exhausted)")
        return FileOutcome(results=[row], from_cache=False, worker="", peak_rss_mb=0.0)


def _dask_outcomes(tasks: list[tuple[str, str]], settings: Settings, cache_root: str | None) -> Iterator[FileOutcome]:
    """The same per-file function on a Dask distributed cluster; thidua must be installed on its workers."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise EngineError("--engine dask needs Dask: pip install 'thidua[dask]' (here and on every worker)") from exc
    try:
        client = Client(settings.scheduler, timeout="20s")
    except (OSError, TimeoutError) as exc:
        raise EngineError(f"cannot reach the Dask scheduler at {settings.scheduler} ({exc}); "
                          "start one (dask scheduler) or pass its address to --scheduler") from exc
    with client:
        threads = max(sum(client.nthreads().values()), 1)
        yield from _in_order(
            lambda batch: client.submit(process_batch, batch, settings, cache_root, pure=False),
            _batches(tasks, _batch_size(len(tasks), threads)), window=4 * threads)


# --- the parent: order, duplicates, tables ---

def list_tasks(input_path: str | Path) -> list[tuple[str, str]]:
    """(path, source) of every input file: a local folder or file, or an fsspec URL (s3://bucket/news/)."""
    text = str(input_path)
    if "://" not in text or text.startswith("file://"):
        return [(str(p), src) for p, src in iter_input_files(Path(text.removeprefix("file://")))]
    try:
        import fsspec
    except ImportError as exc:
        raise InputError(f"reading {text} needs fsspec: pip install fsspec (and s3fs for s3://, gcsfs for gs://)") from exc

    fs, root = fsspec.core.url_to_fs(text)
    if not fs.exists(root):
        raise InputError(f"{text} does not exist; give a folder of articles or one article file")
    protocol = text.split("://", 1)[0]
    root = root.rstrip("/")
    tasks = []
    for path in sorted(fs.find(root)):
        rel = path[len(root):].lstrip("/") or path.rsplit("/", 1)[-1]
        if any(part.startswith(".") for part in rel.split("/")):
            continue
        tasks.append((f"{protocol}://{path}", rel))
    return tasks


def _award_counts(res: ArticleResult) -> tuple:
    return tuple(sorted((a.award_id, a.award_class or "", a.n_collectives or 0, a.n_individuals or 0,
                         a.n_households or 0, a.n_mixed or 0) for a in res.awards))


class DuplicateMarker:
    """Marks, in input order, each later copy of a story `duplicate` with `duplicate_of`; it keeps no facts.

    A copy is the same text, or a near-duplicate text (MinHash/LSH) that reports
    the same award counts: a text that repeats an earlier one but changes its
    counts (a correction, a template reused for another event) says something
    new, and stays `ok`.
    """

    def __init__(self, settings: Settings):
        self._index = NearDuplicateIndex(settings.duplicate_threshold, settings.duplicate_num_perm)
        self._source: dict[str, str] = {}

    def mark(self, res: ArticleResult) -> None:
        row = res.article
        if row.status != "ok":
            return
        counts = _award_counts(res)
        if row.article_id in self._source:
            hit = (row.article_id, 1.0)
        elif res.signature is not None:
            hit = self._index.check(row.article_id, res.signature, group=counts)
        else:
            hit = None
        if hit is None:
            self._source[row.article_id] = row.source
            return
        earlier, similarity = hit
        row.status = "duplicate"
        row.duplicate_of = earlier
        if earlier == row.article_id:
            row.error = f"same text as {self._source[earlier]}"
        else:
            row.error = f"copy of {self._source[earlier]} (estimated similarity {similarity:.2f})"
        res.officials, res.awards, res.themes = [], [], []


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for pkg in ("thidua", "underthesea", "spacy", "pandas", "pyarrow", "trafilatura", "regex", "datasketch"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = "not installed"
    return out


def _clear_dataset(output_dir: Path) -> None:
    """Before a dataset run: no manifest (its presence means complete tables) and no parts of an earlier run."""
    (output_dir / "manifest.json").unlink(missing_ok=True)
    for table in (*write.schema.TABLES, *write.schema.TEXT_TABLES):
        for part in (output_dir / table).glob("part-*.parquet") if (output_dir / table).is_dir() else ():
            part.unlink()


def run(input_path: Path | str, output_dir: Path, settings: Settings, progress: bool | None = None) -> RunSummary:
    """Process every article under `input_path` and write the contract's tables to `output_dir`.

    `progress=None` shows a progress bar only when stderr is a terminal.
    """
    from tqdm import tqdm

    started = datetime.now(timezone.utc)
    t0 = time.perf_counter()
    tasks = list_tasks(input_path)  # a missing input stops the run before anything is created
    output_dir = write.prepare_output_dir(output_dir)
    dataset = settings.layout == "dataset"
    if dataset:
        _clear_dataset(output_dir)
    cache_root = str(output_dir / CACHE_DIR) if settings.cache else None
    version = pipeline_version(settings)

    marker = DuplicateMarker(settings)
    results: list[ArticleResult] = []     # the dataset layout's current part
    # the files layout appends its tables every `part_articles` articles (and its texts as they arrive)
    tables = write.TableSpool(output_dir, settings.formats, settings.part_articles) if not dataset else None
    spool = write.TextSpool(output_dir) if not dataset and "parquet" in settings.formats else None
    rows: Counter = Counter()
    statuses: Counter = Counter()
    stage_seconds: Counter = Counter()
    from_cache = n_articles = n_parts = 0
    peak_rss: dict[str, float] = {}
    bar = tqdm(total=len(tasks), unit="file", desc="thidua run", disable=(not sys.stderr.isatty()) if progress is None else not progress)
    try:
        for outcome in iter_outcomes(tasks, settings, cache_root):
            peak_rss[outcome.worker] = max(peak_rss.get(outcome.worker, 0.0), outcome.peak_rss_mb)
            from_cache += outcome.from_cache
            for res in outcome.results:
                marker.mark(res)
                res.signature = None  # marked: the index keeps what it needs
                if spool is not None:
                    spool.add(res)
                statuses[res.article.status] += 1
                if not outcome.from_cache:
                    stage_seconds.update(res.seconds)
                if tables is not None:
                    tables.add(res)
                else:
                    results.append(res)
            n_articles += len(outcome.results)
            if dataset and len(results) >= settings.part_articles:
                rows.update(write.write_part(results, output_dir, n_parts))
                n_parts, results = n_parts + 1, []
            bar.update(1)
    except BaseException:
        for unfinished in (tables, spool):
            if unfinished is not None:
                unfinished.discard()
        raise
    finally:
        bar.close()
    t_write = time.perf_counter()
    manifest = {
        "command": settings.command or f"thidua run {input_path} -o {output_dir}",
        "started": started.isoformat(timespec="seconds"),
        "input": str(input_path),
        "output": str(output_dir),
        "engine": settings.engine if settings.engine == "local" else f"dask {settings.scheduler}",
        "jobs": min(settings.effective_jobs, max(len(tasks), 1)) if settings.engine == "local" else len(peak_rss),
        "layout": settings.layout,
        "components": list(settings.components),
        "pipeline_version": version,
        "versions": _versions(),
        "files": len(tasks),
        "files_processed": len(tasks) - from_cache,
        "files_from_cache": from_cache,
        "articles": n_articles,
        "statuses": dict(sorted(statuses.items())),
        "seconds_per_stage": {k: round(v, 3) for k, v in sorted(stage_seconds.items())},
        "peak_rss_mb": {"largest_worker": round(max(peak_rss.values(), default=0.0), 1), "workers": len(peak_rss)},
    }
    if dataset:
        if results or n_parts == 0:  # an empty run still leaves one (empty) part per table, so readers see the columns
            rows.update(write.write_part(results, output_dir, n_parts))
            n_parts += 1
        manifest["parts"] = n_parts
        manifest["seconds_total"] = round(time.perf_counter() - t0, 3)
        write.write_manifest(output_dir, manifest | {"rows": {t: rows[t] for t in (*write.schema.TABLES, *write.schema.TEXT_TABLES)}})
    else:
        write.write_spooled(output_dir, manifest | {"seconds_total": round(time.perf_counter() - t0, 3)}, tables, spool)
    manifest["seconds_per_stage"]["write"] = round(time.perf_counter() - t_write, 3)
    if cache_root is not None:
        ResultCache(Path(cache_root), version).prune()
    return RunSummary(output_dir=Path(output_dir), n_files=len(tasks), statuses=statuses,
                      seconds=time.perf_counter() - t0, manifest=manifest)
