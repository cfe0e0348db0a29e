"""Stage 1, normalise: fold typographic variants into plain forms.

Every step here keeps the number of lines unchanged, so line *n* of the
folded text is line *n* of the input. Analysis relies on that to report each
block's original and folded text side by side.

Folding is a pipeline of named steps, :data:`FOLDS`, as ftfy's fixers are:
each step is a ``str -> str`` function of this module, and its name is also
the :class:`~dedup.CleanConfig` field that switches it and what
:func:`dedup.analyze` reports. Some work is not a fold and always runs: every
kind of line break becomes ``\\n``, control characters are dropped, lone
surrogates become U+FFFD, and lines are stripped.

Indentation is taken from the input lines, apart from folding, and kept where
it carries structure (:func:`with_indentation`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from dedup.config import CleanConfig
from dedup.indentation import has_indented_line, with_indentation
from dedup.patterns.folding import (
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
from dedup.repairs import decode_entity, repair_line

__all__ = [
    "ALL_FOLDS",
    "FOLDS",
    "decode_entities",
    "fold_and_explain",
    "fold_dashes",
    "fold_ellipsis",
    "fold_fullwidth",
    "fold_ligatures",
    "fold_quotes",
    "fold_spaces",
    "fold_text",
    "folds_of",
    "normalize_nfc",
    "normalize_page",
    "remove_invisible",
    "repair_mojibake",
    "split_lines",
]

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


# --- The fold steps, in pipeline order ------------------------------------------


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
        decoded = ENTITY.sub(decode_entity, text)
        if decoded == text:
            break
        text = decoded
    return text


def repair_mojibake(text: str) -> str:
    """Hand the lines that show mojibake to ftfy, and only those.

    ftfy decides on each line; a line without any sign of mojibake (see
    MOJIBAKE in dedup.patterns.folding) never reaches it.

    >>> repair_mojibake("Russiaâ€™s ally\\nclean line")
    'Russia’s ally\\nclean line'
    >>> repair_mojibake("un r√©gime\\nLiĂ¨ge\\nРџСЂРёРІРµС‚\\nПривет")
    'un régime\\nLiège\\nПривет\\nПривет'
    """
    return _on_lines(text, MOJIBAKE, repair_line)


def fold_quotes(text: str) -> str:
    """Write curly quotes, low quotes and primes as ``'`` and ``"``.

    >>> fold_quotes("“It’s” ‘here’ 5′ 7″")
    '"It\\'s" \\'here\\' 5\\' 7"'
    """
    return _fold_characters(text, _QUOTES, None)


def fold_dashes(text: str) -> str:
    """Write hyphens, en dashes and minus signs as ``-``, em dashes as ``--``.

    >>> fold_dashes("1990–2000 — a −5 drop")
    '1990-2000 -- a -5 drop'
    """
    return _fold_characters(text, _DASHES, None)


def fold_ellipsis(text: str) -> str:
    """Write the ellipsis character as ``...``.

    >>> fold_ellipsis("Read more…")
    'Read more...'
    """
    return _fold_characters(text, _ELLIPSIS, None)


def fold_spaces(text: str) -> str:
    """Write exotic spaces and tabs inside a line as one space; collapse runs.

    >>> fold_spaces("260\\u202f000\\u00a0 people\\tfled")
    '260 000 people fled'
    """
    text = _fold_characters(text, _SPACES, None)
    return SPACES.sub(" ", text) if "  " in text else text


def remove_invisible(text: str) -> str:
    """Delete zero-width spaces, word joiners, BOMs and soft hyphens.

    The zero-width joiners that Persian, Indic scripts and emoji need stay.

    >>> remove_invisible("cease\\u00adfire\\u200b talks\\ufeff")
    'ceasefire talks'
    """
    return _fold_characters(text, _INVISIBLE, None)


def fold_ligatures(text: str) -> str:
    """Spell out Latin ligatures and one-character digraphs.

    >>> fold_ligatures("ﬁnal ﬂight to ĳmuiden")
    'final flight to ijmuiden'
    """
    return _fold_characters(text, _LIGATURES, None)


def fold_fullwidth(text: str) -> str:
    """Write full-width letters and digits as ASCII, and punctuation beside them.

    Full-width punctuation becomes ASCII only on a line without Chinese,
    Japanese or Korean text, where an input method left it.

    >>> fold_fullwidth("ＡＦＰ，Ningbo\\n你好，世界")
    'AFP,Ningbo\\n你好，世界'
    """
    text = _fold_characters(text, _FULLWIDTH, None)
    return _on_lines(text, FULLWIDTH_PUNCTUATION, _fold_fullwidth_punctuation)


def normalize_nfc(text: str) -> str:
    """Compose characters (NFC), never NFKC: ``10³`` stays ``10³``.

    >>> normalize_nfc("Cafe\\u0301 10³") == "Caf\\u00e9 10³"
    True
    """
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


# Every fold step by name, in the order the pipeline applies them. A name is
# also the CleanConfig field that switches the step and what analyze()
# reports; tests check that the three agree.
FOLDS: dict[str, Callable[[str], str]] = {
    "decode_entities": decode_entities,
    "repair_mojibake": repair_mojibake,
    "fold_quotes": fold_quotes,
    "fold_dashes": fold_dashes,
    "fold_ellipsis": fold_ellipsis,
    "fold_spaces": fold_spaces,
    "remove_invisible": remove_invisible,
    "fold_ligatures": fold_ligatures,
    "fold_fullwidth": fold_fullwidth,
    "normalize_nfc": normalize_nfc,
}
ALL_FOLDS = frozenset(FOLDS)

_CHARACTER_STEPS = frozenset(CHARACTER_FOLDS)
# The full-width forms of the characters an entity is spelt with: & # ;
_ENTITY_MARKS = ("\uff06", "\uff03", "\uff1b")
_QUOTES = frozenset({"fold_quotes"})
_DASHES = frozenset({"fold_dashes"})
_ELLIPSIS = frozenset({"fold_ellipsis"})
_SPACES = frozenset({"fold_spaces"})
_INVISIBLE = frozenset({"remove_invisible"})
_LIGATURES = frozenset({"fold_ligatures"})
_FULLWIDTH = frozenset({"fold_fullwidth"})


def folds_of(config: CleanConfig) -> frozenset[str]:
    """Return the fold steps a config turns on: none when ``fold`` is False.

    >>> sorted(ALL_FOLDS - folds_of(CleanConfig(fold_quotes=False)))
    ['fold_quotes']
    >>> folds_of(CleanConfig(fold=False))
    frozenset()
    """
    if not config.fold:
        return frozenset()
    return frozenset(name for name in FOLDS if getattr(config, name))


# --- Helpers of the steps ---------------------------------------------------------


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


def _fold_characters(text: str, steps: frozenset[str], changed: set[str] | None) -> str:
    # The character steps chosen are applied in one pass of their joint
    # table; when explaining, each step's own pattern says whether it found
    # anything to change.
    table, pattern = character_folds(steps)
    if changed is not None:
        changed.update(name for name in steps if character_folds(frozenset({name}))[1].search(text))
    return pattern.sub(lambda match: table[match.group()], text)


def _step(name: str, fix: Callable[[str], str], text: str, changed: set[str] | None) -> str:
    fixed = fix(text)
    if changed is not None and fixed != text:
        changed.add(name)
    return fixed


def _collapse_spaces(text: str) -> str:
    return SPACES.sub(" ", text)


def _ascii_spaces(text: str) -> str:
    return text.replace("\t", " ").replace("\x0b", " ").replace("\x0c", " ")


def _clean_control(match: object) -> str:
    char: str = match.group()  # type: ignore[attr-defined]
    return "\ufffd" if "\ud800" <= char <= "\udfff" else ""


def _fold_once(text: str, folds: frozenset[str], changed: set[str] | None) -> tuple[str, bool]:
    """Fold once; also say whether folding again could change more.

    Deleting an invisible or control character joins its neighbours, which
    can reveal an entity or mojibake ("&amp\u200b;"). A line that still
    shows mojibake after folding may be one that ftfy can repair now that
    its quotes and dashes are plain, as ftfy.fix_text would on its next
    round. The caller folds again only in those cases.

    Each step runs only when ``folds`` names it; ``changed``, when given,
    collects the names of the steps that changed the text.
    """
    if "\r" in text or "\u2028" in text or "\u2029" in text:
        text = LINE_BREAK.sub("\n", text)
    if "decode_entities" in folds:
        text = _step("decode_entities", decode_entities, text, changed)
    if "repair_mojibake" in folds and not text.isascii():
        # Before control characters go: C1 controls are part of mojibake's
        # byte pattern ("â\x80\x99" is ’ read as Latin-1, "\x93" a Windows-1252 quote).
        text = _step("repair_mojibake", repair_mojibake, text, changed)
    again = False
    if CONTROL_OR_SURROGATE.search(text) is not None:
        text = CONTROL_OR_SURROGATE.sub(_clean_control, text)
        again = True
    if not text.isascii():
        text, again_after = _fold_non_ascii(text, folds, changed)
        again = again or again_after
    elif "fold_spaces" in folds and ("\t" in text or "\x0b" in text or "\x0c" in text):
        text = _step("fold_spaces", _ascii_spaces, text, changed)
    return _strip_lines(text, folds, changed), again


def _fold_non_ascii(text: str, folds: frozenset[str], changed: set[str] | None) -> tuple[str, bool]:
    # The steps after the controls are gone, which have nothing to do on
    # ASCII text; also whether their result may need another round.
    again = "remove_invisible" in folds and INVISIBLE.search(text) is not None
    characters = folds & _CHARACTER_STEPS
    if characters:
        text = _fold_characters(text, characters, changed)
    if "fold_fullwidth" in folds:
        # The letters and digits were folded with the other characters just
        # above; what is left of the step is the punctuation. Full-width "＆",
        # "＃" and "；" may have spelt an entity ("＆ａｍｐ；lt;"), which only
        # another round decodes.
        spelt = "decode_entities" in folds and any(mark in text for mark in _ENTITY_MARKS)
        folded = _on_lines(text, FULLWIDTH_PUNCTUATION, _fold_fullwidth_punctuation)
        if folded != text:
            if changed is not None:
                changed.add("fold_fullwidth")
            text, again = folded, again or spelt
    if "normalize_nfc" in folds:
        text = _step("normalize_nfc", normalize_nfc, text, changed)
    if "repair_mojibake" in folds:
        again = again or MOJIBAKE.search(text) is not None
    return text, again


def _strip_lines(text: str, folds: frozenset[str], changed: set[str] | None) -> str:
    if "fold_spaces" not in folds:
        return "\n".join([line.strip() for line in text.split("\n")])
    if "  " in text:
        text = _step("fold_spaces", _collapse_spaces, text, changed)
    # Runs of spaces are single now, so each line edge has at most one.
    text = text.replace(" \n", "\n").replace("\n ", "\n")
    return text.strip(" ")


def _fold(text: str, folds: frozenset[str], changed: set[str] | None) -> str:
    folded, again = _fold_once(text, folds, changed)
    # Each further round either deleted characters (the text shrinks) or
    # let ftfy repair more mojibake; real text settles in two or three
    # rounds. Running to the fixed point is what makes folding idempotent;
    # the cap only guards against a cycle no real text has shown.
    rounds = 0
    while again and rounds < _MAX_FOLD_ROUNDS:
        refolded, again = _fold_once(folded, folds, changed)
        if refolded == folded:
            break
        folded = refolded
        rounds += 1
    return folded


def fold_text(text: str, folds: frozenset[str] = ALL_FOLDS) -> str:
    r"""Fold typography line by line; the result has the same number of lines.

    Lines are stripped and inner runs of spaces collapse to one; empty lines
    stay, so the caller can still see where the input had blank lines.
    ``folds`` names the steps to run (see :data:`FOLDS`); with none, lines
    are only stripped, and control characters dropped.

    >>> fold_text("“Hi” – it’s\u00a0 fine…\r\n\r\n  ﬁne ")
    '"Hi" - it\'s fine...\n\nfine'
    >>> fold_text("&amp\u200b;lt;")
    '<'
    >>> fold_text("“Hi” – it’s fine…", ALL_FOLDS - {"fold_quotes"})
    '“Hi” - it’s fine...'
    """
    return _fold(text, folds, None)


def fold_and_explain(text: str, folds: frozenset[str] = ALL_FOLDS) -> tuple[str, tuple[str, ...]]:
    """Fold like :func:`fold_text`, and name the steps that changed the text.

    The names come in pipeline order, as :data:`FOLDS` lists them. Spaces
    and tabs at the edges of a line go whatever the folds, so they are
    stripped first and never reported.

    >>> fold_and_explain("Itâ€™s “fine” ")
    ('It\\'s "fine"', ('repair_mojibake', 'fold_quotes'))
    >>> fold_and_explain("  plain line ")
    ('plain line', ())
    """
    changed: set[str] = set()
    lines = split_lines(text)
    stripped = "\n".join([line.strip(" \t") for line in lines])
    folded = _fold(stripped, folds, changed)
    return folded, tuple(name for name in FOLDS if name in changed)


def normalize_page(text: str, config: CleanConfig) -> str:
    """Fold a page as ``config`` says, keeping the indentation that carries structure.

    What :func:`dedup.normalize` returns.

    >>> page = "Steps:\\n  - “boil”\\nDone.\\n   Stray spaces"
    >>> normalize_page(page, CleanConfig(fold_quotes=False))
    'Steps:\\n  - “boil”\\nDone.\\nStray spaces'
    """
    folded = fold_text(text, folds_of(config))
    if not config.keep_indentation or not has_indented_line(text):
        return folded
    return "\n".join(with_indentation(split_lines(text), folded.split("\n")))
