"""Mojibake repair of one line: ftfy decides, on the line or on each sentence of it."""

from __future__ import annotations

from collections.abc import Iterator

import ftfy

from dedup.patterns.folding import LINE_BREAK, MOJIBAKE
from dedup.patterns.sentences import SENTENCE_START

__all__ = ["repair_line"]


def repair_line(line: str) -> str:
    """Repair a line's mojibake with ftfy: the whole line, else sentence by sentence.

    >>> repair_line("It was fine. 5 ani pďż˝nďż˝ la prima vidanjare! Acea coaliţie a rămas.")
    'It was fine. 5 ani p\ufffdn\ufffd la prima vidanjare! Acea coaliţie a rămas.'
    """
    fixed = ftfy.fix_encoding(line)
    if fixed == line and SENTENCE_START.search(line) is not None:
        # A scraped line may join sentences of two sources, one of them
        # mis-decoded. ftfy will not re-decode a line whose other sentences
        # show the codec was right, so each sentence is offered on its own.
        fixed = "".join(
            ftfy.fix_encoding(part) if MOJIBAKE.search(part) else part for part in _sentences(line)
        )
    # A repaired line must not add a line: that would shift every later
    # line against the input.
    return LINE_BREAK.sub(" ", fixed) if LINE_BREAK.search(fixed) else fixed


def _sentences(line: str) -> Iterator[str]:
    """Cut a line after each sentence end, keeping every character."""
    start = 0
    for match in SENTENCE_START.finditer(line):
        yield line[start : match.end()]
        start = match.end()
    yield line[start:]
