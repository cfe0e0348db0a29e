"""Properties that hold for every input, checked with Hypothesis."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import dedup
from tests.strategies import pages

PROPERTY_SETTINGS = settings(max_examples=300, deadline=None)


class TestProperties:
    @PROPERTY_SETTINGS
    @given(pages())
    def test_idempotent(self, page: str) -> None:
        """Cleaning a cleaned page changes nothing."""
        once = dedup.clean(page)
        assert dedup.clean(once) == once

    def test_idempotent_on_deep_entity_escapes(self) -> None:
        """Entities escaped many times over decode fully in one call."""
        once = dedup.clean("Tom &amp;amp;amp;amp;amp; Jerry")
        assert once == "Tom & Jerry\n"
        assert dedup.clean(once) == once

    @PROPERTY_SETTINGS
    @given(pages())
    def test_deterministic(self, page: str) -> None:
        """The same input always gives the same output."""
        assert dedup.clean(page) == dedup.clean(page)
        assert dedup.analyze(page) == dedup.analyze(page)

    @PROPERTY_SETTINGS
    @given(pages())
    def test_order_preserved(self, page: str) -> None:
        """Kept blocks come out in input order, as their folded text (and indentation)."""
        result = dedup.analyze(page)
        lines = [line.lstrip(" \t") for line in result.text.split("\n") if line]
        assert lines == [block.normalized for block in result.kept]

    @PROPERTY_SETTINGS
    @given(pages())
    def test_no_content_lost(self, page: str) -> None:
        """Every removed block is covered by blocks that are kept."""
        result = dedup.analyze(page)
        for block in result.removed:
            assert block.covered_by_lines, block
            assert all(result.at_line(line).kept for line in block.covered_by_lines)
            assert block.covered_by_line == block.covered_by_lines[0]

    @PROPERTY_SETTINGS
    @given(pages())
    def test_analyze_matches_clean(self, page: str) -> None:
        """analyze(t).text is clean(t)."""
        assert dedup.analyze(page).text == dedup.clean(page)

    @PROPERTY_SETTINGS
    @given(pages())
    def test_layout(self, page: str) -> None:
        """Output is empty or ends with exactly one newline, with no blank runs."""
        out = dedup.clean(page)
        assert out == "" or (out.endswith("\n") and not out.endswith("\n\n"))
        assert "\n\n\n" not in out

    @settings(max_examples=500, deadline=None)
    @given(st.text())
    def test_never_raises_on_any_str(self, text: str) -> None:
        """Any str is accepted; the output is always encodable UTF-8."""
        dedup.clean(text).encode("utf-8")
        dedup.analyze(text)

    @settings(max_examples=500, deadline=None)
    @given(st.text())
    def test_normalize_is_idempotent(self, text: str) -> None:
        """Folding folded text changes nothing."""
        once = dedup.normalize(text)
        assert dedup.normalize(once) == once
