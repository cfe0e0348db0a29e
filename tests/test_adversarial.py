"""Pages built to make the candidate search quadratic still come out right.

The work per fingerprint, per line and per match is capped (see the ``_MAX_*``
constants in ``dedup/decide.py`` and ``dedup/verify.py``); a cap may make a
page keep a block it could have removed, never remove one on partial
evidence. No timings here: ``make bench`` times these shapes at doubling
sizes.
"""

from __future__ import annotations

import importlib

import pytest

import dedup
from benchmarks.generate import AdversarialCase, shape_cases

LINES = 8_000
SHAPES = shape_cases(LINES)
CUT = "alpha beta gamma x{} delta epsilon zeta eta thet..."


def _all_kept(text: str) -> str:
    return "".join(line.strip() + "\n" for line in text.split("\n") if line.strip())


class TestShapes:
    @pytest.mark.parametrize("case", SHAPES, ids=[case.name for case in SHAPES])
    def test_every_block_stays(self, case: AdversarialCase) -> None:
        """Cut lines with no full version, distinct lines, a short line that is no sentence."""
        assert case.expect_lines == (2 if case.text.startswith("abcd") else LINES)
        assert dedup.clean(case.text) == _all_kept(case.text)

    def test_a_full_version_among_the_cut_lines_is_found(self) -> None:
        """Thousands of keys that share a fingerprint do not hide the one that matches."""
        lines = [CUT.format(i) for i in range(LINES)]
        lines.append("alpha beta gamma x5 delta epsilon zeta eta theta and more")
        result = dedup.analyze("\n".join(lines))
        # Lines count from 1: the sixth line is covered by the last one.
        assert [(b.line, b.reason, b.covered_by_line) for b in result.removed] == [
            (6, dedup.Reason.TRUNCATED, LINES + 1)
        ]

    def test_teasers_cut_at_the_same_word_stay(self) -> None:
        """Teasers that share every whole word and differ in the cut one all stay."""
        text = "\n".join(f"alpha beta gamma delta epsilon zeta eta w{i}..." for i in range(LINES))
        assert dedup.clean(text) == _all_kept(text)

    def test_teasers_of_one_giant_line(self) -> None:
        """A teaser of every sentence of one giant line: those that go name it as their cover."""
        giant = " ".join(f"Story {i} begins here with words." for i in range(LINES))
        teasers = "\n".join(f"Story {i} begins here..." for i in range(LINES))
        result = dedup.analyze(f"{giant}\n{teasers}")
        assert result.blocks[0].kept
        assert result.removed
        assert {(b.reason, b.covered_by_line) for b in result.removed} == {
            (dedup.Reason.TRUNCATED, 1)
        }

    def test_heads_alone_and_tails_alone_stay(self) -> None:
        """Lines that share only their first, or only their last, words are all kept."""
        heads = "\n".join(f"alpha beta gamma x{i} y{i} z{i} w{i}" for i in range(LINES))
        tails = "\n".join(f"x{i} y{i} z{i} delta epsilon zeta eta" for i in range(LINES))
        assert dedup.clean(heads) == _all_kept(heads)
        assert dedup.clean(tails) == _all_kept(tails)


class TestLongLines:
    WORDS = 20 * LINES

    def test_a_whole_sentence_at_the_start_goes(self) -> None:
        """The short line is the long line's first sentence: a contained copy."""
        short = "abcd abcd abcd abcd abcd abcd abcd."
        text = f"{short}\n{short} " + "abcd " * self.WORDS
        assert dedup.analyze(text).summary() == "2 blocks -> 1 kept; removed: 1 contained"

    def test_a_long_fragment_goes(self) -> None:
        """Eight words found mid-sentence, in a line many times its length, go as a pull quote."""
        text = "abcd abcd abcd abcd abcd abcd abcd abcd\n" + "abcd " * self.WORDS
        assert dedup.analyze(text).summary() == "2 blocks -> 1 kept; removed: 1 contained"

    def test_a_short_line_held_many_times_stays_when_it_cannot_go(self) -> None:
        """Held after every sentence end, but never as a whole sentence, the short line stays."""
        text = "abcd abcd abcd abcd abcd abcd abcd\n" + (
            "x. abcd abcd abcd abcd abcd abcd abcd y " * LINES
        )
        assert dedup.clean(text) == _all_kept(text)

    def test_a_sentence_repeated_in_every_paragraph_goes(self) -> None:
        """A short block repeated as whole sentences in a long line is a contained copy."""
        short = "Short line repeated in each paragraph here."
        text = f"{short}\n" + f"{short} " * 1_000 + "The end."
        assert dedup.analyze(text).summary() == "2 blocks -> 1 kept; removed: 1 contained"


_SHORT = "Alpha beta gamma delta epsilon zeta eta."
_FIRST = "The first paragraph says one thing here."
_SECOND = "The second paragraph says another thing."
CAPPED = {
    # When a line's search is cut short, nothing is removed as contained in it.
    "a line searched in part holds nothing": (
        f"{_SHORT}\nMu nu omicron z pi rho sigma tau\n{_SHORT} Mu nu omicron y pi rho sigma tau.",
        "3 blocks -> 2 kept; removed: 1 contained",
        "3 blocks -> 3 kept; nothing removed",
    ),
    # Tiling a merged line stops at the cap, and the line stays. The third
    # line's first and last words and length match a stretch of the merged one.
    "a merged line searched in part stays": (
        f"{_FIRST}\n{_SECOND}\n"
        "The first paragraph has nothing more of the second paragraph\n"
        f"{_FIRST} {_SECOND}",
        "4 blocks -> 3 kept; removed: 1 merged",
        "4 blocks -> 4 kept; nothing removed",
    ),
}


class TestCapsKeepBlocks:
    @pytest.mark.parametrize(("text", "uncapped", "capped"), CAPPED.values(), ids=CAPPED.keys())
    def test_a_cap_keeps_blocks(
        self, monkeypatch: pytest.MonkeyPatch, text: str, uncapped: str, capped: str
    ) -> None:
        """With no copy in vain allowed, the search stops and every block stays."""
        assert dedup.analyze(text).summary() == uncapped
        # The cap is read where a line is searched and where a merged line is tiled.
        for module in ("dedup.decide.pairs", "dedup.decide.partial"):
            monkeypatch.setattr(importlib.import_module(module), "_MAX_MISS_COPIES", 0)
        assert dedup.analyze(text).summary() == capped
