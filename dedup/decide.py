"""Stage 5, decide: which blocks stay, and what covers each removed one.

The passes run from the broadest evidence to the narrowest:

1. exact keys group the blocks; the first of each group is its representative;
2. near repeats among representatives (same skeleton, or a long block within
   ``near_ratio``);
3. truncated copies, matched to a complete block wherever it stands;
4. merged lines, which go when finer-grained lines cover every word;
5. contained copies, which go when a longer kept line holds them word for word;
6. the remaining members of exact groups: adjacent repeats, longer repeats,
   and labels or code lines only as part of a repeated run.

A removal always names the block(s) that cover it. A last check follows every
chain of covers; if one does not end at kept blocks, the block is kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from dedup.blocks import Block, find_truncation, skeleton
from dedup.candidates import Occurrence, TrigramIndex, Vocabulary, group_by
from dedup.config import CleanConfig
from dedup.verify import (
    covered_spans,
    is_code,
    near_repeat,
    sentence_contained,
    similarity,
    starts_sentence,
)

__all__ = ["Decision", "Reason", "decide"]


class Reason(str, Enum):
    """Why a block was removed. Each value is also the name used in reports."""

    EXACT = "exact"
    """The same text as an earlier block, after folding."""
    ADJACENT = "adjacent"
    """A repeat of the kept block right before it."""
    NEAR = "near"
    """Differs from an earlier block only in case, punctuation, spacing or function words."""
    TRUNCATED = "truncated"
    """Cut short with ``...`` or ``Read more``; a complete block says it all."""
    CONTAINED = "contained"
    """A longer kept block holds it word for word."""
    MERGED = "merged"
    """Several finer-grained kept blocks together say every word of it."""
    RUN = "run"
    """A label or code line inside a repeated run of blocks."""

    def __str__(self) -> str:
        return self.value


@dataclass(slots=True)
class Decision:
    """What happens to one block. Mutable only while :func:`decide` runs."""

    kept: bool = True
    reason: Reason | None = None
    twin: int | None = None
    """The block it was matched with (before following chains)."""
    parts: tuple[int, ...] = ()
    """For a merged line, every block that together covers it."""
    score: float = 0.0


class _State:
    """Blocks, their groups and the decisions being made, for one page."""

    def __init__(self, blocks: Sequence[Block], config: CleanConfig) -> None:
        self.blocks = blocks
        self.config = config
        self.decisions = [Decision() for _ in blocks]
        groups = group_by(block.key for block in blocks)
        # Blocks with no key (punctuation only) are never repeats.
        groups.pop((), None)
        self.groups: dict[tuple[str, ...], list[int]] = groups  # type: ignore[assignment]
        self.reps: list[int] = [members[0] for members in groups.values()]
        self.rep_of_key = {key: members[0] for key, members in groups.items()}

    def kept(self, index: int) -> bool:
        return self.decisions[index].kept

    def is_label(self, index: int) -> bool:
        return len(self.blocks[index].text) < self.config.label_chars

    def removable(self, index: int) -> bool:
        """Whether a block may go as a near, truncated, contained or merged copy.

        Labels and code lines may repeat on purpose; they go only when they
        repeat exactly, next to their twin or inside a repeated run.
        """
        return not self.is_label(index) and not is_code(self.blocks[index].text)

    def remove(
        self,
        index: int,
        reason: Reason,
        twin: int,
        *,
        parts: tuple[int, ...] = (),
        partial: bool = False,
    ) -> None:
        decision = self.decisions[index]
        decision.kept = False
        decision.reason = reason
        decision.twin = twin
        decision.parts = parts
        decision.score = (
            100.0
            if reason is Reason.MERGED
            else similarity(self.blocks[index].text, self.blocks[twin].text, partial=partial)
        )


def _near_pass(state: _State) -> None:
    """Remove representatives that repeat an earlier one but for function words.

    Candidates share a skeleton (content words run together); rapidfuzz's
    token-level edit script then confirms that only function words or spacing
    differ.
    """
    first_by_skeleton: dict[str, list[int]] = {}
    for rep in state.reps:
        if not state.removable(rep):
            continue
        text = state.blocks[rep].text
        skel = skeleton(text)
        if not skel:
            continue
        earlier = first_by_skeleton.setdefault(skel, [])
        for other in earlier:
            score = near_repeat(text, state.blocks[other].text, cutoff=state.config.near_ratio)
            if score:
                state.remove(rep, Reason.NEAR, other)
                break
        else:
            earlier.append(rep)


def _candidate_reps(state: _State) -> list[int]:
    """Representatives that are still kept and long enough to match by words."""
    return [
        rep
        for rep in state.reps
        if state.kept(rep) and not state.is_label(rep) and len(state.blocks[rep].key) >= 3
    ]


def _truncated_pass(state: _State, index: TrigramIndex, docs: list[int]) -> None:
    """Remove blocks cut short when a complete block on the page says all of them."""
    config = state.config
    position = {rep: doc for doc, rep in enumerate(docs)}
    for rep in docs:
        block = state.blocks[rep]
        if not state.removable(rep):
            continue
        cut = find_truncation(block.text)
        if cut is None:
            continue
        whole_words = len(cut.body) - int(cut.partial_head) - int(cut.partial_tail)
        if whole_words < config.min_truncated_words:
            continue
        best: int | None = None
        for found in index.find(
            cut.body, partial_head=cut.partial_head, partial_tail=cut.partial_tail
        ):
            other = docs[found.doc]
            if other == rep or not state.kept(other):
                continue
            if found.doc == position[rep]:
                continue
            # A teaser repeats the start of a text or of one of its sentences;
            # three words that happen to occur mid-sentence are not a source.
            if not cut.partial_head and not starts_sentence(
                state.blocks[other].text, found.start
            ):
                continue
            if find_truncation(state.blocks[other].text) is None:
                best = other
                break
            # Another cut copy: only if it carries more of the text.
            if best is None and len(index.ids(found.doc)) > len(block.key):
                best = other
        if best is not None:
            state.remove(rep, Reason.TRUNCATED, best, partial=True)


def _containment(
    state: _State, index: TrigramIndex, docs: list[int]
) -> tuple[dict[int, list[Occurrence]], dict[int, list[tuple[int, int, int]]]]:
    """Find, for every candidate, the longer candidates that hold it."""
    containers: dict[int, list[Occurrence]] = {}
    spans: dict[int, list[tuple[int, int, int]]] = {}
    for doc, rep in enumerate(docs):
        if not state.kept(rep):
            continue
        key = state.blocks[rep].key
        for found in index.find(key):
            if found.doc == doc or len(index.ids(found.doc)) <= len(key):
                continue
            containers.setdefault(rep, []).append(found)
            spans.setdefault(docs[found.doc], []).append((found.start, found.end, rep))
    return containers, spans


def _merged_pass(
    state: _State, index: TrigramIndex, docs: list[int], spans: dict[int, list[tuple[int, int, int]]]
) -> None:
    """Remove a line that other kept lines say in full: the finer lines stay."""
    position = {rep: doc for doc, rep in enumerate(docs)}

    for rep in sorted(spans, key=lambda r: (-len(state.blocks[r].key), r)):
        if not state.kept(rep) or is_code(state.blocks[rep].text):
            continue
        live = [(s, e, part) for s, e, part in spans[rep] if state.kept(part)]
        if len({part for _, _, part in live}) < 2:
            continue
        tokens = state.blocks[rep].key
        fillers: set[int] = set()

        def gap_part(
            start: int, end: int, tokens: tuple[str, ...] = tokens, fillers: set[int] = fillers
        ) -> int | None:
            filler = state.rep_of_key.get(tokens[start:end])
            if filler is None or not state.kept(filler):
                return None
            fillers.add(filler)
            return filler

        parts = covered_spans(len(index.ids(position[rep])), live, gap_part)
        if parts is None:
            continue
        # The lines a merged line repeats stand on the page in the same order
        # (a paragraph split in two, an article run into one line); parts in
        # another order only share words by chance.
        main = [part for part in parts if part not in fillers]
        if len(main) >= 2 and all(a < b for a, b in zip(main, main[1:])):
            unique_parts = tuple(dict.fromkeys(parts))
            state.remove(rep, Reason.MERGED, unique_parts[0], parts=unique_parts)


def _contained_pass(
    state: _State,
    docs: list[int],
    containers: dict[int, list[Occurrence]],
    spans: dict[int, list[tuple[int, int, int]]],
) -> None:
    """Remove a block that a longer kept block holds as whole sentences.

    A container that holds two or more other blocks is a merged line: it goes
    only when they cover it completely (the merged pass), and otherwise
    everything stays, so that a page's fine-grained lines are never folded
    into a line that merely repeats them.
    """
    config = state.config
    merged_like = {
        container
        for container, found in spans.items()
        if len({part for _, _, part in found}) >= 2
    }
    for rep in sorted(containers, key=lambda r: (-len(state.blocks[r].key), r)):
        if not state.kept(rep) or not state.removable(rep):
            continue
        text = state.blocks[rep].text
        for found in containers[rep]:
            other = docs[found.doc]
            if not state.kept(other) or other in merged_like:
                continue
            if sentence_contained(text, state.blocks[other].text, min_chars=config.min_contained_chars):
                state.remove(rep, Reason.CONTAINED, other, partial=True)
                break


def _member_pass(state: _State, members: list[int]) -> bool:
    """Decide the later members of exact groups; return whether any was removed."""
    changed = False
    previous: int | None = None
    decisions = state.decisions
    cursor = 0
    for index in members:
        # The nearest kept block before this one; removals in this pass only
        # ever happen at the cursor, so one forward sweep stays exact.
        while cursor < index:
            if decisions[cursor].kept:
                previous = cursor
            cursor += 1
        if not decisions[index].kept:
            continue
        block = state.blocks[index]
        if previous is not None and state.blocks[previous].key == block.key:
            if not is_code(block.text):
                state.remove(index, Reason.ADJACENT, previous)
                changed = True
            continue
        if state.is_label(index) or is_code(block.text):
            continue
        rep = state.rep_of_key[block.key]
        if rep != index and state.blocks[rep].text == block.text:
            state.remove(index, Reason.EXACT, rep)
            changed = True
        elif rep != index:
            state.remove(index, Reason.NEAR, rep)
            changed = True
    return changed


def _run_twin(state: _State, index: int, neighbour: int, direction: int) -> int | None:
    """An earlier copy of ``index`` sitting next to the copy that ``neighbour`` repeats."""
    decision = state.decisions[neighbour]
    if decision.kept or decision.twin is None:
        return None
    anchor = decision.twin
    gap = state.config.run_gap
    for member in state.groups[state.blocks[index].key]:
        if member >= index:
            break
        distance = (member - anchor) * direction
        if 0 < distance <= gap and state.kept(member):
            return member
    return None


def _run_pass(state: _State, members: list[int]) -> bool:
    """Remove labels and code lines that sit inside a repeated run."""
    changed = False
    last = len(state.blocks) - 1
    for order in (members, members[::-1]):
        for index in order:
            if not state.kept(index):
                continue
            twin = None
            if index > 0:
                twin = _run_twin(state, index, index - 1, +1)
            if twin is None and index < last:
                twin = _run_twin(state, index, index + 1, -1)
            if twin is not None:
                state.remove(index, Reason.RUN, twin)
                changed = True
    return changed


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
        covers = decision.parts or ((decision.twin,) if decision.twin is not None else ())
        pending = [c for c in covers if c not in memo]
        if not covers:
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
            i for i, d in enumerate(decisions) if not d.kept and not _ends_at_kept(decisions, i, memo)
        ]
        if not broken:
            return
        for index in broken:
            decisions[index] = Decision()


def decide(blocks: Sequence[Block], config: CleanConfig) -> list[Decision]:
    """Decide every block's fate; removed blocks name what covers them.

    >>> from dedup.blocks import split_blocks
    >>> lines = ["A caption long enough to be content", "A caption long enough to be content"]
    >>> [d.reason for d in decide(split_blocks(lines, lines), CleanConfig())]
    [None, <Reason.ADJACENT: 'adjacent'>]
    """
    state = _State(blocks, config)
    _near_pass(state)
    docs = _candidate_reps(state)
    if docs:
        index = TrigramIndex(
            [blocks[rep].key for rep in docs], Vocabulary(), max_postings=config.max_postings
        )
        containers, spans = _containment(state, index, docs)
        _merged_pass(state, index, docs, spans)
        _truncated_pass(state, index, docs)
        _contained_pass(state, docs, containers, spans)
    members = [i for group in state.groups.values() for i in group[1:]]
    members.sort()
    while True:
        changed = _member_pass(state, members)
        changed = _run_pass(state, members) or changed
        if not changed:
            break
    _keep_uncovered(state.decisions)
    return state.decisions
