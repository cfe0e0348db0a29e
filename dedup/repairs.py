"""Repairs of text that was escaped or decoded wrong: one HTML entity, one line of mojibake.

Neither may add a line: that would shift every later line against the input.
"""

from __future__ import annotations

import html
from collections.abc import Iterator

import ftfy

from dedup.patterns.folding import LINE_BREAK, MOJIBAKE
from dedup.patterns.sentences import SENTENCE_START

__all__ = ["decode_entity", "repair_line"]


def _no_breaks(text: str) -> str:
    return LINE_BREAK.sub(" ", text) if LINE_BREAK.search(text) else text


def decode_entity(match: object) -> str:
    """Decode one matched entity (``re.sub``'s callback), a chain of ``amp;`` at once.

    >>> from dedup.patterns.folding import ENTITY
    >>> ENTITY.sub(decode_entity, "Tom &amp;amp;amp; Jerry&#10;")
    'Tom & Jerry '
    """
    entity: str = match.group()  # type: ignore[attr-defined]
    # "&amp;amp;lt;" decodes, round after round, to what "&lt;" decodes to.
    body = entity[1:]
    while body.startswith("amp;") and len(body) > 4:
        body = body[4:]
    return _no_breaks(html.unescape("&" + body))


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
    return _no_breaks(fixed)


def _sentences(line: str) -> Iterator[str]:
    """Cut a line after each sentence end, keeping every character."""
    start = 0
    for match in SENTENCE_START.finditer(line):
        yield line[start : match.end()]
        start = match.end()
    yield line[start:]
