"""The `thidua` command line: declares arguments, builds settings, calls the library, maps errors."""

from __future__ import annotations

import functools
import json
import logging
import shlex
import sys
from pathlib import Path

import click

from .errors import ThiduaError
from .settings import Settings, load_settings


def settings_from_args(config: Path | None, **overrides) -> Settings:
    """The only bridge from CLI flags to `Settings`."""
    command = "thidua " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    return load_settings(config, command=command, **overrides)


def _logging(quiet: int, verbose: int) -> None:
    level = logging.WARNING - 10 * verbose + 10 * quiet
    logging.basicConfig(level=max(level, logging.DEBUG), format="%(levelname)s %(name)s: %(message)s")


def logging_options(fn):
    """-q/-v, shared by every command."""
    @click.option("-q", "--quiet", count=True, help="Less output: warnings off (-q), errors only (-qq).")
    @click.option("-v", "--verbose", count=True, help="More output: progress details (-v), debugging (-vv).")
    @functools.wraps(fn)
    def wrapper(*args, quiet: int, verbose: int, **kwargs):
        _logging(quiet, verbose)
        try:
            return fn(*args, quiet=quiet, **kwargs)
        except ThiduaError as exc:
            raise click.ClickException(str(exc)) from exc
    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="thidua")
def main():
    """thidua: Vietnamese news about emulation and commendation (thi đua, khen
    thưởng) into tables you can check.

    Start with `thidua run corpus/ -o outputs/`, then `thidua evaluate` to score
    the tables against gold annotations. Each command has its own --help.
    """


# --- run ---
@main.command()
@click.argument("input_path", metavar="INPUT")
@click.option("-o", "--output", "output_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the tables (created if missing; existing tables are replaced atomically).")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=None,
              help="Worker processes [default: one per CPU core; 0 means the same].")
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="INI file laid over the defaults (see pipeline/defaults.cfg).")
@click.option("--progress/--no-progress", default=None, help="Progress bar [default: only on a terminal].")
@click.option("--force", is_flag=True, default=None, help="Reprocess every file, even those the cache already holds.")
@click.option("--cache/--no-cache", default=None,
              help="Keep each file's results in OUTPUT/.thidua-cache/ so a re-run processes only changed files [default: on].")
@click.option("--engine", type=click.Choice(["local", "dask"]), default=None,
              help="local: worker processes on this machine [default]; dask: a Dask cluster (needs --scheduler).")
@click.option("--scheduler", default=None, metavar="ADDRESS", help="The Dask scheduler, e.g. tcp://10.0.0.5:8786.")
@click.option("--layout", type=click.Choice(["files", "dataset"]), default=None,
              help="files: one file per table [default]; dataset: <table>/part-*.parquet written as the run goes "
                   "[default with --engine dask].")
@logging_options
def run(input_path: str, output_dir: Path, jobs: int | None, config: Path | None, progress: bool | None,
        force: bool | None, cache: bool | None, engine: str | None, scheduler: str | None, layout: str | None, quiet: int):
    """Extract officials, awards and themes from every article under INPUT.

    INPUT is a folder (read recursively; dot-files and dot-folders are skipped)
    or one file: .txt (article text), .html/.htm (main text pulled out with
    trafilatura), .json/.jsonl (records with "text" or "html", optional "url",
    "title", "published"). Every file gets a row in `articles`, with a status
    and a reason when it could not be read.

    Writes articles, officials, awards and themes as Parquet and CSV, plus
    manifest.json, to the output folder (see the output contract in README.md).
    A re-run over the same folder processes only new or changed files, and an
    interrupted run resumes; INPUT may also be an fsspec URL (s3://bucket/news/).

    Example:

        thidua run corpus/ -o outputs/ --jobs 2

        thidua run /shared/news -o /shared/out --engine dask --scheduler tcp://10.0.0.5:8786
    """
    from .run import run as run_pipeline

    if layout is None and engine == "dask":
        layout = "dataset"
    settings = settings_from_args(config, jobs=jobs, force=force, cache=cache, engine=engine, scheduler=scheduler,
                                  layout=layout)
    summary = run_pipeline(input_path, output_dir, settings, progress=progress)
    if quiet < 1:
        counts = ", ".join(f"{n} {status}" for status, n in sorted(summary.statuses.items())) or "no files"
        rows = summary.manifest.get("rows") or {}
        click.echo(f"{summary.n_files} files → {counts} in {summary.seconds:.1f}s; tables in {output_dir}/", err=True)
# --- end run ---


# --- evaluate ---
@main.command()
@click.option("--gold", "gold_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Gold annotations (JSON Lines, one object per article, keyed by source).")
@click.option("--outputs", "outputs_dir", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="A folder written by `thidua run`.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON instead of a table.")
@click.option("--details", is_flag=True, help="Also list every missed and spurious item, per score.")
@logging_options
def evaluate(gold_path: Path, outputs_dir: Path, as_json: bool, details: bool, quiet: int):
    """Score the tables in --outputs against --gold: precision, recall and F1 of
    count facts, award mentions, recipients, officials, positions and themes,
    and the accuracy of province, province_2025 and event_date (the rules of
    the evaluation spec).

    Example:

        thidua evaluate --gold ../shared/gold/seeds.jsonl --outputs outputs/

    Add --details to see what was missed and what was spurious, item by item.
    """
    from .evaluate import evaluate as evaluate_outputs, format_table

    result = evaluate_outputs(gold_path, outputs_dir)
    if as_json:
        click.echo(json.dumps(result.to_dict(details), ensure_ascii=False, indent=2, default=str))
    else:
        click.echo(format_table(result, details))
# --- end evaluate ---


# --- scrape ---
@main.command()
@click.argument("urls_file", metavar="[URLS]", required=False,
                type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path))
@click.option("-o", "--output", "output_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the records (created if missing); a later scrape into it resumes.")
@click.option("--sitemap", "sitemaps", multiple=True, metavar="URL", help="A sitemap or sitemap index (repeatable).")
@click.option("--feed", "feeds", multiple=True, metavar="URL", help="An RSS or Atom feed (repeatable).")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Leave out sitemap and feed entries dated before this day (YYYY-MM-DD).")
@click.option("--refresh", is_flag=True, help="Fetch stored pages again (an unchanged page costs a 304).")
@click.option("--reextract", is_flag=True, help="Rebuild the records from the stored raw pages; fetches nothing.")
@click.option("--delay", type=click.FloatRange(min=0), default=None,
              help="Seconds between two requests to one host [default: 1; a longer robots.txt Crawl-delay wins].")
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="INI file laid over the defaults (see [scrape] in pipeline/defaults.cfg).")
@click.option("--progress/--no-progress", default=None, help="Progress bar [default: only on a terminal].")
@logging_options
def scrape(urls_file: Path | None, output_dir: Path, sitemaps: tuple[str, ...], feeds: tuple[str, ...], since,
           refresh: bool, reextract: bool, delay: float | None, config: Path | None, progress: bool | None, quiet: int):
    """Fetch news pages into a folder of JSON records that `thidua run` reads.

    URLS is a text file, one URL a line (# starts a comment; - reads stdin);
    --sitemap and --feed add the pages they list. Requests are polite: robots.txt
    is obeyed, one request per second per host, retries back off. Each page
    becomes <host>/<name>.json (url, final_url, fetched_at, http_status, title,
    published, author, sitename, text), its raw HTML is kept gzip-compressed in
    .scrape/raw/, and .scrape/manifest.jsonl records every URL with its outcome.
    Running again resumes: stored pages are not fetched again unless --refresh.

    Example:

    \b
        thidua scrape urls.txt -o corpus/web
        thidua run corpus/web -o outputs/
    """
    from .scrape import scrape as scrape_pages

    if not (urls_file or sitemaps or feeds or reextract):
        raise click.UsageError("give a file of URLs, --sitemap URL or --feed URL (or --reextract)")
    settings = settings_from_args(config, scrape_delay=delay)
    summary = scrape_pages(urls_file, output_dir, settings, sitemaps=sitemaps, feeds=feeds,
                           since=since.date() if since else None, refresh=refresh, reextract=reextract, progress=progress)
    if quiet < 1:
        click.echo(summary.line(), err=True)
# --- end scrape ---


# --- report ---
@main.command()
@click.argument("outputs_dir", metavar="OUTPUTS", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", "report_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the site (created; a previous report there is replaced whole).")
@logging_options
def report(outputs_dir: Path, report_dir: Path, quiet: int):
    """Build a static HTML report of the tables in OUTPUTS (a folder written by
    `thidua run`): an overview with charts and sortable tables, one page per
    article with its text, highlighted spans and award rows (a click shows a
    row's sentence), and the events several articles report, side by side.
    The pages open from disk with no network.

    Example:

        thidua report outputs/ -o report/
    """
    from .report import report as build_report

    index = build_report(outputs_dir, report_dir)
    if quiet < 1:
        click.echo(f"report in {index}", err=True)
# --- end report ---


# --- export ---
@main.group()
def export():
    """Export the tables of a run to other formats (see `thidua export sqlite --help`)."""


@export.command("sqlite")
@click.argument("outputs_dir", metavar="OUTPUTS", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("db_path", metavar="DATABASE", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--metadata", "metadata_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Datasette metadata file [default: DATABASE's name + .metadata.json, beside it].")
@logging_options
def export_sqlite(outputs_dir: Path, db_path: Path, metadata_path: Path | None, quiet: int):
    """Write every table of OUTPUTS (and `events`) to the SQLite file DATABASE,
    list columns as JSON, with full-text search on evidence, names, themes and
    article text, plus a Datasette metadata file (column descriptions, canned
    queries). An existing DATABASE is replaced.

    Example:

        thidua export sqlite outputs/ thidua.db && datasette thidua.db -m thidua.metadata.json
    """
    from .export import export_sqlite as export_tables

    result = export_tables(outputs_dir, db_path, metadata_path)
    if quiet < 1:
        counts = ", ".join(f"{n} {t}" for t, n in result.rows.items())
        click.echo(f"{counts} → {result.db_path}; open it with: datasette {shlex.quote(str(result.db_path))} "
                   f"-m {shlex.quote(str(result.metadata_path))}", err=True)
# --- end export ---


# --- query ---
@main.command()
@click.argument("outputs_dir", metavar="OUTPUTS", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("sql")
@click.option("--csv", "fmt", flag_value="csv", help="Print CSV (list cells joined with \"; \").")
@click.option("--json", "fmt", flag_value="json", help="Print a JSON array of objects.")
@logging_options
def query(outputs_dir: Path, sql: str, fmt: str | None, quiet: int):
    """Run DuckDB SQL over the Parquet tables in OUTPUTS; each table is a view
    of its name (articles, officials, awards, themes, events, and texts, spans).
    Prints a table, or CSV/JSON.

    Example:

        thidua query outputs/ "SELECT province, SUM(n_collectives) FROM awards JOIN articles USING (article_id) GROUP BY 1"
    """
    from .query import formatted, query as run_query

    click.echo(formatted(run_query(outputs_dir, sql), fmt or "table"))
# --- end query ---
