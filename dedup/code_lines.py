"""Code and Markdown structure: lines that may repeat on purpose.

A line of source code, a Markdown table header or a code fence is kept like
code: such lines go only as part of a repeated run, never alone. Prose that
quotes a call or a scope, and prose in a script whose typography puts a
bracket after a word, is not code.
"""

from __future__ import annotations

from collections.abc import Sequence

from dedup.patterns.code import (
    CODE_BRACKETS,
    CODE_CALL,
    CODE_CHARACTER,
    CODE_END,
    CODE_OPERATOR,
    CODE_START,
    CODE_STRING,
    LETTER,
    MARKDOWN_FENCE,
    MARKDOWN_TABLE_DELIMITER,
    NON_LATIN_LETTER,
)
from dedup.patterns.keys import FUNCTION_WORD_FORMS

__all__ = ["is_code", "markdown_structure", "reads_as_prose"]

# Code lines are short; longer lines are prose, and skipping them bounds the
# cost of the code patterns on huge single-line inputs.
_MAX_CODE_LINE = 300
# A line of at least this many words, this many of them different function
# words, reads as a sentence even when it quotes a call or an operator.
_PROSE_MIN_WORDS = 8
_PROSE_MIN_FUNCTION_WORDS = 3
# In a script without English function words: a line with at least this many
# letters of a script other than Latin, which are at least this share of its
# letters, and with at most one bracket, operator or quote per this many
# letters, reads as prose.
_PROSE_MIN_NON_LATIN = 20
_PROSE_NON_LATIN_SHARE = 2 / 3
_PROSE_LETTERS_PER_CODE_CHARACTER = 6


def reads_as_prose(text: str) -> bool:
    """Whether a line's words read as a sentence, in English or in another script.

    Code names few of the words prose is glued with ("the", "in", "be"); a
    PHP warning or a sentence about ``f()`` has them, whatever operators
    it quotes. Code is written in Latin letters: a long line mostly in
    another script, with few brackets, operators or quotes, is prose too.

    >>> reads_as_prose("The model above explains most of the variance in fuel economy.")
    True
    >>> reads_as_prose("added 1 changesets with 1 changes to 1 files")
    False
    >>> reads_as_prose("SK컴즈가 엠파스[066270]와 합병하면서 시너지 효과가 눈길을 끌고 있다.")
    True
    """
    words = text.split()
    if len(words) >= _PROSE_MIN_WORDS:
        glue = {word for word in words if word in FUNCTION_WORD_FORMS}
        if len(glue) >= _PROSE_MIN_FUNCTION_WORDS:
            return True
    return _non_latin_prose(text)


def _non_latin_prose(text: str) -> bool:
    """Whether a line is mostly letters of a script other than Latin, with little code."""
    if text.isascii() or CODE_STRING.search(text) is not None:
        return False
    foreign = len(NON_LATIN_LETTER.findall(text))
    if foreign < _PROSE_MIN_NON_LATIN:
        return False
    letters = len(LETTER.findall(text))
    code = len(CODE_CHARACTER.findall(text))
    return (
        foreign >= _PROSE_NON_LATIN_SHARE * letters
        and code * _PROSE_LETTERS_PER_CODE_CHARACTER <= letters
    )


def markdown_structure(texts: Sequence[str]) -> frozenset[int]:
    """Positions of the lines that hold a Markdown page together: table headers, fences.

    >>> markdown_structure(["| a | b |", "|---|---|", "| 1 | 2 |", "```python", "x = 1", "```"])
    frozenset({0, 3, 5})
    """
    found = {i for i, text in enumerate(texts) if text.startswith(MARKDOWN_FENCE)}
    found.update(
        i - 1
        for i, text in enumerate(texts)
        if i and "|" in texts[i - 1] and MARKDOWN_TABLE_DELIMITER.fullmatch(text) is not None
    )
    return frozenset(found)


def is_code(text: str) -> bool:
    """Whether a line looks like source code, which may repeat on purpose.

    >>> is_code("return x;"), is_code("if (a == b) {"), is_code("The end (mostly).")
    (True, True, False)
    >>> is_code("FROM unnest(array[2, 3]) AS n"), is_code("Kerry (right) meets Lavrov")
    (True, False)
    >>> is_code("Method Gallery::i18n() should not be called statically in x.php on line 7")
    False
    >>> is_code("엠파스[066270]와 합병하면서 새 합병법인 대주주 SK텔레콤의 사업(예정)")
    False
    """
    if len(text) > _MAX_CODE_LINE:
        return False
    if text.startswith(CODE_START) or text.endswith(CODE_END):
        return True
    # A call "f(" alone is common in prose ("(s)", "Kerry (right)"); with a
    # closing parenthesis at the end or brackets around it, it is code.
    looks_like_code = CODE_OPERATOR.search(text) is not None or (
        "(" in text
        and CODE_CALL.search(text) is not None
        and (text.endswith(")") or CODE_BRACKETS.search(text) is not None)
    )
    # A warning or a sentence that names a call or a scope is still prose;
    # asked only of the few lines with such evidence, as it costs more.
    return looks_like_code and not reads_as_prose(text)
