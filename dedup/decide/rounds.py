"""The order of the passes, the check on every chain of covers, and the rounds to a fixed point."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from dedup.blocks import Block
from dedup.config import CleanConfig
from dedup.decide.decision import KEPT, Decision, Reason
from dedup.decide.near import _near_buckets, _near_pass
from dedup.decide.pairs import _MAX_HEADLESS_CUTS, _Pairs, _word_reps
from dedup.decide.partial import _contained_pass, _merged_pass, _truncated_pass
from dedup.decide.runs import _code_block_pass, _member_pass, _run_pass
from dedup.decide.state import _Facts, _State
from dedup.verify import (
    similarity,
    truncation_needle,
)

# How many times decide() reruns its passes on the kept blocks. Real pages
# settle after two runs; a page built to need more is cut off here, at the
# cost of idempotence on that page.
_MAX_ROUNDS = 16


def _ends_at_kept(decisions: list[Decision], index: int, memo: dict[int, bool]) -> bool:
    """Whether every chain of covers from ``index`` ends at kept blocks."""
    stack = [index]
    visiting: set[int] = set()
    while stack:
        current = stack[-1]
        if current in memo:
            stack.pop()
            continue
        decision = decisions[current]
        if decision.kept:
            memo[current] = True
            stack.pop()
            continue
        covers = decision.covers
        pending = [c for c in covers if c not in memo]
        if decision.reason is Reason.BOILERPLATE:
            # The caller's site profile vouches for it; nothing on the page does.
            memo[current] = True
            stack.pop()
        elif not covers:
            memo[current] = False
            stack.pop()
        elif pending:
            if current in visiting:
                memo[current] = False  # a cycle: nothing in it is covered
                stack.pop()
                continue
            visiting.add(current)
            stack.extend(pending)
        else:
            memo[current] = all(memo[c] for c in covers)
            stack.pop()
    return memo[index]


def _keep_uncovered(decisions: list[Decision]) -> None:
    """Restore any removed block whose covers do not end at kept blocks."""
    while True:
        memo: dict[int, bool] = {}
        broken = [
            i
            for i, d in enumerate(decisions)
            if not d.kept and not _ends_at_kept(decisions, i, memo)
        ]
        if not broken:
            return
        for index in broken:
            decisions[index] = KEPT


def score(blocks: Sequence[Block], index: int, decision: Decision) -> float | None:
    """Return how alike a removed block and the block it matched are, 0 to 100.

    Truncated and contained copies are scored against the best-matching
    stretch of their source; merged lines and boilerplate score 100. Kept
    blocks have no score.

    >>> from dedup.blocks import split_blocks
    >>> lines = ["Storm hits the coast tonight", "Storm hits the coast tonight"]
    >>> blocks = split_blocks(lines, lines)
    >>> score(blocks, 1, decide(blocks, CleanConfig())[1])
    100.0
    """
    if decision.kept:
        return None
    if decision.twin is None or decision.reason is Reason.MERGED:
        return 100.0
    partial = decision.reason in (Reason.TRUNCATED, Reason.CONTAINED)
    return similarity(blocks[index].text, blocks[decision.twin].text, partial=partial)


def decide(
    blocks: Sequence[Block],
    config: CleanConfig,
    *,
    preset: Mapping[int, Decision] | None = None,
) -> list[Decision]:
    """Decide every block's fate; removed blocks name what covers them.

    The passes are run again on the blocks that stay until they remove
    nothing more. Removing a block can make another removable (a container
    that held two blocks holds one), and cleaning the output must change
    nothing, so the result is this fixed point. Pages almost always reach it
    on the second run.

    ``preset`` holds decisions made before the page is looked at (boilerplate
    found by a site profile); those blocks are set aside and the passes run
    on the rest.

    >>> from dedup.blocks import split_blocks
    >>> lines = ["A caption long enough to be content", "A caption long enough to be content"]
    >>> [d.reason for d in decide(split_blocks(lines, lines), CleanConfig())]
    [None, <Reason.ADJACENT: 'adjacent'>]
    """
    facts = _Facts(config, blocks)
    if preset:
        decisions = [preset.get(index, KEPT) for index in range(len(blocks))]
        kept = [index for index, decision in enumerate(decisions) if decision.kept]
    else:
        decisions = [KEPT] * len(blocks)
        kept = list(range(len(blocks)))
    for _ in range(_MAX_ROUNDS):
        if not kept:
            break
        again, word_removals = _decide_once([blocks[i] for i in kept], config, facts)
        for position, decision in enumerate(again):
            if decision.kept:
                continue
            # Map the sub-page's positions back onto the page.
            decisions[kept[position]] = Decision(
                False,
                decision.reason,
                None if decision.twin is None else kept[decision.twin],
                tuple(kept[part] for part in decision.parts),
            )
        if not word_removals:
            break
        kept = [i for i in kept if decisions[i].kept]
    return decisions


def _decide_once(
    blocks: Sequence[Block], config: CleanConfig, facts: _Facts
) -> tuple[list[Decision], int]:
    """Run every pass once over ``blocks``; also say how many word-level removals it made."""
    state = _State(blocks, config, facts)
    _near_pass(state)
    reps = _word_reps(state)
    if reps:
        pairs = _Pairs(state, reps)
        _merged_pass(state, pairs, reps)
        _truncated_pass(state, pairs)
        _contained_pass(state, pairs)
    members = [i for group in state.groups.values() for i in group[1:]]
    members.sort()
    while True:
        changed = _member_pass(state, members)
        changed = _code_block_pass(state, members) or changed
        changed = _run_pass(state, members) or changed
        if not changed:
            break
    decisions = state.decisions()
    _keep_uncovered(decisions)
    return decisions, state.word_removals


def candidate_pairs(blocks: Sequence[Block], config: CleanConfig) -> set[tuple[str, int, int]]:
    """List every pair the candidate search proposes, before any verification.

    Each pair is ``(kind, block, other)`` with kind ``near``, ``truncated`` or
    ``contained``; blocks are representatives (first of their exact key).
    This is what the decision passes verify; the tests compare it with an
    all-pairs reference to show that the search misses nothing.

    >>> from dedup.blocks import split_blocks
    >>> lines = ["The storm hit the coast early on Monday.", "The storm hit the coast early..."]
    >>> sorted(candidate_pairs(split_blocks(lines, lines), CleanConfig()))
    [('contained', 1, 0), ('truncated', 1, 0)]
    """
    state = _State(blocks, config, _Facts(config, blocks))
    found: set[tuple[str, int, int]] = set()
    for rep, earlier in _near_buckets(state):
        found.update(("near", rep, other) for other in earlier)
    reps = _word_reps(state)
    if not reps:
        return found
    pairs = _Pairs(state, reps)
    for rep, containers in pairs.contained.items():
        found.update(("contained", rep, container) for container in containers)
    for rep, containers in pairs.fragments.items():
        found.update(("contained", rep, container) for container in containers)
    for rep, sources in pairs.truncated.items():
        found.update(("truncated", rep, source) for source, _ in sources)
    for rep in pairs.cut_anywhere[:_MAX_HEADLESS_CUTS]:
        needle = truncation_needle(pairs.cuts[rep])
        found.update(("truncated", rep, source) for source in pairs.haystack(state).find(needle))
    return found
