"""thidua: Vietnamese news on emulation and commendation into structured, checkable tables."""

import logging

from .events import events
from .export import export_sqlite
from .query import query
from .report import report
from .run import run
from .scrape import scrape
from .settings import Settings, load_settings

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["run", "scrape", "report", "events", "export_sqlite", "query", "load_settings", "Settings"]
