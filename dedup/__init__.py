"""pagededup: fold typography and remove repeated blocks from scraped text.

The pipeline, one module per stage::

    normalize -> blocks -> candidates -> verify -> decide -> rebuild

>>> import dedup
>>> page = "Breaking: storm hits the coast tonight\\nBreaking: storm hits the coast tonight…\\n"
>>> dedup.clean(page)
'Breaking: storm hits the coast tonight\\n'
"""

from __future__ import annotations

from dedup._version import __version__
from dedup.analysis import Analysis, BlockReport, analyze, clean, normalize
from dedup.batch import clean_many
from dedup.config import CleanConfig, ProfileConfig
from dedup.decide import Reason
from dedup.site import ProfileError, SiteProfile, StreamingSiteProfile

__all__ = [
    "Analysis",
    "BlockReport",
    "CleanConfig",
    "ProfileConfig",
    "ProfileError",
    "Reason",
    "SiteProfile",
    "StreamingSiteProfile",
    "__version__",
    "analyze",
    "clean",
    "clean_many",
    "normalize",
]
