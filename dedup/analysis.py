"""What :func:`dedup.analyze` returns: every block, its fate and the reason."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from dedup.decide import Reason

__all__ = ["Analysis", "BlockReport"]


@dataclass(frozen=True, slots=True)
class BlockReport:
    """One input block: its text, whether it stays, and if not, why.

    ``covered_by`` is the kept block that says what this one said; for a
    merged line, ``covered_by_all`` lists every kept block that together
    covers it. ``matched`` is the block it was matched with before following
    chains (a repeat of a repeat points at the second, say), and ``score`` is
    the rapidfuzz similarity of the two, from 0 to 100.

    A block removed as site boilerplate (reason ``boilerplate``, only with a
    site profile) has no covering block on the page; ``site`` names the site
    and ``site_pages`` on how many of its pages the profile saw the block.

    ``folds`` names the fold steps that changed the block on its way to the
    output, in pipeline order (``("repair_mojibake", "fold_quotes")``); they
    are the names of :class:`~dedup.CleanConfig`'s fields.
    """

    index: int
    line: int
    original: str
    normalized: str
    kept: bool
    reason: Reason | None = None
    covered_by: int | None = None
    covered_by_all: tuple[int, ...] = ()
    matched: int | None = None
    score: float | None = None
    site: str | None = None
    site_pages: int | None = None
    folds: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Analysis:
    """The cleaned text and a report for every block of the input.

    >>> from dedup import analyze
    >>> result = analyze("Breaking news from the capital today\\n"
    ...                  "Breaking news from the capital today\\n")
    >>> result.text
    'Breaking news from the capital today\\n'
    >>> result.removed[0].reason, result.removed[0].covered_by
    (<Reason.ADJACENT: 'adjacent'>, 0)
    >>> result.summary()
    '2 blocks -> 1 kept; removed: 1 adjacent'
    """

    text: str
    blocks: tuple[BlockReport, ...]

    @property
    def kept(self) -> tuple[BlockReport, ...]:
        """The blocks that stay, in input order."""
        return tuple(block for block in self.blocks if block.kept)

    @property
    def removed(self) -> tuple[BlockReport, ...]:
        """The blocks that go, in input order."""
        return tuple(block for block in self.blocks if not block.kept)

    def counts(self) -> dict[str, int]:
        """How many blocks went for each reason, most frequent first."""
        counter = Counter(str(block.reason) for block in self.removed)
        return dict(sorted(counter.items(), key=lambda item: (-item[1], item[0])))

    def summary(self) -> str:
        """One line: blocks in, blocks kept, and removals by reason."""
        head = f"{len(self.blocks)} blocks -> {len(self.kept)} kept"
        counts = self.counts()
        if not counts:
            return head + "; nothing removed"
        return head + "; removed: " + ", ".join(f"{n} {reason}" for reason, n in counts.items())
