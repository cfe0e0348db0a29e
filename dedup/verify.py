"""Stage 4, verify: confirm or reject what the candidate search proposed.

Candidates come from hashes and indexes; these checks decide whether a pair
really is a repeat under the policy, and how similar the two blocks are.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from dedup.blocks import (
    Truncation,
    function_word_flags,
    matching_key,
    numbers,
    prepare_for_matching,
    skeleton_of,
)
from dedup.candidates import tokens_at
from dedup.patterns import (
    CODE_BRACKETS,
    CODE_CALL,
    CODE_END,
    CODE_OPERATOR,
    CODE_START,
    CONTAINED_AFTER,
    CONTAINED_BEFORE,
    CONTAINED_EDGE,
)

__all__ = [
    "is_code",
    "near_repeat",
    "sentence_contained",
    "similarity",
    "truncation_fits",
    "truncation_needle",
]

# Code lines are short; longer lines are prose, and skipping them bounds the
# cost of CODE_LINE on huge single-line inputs.
_MAX_CODE_LINE = 300


def _only_function_words(tokens: Sequence[str], flags: Sequence[bool]) -> bool:
    return all(flags) and len(flags) == len(tokens)


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
    """
    key_a, key_b = matching_key(a), matching_key(b)
    if not key_a or not key_b or numbers(key_a) != numbers(key_b):
        return 0.0
    if skeleton_of(key_a) != skeleton_of(key_b):
        return 0.0  # the content words differ, however they are spaced
    score = float(fuzz.ratio(" ".join(key_a), " ".join(key_b), score_cutoff=cutoff))
    if not score:
        return 0.0
    flags_a, flags_b = function_word_flags(a), function_word_flags(b)
    if len(flags_a) != len(key_a) or len(flags_b) != len(key_b):
        return 0.0
    for op in Levenshtein.opcodes(key_a, key_b):
        tag = op.tag
        if tag == "equal":
            continue
        removed = key_a[op.src_start : op.src_end]
        added = key_b[op.dest_start : op.dest_end]
        if tag == "delete" and _only_function_words(removed, flags_a[op.src_start : op.src_end]):
            continue
        if tag == "insert" and _only_function_words(added, flags_b[op.dest_start : op.dest_end]):
            continue
        if tag == "replace" and len(removed) != len(added) and "".join(removed) == "".join(added):
            continue  # the same letters, spaced differently
        return 0.0
    return score


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


def is_code(text: str) -> bool:
    """Whether a line looks like source code, which may repeat on purpose.

    >>> is_code("return x;"), is_code("if (a == b) {"), is_code("The end (mostly).")
    (True, True, False)
    >>> is_code("FROM unnest(array[2, 3]) AS n"), is_code("Kerry (right) meets Lavrov")
    (True, False)
    """
    if len(text) > _MAX_CODE_LINE:
        return False
    if text.startswith(CODE_START) or text.endswith(CODE_END):
        return True
    if CODE_OPERATOR.search(text) is not None:
        return True
    # A call "f(" alone is common in prose ("(s)", "Kerry (right)"); with a
    # closing parenthesis at the end or brackets around it, it is code.
    return CODE_CALL.search(text) is not None and (
        text.endswith(")") or CODE_BRACKETS.search(text) is not None
    )


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


def sentence_contained(a: str, b: str, *, min_chars: int) -> bool:
    """Whether ``b`` holds ``a`` word for word as whole sentences.

    The stretch must start ``b`` or follow a sentence end, and end ``b`` or
    be followed by one; ``b`` must add words, not just numbers. This is what
    a pull quote, a subtitle repeated as the first sentence, or a caption
    merged with its credit look like; a heading that happens to occur inside
    a sentence, or a table-of-contents line, does not.

    >>> sentence_contained("He said no.", "It rained. He said no. We left.", min_chars=5)
    True
    >>> sentence_contained("Different Values", "We can try different values.", min_chars=5)
    False
    >>> sentence_contained("9. Bearer tokens", "9. Bearer tokens........9", min_chars=5)
    False
    """
    needle = a.casefold().strip(CONTAINED_EDGE)
    hay = b.casefold()
    if len(needle) < min_chars or len(hay) <= len(needle):
        return False
    start = hay.find(needle)
    while start != -1:
        end = start + len(needle)
        rest = hay[:start] + " " + hay[end:]
        if (
            CONTAINED_BEFORE.search(hay, max(0, start - 16), start) is not None
            and CONTAINED_AFTER.match(hay, end) is not None
            and any(ch.isalpha() for ch in rest)
        ):
            return True
        start = hay.find(needle, start + 1)
    return False
