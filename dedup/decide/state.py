"""The page the passes work on: per-block facts, and the decisions so far."""

from __future__ import annotations

from collections.abc import Sequence

from dedup.blocks import Block, Truncation, find_truncation, skeleton_of
from dedup.candidates import (
    group_by,
    sentence_token_starts,
)
from dedup.code_lines import is_code, markdown_structure
from dedup.config import CleanConfig
from dedup.decide.decision import _WORD_REASONS, KEPT, Decision, Reason
from dedup.patterns.sentences import SENTENCE_START


class _Facts:
    """What is known of each block whatever else is on the page, computed once.

    :func:`decide` runs its passes more than once over the same blocks; these
    per-block facts are kept between runs, keyed by block position. The
    object lives for one call; nothing is cached across pages.
    """

    __slots__ = (
        "code",
        "cuts",
        "label_chars",
        "movable",
        "pads",
        "skeletons",
        "sourced",
        "starts",
        "structure",
    )

    def __init__(self, config: CleanConfig, page: Sequence[Block]) -> None:
        self.label_chars = config.label_chars
        # Table headers and code fences of a Markdown page are kept like code.
        self.structure = markdown_structure([block.text for block in page])
        self.movable: dict[int, bool] = {}
        self.pads: dict[int, str] = {}
        self.code: dict[int, bool] = {}
        self.skeletons: dict[int, str] = {}
        self.cuts: dict[int, Truncation | None] = {}
        self.starts: dict[int, list[tuple[int, int]]] = {}
        # How many truncated blocks each block was found a source of, over
        # all runs: _MAX_CUTS_PER_SOURCE holds per page, not per run.
        self.sourced: dict[int, int] = {}

    def is_code(self, block: Block) -> bool:
        code = self.code.get(block.position)
        if code is None:
            code = block.position in self.structure or is_code(block.text)
            self.code[block.position] = code
        return code

    def is_label(self, block: Block) -> bool:
        """Whether a block is shorter than ``label_chars``: a label, which may repeat."""
        return len(block.text) < self.label_chars

    def removable(self, block: Block) -> bool:
        """Whether a block may go as a near, truncated, contained or merged copy.

        Labels and code lines may repeat on purpose; they go only when they
        repeat exactly, next to their twin or inside a repeated run.
        """
        movable = self.movable.get(block.position)
        if movable is None:
            movable = not self.is_label(block) and not self.is_code(block)
            self.movable[block.position] = movable
        return movable

    def padded(self, block: Block) -> str:
        """Return the key as one string with a space at each end (`` a b c ``)."""
        pad = self.pads.get(block.position)
        if pad is None:
            pad = self.pads[block.position] = " " + " ".join(block.key) + " "
        return pad

    def skeleton(self, block: Block) -> str:
        skel = self.skeletons.get(block.position)
        if skel is None:
            skel = self.skeletons[block.position] = skeleton_of(block.key)
        return skel

    def cut(self, block: Block) -> Truncation | None:
        if block.position not in self.cuts:
            self.cuts[block.position] = find_truncation(block.text)
        return self.cuts[block.position]

    def sentence_starts(self, block: Block) -> list[tuple[int, int]]:
        """Return ``(offset, token)`` for the block's start and each sentence start."""
        starts = self.starts.get(block.position)
        if starts is None:
            if SENTENCE_START.search(block.prepared) is None:
                starts = [(0, 0)]  # one sentence: no scan needed
            else:
                starts = sentence_token_starts(block.prepared.casefold())
            self.starts[block.position] = starts
        return starts


class _State:
    """Blocks, their groups and the decisions being made, for one page."""

    def __init__(self, blocks: Sequence[Block], config: CleanConfig, facts: _Facts) -> None:
        self.blocks = blocks
        self.config = config
        self.facts = facts
        self.alive = bytearray(b"\x01") * len(blocks)
        self.removed: dict[int, Decision] = {}
        self.word_removals = 0
        groups = group_by(block.key for block in blocks)
        # Blocks with no key (punctuation only) are never repeats.
        groups.pop((), None)
        self.groups: dict[tuple[str, ...], list[int]] = groups  # type: ignore[assignment]
        self.reps: list[int] = [members[0] for members in groups.values()]
        self.rep_of_key = {key: members[0] for key, members in groups.items()}

    def kept(self, index: int) -> bool:
        return self.alive[index] != 0

    def is_label(self, index: int) -> bool:
        return self.facts.is_label(self.blocks[index])

    def removable(self, index: int) -> bool:
        return self.facts.removable(self.blocks[index])

    def is_code(self, index: int) -> bool:
        return self.facts.is_code(self.blocks[index])

    def remove(
        self,
        index: int,
        reason: Reason,
        twin: int,
        *,
        parts: tuple[int, ...] = (),
    ) -> None:
        # No similarity score here: clean() never reports one, so analyze()
        # computes it for the removals it reports (see score()).
        self.alive[index] = 0
        self.removed[index] = Decision(False, reason, twin, parts)
        if reason in _WORD_REASONS and self.rep_of_key.get(self.blocks[index].key) == index:
            self.word_removals += 1

    def decisions(self) -> list[Decision]:
        removed = self.removed
        return [removed.get(index, KEPT) for index in range(len(self.blocks))]
