"""Indentation that carries structure: kept for code, YAML and nested lists.

Folding strips every line; these put back the indentation of the lines
that belong to a block opened by the line before them, relative to it.
"""

from __future__ import annotations

from collections.abc import Sequence

from dedup.patterns.folding import (
    INDENTATION,
    INDENTED_AFTER_ANY_BREAK,
    INDENTED_LINE,
    MIN_INDENT,
    OPENS_BLOCK_END,
    OPENS_BLOCK_START,
    OPENS_BLOCK_TAIL,
    TAB_SIZE,
)

__all__ = ["has_indented_line", "with_indentation"]


def _opens_block(text: str) -> bool:
    return (
        OPENS_BLOCK_START.match(text) is not None
        or OPENS_BLOCK_END.search(text, max(0, len(text) - OPENS_BLOCK_TAIL)) is not None
    )


def has_indented_line(text: str) -> bool:
    """Whether any line of ``text`` starts with a space or a tab: the fast way out.

    >>> has_indented_line("a\\n  b"), has_indented_line("a\\nb")
    (True, False)
    """
    if text.startswith((" ", "\t")):
        return True
    if "\r" in text or "\u2028" in text or "\u2029" in text:
        return INDENTED_AFTER_ANY_BREAK.search(text) is not None
    return INDENTED_LINE.search(text) is not None


def with_indentation(lines: Sequence[str], texts: Sequence[str]) -> list[str]:
    """Put back the indentation of ``lines`` that carries structure into ``texts``.

    ``texts`` are the lines folded and stripped. A line that opens a block
    (it ends with ``:``, ``{``, ``[`` or ``(``, or it is a list item, see
    OPENS_BLOCK_END and OPENS_BLOCK_START) starts one; every following line
    indented at least two columns deeper belongs to it and keeps its
    indentation, less that of the opening line, which goes to the margin.
    The block ends at the first line not that deep. Any other indentation is
    stray and goes. Blank lines neither start nor end a block.

    >>> code = ["    def f():", "        if x:", "", "            return 1", "    y = 2"]
    >>> with_indentation(code, [line.strip() for line in code])
    ['def f():', '    if x:', '', '        return 1', 'y = 2']
    >>> prose = [" A stray space.", "   Said the text."]
    >>> with_indentation(prose, [line.strip() for line in prose])
    ['A stray space.', 'Said the text.']
    """
    out = list(texts)
    opener: str | None = None
    opener_width = 0
    for index, (line, text) in enumerate(zip(lines, texts, strict=True)):
        if not text:
            continue
        indent = INDENTATION.match(line).group()  # type: ignore[union-attr]
        width = len(indent.expandtabs(TAB_SIZE))
        if opener is not None and width >= opener_width + MIN_INDENT:
            # Relative to the opening line; an indentation that mixes tabs
            # and spaces differently from it is kept whole.
            out[index] = indent.removeprefix(opener) + text
            continue
        if _opens_block(text):
            opener, opener_width = indent, width
        else:
            opener = None
    return out
