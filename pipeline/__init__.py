"""thidua: Vietnamese news on emulation and commendation into structured, checkable tables."""

import logging

from .run import run
from .scrape import scrape
from .settings import Settings, load_settings

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["run", "scrape", "load_settings", "Settings"]
