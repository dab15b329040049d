"""Errors of thidua, each with a code so a user can search for it."""

from __future__ import annotations


class ThiduaError(Exception):
    """Base class: the run itself cannot proceed (bad arguments, unwritable output…)."""

    code = "T000"

    def __init__(self, message: str):
        super().__init__(f"[{self.code}] {message}")


class SettingsError(ThiduaError):
    code = "T001"


class GazetteerError(ThiduaError):
    """A gazetteer data file has a row the loaders refuse (names the file and row)."""

    code = "T002"


class OutputError(ThiduaError):
    """The output folder cannot be written."""

    code = "T003"


class InputError(ThiduaError):
    """The input path does not exist or holds nothing to read."""

    code = "T004"


class EvaluationError(ThiduaError):
    code = "T005"


class ArticleRejected(Exception):
    """One document cannot be processed; it still gets an `articles` row.

    Raised by a stage, caught in one place (`pipeline.run`), so a bad file never
    stops a run. `status` is one of the contract's statuses.
    """

    def __init__(self, status: str, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


class QueryError(ThiduaError):
    """SQL given to `thidua query` that DuckDB cannot run."""

    code = "T006"


class EngineError(ThiduaError):
    """The chosen engine cannot run (Dask not installed, scheduler unreachable)."""

    code = "T007"


# What the `error` column of an `error` row starts with ("<kind>: <details>"), and what it means.
ARTICLE_ERROR_KINDS = {
    "unreadable": "the path cannot be read: permissions, a broken link, a link loop, a FIFO or device, a folder that cannot be listed",
    "too_large": "the file is above [load] max_bytes, or its text above [load] max_chars (5,000,000 characters by default)",
    "binary": "an image, PDF, archive, Office file or other bytes that are not text",
    "unsupported": "a file type thidua does not read",
    "invalid_json": "a .json/.jsonl file or line that does not parse, or a record with neither text nor html",
    "cleaning failed": "an unexpected error while cleaning this document (a bug: please report it)",
    "extraction failed": "an unexpected error while extracting from this document, or rows that do not fit the contract (a bug: please report it)",
}
