"""The obvious pipeline, the benchmark's yardstick: underthesea `ner` on every sentence, then the same rules.

It reads, cleans and splits sentences as thidua does, runs `underthesea.ner`
(word segmentation → POS → chunking → NER) on every sentence, keeps its tags on
the Doc, runs the same extractor components and writes the same tables, with
the same number of worker processes.
"""

from __future__ import annotations

import resource
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from pipeline import write
from pipeline.clean import clean
from pipeline.errors import ArticleRejected
from pipeline.extract import build_nlp, extract
from pipeline.load import iter_input_files, read_documents
from pipeline.settings import Settings
from pipeline.tokenise import tokenise


def _process(task: tuple[str, str], settings: Settings):
    from underthesea import ner

    path, source = task
    out = []
    for raw in read_documents(Path(path), source, settings):
        try:
            article = clean(raw, settings)
        except ArticleRejected:
            continue
        doc = tokenise(article, settings)  # the same Doc thidua makes, then ner on every one of its sentences
        doc.user_data["ner"] = [ner(sent.text) for sent in doc.sents]
        out.append(write.result_from_doc(extract(doc, settings), article))
    return out, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _init(settings: Settings) -> None:
    from underthesea import ner

    build_nlp(settings.components)
    ner("Khởi động mô hình.")  # load the models before the clock matters to a task


def run_obvious(input_dir: Path, output_dir: Path, settings: Settings, jobs: int) -> dict:
    """Process every file of `input_dir` the obvious way; seconds, articles and peak worker memory."""
    t0 = time.perf_counter()
    tasks = [(str(p), src) for p, src in iter_input_files(input_dir)]
    results, peak = [], 0.0
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init, initargs=(settings,)) as pool:
        for file_results, rss in pool.map(_process, tasks, [settings] * len(tasks), chunksize=4):
            results.extend(file_results)
            peak = max(peak, rss)
    write.write_outputs(results, write.prepare_output_dir(output_dir), settings.formats, {"command": "bench obvious"})
    return {"seconds": time.perf_counter() - t0, "articles": len(results), "peak_rss_mb": peak}
