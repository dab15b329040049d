"""Settings: defaults from defaults.cfg, a user's file laid over them, one frozen object."""

from __future__ import annotations

import configparser
import os
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

from .errors import SettingsError

_DEFAULTS = "defaults.cfg"


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(",") if v.strip())


@dataclass(frozen=True, slots=True)
class Settings:
    jobs: int = 0
    components: tuple[str, ...] = ()
    max_bytes: int = 20_000_000
    max_chars: int = 5_000_000
    suffixes: tuple[str, ...] = (".txt", ".html", ".htm", ".json", ".jsonl")
    min_letters: int = 20
    min_vietnamese_ratio: float = 0.02
    word_segmentation: str = "gated"
    max_sentence_chars: int = 1500
    formats: tuple[str, ...] = ("parquet", "csv")
    layout: str = "files"
    part_articles: int = 5000
    engine: str = "local"
    scheduler: str = ""
    cache: bool = True
    duplicate_threshold: float = 0.5
    duplicate_num_perm: int = 64
    duplicate_shingle_words: int = 5
    force: bool = False              # not from the config file: reprocess every file, cache or not
    # [scrape]: see defaults.cfg
    scrape_user_agent: str = "thidua/{version}"
    scrape_delay: float = 1.0
    scrape_per_host: int = 1
    scrape_concurrency: int = 8
    scrape_timeout: float = 20.0
    scrape_retries: int = 3
    scrape_backoff: float = 1.0
    scrape_max_wait: float = 60.0
    scrape_max_bytes: int = 10_000_000
    scrape_max_redirects: int = 10
    scrape_content_types: tuple[str, ...] = ("text/html", "application/xhtml+xml")
    scrape_max_sitemap_depth: int = 5
    # not from the config file: filled by the CLI so the manifest can say how the run was made
    command: str = ""
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def effective_jobs(self) -> int:
        return self.jobs if self.jobs > 0 else (os.cpu_count() or 1)

    def with_(self, **changes) -> "Settings":
        return replace(self, **changes)


def load_settings(user_file: Path | None = None, **overrides) -> Settings:
    """Build settings from the packaged defaults, a user's config file and keyword overrides."""
    parser = configparser.ConfigParser()
    parser.read_string(resources.files(__package__).joinpath(_DEFAULTS).read_text(encoding="utf-8"))
    if user_file is not None:
        if not Path(user_file).is_file():
            raise SettingsError(f"config file {user_file} not found; pass an existing INI file to --config")
        parser.read(user_file, encoding="utf-8")
    try:
        values = dict(
            jobs=parser.getint("run", "jobs"),
            components=_split(parser.get("run", "components")),
            max_bytes=parser.getint("load", "max_bytes"),
            max_chars=parser.getint("load", "max_chars"),
            suffixes=tuple(s.lower() for s in _split(parser.get("load", "suffixes"))),
            min_letters=parser.getint("clean", "min_letters"),
            min_vietnamese_ratio=parser.getfloat("clean", "min_vietnamese_ratio"),
            word_segmentation=parser.get("tokenise", "word_segmentation"),
            max_sentence_chars=parser.getint("tokenise", "max_sentence_chars", fallback=1500),
            formats=_split(parser.get("write", "formats")),
            layout=parser.get("write", "layout"),
            part_articles=parser.getint("write", "part_articles"),
            engine=parser.get("run", "engine"),
            scheduler=parser.get("run", "scheduler"),
            cache=parser.getboolean("run", "cache"),
            duplicate_threshold=parser.getfloat("duplicates", "threshold"),
            duplicate_num_perm=parser.getint("duplicates", "num_perm"),
            duplicate_shingle_words=parser.getint("duplicates", "shingle_words"),
            scrape_user_agent=parser.get("scrape", "user_agent"),
            scrape_delay=parser.getfloat("scrape", "delay"),
            scrape_per_host=parser.getint("scrape", "per_host"),
            scrape_concurrency=parser.getint("scrape", "concurrency"),
            scrape_timeout=parser.getfloat("scrape", "timeout"),
            scrape_retries=parser.getint("scrape", "retries"),
            scrape_backoff=parser.getfloat("scrape", "backoff"),
            scrape_max_wait=parser.getfloat("scrape", "max_wait"),
            scrape_max_bytes=parser.getint("scrape", "max_bytes"),
            scrape_max_redirects=parser.getint("scrape", "max_redirects"),
            scrape_content_types=tuple(t.lower() for t in _split(parser.get("scrape", "content_types"))),
            scrape_max_sitemap_depth=parser.getint("scrape", "max_sitemap_depth"),
        )
    except (configparser.Error, ValueError) as exc:
        raise SettingsError(f"bad setting: {exc}") from exc
    values.update({k: v for k, v in overrides.items() if v is not None})
    if values["word_segmentation"] not in {"gated", "all", "none"}:
        raise SettingsError("tokenise.word_segmentation must be gated, all or none")
    if values["engine"] not in {"local", "dask"}:
        raise SettingsError("run.engine must be local or dask")
    if values["engine"] == "dask" and not values["scheduler"]:
        raise SettingsError("--engine dask needs --scheduler tcp://HOST:8786 (the address of a running Dask scheduler)")
    if values["layout"] not in {"files", "dataset"}:
        raise SettingsError("write.layout must be files or dataset")
    if values["part_articles"] < 1:
        raise SettingsError("write.part_articles must be at least 1")
    unknown = set(values["formats"]) - {"parquet", "csv"}
    if unknown:
        raise SettingsError(f"unknown output format(s) {sorted(unknown)}; use parquet and/or csv")
    if values["scrape_per_host"] < 1 or values["scrape_concurrency"] < 1:
        raise SettingsError("scrape.per_host and scrape.concurrency must be at least 1")
    if min(values["scrape_delay"], values["scrape_backoff"], values["scrape_max_wait"], values["scrape_retries"]) < 0 or values["scrape_timeout"] <= 0:
        raise SettingsError("scrape.delay, backoff, max_wait and retries must be 0 or more, and scrape.timeout above 0")
    return Settings(**values)
