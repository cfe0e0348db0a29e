"""Group members: adjacent and longer repeats, and labels or code lines inside repeated runs."""

from __future__ import annotations

from bisect import bisect_left

from dedup.code_lines import reads_as_prose
from dedup.decide.decision import Reason
from dedup.decide.state import _State

# A code block printed twice goes as a run of at least this many lines; the
# run is looked for at the first few copies of its first line, and is cut
# into pieces of at most _MAX_CODE_RUN lines, which bounds the work on a page
# of one line repeated.
_MIN_CODE_RUN = 3


_MAX_RUN_STARTS = 8


_MAX_CODE_RUN = 64


def _member_pass(state: _State, members: list[int]) -> bool:
    """Decide the later members of exact groups; return whether any was removed."""
    changed = False
    previous: int | None = None
    alive = state.alive
    cursor = 0
    for index in members:
        # The nearest kept block before this one; removals in this pass only
        # ever happen at the cursor, so one forward sweep stays exact.
        while cursor < index:
            if alive[cursor]:
                previous = cursor
            cursor += 1
        if not alive[index]:
            continue
        block = state.blocks[index]
        if previous is not None and state.blocks[previous].key == block.key:
            if not state.is_code(index):
                state.remove(index, Reason.ADJACENT, previous)
                changed = True
            continue
        if state.is_label(index) or state.is_code(index):
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
    """Find an earlier copy of ``index`` sitting next to the copy that ``neighbour`` repeats."""
    decision = state.removed.get(neighbour)
    if decision is None or decision.twin is None:
        return None
    anchor = decision.twin
    gap = state.config.run_gap
    # The copy must sit within ``gap`` blocks after (or before) the anchor;
    # members are in page order, so bisect finds that window directly.
    low, high = (anchor + 1, anchor + gap) if direction > 0 else (anchor - gap, anchor - 1)
    members = state.groups[state.blocks[index].key]
    for position in range(bisect_left(members, low), len(members)):
        member = members[position]
        if member > high or member >= index:
            break
        if state.kept(member):
            return member
    return None


def _code_block_pass(state: _State, members: list[int]) -> bool:
    """Remove a block of code printed again, line for line, after its first copy.

    Code lines repeat on purpose one by one, so a block goes only as a run:
    at least ``_MIN_CODE_RUN`` consecutive lines with the same folded text
    as an earlier run, two of them with words. Both copies must be whole
    blocks, with text or the page's edge on either side: a tutorial that
    prints a query and later the same query extended keeps both, since the
    second would not run without its first lines. Each line names the line
    of the first copy it repeats.
    """
    changed = False
    blocks = state.blocks
    for index in members:
        if not state.kept(index) or not state.is_code(index):
            continue
        for twin in state.groups[blocks[index].key][:_MAX_RUN_STARTS]:
            if twin >= index:
                break
            length = 0
            while (
                length < _MAX_CODE_RUN
                and twin + length < index
                and index + length < len(blocks)
                and blocks[index + length].text == blocks[twin + length].text
            ):
                length += 1
            worded = sum(len(blocks[index + k].key) >= 2 for k in range(length))
            whole = all(
                _block_edge(state, before, after)
                for before, after in ((twin - 1, twin), (twin + length - 1, twin + length))
            ) and all(
                _block_edge(state, before, after)
                for before, after in ((index - 1, index), (index + length - 1, index + length))
            )
            if length >= _MIN_CODE_RUN and worded >= 2 and whole:
                for k in range(length):
                    if state.kept(index + k):
                        state.remove(index + k, Reason.RUN, twin + k)
                changed = True
                break
    return changed


def _block_edge(state: _State, before: int, after: int) -> bool:
    """Whether a code block may end between two neighbouring blocks.

    It may at the page's edge, at a blank line, or next to a line that reads
    as prose; a command's output or the next clause of a query is part of it.
    """
    if before < 0 or after >= len(state.blocks) or state.blocks[after].blank_before:
        return True
    return any(
        not state.is_code(i) and reads_as_prose(state.blocks[i].text) for i in (before, after)
    )


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
