"""What :func:`dedup.analyze` returns: every block, its fate and the reason."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass

from dedup.decide import Reason

__all__ = ["Analysis", "BlockReport"]


@dataclass(frozen=True, slots=True)
class BlockReport:
    r"""One input block: its text, whether it stays, and if not, why.

    A block is named by ``line``: the input line it is on, numbered from 1 as
    an editor numbers a file whose lines end in ``\n``, ``\r\n`` or ``\r``.
    The explain JSON, ``dedup explain`` and the HTML report give the same
    numbers. ``\r\n`` counts as one line break, and so do a lone ``\r``,
    ``\n``, U+2028 and U+2029 (which many editors do not break at). Nothing
    else ends a line: not U+0085, nor the ``\v``, ``\f`` and ``\x1c``-``\x1e``
    that :meth:`str.splitlines` splits on. So ``dedup.normalize(text)``, split
    at ``\n``, holds the block's ``normalized`` text at ``line - 1``. ``index``
    is the block's position in :attr:`Analysis.blocks`, from 0, for code that
    walks that tuple; no report shows it.

    ``covered_by_line`` is the line of the kept block that says what this one
    said; for a merged line, ``covered_by_lines`` lists every kept block that
    together covers it. :meth:`Analysis.at_line` gives the block on a line.
    ``matched_line`` is the block it was matched with before following chains
    (a repeat of a repeat points at the second, say), and ``score`` is the
    rapidfuzz similarity of the two, from 0 to 100.

    A block removed as site boilerplate (reason ``boilerplate``, only with a
    site profile) has no covering block on the page; ``site`` names the site
    and ``site_pages`` on how many of its pages the profile saw the block.

    ``folds`` names the fold steps that changed the block on its way to the
    output, in pipeline order (``("repair_mojibake", "fold_quotes")``); they
    are the names of :class:`~dedup.CleanConfig`'s fields.

    >>> from dedup import analyze
    >>> [copy] = analyze("Same caption, twice\r\n\r\nSame caption, twice\n").removed
    >>> copy.line, copy.covered_by_line, copy.covered_by_lines, copy.index
    (3, 1, (1,), 1)
    """

    index: int
    line: int
    original: str
    normalized: str
    kept: bool
    reason: Reason | None = None
    covered_by_line: int | None = None
    covered_by_lines: tuple[int, ...] = ()
    matched_line: int | None = None
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
    >>> result.removed[0].reason, result.removed[0].covered_by_line
    (<Reason.ADJACENT: 'adjacent'>, 1)
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

    def at_line(self, line: int) -> BlockReport:
        """Return the block on input line ``line`` (from 1), such as a removal's cover.

        >>> from dedup import analyze
        >>> result = analyze("A caption seen twice\\n\\nA caption seen twice\\n")
        >>> result.at_line(result.removed[0].covered_by_line).kept
        True
        >>> result.at_line(2)
        Traceback (most recent call last):
        ...
        KeyError: 'no block on line 2 (blank, or past the end); pass the line of a block: 1, 3'
        """
        # Blocks are in input order, one per non-blank line.
        found = bisect_left(self.blocks, line, key=_line_of)
        if found < len(self.blocks) and self.blocks[found].line == line:
            return self.blocks[found]
        lines = ", ".join(str(block.line) for block in self.blocks[:20])
        more = ", ..." if len(self.blocks) > 20 else ""
        raise KeyError(
            f"no block on line {line} (blank, or past the end); pass the line of a "
            f"block: {lines or 'the page has none'}{more}"
        )

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


def _line_of(block: BlockReport) -> int:
    return block.line
