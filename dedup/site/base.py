"""What both site profiles share: thresholds, site keys, and cleaning a page with counts.

:class:`~dedup.site.profile.SiteProfile` counts exactly;
:class:`~dedup.site.streaming.StreamingSiteProfile` counts in bounded memory.
Both decide a page the same way: each block whose key the site's counts call
boilerplate is decided in advance (:func:`boilerplate_preset`), and the rest
of the page is cleaned as :func:`dedup.clean` cleans it.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping

from dedup.analysis import check_text
from dedup.blocks import Block, page_blocks
from dedup.config import CleanConfig, ProfileConfig, resolve_config, resolve_profile_config
from dedup.decide import Decision, Reason
from dedup.site.keys import block_hash, check_key

__all__ = ["ProfileBase", "boilerplate_preset"]

# A float threshold times a page count (0.6 * 5) may land a hair above the
# whole number it means; counts are whole, so this slack changes no real case.
_EPSILON = 1e-9


def boilerplate_preset(
    blocks: list[Block], site: str, pages_of: Callable[[int], int], keep: Callable[[int], bool]
) -> dict[int, Decision]:
    """Decide in advance every block whose key is boilerplate on ``site``.

    ``pages_of(hash)`` is the page count that makes a key boilerplate (0 when
    it is not); ``keep(hash)`` says the page keeps its copy (``keep_first``).

    >>> blocks = page_blocks("Menu\\nStory")
    >>> menu = block_hash(blocks[0].key)
    >>> preset = boilerplate_preset(blocks, "x", lambda h: 3 if h == menu else 0, lambda h: False)
    >>> [(position, d.reason, d.site_pages) for position, d in preset.items()]
    [(0, <Reason.BOILERPLATE: 'boilerplate'>, 3)]
    """
    preset: dict[int, Decision] = {}
    verdicts: dict[int, int] = {}
    for block in blocks:
        if not block.key:
            continue
        digest = block_hash(block.key)
        pages = verdicts.get(digest)
        if pages is None:
            pages = verdicts[digest] = 0 if keep(digest) else pages_of(digest)
        if pages:
            preset[block.position] = Decision(
                kept=False, reason=Reason.BOILERPLATE, site=site, site_pages=pages
            )
    return preset


class ProfileBase(ABC):
    """The thresholds, the site key and the page cleaning both profiles share.

    A subclass says which blocks of a page its counts call boilerplate
    (:meth:`_preset`); everything else is here, once.
    """

    def __init__(
        self, config: ProfileConfig | None, thresholds: Mapping[str, object], key: object
    ) -> None:
        self.config = resolve_profile_config(config, thresholds)
        self.key = check_key(key)
        self.pages_without_site = 0

    @property
    def min_pages(self) -> int:
        """:attr:`ProfileConfig.min_pages <dedup.config.ProfileConfig>`."""
        return self.config.min_pages

    @property
    def min_text_pages(self) -> int:
        """:attr:`ProfileConfig.min_text_pages <dedup.config.ProfileConfig>`."""
        return self.config.min_text_pages

    @property
    def min_fraction(self) -> float:
        """:attr:`ProfileConfig.min_fraction <dedup.config.ProfileConfig>`, as a float."""
        return float(self.config.min_fraction)

    def _settings(self) -> tuple[int, int, float]:
        return self.min_pages, self.min_text_pages, self.min_fraction

    def _describe(self) -> str:
        return (
            f"min_pages={self.min_pages}, min_text_pages={self.min_text_pages}, "
            f"min_fraction={self.min_fraction}"
        )

    def _settings_json(self) -> dict[str, object]:
        return {
            "min_pages": self.min_pages,
            "min_text_pages": self.min_text_pages,
            "min_fraction": self.min_fraction,
        }

    def site_key(self, where: str | None) -> str | None:
        """Return the site key of a page's site, URL or key; ``None`` when it has none.

        >>> from dedup.site import SiteProfile
        >>> SiteProfile().site_key("https://www.example.org/a")
        'www.example.org'
        """
        site = self.key(where)
        if site is not None and not isinstance(site, str):
            raise TypeError(f"key() must return a str or None, not {type(site).__name__}")
        return site or None

    def _need(self, pages: int, label_chars: int) -> Callable[[int | None], int]:
        """Return the page count a key needs, given its longest length on the site's pages.

        A label (under ``label_chars``, the within-page cleaner's own line)
        needs ``min_pages``; text needs ``min_text_pages`` too. An unknown
        length (``None``) is held to text's bar, the safe side.
        """
        label = max(self.min_pages, math.ceil(self.min_fraction * pages - _EPSILON))
        text = max(label, self.min_text_pages)

        def need(length: int | None) -> int:
            return label if length is not None and length < label_chars else text

        return need

    @abstractmethod
    def _preset(
        self, blocks: list[Block], site: str, keep_first: bool, settings: CleanConfig
    ) -> dict[int, Decision] | None:
        """Decide the page's boilerplate blocks; None for a site the counts never saw."""

    def _page(
        self,
        text: object,
        action: str,
        *,
        site: str | None,
        keep_first: object,
        config: CleanConfig | None,
        options: Mapping[str, object],
    ) -> tuple[list[Block], CleanConfig, dict[int, Decision] | None]:
        settings = resolve_config(config, options)
        blocks = page_blocks(check_text(text, action))
        if not isinstance(keep_first, bool):
            raise TypeError(f"keep_first must be True or False, not {keep_first!r}")
        name = self.site_key(site)
        preset = None if name is None else self._preset(blocks, name, keep_first, settings)
        return blocks, settings, preset
