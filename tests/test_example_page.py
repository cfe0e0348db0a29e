"""The canonical page: a real AFP article scraped with its body printed twice."""

from __future__ import annotations

from pathlib import Path

import ftfy.bad_codecs  # noqa: F401 - registers the sloppy-windows-* codecs

import dedup

DATA = Path(__file__).parent / "data"
PAGE = (DATA / "afp-syria-page.txt").read_text(encoding="utf-8")
EXPECTED = (DATA / "afp-syria-page.expected.txt").read_text(encoding="utf-8")


class TestExamplePage:
    def test_clean_matches_expected_output_to_the_byte(self) -> None:
        """clean() returns exactly the expected page."""
        assert dedup.clean(PAGE) == EXPECTED

    def test_page_read_as_latin1_cleans_the_same(self) -> None:
        """Served without a charset and read as Latin-1, as requests reads it."""
        assert dedup.clean(PAGE.encode().decode("latin-1")) == EXPECTED

    def test_page_read_as_windows1252_cleans_the_same(self) -> None:
        """Read as Windows-1252, with the byte it lacks (0x9d, in every ”) kept.

        Strict cp1252 cannot decode 0x9d, and errors="replace" would lose
        it; ftfy's sloppy codec keeps it as U+009D, as a browser does.
        """
        page = PAGE.encode()
        assert b"\x9d" in page
        assert dedup.clean(page.decode("sloppy-windows-1252")) == EXPECTED

    def test_analyze_text_equals_clean(self) -> None:
        """analyze(t).text is clean(t)."""
        assert dedup.analyze(PAGE).text == dedup.clean(PAGE)

    def test_cleaning_twice_changes_nothing(self) -> None:
        """The expected output is a fixed point."""
        assert dedup.clean(EXPECTED) == EXPECTED

    def test_summary_counts_every_block(self) -> None:
        """The summary accounts for each input block once."""
        result = dedup.analyze(PAGE)
        assert len(result.kept) + sum(result.counts().values()) == len(result.blocks)
        assert len(result.kept) == EXPECTED.count("\n") - EXPECTED.count("\n\n")

    def test_second_copy_of_the_body_points_at_the_first(self) -> None:
        """Each block of the repeated body is covered by a block of the first copy."""
        result = dedup.analyze(PAGE)
        second_copy = [b for b in result.blocks if b.line > 96 and not b.kept]
        assert second_copy
        assert all(0 < (b.covered_by_line or 0) < b.line for b in second_copy)

    def test_bundled_demo_page_is_the_test_page(self) -> None:
        """The demo (make demo) cleans the same page the tests check."""
        demo = Path(__file__).parent.parent / "examples" / "afp-syria-page.txt"
        assert demo.read_text(encoding="utf-8") == PAGE
