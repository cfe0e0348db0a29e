"""Partial copies: truncated, merged and contained blocks, and the kept blocks that cover them."""

from __future__ import annotations

from dedup.candidates import (
    HEAD_TOKENS,
)
from dedup.decide.decision import Reason
from dedup.decide.pairs import _MAX_HEADLESS_CUTS, _MAX_MISS_COPIES, _Pairs
from dedup.decide.state import _State
from dedup.verify import (
    fragment_contained,
    sentence_contained,
    truncation_fits,
    truncation_needle,
)


def _truncated_pass(state: _State, pairs: _Pairs) -> None:
    """Remove blocks cut short when a complete block on the page says all of them."""
    for rep, cut in pairs.cuts.items():
        if not state.kept(rep):
            continue
        if cut.partial_head:
            if rep not in pairs.cut_anywhere[:_MAX_HEADLESS_CUTS]:
                continue
            found = pairs.haystack(state).find(truncation_needle(cut))
            sources = [(other, -1) for other in found]
        else:
            sources = pairs.truncated.get(rep, [])
        best: int | None = None
        for other, offset in sources:
            if other == rep or not state.kept(other):
                continue
            if offset >= 0 and not truncation_fits(cut, state.blocks[other].text, offset):
                continue
            if state.facts.cut(state.blocks[other]) is None:
                best = other
                break
            # Another cut copy: only if it carries more of the text.
            if best is None and len(state.blocks[other].key) > len(state.blocks[rep].key):
                best = other
        if best is not None:
            state.remove(rep, Reason.TRUNCATED, best)


def _merged_pass(state: _State, pairs: _Pairs, reps: list[int]) -> None:
    """Remove a line that other kept lines say in full: the finer lines stay.

    The line is walked from its start: at each seam the next part is the
    longest kept block whose whole key continues it; a gap of up to two
    tokens may be a short block (a credit, "AFP"). A line made of exactly
    two parts that comes before both stays instead, and the parts go: the
    first copy keeps the reading order. A line of three or more parts (an
    article on one line) always goes.
    """
    for rep in sorted(reps, key=lambda r: (-len(state.blocks[r].key), r)):
        if not state.kept(rep) or state.is_code(rep):
            continue
        key = state.blocks[rep].key
        if len(key) < 2 * HEAD_TOKENS or not pairs.lengths.get(key[:HEAD_TOKENS]):
            continue
        parts = _tile(state, pairs, rep)
        if parts is None:
            continue
        main, fillers = parts
        pieces = tuple(dict.fromkeys(main))
        if len(pieces) < 2:
            continue
        if len(pieces) == 2 and rep < min(pieces) and all(state.removable(p) for p in pieces):
            # A paragraph printed whole, then again as two lines: the first
            # copy stays, so the paragraph keeps its place in the reading
            # order, and its later pieces go as contained copies.
            for piece in pieces:
                state.remove(piece, Reason.CONTAINED, rep)
            continue
        state.remove(rep, Reason.MERGED, main[0], parts=tuple(dict.fromkeys(main + fillers)))


def _tile(state: _State, pairs: _Pairs, whole: int) -> tuple[list[int], list[int]] | None:
    """Cover a key end to end with kept blocks; None if a stretch is left over."""
    key = state.blocks[whole].key
    main: list[int] = []
    fillers: list[int] = []
    position = 0
    wasted = 0
    while position < len(key):
        part = None
        for size in pairs.lengths.get(key[position : position + HEAD_TOKENS]):
            if size < len(key) and position + size <= len(key):
                if not pairs.keys.shares_print(key, position, size):
                    continue
                found = pairs.key_at(key, position, size)
                if found is not None and found != whole and state.kept(found):
                    part = found
                    break  # lengths come longest first
                wasted += size
                if wasted > _MAX_MISS_COPIES * len(key):
                    return None
        if part is not None:
            main.append(part)
            position += len(state.blocks[part].key)
            continue
        for width in (2, 1):
            filler = state.rep_of_key.get(key[position : position + width])
            if filler is not None and state.kept(filler) and position + width <= len(key):
                fillers.append(filler)
                position += width
                break
        else:
            return None
    return main, fillers


def _contained_pass(state: _State, pairs: _Pairs) -> None:
    """Remove a block that a longer kept block holds as whole sentences.

    A container that holds two or more other blocks is a merged line: it goes
    only when they cover it completely (the merged pass), and otherwise
    everything stays, so that a page's fine-grained lines are never folded
    into a line that merely repeats them.
    """
    min_chars = state.config.min_contained_chars
    min_words = state.config.min_fragment_words
    held: dict[int, list[int]] = {}
    padded = state.facts.padded
    for rep, containers in pairs.contained.items():
        block = state.blocks[rep]
        for container in containers:
            other = state.blocks[container]
            keys = (padded(block), padded(other))
            if sentence_contained(block.text, other.text, min_chars=min_chars, keys=keys):
                held.setdefault(rep, []).append(container)
    for rep, containers in pairs.fragments.items():
        block = state.blocks[rep]
        already = held.setdefault(rep, [])
        seen = set(already)  # a fragment may sit in every line of the page
        for container in containers:
            other = state.blocks[container]
            keys = (padded(block), padded(other))
            if container not in seen and fragment_contained(
                block.text, other.text, min_chars=min_chars, min_words=min_words, keys=keys
            ):
                already.append(container)
    holders: dict[int, int] = {}
    for containers in held.values():
        for container in containers:
            holders[container] = holders.get(container, 0) + 1
    for rep in sorted(held, key=lambda r: (-len(state.blocks[r].key), r)):
        if not state.kept(rep) or not state.removable(rep):
            continue
        for container in held[rep]:
            if state.kept(container) and holders[container] < 2:
                state.remove(rep, Reason.CONTAINED, container)
                break
