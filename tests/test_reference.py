"""The fast candidate search finds every pair a plain all-pairs reference finds.

The reference below compares every block with every other, using the same
verification functions the library uses. Whatever it accepts, the hashed and
indexed search must have proposed.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings

import dedup
from dedup.blocks import Block, find_truncation, split_blocks
from dedup.candidates import HEAD_TOKENS, sentence_starts
from dedup.code_lines import is_code
from dedup.decide import candidate_pairs
from dedup.normalize import fold_text, split_lines
from dedup.verify import (
    fragment_contained,
    near_repeat,
    sentence_contained,
    truncation_fits,
    truncation_needle,
)
from tests.strategies import pages

CONFIG = dedup.CleanConfig()


def _blocks(page: str) -> list[Block]:
    return split_blocks(split_lines(page), fold_text(page).split("\n"))


def _representatives(blocks: list[Block]) -> list[int]:
    first: dict[tuple[str, ...], int] = {}
    for block in blocks:
        if block.key:
            first.setdefault(block.key, block.position)
    return sorted(first.values())


def _removable(block: Block) -> bool:
    return len(block.text) >= CONFIG.label_chars and not is_code(block.text)


def _truncation_pair(cut_block: Block, other: Block) -> bool:
    cut = find_truncation(cut_block.text)
    if cut is None:
        return False
    whole = len(cut.body) - int(cut.partial_head) - int(cut.partial_tail)
    if whole < CONFIG.min_truncated_words:
        return False
    if cut.partial_head:
        return truncation_needle(cut) in " " + " ".join(other.key) + " "
    prepared = other.prepared.casefold()
    return any(truncation_fits(cut, other.text, start) for start in sentence_starts(prepared))


def _fragment_pair(block: Block, other: Block) -> bool:
    return len(other.key) >= 2 * len(block.key) >= 2 * CONFIG.min_fragment_words and (
        fragment_contained(
            block.text,
            other.text,
            min_chars=CONFIG.min_contained_chars,
            min_words=CONFIG.min_fragment_words,
        )
    )


def reference_pairs(blocks: list[Block]) -> set[tuple[str, int, int]]:
    """Every verified pair, by comparing all representatives with each other."""
    reps = _representatives(blocks)
    found: set[tuple[str, int, int]] = set()
    for a in reps:
        block = blocks[a]
        if not _removable(block):
            continue
        for b in reps:
            other = blocks[b]
            if a == b:
                continue
            if b < a and _removable(other) and near_repeat(block.text, other.text, cutoff=95):
                found.add(("near", a, b))
            if len(other.key) < HEAD_TOKENS or len(other.text) < CONFIG.label_chars:
                continue
            if _truncation_pair(block, other):
                found.add(("truncated", a, b))
            if HEAD_TOKENS <= len(block.key) < len(other.key) and (
                sentence_contained(block.text, other.text, min_chars=CONFIG.min_contained_chars)
                or _fragment_pair(block, other)
            ):
                found.add(("contained", a, b))
    return found


class TestReferenceMatcher:
    @settings(max_examples=400, deadline=None)
    @given(pages(max_blocks=16))
    def test_fast_search_finds_every_reference_pair(self, page: str) -> None:
        """No pair the all-pairs reference verifies is missing from the fast search."""
        blocks = _blocks(page)
        missing = reference_pairs(blocks) - candidate_pairs(blocks, CONFIG)
        assert not missing, [(kind, blocks[a].text, blocks[b].text) for kind, a, b in missing]

    def test_reference_finds_pairs_on_the_example_page(self) -> None:
        """The reference is not vacuous: on the AFP page it finds every kind of pair."""
        page = (Path(__file__).parent / "data" / "afp-syria-page.txt").read_text(encoding="utf-8")
        blocks = _blocks(page)
        kinds = {kind for kind, _, _ in reference_pairs(blocks)}
        assert "truncated" in kinds
        assert not reference_pairs(blocks) - candidate_pairs(blocks, CONFIG)
