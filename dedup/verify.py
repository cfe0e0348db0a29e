"""Stage 4, verify: confirm or reject what the candidate search proposed.

Candidates come from hashes and indexes; these checks decide whether a pair
really is a repeat under the policy, and how similar the two blocks are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rapidfuzz import fuzz

from dedup.blocks import numbers
from dedup.patterns import CODE_LINE

__all__ = ["covered_spans", "is_code", "near_enough", "same_numbers", "similarity"]

# Code lines are short; longer lines are prose, and skipping them bounds the
# cost of CODE_LINE on huge single-line inputs.
_MAX_CODE_LINE = 300


def same_numbers(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two keys carry the same numbers in the same order.

    >>> same_numbers(("rose", "1", "2"), ("rose", "1", "4"))
    False
    >>> same_numbers(("1", "green", "2", "red"), ("2", "red", "1", "green"))
    False
    """
    return numbers(a) == numbers(b)


def near_enough(a: str, b: str, *, cutoff: float) -> float:
    """Score two skeletons with rapidfuzz; 0.0 when below ``cutoff``.

    >>> near_enough("russiasaidthursday", "russiasaidthursday", cutoff=95) == 100.0
    True
    >>> near_enough("availableinred", "availableinblue", cutoff=95)
    0.0
    """
    return float(fuzz.ratio(a, b, score_cutoff=cutoff))


def similarity(a: str, b: str, *, partial: bool = False) -> float:
    """Report how alike a removed block and its cover are, from 0 to 100.

    ``partial`` scores the shorter text against its best-matching stretch of
    the longer one, as for a truncated or contained copy.

    >>> similarity("Zurich...", "Zurich on January 20", partial=True) > 80
    True
    """
    scorer = fuzz.partial_ratio if partial else fuzz.ratio
    return round(float(scorer(a, b)), 1)


def is_code(text: str) -> bool:
    """Whether a line looks like source code, which may repeat on purpose.

    >>> is_code("return x;"), is_code("if (a == b) {"), is_code("The end.")
    (True, True, False)
    """
    return len(text) <= _MAX_CODE_LINE and CODE_LINE.search(text) is not None


def covered_spans(
    length: int,
    spans: Sequence[tuple[int, int, int]],
    gap_part: Callable[[int, int], int | None],
    *,
    max_gap: int = 2,
) -> list[int] | None:
    """Check that spans tile ``0..length``; return the covering parts, or None.

    ``spans`` holds ``(start, end, part)``. A gap of up to ``max_gap`` tokens
    may be closed by ``gap_part(start, end)``, which names a block saying
    exactly those tokens, or returns None. Parts come back in text order.

    >>> covered_spans(6, [(0, 3, 7), (3, 6, 9)], lambda s, e: None)
    [7, 9]
    >>> covered_spans(7, [(0, 3, 7), (4, 7, 9)], lambda s, e: 5 if (s, e) == (3, 4) else None)
    [7, 5, 9]
    >>> covered_spans(7, [(0, 3, 7), (4, 7, 9)], lambda s, e: None) is None
    True
    """
    parts: list[int] = []
    reached = 0
    for start, end, part in sorted(spans):
        if end <= reached:
            continue
        if start > reached:
            if start - reached > max_gap:
                return None
            filler = gap_part(reached, start)
            if filler is None:
                return None
            parts.append(filler)
        parts.append(part)
        reached = end
    if reached < length:
        if length - reached > max_gap:
            return None
        filler = gap_part(reached, length)
        if filler is None:
            return None
        parts.append(filler)
    return parts
