"""Stage 6, rebuild: write the kept blocks back out as text."""

from __future__ import annotations

from collections.abc import Sequence

from dedup.blocks import Block

__all__ = ["rebuild"]


def rebuild(blocks: Sequence[Block], kept: Sequence[bool], *, fold: bool = True) -> str:
    """Join kept blocks in input order, keeping the input's paragraph breaks.

    Two kept blocks are separated by a blank line when the input had at least
    one blank line anywhere between them, otherwise by one newline. The text
    ends with one newline, or is empty.

    >>> from dedup.blocks import split_blocks
    >>> lines = ["a", "b", "", "c", "d"]
    >>> rebuild(split_blocks(lines, lines), [True, False, False, True])
    'a\\n\\nd\\n'
    >>> rebuild(split_blocks(lines, lines), [True, True, False, False])
    'a\\nb\\n'
    """
    out: list[str] = []
    blank = False
    for block, keep in zip(blocks, kept, strict=True):
        blank = blank or block.blank_before
        if not keep:
            continue
        if out:
            out.append("\n\n" if blank else "\n")
        out.append(block.text if fold else block.original.strip())
        blank = False
    if out:
        out.append("\n")
    return "".join(out)
