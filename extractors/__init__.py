"""Extractors: one module per thing found, each a spaCy component registered by name.

Importing this package registers every factory (`thidua_awards`, `thidua_officials`…)
with spaCy, so a pipeline can be built from the component names in settings.
"""

from . import awards, dates, officials, places, themes  # noqa: F401  (registration side effect)

__all__ = ["awards", "dates", "officials", "places", "themes"]
