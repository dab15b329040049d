"""Benchmark: thidua's throughput on one machine and on Dask, against the obvious pipeline, in one run.

    PYTHONPATH=. python bench/run.py                 # the full benchmark (2,000 articles; 5–15 min on 2 cores)
    PYTHONPATH=. python bench/run.py --quick         # a smaller smoke run of every figure

Prints a Markdown table and writes it, with the raw figures, to bench/out/.
Every `thidua run` is the real command in a fresh process (start-up included)
into a fresh output folder (so the cache starts empty), on a corpus built by bench/make_corpus.py (the sample
articles with their people and numbers changed, so no two texts are equal).
Ratios are meaningful on a busy machine; absolute figures need a quiet one.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(BENCH))

from make_corpus import make_corpus  # noqa: E402

CLI = [sys.executable, "-c", "from pipeline.cli import main; main()"]


def cpu_seconds() -> float:
    """CPU time of this process and of every finished child and grandchild (thidua and its workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def thidua_run(input_dir: Path, output_dir: Path, *args: str, fresh: bool = True) -> dict:
    """`thidua run` in a fresh process: wall seconds, CPU seconds (all its processes) and its manifest."""
    if fresh:
        shutil.rmtree(output_dir, ignore_errors=True)
    t0, c0 = time.perf_counter(), cpu_seconds()
    subprocess.run([*CLI, "run", str(input_dir), "-o", str(output_dir), "-q", "--no-progress", *args],
                   check=True, env=dict(os.environ, PYTHONPATH=str(REPO)))
    return {"seconds": time.perf_counter() - t0, "cpu": cpu_seconds() - c0,
            "manifest": json.loads((output_dir / "manifest.json").read_text(encoding="utf-8"))}


def subset(corpus: Path, n: int, folder: Path) -> Path:
    """The first n articles of the corpus, as their own folder (hard links: no copy)."""
    if folder.is_dir() and len(list(folder.iterdir())) == n:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for path in sorted(corpus.iterdir())[:n]:
        os.link(path, folder / path.name)
    return folder


def rate(n: int, seconds: float) -> float:
    return n / seconds if seconds else float("inf")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=2000, help="articles in the main corpus [2000]")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--base", type=int, default=125, help="1× of the linearity series (1×, 4×, 16×) [125 → 2000]")
    ap.add_argument("--obvious-n", type=int, default=100,
                    help="articles given to the obvious pipeline (it runs ~2 articles/s; its rate is per article) [100]")
    ap.add_argument("--repeat", type=int, default=2,
                    help="runs of each corpus size in the linearity series; the fastest counts (a VM's speed drifts) [2]")
    ap.add_argument("--no-dask", action="store_true", help="skip the Dask LocalCluster run")
    ap.add_argument("--quick", action="store_true", help="n=400, base=25, obvious-n=20")
    ap.add_argument("--out", type=Path, default=BENCH / "out")
    args = ap.parse_args()
    if args.quick:
        args.n, args.base, args.obvious_n = 400, 25, 20
    out = args.out
    out.mkdir(parents=True, exist_ok=True)

    corpus = out / f"corpus-{args.n}"
    if not corpus.is_dir() or len(list(corpus.iterdir())) != args.n:
        shutil.rmtree(corpus, ignore_errors=True)
        make_corpus(REPO / "corpus", corpus, args.n)
    n_bytes = sum(p.stat().st_size for p in corpus.iterdir())
    figures: dict = {"machine": f"{platform.node()} {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}",
                     "corpus": f"{args.n} articles, {n_bytes / 1e6:.1f} MB"}
    rows = []

    # 1. thidua, local engine, the linearity series (its 16× point is the main figure)
    series = []
    for factor in (1, 4, 16):
        n = min(args.base * factor, args.n)
        folder = corpus if n == args.n else subset(corpus, n, out / f"corpus-{n}")
        runs = [thidua_run(folder, out / f"thidua-{n}", "--jobs", str(args.jobs)) for _ in range(max(args.repeat, 1))]
        res = min(runs, key=lambda r: r["seconds"])
        series.append((factor, n, res))
        print(f"thidua --jobs {args.jobs}, {n} articles: " + ", ".join(f"{r['seconds']:.1f} s" for r in runs)
              + f" (fastest {res['seconds']:.1f} s, {res['cpu']:.1f} CPU-s)", file=sys.stderr)
    main_n, main_res = series[-1][1], series[-1][2]
    thidua_rate = rate(main_n, main_res["seconds"])
    thidua_cpu_rate = rate(main_n, main_res["cpu"] / args.jobs)
    manifest = main_res["manifest"]
    rows.append((f"thidua run --jobs {args.jobs} ({main_n} articles)", f"{thidua_rate:.1f} articles/s",
                 f"{main_res['seconds']:.1f} s wall, start-up included, fastest of {max(args.repeat, 1)}; statuses {manifest['statuses']}"))
    rows.append((f"the same, from CPU time: {args.jobs} cores wholly ours", f"{thidua_cpu_rate:.1f} articles/s",
                 f"{main_res['cpu']:.1f} CPU-s in all processes = {1000 * main_res['cpu'] / main_n:.1f} ms per article"))
    rows.append(("peak memory per worker process", f"{manifest['peak_rss_mb']['largest_worker']:.0f} MB",
                 f"largest of {manifest['peak_rss_mb']['workers']} workers (ru_maxrss)"))
    stage = manifest["seconds_per_stage"]
    busy = sum(v for k, v in stage.items() if k != "write")
    rows.append(("where worker time goes", ", ".join(f"{k} {100 * v / busy:.0f} %" for k, v in sorted(stage.items(), key=lambda kv: -kv[1]) if k != "write"),
                 f"{1000 * busy / main_n:.1f} ms of worker time per article"))

    # 2. the obvious pipeline, same processes, same rules
    if args.obvious_n:
        from obvious import run_obvious
        from pipeline.settings import load_settings

        folder = subset(corpus, args.obvious_n, out / f"corpus-{args.obvious_n}")
        print(f"obvious pipeline, {args.obvious_n} articles …", file=sys.stderr)
        c0 = cpu_seconds()
        res = run_obvious(folder, out / "obvious", load_settings(jobs=args.jobs), args.jobs)
        obvious_cpu = cpu_seconds() - c0
        obvious_rate = rate(res["articles"], res["seconds"])
        obvious_cpu_rate = rate(res["articles"], obvious_cpu / args.jobs)
        rows.append((f"obvious pipeline, {args.jobs} processes ({args.obvious_n} articles)", f"{obvious_rate:.1f} articles/s",
                     f"underthesea ner on every sentence, then the same rules; {1000 * obvious_cpu / res['articles']:.0f} ms CPU "
                     f"per article ({obvious_cpu_rate:.1f} articles/s from CPU time); peak {res['peak_rss_mb']:.0f} MB per worker"))
        rows.append(("speed-up over the obvious pipeline", f"{thidua_rate / obvious_rate:.1f}× wall, {thidua_cpu_rate / obvious_cpu_rate:.1f}× CPU",
                     "target ≥ 10×"))

    # 3. linearity
    n1, n4, n16 = (n for _, n, _ in series)
    for kind, unit in (("seconds", "s wall"), ("cpu", "CPU-s")):
        t1, t4, t16 = (r[kind] for _, _, r in series)
        rows.append((f"1×, 4×, 16× corpus ({n1} / {n4} / {n16} articles)", f"{t1:.1f} / {t4:.1f} / {t16:.1f} {unit}",
                     f"{rate(n1, t1):.0f} / {rate(n4, t4):.0f} / {rate(n16, t16):.0f} articles per {unit.split()[0]}"))
        if n16 > n4 > n1:
            marginal_a, marginal_b = (t4 - t1) / (n4 - n1), (t16 - t4) / (n16 - n4)
            rows.append((f"{unit} per extra article, 1×→4× and 4×→16×", f"{1000 * marginal_a:.1f} / {1000 * marginal_b:.1f} ms",
                         f"linear when equal; fixed start-up ≈ {t1 - n1 * marginal_a:.1f} {unit}"))

    # 4. the same corpus on Dask: a LocalCluster of the same size, the real CLI pointed at its scheduler
    if not args.no_dask:
        try:
            from distributed import LocalCluster
        except ImportError:
            rows.append(("Dask engine", "skipped", "pip install 'thidua[dask]'"))
        else:
            with LocalCluster(n_workers=args.jobs, threads_per_worker=1, processes=True, dashboard_address=None,
                              silence_logs=logging.CRITICAL) as cluster:
                res = thidua_run(corpus, out / "dask", "--engine", "dask", "--scheduler", cluster.scheduler_address)
            m = res["manifest"]
            rows.append((f"thidua run --engine dask, LocalCluster {args.jobs} workers ({args.n} articles)",
                         f"{rate(args.n, res['seconds']):.1f} articles/s",
                         f"{res['seconds']:.1f} s wall (cluster already up); {m['parts']} Parquet parts; "
                         f"peak {m['peak_rss_mb']['largest_worker']:.0f} MB per worker"))

    # 5. incremental: the main corpus again with the cache, after a first cached run
    res = thidua_run(corpus, out / f"thidua-{main_n}", "--jobs", str(args.jobs), fresh=False)
    again = res["manifest"]
    rows.append((f"re-run over the same {main_n} articles (cache)", f"{res['seconds']:.1f} s",
                 f"{again['files_processed']} processed, {again['files_from_cache']} from cache; {res['cpu']:.1f} CPU-s"))

    table = ["| figure | value | notes |", "|---|---:|---|"] + [f"| {a} | {b} | {c} |" for a, b, c in rows]
    text = "\n".join([f"machine: {figures['machine']}; corpus: {figures['corpus']}", "", *table])
    print(text)
    (out / "results.md").write_text(text + "\n", encoding="utf-8")
    (out / "results.json").write_text(json.dumps({"figures": figures, "rows": rows}, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
