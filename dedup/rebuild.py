"""Stage 6, rebuild: write the kept blocks back out as text."""

from __future__ import annotations

from collections.abc import Sequence

from dedup.blocks import Block
from dedup.config import CleanConfig
from dedup.indentation import with_indentation
from dedup.normalize import ALL_FOLDS, fold_text, folds_of

__all__ = ["rebuild"]


def rebuild(
    blocks: Sequence[Block], kept: Sequence[bool], *, config: CleanConfig | None = None
) -> str:
    """Join kept blocks in input order, keeping the input's paragraph breaks.

    Two kept blocks are separated by a blank line when the input had at least
    one blank line anywhere between them, otherwise by one newline. The text
    ends with one newline, or is empty. Each block is written folded as
    ``config`` says, with the indentation that carries structure among the
    kept blocks (see :func:`dedup.indentation.with_indentation`).

    >>> from dedup.blocks import split_blocks
    >>> lines = ["a", "b", "", "c", "d"]
    >>> rebuild(split_blocks(lines, lines), [True, False, False, True])
    'a\\n\\nd\\n'
    >>> rebuild(split_blocks(lines, lines), [True, True, False, False])
    'a\\nb\\n'
    """
    if config is None:
        config = CleanConfig()
    written = [block for block, keep in zip(blocks, kept, strict=True) if keep]
    folds = folds_of(config)
    # Blocks carry the fully folded text, which matching uses; only other
    # folds need the kept lines folded again.
    texts = [
        block.text if folds == ALL_FOLDS else fold_text(block.original, folds) for block in written
    ]
    # Indentation is decided among the lines written, not the input's, so
    # that cleaning the output again decides the same.
    if config.keep_indentation and any(block.original.startswith((" ", "\t")) for block in written):
        texts = with_indentation([block.original for block in written], texts)
    out: list[str] = []
    blank = False
    position = 0
    for block, keep in zip(blocks, kept, strict=True):
        blank = blank or block.blank_before
        if not keep:
            continue
        text = texts[position]
        position += 1
        # With fewer folds a block may come out empty: a lone C1 control is
        # a Windows-1252 character to the mojibake repair, and nothing
        # without it. An empty line would be a paragraph break, so none is
        # written.
        if not text:
            continue
        if out:
            out.append("\n\n" if blank else "\n")
        out.append(text)
        blank = False
    if out:
        out.append("\n")
    return "".join(out)
