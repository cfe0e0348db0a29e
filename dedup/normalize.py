"""Stage 1, normalise: fold typographic variants into plain forms.

Every step here keeps the number of lines unchanged, so line *n* of the
folded text is line *n* of the input. Analysis relies on that to report each
block's original and folded text side by side.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable

import ftfy

from dedup.patterns import (
    CHARACTER_FOLDS,
    CJK,
    CONTROL_OR_SURROGATE,
    ENTITY,
    FULLWIDTH_PUNCTUATION,
    FULLWIDTH_PUNCTUATION_TABLE,
    INVISIBLE,
    LINE_BREAK,
    MOJIBAKE,
    SPACES,
    character_folds,
)

__all__ = ["fold_text", "split_lines"]

# How many times folding may run again on its own output (see fold_text).
_MAX_FOLD_ROUNDS = 64


def split_lines(text: str) -> list[str]:
    r"""Split on every kind of line break the policy names.

    U+0085 is not one: on the web it is a Windows-1252 ellipsis.

    >>> split_lines("a\r\nb\rc\u2028d\x85")
    ['a', 'b', 'c', 'd\x85']
    """
    if "\r" not in text and "\u2028" not in text and "\u2029" not in text:
        return text.split("\n")
    return LINE_BREAK.split(text)


def _no_breaks(text: str) -> str:
    # A decoded entity or a repaired line must not add a line: that would
    # shift every later line against the input.
    return LINE_BREAK.sub(" ", text) if LINE_BREAK.search(text) else text


def _decode_entity(match: object) -> str:
    entity: str = match.group()  # type: ignore[attr-defined]
    # "&amp;amp;lt;" decodes, round after round, to what "&lt;" decodes to.
    body = entity[1:]
    while body.startswith("amp;") and len(body) > 4:
        body = body[4:]
    return _no_breaks(html.unescape("&" + body))


def decode_entities(text: str) -> str:
    """Decode leftover HTML entities, including doubly escaped ones.

    Decoding runs to a fixed point, so that folding folded text changes
    nothing. A chain of ``amp;`` is decoded in one step, which keeps the
    common deep escapes to one round; each further round shortens the text,
    so the loop ends.

    >>> decode_entities("Tom &amp;amp; Jerry &#8217;s")
    'Tom & Jerry ’s'
    >>> decode_entities("Tom &amp;amp;amp;amp;amp; Jerry")
    'Tom & Jerry'
    """
    while "&" in text:
        decoded = ENTITY.sub(_decode_entity, text)
        if decoded == text:
            break
        text = decoded
    return text


def repair_mojibake(text: str) -> str:
    """Hand the lines that show mojibake to ftfy, and only those.

    ftfy decides on each line; a line without any sign of mojibake (see
    MOJIBAKE in dedup.patterns) never reaches it.

    >>> repair_mojibake("Russiaâ€™s ally\\nclean line")
    'Russia’s ally\\nclean line'
    >>> repair_mojibake("un r√©gime\\nLiĂ¨ge\\nРџСЂРёРІРµС‚\\nПривет")
    'un régime\\nLiège\\nПривет\\nПривет'
    """
    return _on_lines(text, MOJIBAKE, _repair_line)


def _repair_line(line: str) -> str:
    return _no_breaks(ftfy.fix_encoding(line))


def _fold_fullwidth_punctuation(line: str) -> str:
    return line if CJK.search(line) else line.translate(FULLWIDTH_PUNCTUATION_TABLE)


def _on_lines(text: str, pattern: re.Pattern[str], fix: Callable[[str], str]) -> str:
    # Only the lines where pattern matches are cut out and fixed; a page
    # without a match is returned as it is, after one scan.
    match = pattern.search(text)
    if match is None:
        return text
    pieces: list[str] = []
    done = 0
    while match is not None:
        line_start = text.rfind("\n", 0, match.start()) + 1
        line_end = text.find("\n", match.start())
        if line_end == -1:
            line_end = len(text)
        pieces.append(text[done:line_start])
        pieces.append(fix(text[line_start:line_end]))
        done = line_end
        match = pattern.search(text, done)
    pieces.append(text[done:])
    return "".join(pieces)


# Every character step at once: their joint table and its pattern.
_TABLE, _FOLDABLE = character_folds(frozenset(CHARACTER_FOLDS))


def _fold_char(match: object) -> str:
    return _TABLE[match.group()]  # type: ignore[attr-defined]


def _clean_control(match: object) -> str:
    char: str = match.group()  # type: ignore[attr-defined]
    return "\ufffd" if "\ud800" <= char <= "\udfff" else ""


def _fold_once(text: str) -> tuple[str, bool]:
    """Fold once; also say whether folding again could change more.

    Deleting an invisible or control character joins its neighbours, which
    can reveal an entity or mojibake ("&amp\u200b;"). A line that still
    shows mojibake after folding may be one that ftfy can repair now that
    its quotes and dashes are plain, as ftfy.fix_text would on its next
    round. The caller folds again only in those cases.
    """
    if "\r" in text or "\u2028" in text or "\u2029" in text:
        text = LINE_BREAK.sub("\n", text)
    text = decode_entities(text)
    if not text.isascii():
        # Before control characters go: C1 controls are part of mojibake's
        # byte pattern ("â\x80\x99" is ’ read as Latin-1, "\x93" a Windows-1252 quote).
        text = repair_mojibake(text)
    again = False
    if CONTROL_OR_SURROGATE.search(text) is not None:
        text = CONTROL_OR_SURROGATE.sub(_clean_control, text)
        again = True
    if not text.isascii():
        again = again or INVISIBLE.search(text) is not None
        text = _FOLDABLE.sub(_fold_char, text)
        text = _on_lines(text, FULLWIDTH_PUNCTUATION, _fold_fullwidth_punctuation)
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        again = again or MOJIBAKE.search(text) is not None
    elif "\t" in text or "\x0b" in text or "\x0c" in text:
        text = text.replace("\t", " ").replace("\x0b", " ").replace("\x0c", " ")
    if "  " in text:
        text = SPACES.sub(" ", text)
    # Runs of spaces are single now, so each line edge has at most one.
    text = text.replace(" \n", "\n").replace("\n ", "\n")
    return text.strip(" "), again


def fold_text(text: str) -> str:
    r"""Fold typography line by line; the result has the same number of lines.

    Lines are stripped and inner runs of spaces collapse to one; empty lines
    stay, so the caller can still see where the input had blank lines.

    >>> fold_text("“Hi” – it’s\u00a0 fine…\r\n\r\n  ﬁne ")
    '"Hi" - it\'s fine...\n\nfine'
    >>> fold_text("&amp\u200b;lt;")
    '<'
    """
    folded, again = _fold_once(text)
    # Each further round either deleted characters (the text shrinks) or
    # let ftfy repair more mojibake; real text settles in two or three
    # rounds. Running to the fixed point is what makes folding idempotent;
    # the cap only guards against a cycle no real text has shown.
    rounds = 0
    while again and rounds < _MAX_FOLD_ROUNDS:
        refolded, again = _fold_once(folded)
        if refolded == folded:
            break
        folded = refolded
        rounds += 1
    return folded
