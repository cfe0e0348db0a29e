"""Stage 2, blocks: split folded text into blocks and give each a matching key.

A block is a non-empty line. Its *key* is what matching compares: the folded
text case-folded, with punctuation dropped and digit groups joined, as a tuple
of tokens. Words keep their combining marks, numbers their signs, and
symbols that say something are tokens of their own (see ``patterns``). Its
*skeleton* is the key without function words and spaces, so that two blocks
differing only in spacing or a dropped "the" share it.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate
from typing import NamedTuple

import regex

from dedup.normalize import fold_text, split_lines
from dedup.patterns.keys import (
    DIGIT,
    DIGIT_GROUPS,
    DIGIT_SEPARATOR,
    EMOJI,
    FUNCTION_WORD_FORMS,
    FUNCTION_WORDS,
    INNER_APOSTROPHE,
    MAYBE_NEEDS_TOKENIZER,
    NEEDS_TOKENIZER,
    NUMBER,
    PLAIN_SEPARATORS,
    PLAIN_TOKEN,
    SPACED_TOKEN,
    SPACED_TOKEN_OR_BREAK,
    TOKEN,
    TOKEN_OR_BREAK,
    TRUNCATED_HEAD,
    TRUNCATED_LAST,
    TRUNCATED_TAIL,
    TRUNCATED_TAIL_WINDOW,
    UNSPACED_SCRIPT,
    VARIATION_SELECTOR,
    WORDLIKE,
)

__all__ = [
    "Block",
    "Truncation",
    "droppable_flags",
    "find_truncation",
    "is_emoji",
    "matching_key",
    "numbers",
    "page_blocks",
    "prepare_for_matching",
    "skeleton",
    "skeleton_of",
    "split_blocks",
    "tokenizer",
    "tokens",
]


class Block(NamedTuple):
    """One non-empty line of the input, with what matching needs to know."""

    position: int
    """Position among the blocks, from 0."""
    line: int
    """Line number in the input, from 0."""
    original: str
    """The line as it was in the input."""
    text: str
    """The folded line."""
    key: tuple[str, ...]
    """Matching tokens: case-folded, punctuation dropped, digit groups joined."""
    blank_before: bool
    """Whether at least one blank line separates it from the previous block."""
    prepared: str
    """The folded line with digit groups joined and inner apostrophes dropped."""


def _join_digit_group(match: object) -> str:
    return DIGIT_SEPARATOR.sub("", match.group())  # type: ignore[attr-defined]


def _prepare(text: str) -> str:
    # Case is kept here: a function word written in capitals ("AS", "US",
    # "IT") is an acronym, which is content.
    if "'" in text:
        text = INNER_APOSTROPHE.sub("", text)
    if DIGIT.search(text):
        text = DIGIT_GROUPS.sub(_join_digit_group, text)
    if "\ufe0f" in text or "\ufe0e" in text:
        text = VARIATION_SELECTOR.sub("", text)
    return text


def tokens(prepared: str) -> list[str]:
    """Return the key tokens of a prepared text (case kept as given).

    >>> tokens("C++ at -5 °C, not 4.5"), tokens("plain words, plain path")
    (['C', '+', '+', 'at', '-5', '°', 'C', 'not', '4.5'], ['plain', 'words', 'plain', 'path'])
    """
    return tokenizer(prepared).findall(prepared)


def tokenizer(prepared: str) -> regex.Pattern[str]:
    """Return the pattern that finds a prepared text's key tokens.

    All three find the same tokens on a text that needs no context; the
    plain one is several times faster, and most lines are plain. The full
    one splits the letters of scripts written without spaces, and only
    lines with such letters pay for it.

    >>> tokenizer("plain words").pattern, tokenizer("日本語").pattern == TOKEN.pattern
    ('\\\\w+', True)
    """
    if not MAYBE_NEEDS_TOKENIZER.search(prepared):
        return PLAIN_TOKEN
    if UNSPACED_SCRIPT.search(prepared):
        return TOKEN
    return SPACED_TOKEN if NEEDS_TOKENIZER.search(prepared) else PLAIN_TOKEN


def prepare_for_matching(text: str) -> str:
    """Case-fold and join digit groups, keeping punctuation for sentence ends.

    >>> prepare_for_matching("Russia's 260 000 people.")
    'russias 260000 people.'
    """
    return _prepare(text).casefold()


def matching_key(text: str) -> tuple[str, ...]:
    """Return the tokens that matching compares.

    >>> matching_key("More than 260 000 people -- Syria's war")
    ('more', 'than', '260000', 'people', 'syrias', 'war')
    >>> matching_key("260,000") == matching_key("260 000")
    True

    What carries meaning stays: signs, currencies, symbols, vowel signs.

    >>> matching_key("C++ costs $50, not -5 °C"), matching_key("दिल") != matching_key("दाल")
    (('c', '+', '+', 'costs', '$', '50', 'not', '-5', '°', 'c'), True)
    >>> matching_key("Read more →"), matching_key("★★★")
    (('read', 'more'), ())
    """
    return _words_only(tuple(tokens(prepare_for_matching(text))))


def _words_only(key: tuple[str, ...]) -> tuple[str, ...]:
    # A line of symbols alone (stars, a lone emoji) is, like a line of
    # punctuation, never a repeat: its key is empty.
    return key if WORDLIKE.search("".join(key)) else ()


def droppable_flags(text: str) -> tuple[bool, ...]:
    """Mark the key tokens a near repeat may add or drop: function words and emoji.

    An all-capitals word is never a function word: "US" and "AS" are acronyms.

    >>> droppable_flags("The US said AS well"), droppable_flags("Slice, serve & enjoy 🙂")
    ((True, False, False, False, False), (False, False, False, True))
    """
    return tuple(
        token in FUNCTION_WORD_FORMS or is_emoji(token) for token in tokens(_prepare(text))
    )


def is_emoji(token: str) -> bool:
    """Whether a key token is an emoji.

    >>> is_emoji("🙂"), is_emoji("★"), is_emoji("a")
    (True, False, False)
    """
    return len(token) == 1 and EMOJI.match(token) is not None


def skeleton_of(key: tuple[str, ...]) -> str:
    """Like :func:`skeleton`, from a block's key.

    >>> skeleton_of(("the", "e", "mail")) == skeleton("e-mail")
    True
    """
    content = "".join([token for token in key if token not in FUNCTION_WORDS])
    if content.isascii() or EMOJI.search(content) is None:
        return content
    return "".join([t for t in key if t not in FUNCTION_WORDS and not is_emoji(t)])


def skeleton(text: str) -> str:
    """Return a block's content words run together, for near-repeat hashing.

    Spacing ("e-mail", "email"), function words ("the", "also") and emoji
    fall out.
    It is only a bucket for candidates: whether a capitalised "AS" is an
    acronym rather than a function word is left to verification.

    >>> skeleton("The e-mail was sent") == skeleton("email sent")
    True
    """
    return skeleton_of(matching_key(text))


def numbers(key: tuple[str, ...]) -> tuple[str, ...]:
    """Return the numbers of a key, in order: they must match as a sequence.

    A number keeps its sign and decimals: ``-5``, ``5`` and ``4.5`` differ.

    >>> numbers(matching_key("1 green, 2 red, 1 yellow"))
    ('1', '2', '1')
    >>> numbers(("photo", "3of4a")), numbers(matching_key("fell -5 to 4.5"))
    (('3', '4'), ('-5', '4.5'))
    """
    return tuple(NUMBER.findall(" ".join(key)))


@dataclass(frozen=True, slots=True)
class Truncation:
    """What is left of a truncated block once its markers are cut off."""

    body: tuple[str, ...]
    """The key of the text before the marker."""
    partial_head: bool
    """The first token may be the tail of a longer word (leading ellipsis)."""
    partial_tail: bool
    """The last token may be the start of a longer word (cut mid-word), or whole."""


def find_truncation(text: str) -> Truncation | None:
    """Recognise a block cut short with ``...``, ``[...]`` or ``Read more``.

    >>> find_truncation("since Syria's confl...")
    Truncation(body=('since', 'syrias', 'confl'), partial_head=False, partial_tail=True)
    >>> find_truncation("A full sentence.") is None
    True
    >>> find_truncation("It was not possible to ind [...]").partial_tail
    False
    >>> find_truncation("சென்னை அடையாரில் அமைந்து...").partial_tail
    True
    """
    if text[-1:] not in TRUNCATED_LAST:
        return None
    tail_start = max(0, len(text) - TRUNCATED_TAIL_WINDOW)
    tail = TRUNCATED_TAIL.search(text, tail_start)
    if tail is None:
        return None
    body_text = text[: tail.start()]
    head = TRUNCATED_HEAD.match(body_text)
    partial_head = head is not None
    if head is not None:
        body_text = body_text[head.end() :]
    body = matching_key(body_text)
    if not body:
        return None
    # A marker glued to a word ("confl...", Tamil "அமைந்து..." after a vowel
    # sign, Turkish "DEMİRÖZ'..." after an apostrophe) means the cut fell
    # mid-word. A spaced one ("will not ...") ends a whole word: taken as
    # cut, "not" would be covered by "note", so a teaser cut by characters
    # and then given a spaced marker stays.
    dots = tail.group("dots") is not None
    partial_tail = dots and _in_word(body_text[-1:], body_text[-2:-1])
    return Truncation(body=body, partial_head=partial_head, partial_tail=partial_tail)


def _in_word(last: str, before: str) -> bool:
    # A letter, digit or mark, or an apostrophe or hyphen right after one.
    def wordlike(char: str) -> bool:
        return char.isalnum() or unicodedata.category(char).startswith("M")

    return wordlike(last) or (last in "'-" and wordlike(before))


def split_blocks(original_lines: list[str], folded_lines: list[str]) -> list[Block]:
    """Turn aligned input and folded lines into blocks, skipping blank lines.

    Keys are built for the whole page at once: each step is one pass of a
    compiled pattern over the text, and no step crosses a line break.

    >>> [b.text for b in split_blocks(["a", "", " b "], ["a", "", "b"])]
    ['a', 'b']
    >>> split_blocks(["a", "", " b "], ["a", "", "b"])[1].blank_before
    True
    >>> split_blocks(["It's 1 000!"], ["It's 1 000!"])[0].key
    ('its', '1000')
    """
    # Pages repeat lines: each distinct line is prepared and keyed once.
    distinct = list(dict.fromkeys(folded_lines))
    prepared = _prepare("\n".join(distinct))
    prepared_lines = prepared.split("\n")
    casefolded = prepared.casefold()
    key_lines = PLAIN_SEPARATORS.sub(" ", casefolded).split("\n")
    facts = {
        line: (prepared_line, tuple(key_line.split()))
        for line, prepared_line, key_line in zip(distinct, prepared_lines, key_lines, strict=True)
    }
    # Lines with a sign, a symbol, a combining mark or a letter of a script
    # written without spaces are keyed again by a fuller tokenizer, all of
    # them in one pass.
    # Offsets are those of the case-folded text: preparing and case-folding
    # both change lengths ("it's", "ß").
    casefolded_lines = casefolded.split("\n")
    starts = list(accumulate((len(line) + 1 for line in casefolded_lines), initial=0))
    # A match runs from a line's first non-ASCII character to its end, so it
    # holds every letter of a script written without spaces that the line
    # has. Those lines need the slower pattern, and only they are given to it.
    spaced: list[int] = []
    unspaced: list[int] = []
    for match in MAYBE_NEEDS_TOKENIZER.finditer(casefolded):
        start, end = match.span()
        if UNSPACED_SCRIPT.search(casefolded, start, end):
            unspaced.append(bisect_right(starts, start) - 1)
        elif NEEDS_TOKENIZER.search(casefolded, start, end):
            spaced.append(bisect_right(starts, start) - 1)
    for group, pattern in ((spaced, SPACED_TOKEN_OR_BREAK), (unspaced, TOKEN_OR_BREAK)):
        if not group:
            continue
        joined = "\n".join(casefolded_lines[index] for index in group)
        special_keys = " ".join(pattern.findall(joined)).split("\n")
        for index, key_line in zip(group, special_keys, strict=True):
            key = _words_only(tuple(key_line.split()))
            facts[distinct[index]] = (prepared_lines[index], key)
    blocks: list[Block] = []
    blank = False
    lines = zip(original_lines, folded_lines, strict=True)
    for line_number, (original, folded) in enumerate(lines):
        if not folded:
            blank = True
            continue
        prepared_line, key = facts[folded]
        after_blank = blank and bool(blocks)
        blocks.append(
            Block(len(blocks), line_number, original, folded, key, after_blank, prepared_line)
        )
        blank = False
    return blocks


def page_blocks(text: str) -> list[Block]:
    """Fold a page and split it into blocks: stages 1 and 2 together.

    >>> [block.text for block in page_blocks("“Hi”\\n\\n  there ")]
    ['"Hi"', 'there']
    """
    return split_blocks(split_lines(text), fold_text(text).split("\n"))
