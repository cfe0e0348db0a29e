"""What a decision is: kept, or removed with its reason and the blocks that cover it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Reason(str, Enum):
    """Why a block was removed. Each value is also the name used in reports.

    :attr:`meaning` says what each one means, in the sentence reports show.

    >>> Reason.ADJACENT.meaning
    'A repeat of the kept block right before it.'
    """

    EXACT = "exact"
    ADJACENT = "adjacent"
    NEAR = "near"
    TRUNCATED = "truncated"
    CONTAINED = "contained"
    MERGED = "merged"
    RUN = "run"
    BOILERPLATE = "boilerplate"

    def __str__(self) -> str:
        return self.value

    @property
    def meaning(self) -> str:
        """What the reason means: one sentence, the one definition reports show."""
        return _MEANINGS[self]


# Each reason's meaning, kept beside the enum so a new reason cannot ship without one.
_MEANINGS: dict[Reason, str] = {
    Reason.EXACT: "The same text as an earlier block, after folding.",
    Reason.ADJACENT: "A repeat of the kept block right before it.",
    Reason.NEAR: (
        "Differs from an earlier block only in case, punctuation, spacing or function words."
    ),
    Reason.TRUNCATED: "Cut short with ``...`` or ``Read more``; a complete block says it all.",
    Reason.CONTAINED: "A longer kept block holds it word for word.",
    Reason.MERGED: "Several finer-grained kept blocks together say every word of it.",
    Reason.RUN: "A label or code line inside a repeated run of blocks.",
    Reason.BOILERPLATE: "Site chrome: a site profile saw it on many of the site's pages (opt-in).",
}


@dataclass(frozen=True, slots=True)
class Decision:
    """What happens to one block: kept, or removed with its reason and covers."""

    kept: bool = True
    reason: Reason | None = None
    twin: int | None = None
    """The block it was matched with (before following chains)."""
    parts: tuple[int, ...] = ()
    """For a merged line, every block that together covers it."""
    site: str | None = None
    """For boilerplate, the site whose profile removed it."""
    site_pages: int = 0
    """For boilerplate, on how many of the site's pages the profile saw it."""

    @property
    def covers(self) -> tuple[int, ...]:
        """The blocks that cover this one: every part of a merged line, else its twin.

        >>> Decision(kept=False, twin=3).covers, Decision(kept=False, twin=3, parts=(1, 2)).covers
        ((3,), (1, 2))
        """
        return self.parts or (() if self.twin is None else (self.twin,))


KEPT = Decision()
"""The decision for every block that stays (shared: decisions are immutable)."""


# Reasons found by comparing words rather than whole keys. Only these remove a
# group's first block, which can change what the other passes see; a run that
# removed no first block is already a fixed point.
_WORD_REASONS = frozenset({Reason.NEAR, Reason.TRUNCATED, Reason.CONTAINED, Reason.MERGED})
