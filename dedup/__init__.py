"""pagededup: fold typography and remove repeated blocks from scraped text.

The pipeline, one module per stage::

    normalize -> blocks -> candidates -> verify -> decide -> rebuild

>>> import dedup
>>> page = "Breaking: storm hits the coast tonight\\nBreaking: storm hits the coast tonight…\\n"
>>> dedup.clean(page)
'Breaking: storm hits the coast tonight\\n'
"""

from __future__ import annotations

from collections.abc import Mapping

from dedup.analysis import Analysis, BlockReport
from dedup.blocks import Block, page_blocks
from dedup.config import CleanConfig, ProfileConfig, resolve_config
from dedup.decide import Decision, Reason, decide, score
from dedup.normalize import fold_and_explain, folds_of, normalize_page
from dedup.rebuild import rebuild

__version__ = "0.1.0"

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

_BYTES_MESSAGE = (
    "{name}() takes text (str), not {kind}. Decode it first, for example: "
    '{name}(data.decode("utf-8", errors="replace"))'
)


def _check_text(text: object, name: str) -> str:
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
    return normalize_page(_check_text(text, "normalize"), settings)


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
    return analyze_blocks(page_blocks(_check_text(text, "analyze")), settings)


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
    stack = list(decision.parts or (() if decision.twin is None else (decision.twin,)))
    stack.reverse()
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
        nested = list(target.parts or (() if target.twin is None else (target.twin,)))
        stack.extend(reversed(nested))
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
    return clean_blocks(page_blocks(_check_text(text, "clean")), settings)


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


# The batch and site layers build on the functions above; they import this
# module, so they are imported last.
from dedup.batch import clean_many  # noqa: E402
from dedup.site import ProfileError, SiteProfile, StreamingSiteProfile  # noqa: E402
