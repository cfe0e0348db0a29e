"""Stage 6's report side: :func:`clean` and :func:`analyze`, and what they return.

Every block, its fate and the reason; the entry points that run the
pipeline and assemble the report live here, and ``dedup`` re-exports them.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from dedup.blocks import Block, page_blocks
from dedup.config import CleanConfig, resolve_config
from dedup.decide import Decision, Reason, decide, score
from dedup.normalize import fold_and_explain, folds_of, normalize_page
from dedup.rebuild import rebuild

__all__ = [
    "Analysis",
    "BlockReport",
    "analyze",
    "analyze_blocks",
    "check_text",
    "clean",
    "clean_blocks",
    "normalize",
]


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


_BYTES_MESSAGE = (
    "{name}() takes text (str), not {kind}. Decode it first, for example: "
    '{name}(data.decode("utf-8", errors="replace"))'
)


def check_text(text: object, name: str) -> str:
    """Return ``text`` if it is a str; otherwise raise a TypeError that says what to pass.

    ``name`` is the public function the text was given to, for the message.

    >>> check_text("page", "clean")
    'page'
    >>> check_text(b"page", "clean")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    TypeError: clean() takes text (str), not bytes. Decode it first, ...
    """
    if isinstance(text, str):
        return text
    if isinstance(text, (bytes, bytearray, memoryview)):
        raise TypeError(_BYTES_MESSAGE.format(name=name, kind=type(text).__name__))
    raise TypeError(
        f"{name}() takes the page text as a str, not {type(text).__name__}; "
        f"pass one page at a time, e.g. {name}(page_text)"
    )


def normalize(text: str, *, config: CleanConfig | None = None, **options: object) -> str:
    r"""Fold typographic variants into plain forms; remove nothing.

    Quotes, dashes, ellipses, exotic spaces, invisible characters, full-width
    letters, ligatures, leftover HTML entities and mojibake are folded, each
    step as its :class:`CleanConfig` field says (``fold=False`` turns them
    all off). Lines are stripped, except for the indentation that carries
    structure (``keep_indentation``), control characters are dropped, and
    every kind of line break becomes ``\n``. Line count is unchanged; each
    line is written as :func:`clean` writes it.

    >>> normalize("It’s “fine” — really…\u00a0&amp; more")
    'It\'s "fine" -- really... & more'
    >>> normalize("It’s “fine” — really…", fold_dashes=False)
    'It\'s "fine" — really...'
    >>> normalize("It’s “fine”\n  — really…", fold=False)
    'It’s “fine”\n— really…'
    """
    settings = resolve_config(config, options)
    return normalize_page(check_text(text, "normalize"), settings)


def analyze(text: str, *, config: CleanConfig | None = None, **options: object) -> Analysis:
    """Clean ``text`` and report, for every block, what happened to it and why.

    ``analyze(text).text == clean(text)``. Each removed block names the kept
    block that covers it, the reason and the similarity score. Blocks are
    named by input line, numbered from 1 as an editor numbers them (see
    :class:`BlockReport`).

    >>> result = analyze("World\\nA short story about the sea, told twice\\n"
    ...                  "A short story about the sea, told twice\\nWorld")
    >>> [(b.line, b.kept) for b in result.blocks]
    [(1, True), (2, True), (3, False), (4, True)]
    >>> [(b.line, str(b.reason), b.covered_by_line) for b in result.removed]
    [(3, 'adjacent', 2)]
    """
    settings = resolve_config(config, options)
    return analyze_blocks(page_blocks(check_text(text, "analyze")), settings)


def analyze_blocks(
    blocks: list[Block],
    settings: CleanConfig,
    *,
    preset: Mapping[int, Decision] | None = None,
) -> Analysis:
    """Decide and report on blocks already split from a page.

    This is the seam for callers that decide some blocks themselves before
    the page is cleaned: ``preset`` maps block positions to decisions made in
    advance (a site profile's boilerplate), and the remaining blocks are
    cleaned as usual.

    >>> analyze_blocks(page_blocks("same line here, long\\nsame line here, long"),
    ...                CleanConfig()).summary()
    '2 blocks -> 1 kept; removed: 1 adjacent'
    """
    decisions = decide(blocks, settings, preset=preset)
    output = rebuild(blocks, [d.kept for d in decisions], config=settings)
    folds = folds_of(settings)
    # Reports name blocks by input line from 1, as an editor does; decisions
    # name them by position.
    lines = [block.line + 1 for block in blocks]
    reports = []
    for block, decision in zip(blocks, decisions, strict=True):
        covers = tuple(lines[i] for i in _resolve(decisions, decision))
        reports.append(
            BlockReport(
                index=block.position,
                line=block.line + 1,
                original=block.original,
                normalized=block.text,
                kept=decision.kept,
                reason=decision.reason,
                covered_by_line=covers[0] if covers else None,
                covered_by_lines=covers,
                matched_line=None if decision.twin is None else lines[decision.twin],
                score=score(blocks, block.position, decision),
                site=decision.site,
                site_pages=decision.site_pages or None,
                folds=_folds_applied(block, folds),
            )
        )
    return Analysis(text=output, blocks=tuple(reports))


def _folds_applied(block: Block, folds: frozenset[str]) -> tuple[str, ...]:
    """Name the fold steps that changed a block, in pipeline order."""
    # Most lines need no folding at all: when the full fold left a line as it
    # was, no step changed it, and folding it again to find out is skipped.
    if not folds or block.original.strip(" \t") == block.text:
        return ()
    return fold_and_explain(block.original, folds)[1]


def _resolve(decisions: list[Decision], decision: Decision) -> tuple[int, ...]:
    """Follow a removed block's covers to the kept blocks they end at."""
    if decision.kept:
        return ()
    found: list[int] = []
    stack = list(reversed(decision.covers))
    seen: set[int] = set()
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        target = decisions[current]
        if target.kept:
            found.append(current)
            continue
        stack.extend(reversed(target.covers))
    return tuple(found)


def clean(text: str, *, config: CleanConfig | None = None, **options: object) -> str:
    """Fold typography and remove every repeated block, losing no unique content.

    A block (a non-empty line) is removed only when a kept block already says
    it: an exact or near repeat, a truncated or contained copy, a line merged
    from others, or a label inside a repeated run. Kept blocks stay in input
    order; the text ends with one newline, or is empty.

    >>> clean("Caption of the photo here\\nCaption of the photo here\\nAFP")
    'Caption of the photo here\\nAFP\\n'
    >>> clean(b"bytes")
    Traceback (most recent call last):
    ...
    TypeError: clean() takes text (str), not bytes. Decode it first, for example: \
clean(data.decode("utf-8", errors="replace"))
    """
    settings = resolve_config(config, options)
    return clean_blocks(page_blocks(check_text(text, "clean")), settings)


def clean_blocks(
    blocks: list[Block],
    settings: CleanConfig,
    *,
    preset: Mapping[int, Decision] | None = None,
) -> str:
    """Decide on blocks already split from a page and return the cleaned text.

    What :func:`analyze_blocks` returns as ``.text``, without building a
    report for every block (nor scoring the removals).

    >>> clean_blocks(page_blocks("same line here, long\\nsame line here, long"), CleanConfig())
    'same line here, long\\n'
    """
    decisions = decide(blocks, settings, preset=preset)
    return rebuild(blocks, [d.kept for d in decisions], config=settings)
