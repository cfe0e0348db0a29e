"""Stage 4, verify: confirm or reject what the candidate search proposed.

Candidates come from hashes and indexes; these checks decide whether a pair
really is a repeat under the policy, and how similar the two blocks are.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Sequence

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein, Opcode

from dedup.blocks import (
    Truncation,
    droppable_flags,
    is_emoji,
    matching_key,
    numbers,
    prepare_for_matching,
    skeleton_of,
)
from dedup.candidates import tokens_at
from dedup.patterns.keys import UNSPACED_LETTER
from dedup.patterns.sentences import (
    CONTAINED_AFTER,
    CONTAINED_BEFORE,
    CONTAINED_EDGE,
    CREDIT,
    CREDIT_LEAD,
    CREDIT_TAIL_CHARS,
    FIRST_LETTER,
    LAST_LETTER,
)

__all__ = [
    "contained_width",
    "fragment_contained",
    "fuller",
    "near_repeat",
    "sentence_contained",
    "similarity",
    "truncation_fits",
    "truncation_needle",
]


def _changes(opcodes: Iterable[Opcode]) -> Iterator[tuple[tuple[int, int], tuple[int, int]]]:
    """Merge runs of non-equal opcodes into ``((a_start, a_end), (b_start, b_end))``."""
    region: list[int] | None = None
    for op in opcodes:
        if op.tag == "equal":
            if region is not None:
                yield (region[0], region[1]), (region[2], region[3])
                region = None
        elif region is None:
            region = [op.src_start, op.src_end, op.dest_start, op.dest_end]
        else:
            region[1], region[3] = op.src_end, op.dest_end
    if region is not None:
        yield (region[0], region[1]), (region[2], region[3])


def _is_subsequence(short: Sequence[str], long: Sequence[str]) -> bool:
    remaining = iter(long)
    return all(any(token == other for other in remaining) for token in short)


def _harmless_change(
    removed: Sequence[str],
    removed_flags: Sequence[bool],
    added: Sequence[str],
    added_flags: Sequence[bool],
) -> bool:
    """Whether one change only re-spaces content words and adds or drops function words.

    >>> _harmless_change(["e", "mail"], [False, False], ["email"], [False])
    True
    >>> _harmless_change(["the"], [True], [], [])
    True
    >>> _harmless_change(["as"], [True], ["with"], [True])
    False
    """
    if "".join(removed) == "".join(added):
        return True  # the same letters, spaced differently ("into bed", "intobed")
    content_removed = "".join(t for t, f in zip(removed, removed_flags, strict=True) if not f)
    content_added = "".join(t for t, f in zip(added, added_flags, strict=True) if not f)
    if content_removed != content_added:
        return False
    # Function words may be added or dropped, not swapped for others.
    words_removed = [t for t, f in zip(removed, removed_flags, strict=True) if f]
    words_added = [t for t, f in zip(added, added_flags, strict=True) if f]
    return _is_subsequence(words_removed, words_added) or _is_subsequence(
        words_added, words_removed
    )


def _swaps_emoji(key_a: Sequence[str], key_b: Sequence[str]) -> bool:
    # Emoji may be added or dropped, but only on one side over the whole
    # line: one dropped here and another added there is a swap (👍 / 👎),
    # though each change alone looks harmless.
    emoji_a = [token for token in key_a if is_emoji(token)]
    emoji_b = [token for token in key_b if is_emoji(token)]
    return not (_is_subsequence(emoji_a, emoji_b) or _is_subsequence(emoji_b, emoji_a))


def near_repeat(a: str, b: str, *, cutoff: float) -> float:
    """Score two blocks that differ only in function words or spacing; else 0.0.

    The token-level edit script (rapidfuzz Levenshtein opcodes) may insert or
    delete function words, and may re-space words ("e-mail", "email"); it may
    not swap one word for another, even a function word. Numbers must match
    as a sequence, and the keys must score at least ``cutoff`` with
    rapidfuzz ``ratio``.

    >>> near_repeat("More Latest Galleries", "More in Latest Galleries", cutoff=80) > 0
    True
    >>> near_repeat("About Victor Davis Hanson", "By Victor Davis Hanson", cutoff=80)
    0.0
    >>> near_repeat("Available in red", "Available in blue", cutoff=50)
    0.0
    >>> near_repeat("👍 Great product, works as described", "Great product, works as described 👎",
    ...             cutoff=50)
    0.0
    """
    key_a, key_b = matching_key(a), matching_key(b)
    if not key_a or not key_b or numbers(key_a) != numbers(key_b):
        return 0.0
    if skeleton_of(key_a) != skeleton_of(key_b) and "".join(key_a) != "".join(key_b):
        return 0.0  # the content words differ, however they are spaced
    score = float(fuzz.ratio(" ".join(key_a), " ".join(key_b), score_cutoff=cutoff))
    if not score:
        return 0.0
    flags_a, flags_b = droppable_flags(a), droppable_flags(b)
    if len(flags_a) != len(key_a) or len(flags_b) != len(key_b) or _swaps_emoji(key_a, key_b):
        return 0.0
    # Consecutive edits form one change: "Edgestore entity" -> "Edgestoreentity"
    # comes out as an insert next to a replace, and only together do they
    # show a word re-spaced.
    for (a_start, a_end), (b_start, b_end) in _changes(Levenshtein.opcodes(key_a, key_b)):
        if not _harmless_change(
            key_a[a_start:a_end],
            flags_a[a_start:a_end],
            key_b[b_start:b_end],
            flags_b[b_start:b_end],
        ):
            return 0.0
    return score


def _parts(text: str) -> tuple[str, list[str], list[str]]:
    """Split a block's key into its content letters, its emoji and its function words."""
    key = matching_key(text)
    flags = droppable_flags(text)
    if len(flags) != len(key):
        return " ".join(key), [], []
    content = "".join(t for t, f in zip(key, flags, strict=True) if not f)
    emoji = [t for t in key if is_emoji(t)]
    glue = [t for t, f in zip(key, flags, strict=True) if f and not is_emoji(t)]
    return content, emoji, glue


def fuller(a: str, b: str) -> bool:
    """Whether near repeat ``a`` says all that ``b`` says, and more: the copy to keep.

    Both must have the same content words, however spaced. Then ``a`` is
    fuller when it adds an emoji to those of ``b``, or, with the same emoji,
    adds a function word to those of ``b``. Anything else is no evidence,
    and the first copy stays.

    >>> fuller("My Top 10 Women Talking Sports", "Top 10 Women Talking Sports")
    True
    >>> fuller("Slice, serve & enjoy 🙂", "Slice and serve! Enjoy")
    True
    >>> fuller("Slice and serve! Enjoy", "Slice, serve & enjoy 🙂")
    False
    >>> fuller("but you said", "butyou said")
    False
    """
    content_a, emoji_a, glue_a = _parts(a)
    content_b, emoji_b, glue_b = _parts(b)
    if content_a != content_b:
        return False
    if emoji_a != emoji_b:
        return len(emoji_a) > len(emoji_b) and _is_subsequence(emoji_b, emoji_a)
    return len(glue_a) > len(glue_b) and _is_subsequence(glue_b, glue_a)


def similarity(a: str, b: str, *, partial: bool = False) -> float:
    """Report how alike a removed block and its cover are, from 0 to 100.

    ``partial`` scores the shorter text against its best-matching stretch of
    the longer one, as for a truncated or contained copy.

    >>> similarity("Kerry meets Lavrov in Zurich...", "Kerry meets Lavrov in Zurich on May 2",
    ...            partial=True)
    94.9
    """
    scorer = fuzz.partial_ratio if partial else fuzz.ratio
    return round(float(scorer(a, b)), 1)


def truncation_fits(cut: Truncation, text: str, offset: int) -> bool:
    """Whether the sentence of ``text`` at ``offset`` continues a truncated body.

    ``offset`` indexes ``prepare_for_matching(text)``. Every whole word must
    match; a word cut mid-way need only start the full one.

    >>> from dedup.blocks import find_truncation
    >>> truncation_fits(find_truncation("Since the war began in 2011, confl..."),
    ...                 "Since the war began in 2011, conflict spread.", 0)
    True
    """
    words = tokens_at(prepare_for_matching(text), offset, len(cut.body))
    if len(words) < len(cut.body):
        return False
    if cut.partial_tail:
        return words[:-1] == cut.body[:-1] and words[-1].startswith(cut.body[-1])
    return words == cut.body


def truncation_needle(cut: Truncation) -> str:
    """Return the substring a headless cut must match in a padded key (`` a b c ``).

    >>> from dedup.blocks import find_truncation
    >>> truncation_needle(find_truncation("...ince Syria's confl..."))
    'ince syrias confl'
    """
    needle = " ".join(cut.body)
    if not cut.partial_head:
        needle = " " + needle
    if not cut.partial_tail:
        needle += " "
    return needle


def _credit_tail(text: str, end: int) -> bool:
    # A caption merged with its credit: what follows is short and a credit.
    tail = text[end:]
    return (
        0 < len(tail) <= CREDIT_TAIL_CHARS
        and CREDIT_LEAD.match(tail) is not None
        and CREDIT.search(tail) is not None
    )


# How many places of one container a contained block is checked at. Real
# containers hold a block once or twice; a line of one word repeated holds a
# short block at every word, and each place may cost a look at the rest of
# the line. Past this the block is taken as not contained, and stays.
_MAX_STRETCHES = 16


# A letter, or one of the few numerals (superscripts, fractions) that
# ``str.isalpha`` rejects; a match is confirmed with ``isalpha``.
def _stretches(a: str, b: str, *, min_chars: int) -> Iterator[tuple[str, int, int]]:
    """Yield ``(hay, start, end)`` for each place ``b`` holds ``a`` literally.

    Both are case-folded and ``a`` loses its edge punctuation and quotes.
    Places where ``b`` would add no letters (only numbers or punctuation)
    are skipped: such a ``b`` says nothing more than ``a``. At most
    ``_MAX_STRETCHES`` places are yielded.
    """
    needle = a.casefold().strip(CONTAINED_EDGE)
    hay = b.casefold()
    # Width is never below length, so it is counted only for a short needle.
    if len(hay) <= len(needle) or (len(needle) < min_chars and _width(needle) < min_chars):
        return
    # b adds letters at a place when its first or last letter lies outside
    # it; found once, so that no place copies the text around it.
    first_match, last_match = FIRST_LETTER.search(hay), LAST_LETTER.search(hay)
    first = len(hay) if first_match is None else first_match.start()
    last = -1 if last_match is None else last_match.start()
    found = 0
    start = hay.find(needle)
    while start != -1 and found < _MAX_STRETCHES:
        end = start + len(needle)
        if first < start or last >= end:
            yield hay, start, end
            found += 1
        start = hay.find(needle, start + 1)


def _width(text: str) -> int:
    # Han, kana, Hangul and full-width forms take two columns, and say about
    # as much as two Latin letters: a Chinese sentence of 15 characters is as
    # long, for min_contained_chars, as an English one of 30.
    if text.isascii():
        return len(text)
    return len(text) + sum(unicodedata.east_asian_width(char) in "WF" for char in text)


def contained_width(text: str) -> int:
    """Return how wide a block is for ``min_contained_chars``, its edge punctuation stripped.

    A character of a wide script (Han, kana, Hangul) counts two, as on screen.

    >>> contained_width('"He said no."'), contained_width("他说不。")
    (10, 6)
    """
    return _width(text.casefold().strip(CONTAINED_EDGE))


def _key_inside(a: str, b: str, keys: tuple[str, str] | None) -> bool:
    """Whether the key of ``a`` is a run of whole tokens of the key of ``b``.

    The literal search works on text; this makes sure the stretch starts and
    ends at token boundaries with whole numbers and signs: "5 million" is not
    inside "4.5 million", "-5 million" or "15 million". ``keys`` are the two
    keys padded (`` a b c ``), when the caller has them already.

    >>> _key_inside("5 million fled", "Some 15 million fled", None)
    False
    >>> _key_inside("a b", "x a b", None), _key_inside("", "", (" a b ", " x a b "))
    (True, True)
    """
    if keys is None:
        keys = (f" {' '.join(matching_key(a))} ", f" {' '.join(matching_key(b))} ")
    return keys[0] in keys[1]


def fragment_contained(
    a: str, b: str, *, min_chars: int, min_words: int, keys: tuple[str, str] | None = None
) -> bool:
    """Whether ``b`` holds ``a`` word for word, anywhere, as whole words.

    For long blocks only (``min_words``): a pull quote cut from the middle of
    a sentence. ``b`` must add words.

    >>> quote = "a brassage of data on a very large scale to find a few people"
    >>> fragment_contained(quote, "It is " + quote + " of interest.", min_chars=30, min_words=8)
    True
    >>> fragment_contained("Different Values", "Try different values.", min_chars=5, min_words=8)
    False
    >>> clause = "一直到家中发生一连串令人难以担当的事故"
    >>> fragment_contained(clause, "我说" + clause + "才动摇了我们的", min_chars=10, min_words=8)
    True
    >>> fragment_contained("5 million people have fled the country since the war",
    ...                    "Some 4.5 million people have fled the country since the war began.",
    ...                    min_chars=30, min_words=8)
    False
    """
    words = a.casefold().strip(CONTAINED_EDGE).split()
    if len(words) < min_words and (
        UNSPACED_LETTER.search(a) is None
        or len(keys[0].split() if keys else matching_key(a)) < min_words
    ):
        return False
    for hay, start, end in _stretches(a, b, min_chars=min_chars):
        before = hay[start - 1] if start else " "
        after = hay[end] if end < len(hay) else " "
        if not _glued(before, hay[start]) and not _glued(hay[end - 1], after):
            return _key_inside(a, b, keys)
    return False


def _glued(left: str, right: str) -> bool:
    """Whether two neighbouring characters belong to one word.

    Letters of a script written without spaces are words of their own: a
    stretch may start or end next to one (whether a Thai vowel sign is left
    behind is then checked on the keys).
    """
    return (
        left.isalnum()
        and right.isalnum()
        and UNSPACED_LETTER.match(left) is None
        and UNSPACED_LETTER.match(right) is None
    )


def sentence_contained(
    a: str, b: str, *, min_chars: int, keys: tuple[str, str] | None = None
) -> bool:
    """Whether ``b`` holds ``a`` word for word as whole sentences.

    The stretch must start ``b`` or follow a sentence end, and end ``b``, be
    followed by a sentence end, or be followed only by a photo credit; ``b``
    must add words, not just numbers. This is what a pull quote, a subtitle
    repeated as the first sentence, or a caption merged with its credit look
    like; a heading that happens to occur inside a sentence, or a
    table-of-contents line, does not.

    >>> sentence_contained("He said no.", "It rained. He said no. We left.", min_chars=5)
    True
    >>> sentence_contained("Different Values", "We can try different values.", min_chars=5)
    False
    >>> sentence_contained("9. Bearer tokens", "9. Bearer tokens........9", min_chars=5)
    False
    >>> sentence_contained("Refugees at the border", "Refugees at the border A. Kilic/AFP",
    ...                    min_chars=5)
    True
    >>> sentence_contained("-5 degrees tonight.", "It fell. 5 degrees tonight.", min_chars=5)
    False
    """
    for hay, start, end in _stretches(a, b, min_chars=min_chars):
        if CONTAINED_BEFORE.search(hay, max(0, start - 16), start) is not None and (
            CONTAINED_AFTER.match(hay, end) is not None or _credit_tail(hay, end)
        ):
            return _key_inside(a, b, keys)
    return False
