"""Near repeats: the same content words, differing only in function words, case or punctuation."""

from __future__ import annotations

from collections.abc import Iterator

from dedup.decide.decision import Reason
from dedup.decide.state import _State
from dedup.verify import (
    fuller,
    near_repeat,
)

# How many earlier blocks of one near-repeat bucket a block is verified
# against. Real pages rarely have more than two in a bucket.
_MAX_NEAR_CANDIDATES = 16


def _near_pass(state: _State) -> None:
    """Remove near repeats: of two copies, the fuller one stays, else the first.

    Candidates share a skeleton (content words run together); rapidfuzz's
    token-level edit script then confirms that only function words or spacing
    differ.
    """
    for rep, earlier in _near_buckets(state):
        text = state.blocks[rep].text
        for other in earlier:
            if not state.kept(other):
                continue
            other_text = state.blocks[other].text
            if near_repeat(text, other_text, cutoff=state.config.near_ratio):
                # The copy with a word or an emoji the other lacks stays,
                # wherever it stands.
                if fuller(text, other_text) and state.removable(other):
                    state.remove(other, Reason.NEAR, rep)
                else:
                    state.remove(rep, Reason.NEAR, other)
                break


def _near_buckets(state: _State) -> Iterator[tuple[int, list[int]]]:
    """Yield each removable representative with the earlier ones it may repeat.

    Two buckets find them: the skeleton (content words run together) and the
    whole key run together, which also pairs a function word glued to its
    neighbour ("into bed", "intobed").
    """
    buckets: dict[tuple[bool, str], list[int]] = {}
    for rep in state.reps:
        if not state.removable(rep):
            continue
        block = state.blocks[rep]
        skel = state.facts.skeleton(block)
        if not skel:
            continue
        by_skeleton = buckets.setdefault((True, skel), [])
        by_letters = buckets.setdefault((False, "".join(block.key)), [])
        if by_skeleton or by_letters:
            yield rep, sorted({*by_skeleton, *by_letters})
        # A bucket holds the first few blocks only: blocks that share a
        # skeleton yet are not near repeats of each other (a swapped function
        # word) must not make every later one verify against all of them.
        if len(by_skeleton) < _MAX_NEAR_CANDIDATES:
            by_skeleton.append(rep)
        if len(by_letters) < _MAX_NEAR_CANDIDATES:
            by_letters.append(rep)
